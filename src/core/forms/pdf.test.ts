// Runs in: Node (vitest). Every declaration renders, and poppler's pdftotext reads the Vietnamese
// text back exactly (NFC, marks intact): proof the font is embedded whole and the text is NFC.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAdminUnits } from '../validation/load-admin-units';
import { memberViews, resolveTarget } from './catalogue';
import { applyAnswers, applyEdit, autofill, createDraft } from './draft';
import type { Draft } from './draft-types';
import { SAMPLE_ANSWERS, SAMPLE_DOCUMENTS, SAMPLE_IDENTITY, SAMPLE_TODAY } from './fixtures';
import { loadCatalogue } from './loader';
import { renderDeclarationPdf } from './pdf';

const catalogue = loadCatalogue();
const adminUnits = loadAdminUnits();
const dir = mkdtempSync(path.join(tmpdir(), 'forms-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function complete(id: string): Draft {
  let d = createDraft(catalogue, id);
  d = applyAnswers(catalogue, d, SAMPLE_ANSWERS[id]!);
  return autofill(catalogue, d, { identity: SAMPLE_IDENTITY, documents: SAMPLE_DOCUMENTS, adminUnits });
}

async function textOf(draft: Draft, procedureId: string): Promise<string> {
  const bytes = await renderDeclarationPdf(catalogue, draft, procedureId, { adminUnits, today: SAMPLE_TODAY });
  expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  const file = path.join(dir, `${draft.targetId}-${procedureId}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], { encoding: 'utf8' });
}

const cases = [...catalogue.procedures.keys(), ...catalogue.groups.keys()].flatMap((id) =>
  memberViews(resolveTarget(catalogue, id)!).map((v) => [id, v.procedure.id] as const),
);

describe('declaration PDFs', () => {
  it.each(cases)('%s → %s renders the heading and the citizen’s name exactly', async (id, member) => {
    const text = await textOf(complete(id), member);
    expect(text).toBe(text.normalize('NFC'));
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Vũ Thị Ấu');
    expect(text).toContain('23/11/2026');
    const heading = catalogue.procedures.get(member)!.declaration.blocks.find((b) => b.kind === 'heading' && b.text === b.text.toUpperCase() && !b.text.startsWith('CỘNG'));
    if (heading && heading.kind === 'heading') expect(text.replace(/\s+/gu, ' ')).toContain(heading.text);
  });

  it('round-trips Ấ Ẫ Ậ Ợ Ự Đ ư ơ, even when the input was decomposed (NFD)', async () => {
    const d = applyEdit(catalogue, complete('ly-lich-tu-phap'), 'request.purpose', 'Kiểm tra Ấ Ẫ Ậ Ợ Ự Đ ư ơ'.normalize('NFD'));
    const text = await textOf(d, 'ly-lich-tu-phap');
    expect(text).toContain('Kiểm tra Ấ Ẫ Ậ Ợ Ự Đ ư ơ');
    expect(text).toContain('Ghi chú: Ấ Ẫ Ậ Ợ Ự Đ ư ơ');
    expect(text).toContain('Phiếu lý lịch tư pháp số 1');
  });

  it('prints select labels and formatted 2025 addresses, and the group member about the child', async () => {
    const text = await textOf(complete('lien-thong-khai-sinh'), 'dang-ky-thuong-tru');
    expect(text).toContain('Lê Đức Lợi');
    expect(text.replace(/\s+/gu, ' ')).toContain('Số 12 phố Lý Thường Kiệt, Phường Ba Đình, Thành phố Hà Nội');
    expect(text).toContain('3. Giới tính: Nam');
    expect(text).toContain('TỜ KHAI THAY ĐỔI THÔNG TIN CƯ TRÚ');
  });

  it('leaves out the father block when no father is declared', async () => {
    const withFather = await textOf(complete('khai-sinh'), 'khai-sinh');
    expect(withFather).toContain('Lê Đức Thắng');
    const d = applyEdit(catalogue, complete('khai-sinh'), 'fatherDeclared.declared', false);
    const without = await textOf(d, 'khai-sinh');
    expect(without).not.toContain('Lê Đức Thắng');
    expect(without).not.toContain('người cha');
  });

  it('embeds the whole font (no subset tag) and refuses a procedure outside the draft', async () => {
    const bytes = await renderDeclarationPdf(catalogue, complete('khai-tu'), 'khai-tu', { adminUnits, today: SAMPLE_TODAY });
    const fonts = execFileSync('pdffonts', ['-'], { input: bytes, encoding: 'utf8' });
    // Columns: name type encoding emb sub uni; embedded, not subset, with a ToUnicode map.
    const rows = fonts.split('\n').filter((l) => l.startsWith('DejaVuSans'));
    expect(rows).toHaveLength(1);
    for (const row of rows) expect(row).toMatch(/Identity-H\s+yes\s+no\s+yes/u);
    await expect(renderDeclarationPdf(catalogue, complete('khai-tu'), 'khai-sinh')).rejects.toMatchObject({ code: 'forms.not-a-member' });
  });
});
