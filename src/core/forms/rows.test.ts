// Runs in: Node (vitest). Repeating sections end to end on the real CT01 file (item 11, household
// members changing together): loading and its reference checks, add/remove row, per-row validation,
// the upstream row list, and the printed table read back with pdftotext.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isKioskError } from '../../shared/errors';
import { loadAdminUnits } from '../validation/load-admin-units';
import { addRow, applyAnswers, applyEdit, autofill, createDraft, removeRow } from './draft';
import type { Draft } from './draft-types';
import { SAMPLE_ANSWERS, SAMPLE_DOCUMENTS, SAMPLE_IDENTITY, SAMPLE_TODAY } from './fixtures';
import { buildCatalogue, DEFAULT_FORMS_DIR, loadCatalogue } from './loader';
import { parseRowPath } from './catalogue';
import { renderDeclarationPdf } from './pdf';
import { toUpstream } from './upstream';
import { validateDraft } from './validate';

const catalogue = loadCatalogue();
const adminUnits = loadAdminUnits();
const opts = { adminUnits, today: SAMPLE_TODAY };
const CT01 = 'thay-doi-thong-tin-cu-tru';
const dir = mkdtempSync(path.join(tmpdir(), 'forms-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function complete(answers = SAMPLE_ANSWERS[CT01]!): Draft {
  return autofill(catalogue, applyAnswers(catalogue, createDraft(catalogue, CT01), answers), { identity: SAMPLE_IDENTITY, documents: SAMPLE_DOCUMENTS, adminUnits });
}

/** The CT01 answers without item 11. */
function withoutMembers(): Record<string, Draft['values'][string]> {
  return Object.fromEntries(Object.entries(SAMPLE_ANSWERS[CT01]!).filter(([p]) => !p.startsWith('members[')));
}

async function pdfText(draft: Draft, name: string): Promise<string> {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, await renderDeclarationPdf(catalogue, draft, CT01, { adminUnits, today: SAMPLE_TODAY }));
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], { encoding: 'utf8' });
}

describe('CT01 item 11: rows in a draft', () => {
  it('the shipped CT01 file loads with its repeating section', () => {
    expect(catalogue.disabled).toEqual([]);
    const section = catalogue.procedures.get(CT01)!.sections.find((s) => s.id === 'members')!;
    expect(section.repeat).toMatchObject({ min: 0, max: 20 });
  });

  it('a new draft has no rows; add, edit, and remove shift the later rows up with their values', () => {
    let d = createDraft(catalogue, CT01);
    expect(d.rows).toEqual({});
    expect(() => applyEdit(catalogue, d, 'members[0].fullName', 'Lê Thị Ợn')).toThrow(expect.objectContaining({ code: 'forms.unknown-field' }));
    d = addRow(catalogue, addRow(catalogue, addRow(catalogue, d, 'members'), 'members'), 'members');
    expect(d.rows.members).toBe(3);
    d = applyEdit(catalogue, d, 'members[0].fullName', 'Một');
    d = applyEdit(catalogue, d, 'members[1].fullName', 'Hai');
    d = applyEdit(catalogue, d, 'members[2].fullName', 'Ba');
    d = applyEdit(catalogue, d, 'members[2].relationshipToHead', 'Cháu');
    d = removeRow(catalogue, d, 'members', 1);
    expect(d.rows.members).toBe(2);
    expect(d.values['members[0].fullName']).toBe('Một');
    expect(d.values['members[1].fullName']).toBe('Ba');
    expect(d.values['members[1].relationshipToHead']).toBe('Cháu');
    expect(d.sources['members[1].fullName']).toBe('citizen');
    expect(d.values['members[2].fullName']).toBeUndefined();
    expect(d.sources['members[2].fullName']).toBeUndefined();
    // Other sections are untouched by a row removal.
    d = applyEdit(catalogue, d, 'change.content', 'Đổi nghề nghiệp');
    d = removeRow(catalogue, d, 'members', 0);
    expect(d.values['change.content']).toBe('Đổi nghề nghiệp');
    expect(d.values['members[0].fullName']).toBe('Ba');
  });

  it('refuses a row beyond the maximum, a removal below the minimum, unknown sections and fields', () => {
    let d = createDraft(catalogue, CT01);
    for (let i = 0; i < 20; i++) d = addRow(catalogue, d, 'members');
    expect(() => addRow(catalogue, d, 'members')).toThrow(expect.objectContaining({ code: 'forms.rows-max' }));
    expect(() => removeRow(catalogue, d, 'members', 20)).toThrow(expect.objectContaining({ code: 'forms.unknown-field' }));
    expect(() => removeRow(catalogue, d, 'members', -1)).toThrow(expect.objectContaining({ code: 'forms.unknown-field' }));
    expect(() => removeRow(catalogue, createDraft(catalogue, CT01), 'members', 0)).toThrow(expect.objectContaining({ code: 'forms.unknown-field' }));
    expect(() => addRow(catalogue, d, 'change')).toThrow(expect.objectContaining({ code: 'forms.unknown-field' }));
    expect(() => applyEdit(catalogue, d, 'members[0].nickname', 'x')).toThrow(expect.objectContaining({ code: 'forms.unknown-field' }));
    // The single-value path of a row field is not a draft path.
    expect(() => applyEdit(catalogue, d, 'members.fullName', 'x')).toThrow(expect.objectContaining({ code: 'forms.unknown-field' }));
  });

  it('a file with min rows starts with that many empty rows and refuses to go below it', () => {
    const text = readFileSync(path.join(DEFAULT_FORMS_DIR, `${CT01}.yaml`), 'utf8').replace('      min: 0\n', '      min: 1\n');
    const c = buildCatalogue([{ file: 'ct01.yaml', text }]);
    expect(c.disabled).toEqual([]);
    const d = createDraft(c, CT01);
    expect(d.rows.members).toBe(1);
    expect(() => removeRow(c, d, 'members', 0)).toThrow(expect.objectContaining({ code: 'forms.rows-min' }));
    const v = validateDraft(c, d, opts);
    expect(v.missing.map((m) => m.path)).toContain('members[0].fullName');
  });
});

describe('CT01 item 11: validation per row', () => {
  it('the complete example with two members validates', () => {
    const v = validateDraft(catalogue, complete(), opts);
    expect(v.issues).toEqual([]);
    expect(v.ok && !v.flagged).toBe(true);
  });

  it('no rows is valid (min 0): item 11 is optional', () => {
    const v = validateDraft(catalogue, complete(withoutMembers()), opts);
    expect(v.ok && !v.flagged).toBe(true);
  });

  it('an empty required field is reported with its row path and a numbered label', () => {
    let d = complete();
    d = applyEdit(catalogue, d, 'members[1].fullName', null);
    const v = validateDraft(catalogue, d, opts);
    expect(v.ok).toBe(false);
    expect(v.issues).toEqual([expect.objectContaining({ path: 'members[1].fullName', code: 'required' })]);
    expect(v.missing).toEqual([expect.objectContaining({ path: 'members[1].fullName', label: expect.objectContaining({ vi: 'Họ, chữ đệm và tên (Người cùng thay đổi 2)' }) })]);
  });

  it('ID ↔ date of birth / sex is checked within the same row, not against another row', () => {
    // Row 0's ID says female born 2015; give row 0 row 1's sex: flagged on row 0 only.
    const d = applyEdit(catalogue, complete(), 'members[0].sex', 'male');
    const v = validateDraft(catalogue, d, opts);
    expect(v.flagged).toBe(true);
    expect(v.issues).toEqual([expect.objectContaining({ path: 'members[0].personalId', severity: 'flag' })]);
  });

  it('a future date of birth and a bad name are errors on that row', () => {
    let d = applyEdit(catalogue, complete(), 'members[1].dateOfBirth', '01/01/2030');
    d = applyEdit(catalogue, d, 'members[0].fullName', 'Lê 123');
    const paths = validateDraft(catalogue, d, opts).issues.filter((i) => i.severity === 'error').map((i) => i.path);
    expect(paths).toContain('members[1].dateOfBirth');
    expect(paths).toContain('members[0].fullName');
  });
});

describe('CT01 item 11: upstream and print', () => {
  it('maps the rows to an upstream list with the row fields transformed, in order', () => {
    const [payload] = toUpstream(catalogue, complete(), adminUnits);
    expect(payload!.fields.ThanhVienCungThayDoi).toEqual([
      { HoVaTen: 'LÊ THỊ ỢN', NgaySinh: '20150605', GioiTinh: expect.anything(), SoDinhDanh: '001315006789', QuanHeChuHo: 'Con' },
      { HoVaTen: 'LÊ ĐỨC ỰNG', NgaySinh: '20190120', GioiTinh: expect.anything(), SoDinhDanh: '001219004321', QuanHeChuHo: 'Con' },
    ]);
    const rows = payload!.fields.ThanhVienCungThayDoi as Array<Record<string, unknown>>;
    expect(rows[0]!.GioiTinh).not.toEqual(rows[1]!.GioiTinh);
    const [none] = toUpstream(catalogue, complete(withoutMembers()), adminUnits);
    expect(none!.fields.ThanhVienCungThayDoi).toEqual([]);
  });

  it('prints item 11 as a table, one numbered line per member, diacritics intact', async () => {
    const text = await pdfText(complete(), 'ct01-two');
    expect(text).toContain('11. Những thành viên trong hộ gia đình cùng thay đổi:');
    for (const s of ['Họ, chữ đệm và tên', 'Giới tính', 'Lê Thị Ợn', '05/06/2015', '001315006789', 'Lê Đức Ựng', '20/01/2019', '001219004321', 'Nữ', 'Nam']) {
      expect(text).toContain(s);
    }
    const lineOf = (s: string) => text.split('\n').find((l) => l.includes(s))!;
    expect(lineOf('Lê Thị Ợn')).toMatch(/^\s*1\s/u);
    expect(lineOf('Lê Đức Ựng')).toMatch(/^\s*2\s/u);
    expect(text.indexOf('Lê Thị Ợn')).toBeLessThan(text.indexOf('Lê Đức Ựng'));
  });

  it('prints "Không có" under the header when nobody changes with the person', async () => {
    const text = await pdfText(complete(withoutMembers()), 'ct01-none');
    expect(text).toContain('11. Những thành viên trong hộ gia đình cùng thay đổi:');
    expect(text).toContain('Không có');
    expect(text).not.toContain('Lê Thị Ợn');
  });

  it('a long list continues on the next page with the header repeated, and the signature follows it', async () => {
    // The shipped maximum (20) fits one page; a file allowing 45 rows forces a page break.
    const text45 = readFileSync(path.join(DEFAULT_FORMS_DIR, `${CT01}.yaml`), 'utf8').replace('      max: 20\n', '      max: 45\n');
    const c = buildCatalogue([{ file: 'ct01.yaml', text: text45 }]);
    const answers: Record<string, Draft['values'][string]> = { ...withoutMembers() };
    const name = (i: number) => `Thành Viên Thứ ${String.fromCharCode(0x41 + (i % 26))}${i >= 26 ? 'Ơ' : ''}`;
    for (let i = 0; i < 45; i++) {
      answers[`members[${i}].fullName`] = name(i);
      answers[`members[${i}].dateOfBirth`] = '05/06/2015';
      answers[`members[${i}].sex`] = 'female';
      answers[`members[${i}].personalId`] = '001315006789';
      answers[`members[${i}].relationshipToHead`] = 'Con';
    }
    const d = autofill(c, applyAnswers(c, createDraft(c, CT01), answers), { identity: SAMPLE_IDENTITY, adminUnits });
    const file = path.join(dir, 'ct01-45.pdf');
    writeFileSync(file, await renderDeclarationPdf(c, d, CT01, { adminUnits, today: SAMPLE_TODAY }));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], { encoding: 'utf8' });
    const pages = text.split('\f').filter((p) => p.trim());
    expect(pages.length).toBeGreaterThan(1);
    const headerPages = pages.filter((p) => p.split('\n').some((l) => /^\s*TT\s.*Giới tính/u.test(l)));
    expect(headerPages.length).toBe(pages.filter((p) => p.includes('Thành Viên Thứ')).length);
    expect(headerPages.length).toBeGreaterThan(1);
    for (let i = 0; i < 45; i++) expect(text.split('\n').some((l) => new RegExp(`^\\s*${i + 1}\\s+${name(i)}\\s`, 'u').test(l))).toBe(true);
    expect(text.lastIndexOf('NGƯỜI KÊ KHAI')).toBeGreaterThan(text.indexOf(name(44)));
  });
});

describe('repeating sections: malformed files are disabled with file, path and reason', () => {
  const ct01 = readFileSync(path.join(DEFAULT_FORMS_DIR, `${CT01}.yaml`), 'utf8');
  const problemsOf = (text: string) => buildCatalogue([{ file: 'ct01.yaml', text }]).disabled.flatMap((d) => d.problems);

  it('min greater than max', () => {
    expect(problemsOf(ct01.replace('      min: 0\n', '      min: 30\n'))).toEqual(
      expect.arrayContaining([expect.objectContaining({ file: 'ct01.yaml', path: expect.stringMatching(/^sections\[\d+\]\.repeat\.min$/u), reason: expect.stringContaining('greater than max') })]),
    );
  });

  it('a table over a section that does not repeat', () => {
    expect(problemsOf(ct01.replace('      rows: members\n      title', '      rows: change\n      title'))).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/^declaration\.blocks\[\d+\]\.rows$/u), reason: '"change" is not a repeating section' })]),
    );
  });

  it('a single line, an upstream scalar or a condition outside the rows that names a row field', () => {
    const bad = ct01
      .replace('value: "{{change.content}}" }', 'value: "{{members.fullName}}" }')
      .replace('NoiDungDeNghi: change.content', 'NoiDungDeNghi: members.fullName');
    const problems = problemsOf(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: expect.stringMatching(/^declaration\.blocks\[\d+\]$/u), reason: expect.stringContaining('repeating section "members"') }),
        expect.objectContaining({ path: 'upstream.fields.NoiDungDeNghi', reason: expect.stringContaining('repeating section "members"') }),
      ]),
    );
  });

  it('an upstream row list over an unknown field', () => {
    expect(problemsOf(ct01.replace('QuanHeChuHo: members.relationshipToHead', 'QuanHeChuHo: members.relation'))).toEqual([
      expect.objectContaining({ path: 'upstream.fields.ThanhVienCungThayDoi.fields.QuanHeChuHo', reason: 'refers to unknown field "members.relation"' }),
    ]);
  });

  it('a group that binds a row field or names an unknown noRows section', () => {
    const group = [
      'schemaVersion: 1',
      'kind: group',
      'id: nhom-thu',
      'name: { vi: Nhóm thử, en: Test group }',
      'sector: { vi: Cư trú, en: Residence }',
      'agency: { vi: Công an cấp xã, en: Commune police }',
      'legalBasis: [Thông tư 66/2023/TT-BCA]',
      'codes: { national: null, provincial: [], verified: false }',
      'fee: { amountVnd: 0, verified: false }',
      'processingTime: { workingDays: 3, verified: false }',
      'members:',
      `  - { procedure: ${CT01}, bind: { members.fullName: person.fullName }, noRows: [change] }`,
      '  - { procedure: ly-lich-tu-phap }',
    ].join('\n');
    const c = buildCatalogue([
      { file: 'ct01.yaml', text: ct01 },
      { file: 'llp.yaml', text: readFileSync(path.join(DEFAULT_FORMS_DIR, 'ly-lich-tu-phap.yaml'), 'utf8') },
      { file: 'group.yaml', text: group },
    ]);
    const problems = c.disabled.flatMap((d) => d.problems);
    // If the group header itself does not parse, this test shows why instead of passing on it.
    expect(problems.filter((p) => !p.path.startsWith('members['))).toEqual([]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'group.yaml', path: 'members[0].bind.members.fullName', reason: expect.stringContaining('repeating section "members"') }),
        expect.objectContaining({ file: 'group.yaml', path: 'members[0].noRows[0]', reason: `"${CT01}" has no repeating section "change"` }),
      ]),
    );
  });
});

describe('repeating sections: fuzz', () => {
  it('5,000 random add/remove/edit operations: only KioskErrors, rows stay dense, validation and upstream never throw', () => {
    let seed = 4242;
    const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
    const fields = ['fullName', 'dateOfBirth', 'sex', 'personalId', 'relationshipToHead', 'nickname'];
    const values: Draft['values'][string][] = ['Lê Thị Ợn', '05/06/2015', 'female', 'male', '001315006789', 'Con', '', 12, true, null, { communeCode: '00226' }, 'x'.repeat(3000)];
    let d = complete();
    for (let i = 0; i < 5000; i++) {
      const count = d.rows.members ?? 0;
      const op = rand();
      try {
        if (op < 0.25) d = addRow(catalogue, d, 'members');
        else if (op < 0.45) d = removeRow(catalogue, d, 'members', Math.floor(rand() * (count + 2)) - 1);
        else d = applyEdit(catalogue, d, `members[${Math.floor(rand() * (count + 2))}].${pick(fields)}`, pick(values));
      } catch (e) {
        if (!isKioskError(e)) throw e;
      }
      const n = d.rows.members ?? 0;
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThanOrEqual(20);
      // No value or source outlives its row.
      for (const key of [...Object.keys(d.values), ...Object.keys(d.sources)]) {
        const r = parseRowPath(key);
        if (r) expect(r.row).toBeLessThan(n);
      }
      if (i % 50 === 0) {
        const v = validateDraft(catalogue, d, opts);
        expect(Array.isArray(v.issues)).toBe(true);
        const rows = toUpstream(catalogue, d, adminUnits)[0]!.fields.ThanhVienCungThayDoi as unknown[];
        expect(rows).toHaveLength(n);
      }
    }
  });
});

describe('noRows: a group leaves a member\'s repeating section out', () => {
  const group = 'lien-thong-khai-sinh';
  const groupDraft = () => autofill(catalogue, applyAnswers(catalogue, createDraft(catalogue, group), SAMPLE_ANSWERS[group]!), { identity: SAMPLE_IDENTITY, documents: SAMPLE_DOCUMENTS, adminUnits });

  it('in the birth group the newborn registers residence alone: item 11 is never asked, sent empty, printed "Không có"', async () => {
    const d = groupDraft();
    expect(d.rows).toEqual({});
    expect(() => addRow(catalogue, d, 'members')).toThrow(expect.objectContaining({ code: 'forms.unknown-field' }));
    expect(validateDraft(catalogue, d, opts).ok).toBe(true);
    const ct01 = toUpstream(catalogue, d, adminUnits).find((m) => m.procedureId === 'dang-ky-thuong-tru')!;
    expect(ct01.fields.ThanhVienCungThayDoi).toEqual([]);
    const file = path.join(dir, 'group-ct01.pdf');
    writeFileSync(file, await renderDeclarationPdf(catalogue, d, 'dang-ky-thuong-tru', { adminUnits, today: SAMPLE_TODAY }));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('11. Những thành viên trong hộ gia đình cùng thay đổi:');
    expect(text).toContain('Không có');
  });

  it('the same CT01 on its own asks item 11 and prints the member', async () => {
    const d = autofill(catalogue, applyAnswers(catalogue, createDraft(catalogue, 'dang-ky-thuong-tru'), SAMPLE_ANSWERS['dang-ky-thuong-tru']!), { identity: SAMPLE_IDENTITY, adminUnits });
    expect(d.rows.members).toBe(1);
    expect(validateDraft(catalogue, d, opts).ok).toBe(true);
    const file = path.join(dir, 'alone-ct01.pdf');
    writeFileSync(file, await renderDeclarationPdf(catalogue, d, 'dang-ky-thuong-tru', { adminUnits, today: SAMPLE_TODAY }));
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', file, '-'], { encoding: 'utf8' });
    expect(text.split('\n').some((l) => /^\s*1\s+Lê Thị Ợn\s/u.test(l))).toBe(true);
  });
});
