// Runs in: Node (vitest). Every error the engine, drivers or host can show a citizen has an entry in
// both language resources (resources/i18n/<lang>.json, section `errors`, keyed by error code), so a
// citizen who switched to English never meets an untranslated error — and a new citizen-facing
// KioskError without a translation fails here.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERIC_CITIZEN_MESSAGE } from '../../src/shared/errors';
import { errorKey, errorKeys, errorText, messageOf } from '../../src/renderer/i18n/messages';
import { citizenErrorSites, type CitizenErrorSite } from './citizen-errors';

const VIETNAMESE = /[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

// Codes built from a value (`printer.job-${state}`): the values it can take, read from the code.
const CODE_TEMPLATES: Record<string, string[]> = {
  'printer.job-{}': ['printer.job-uncertain', 'printer.job-cancelled'],
};

const root = path.resolve(__dirname, '../..');
const sites: CitizenErrorSite[] = citizenErrorSites(root).flatMap((s) => (CODE_TEMPLATES[s.code] ?? [s.code]).map((code) => ({ ...s, code })));
const codes = [...new Set(sites.map((s) => s.code))].sort();

describe('engine error messages in every language', () => {
  it('finds the citizen-facing errors in the sources, each with a literal code', () => {
    expect(codes.length).toBeGreaterThan(100);
    expect(codes).toContain('card.removed'); // a constant message
    expect(codes).toContain('scanner.jammed'); // through a builder function's parameters
    expect(codes).toContain('upstream.unreachable'); // through a KioskError subclass, from another file
    expect(codes).toContain('db.key-invalid'); // a builder with its own message
    expect(codes.filter((c) => c.includes('<') || c.includes('{'))).toEqual([]);
  });

  it('has a Vietnamese and an English entry for every code', () => {
    const missing = codes.flatMap((code) => (['vi', 'en'] as const).filter((lang) => messageOf(lang, errorKey(code)) === undefined).map((lang) => `${lang}: ${code}`));
    expect(missing).toEqual([]);
  });

  it("has the engine's own Vietnamese for every wording the engine uses", () => {
    // A site's `{}` (a value the engine fills in) may stand for a placeholder or for nothing.
    const matches = (site: string, catalogue: string) => new RegExp(`^${site.split('{}').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('(.*)')}$`, 'su').test(catalogue);
    const unmatched = sites.filter((s) => s.text !== null && !errorKeys(s.code).some((key) => matches(s.text!, messageOf('vi', key) ?? '\u0000')));
    expect(unmatched.map((s) => `${s.where} ${s.code}: ${s.text}`)).toEqual([]);
    // …and every alternative wording has its English.
    const alternatives = codes.flatMap((code) => errorKeys(code).slice(1));
    expect(alternatives.filter((key) => messageOf('en', key) === undefined)).toEqual([]);
  });

  it('shows Vietnamese unchanged and English fully translated for every site, numbers carried over', () => {
    for (const site of sites) {
      if (site.text === null) continue;
      const citizenMessage = site.text.replace(/\{\}/g, '7');
      expect(errorText('vi', { code: site.code, citizenMessage }, GENERIC_CITIZEN_MESSAGE)).toBe(citizenMessage);
      const en = errorText('en', { code: site.code, citizenMessage }, GENERIC_CITIZEN_MESSAGE);
      expect(en, `${site.where} ${site.code}`).not.toMatch(VIETNAMESE);
      if (site.text.includes('{}') && /\{\w+\}/.test(messageOf('vi', errorKey(site.code))!)) expect(en, site.code).toContain('7');
    }
    // Numbers carried over; the more specific wording of a code where the engine used it.
    expect(errorText('en', { code: 'scanner.stalled', citizenMessage: 'Máy quét không phản hồi. 3 trang đã quét vẫn được giữ lại. Xin vui lòng thử lại hoặc nhờ cán bộ hỗ trợ.' }, GENERIC_CITIZEN_MESSAGE)).toBe(
      'The scanner is not responding. The 3 pages already scanned are kept. Please try again or ask a staff member for help.',
    );
    expect(errorText('en', { code: 'scanner.feeder-empty', citizenMessage: 'Chưa có giấy trong khay nạp giấy. Xin đặt giấy tờ vào khay, mặt chữ úp xuống, rồi bấm “Quét” lần nữa.' }, GENERIC_CITIZEN_MESSAGE)).toBe(
      'There is no paper in the feeder tray. Please put your papers in the tray, writing side down, then press "Scan" again.',
    );
    expect(errorText('en', { code: 'forms.rows-max', citizenMessage: 'Tờ khai chỉ ghi được tối đa 5 con.' }, GENERIC_CITIZEN_MESSAGE)).toBe('The form can list at most 5 entries (con).');
    expect(errorText('en', { code: 'auth.wrong-pin', citizenMessage: 'Mã PIN không đúng. Còn 2 lần thử.' }, GENERIC_CITIZEN_MESSAGE)).toBe('Wrong PIN. 2 tries left.');
  });

  it('falls back to the generic English text, then to the engine text, for errors it does not know', () => {
    expect(errorText('en', { code: 'internal.unexpected', citizenMessage: GENERIC_CITIZEN_MESSAGE }, GENERIC_CITIZEN_MESSAGE)).toBe('The machine has a problem. Please try again or ask a staff member for help.');
    expect(errorText('en', { code: 'not.known', citizenMessage: 'Lỗi lạ.' }, GENERIC_CITIZEN_MESSAGE)).toBe('Lỗi lạ.');
    // A templated message in an unexpected wording keeps its details rather than losing them.
    expect(errorText('en', { code: 'auth.wrong-pin', citizenMessage: 'Sai mã.' }, GENERIC_CITIZEN_MESSAGE)).toBe('Sai mã.');
  });

  it('catches a new citizen-facing error wherever it is written', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-errors-'));
    try {
      mkdirSync(path.join(dir, 'src'));
      writeFileSync(
        path.join(dir, 'src', 'new-driver.ts'),
        [
          "import { KioskError } from './errors';",
          "const TEXT = 'Máy mới hỏng.';",
          "export const a = () => new KioskError({ code: ok ? 'widget.jam' : 'widget.empty', technicianMessage: 'x', citizenMessage: TEXT });",
          "function fail(code: string, why: string) { return new KioskError({ code, technicianMessage: why, citizenMessage: 'Hỏng.' }); }",
          "export const b = () => fail('widget.cold', 'cold');",
        ].join('\n'),
      );
      const found = citizenErrorSites(dir, ['src']).map((s) => `${s.code} ${s.text}`).sort();
      expect(found).toEqual(['widget.cold Hỏng.', 'widget.empty Máy mới hỏng.', 'widget.jam Máy mới hỏng.']);
      expect(messageOf('en', errorKey('widget.jam'))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the scanner’s “unknown code” sentence', () => {
  it('is the catalogue’s Vietnamese, so the renderer can show it in the visit’s language', async () => {
    const { UNKNOWN_PAYLOAD_MESSAGE } = await import('../../src/core/qr/payloads');
    expect(messageOf('vi', 'app.scanUnknown')).toBe(UNKNOWN_PAYLOAD_MESSAGE);
    expect(messageOf('en', 'app.scanUnknown')).toBe('This code is not recognised');
  });
});

describe('the documents screen’s “still needed” sentences', () => {
  it('are the engine’s own, in both languages, worded as the catalogue words them', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(path.join(root, 'src/core/documents/service.ts'), 'utf8');
    // The engine now sends both languages (the screen picks); these entries stay as the reference wording.
    for (const key of ['documents.noScannerBring', 'documents.scannerDownBring']) {
      for (const lang of ['vi', 'en'] as const) {
        const text = messageOf(lang, key)!;
        expect(source, `${lang} ${key}`).toContain(text);
      }
    }
    const vi = messageOf('vi', 'documents.stillNeeded')!;
    const pattern = vi.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\$\\{[^}]+\\}');
    expect(source).toMatch(new RegExp(pattern, 'u'));
  });
});
