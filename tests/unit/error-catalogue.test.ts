// Runs in: Node (vitest). Every error the engine, drivers or host can show a citizen has an entry in
// both language resources (resources/i18n/<lang>.json, section `errors`, keyed by error code), so a
// citizen who switched to English never meets an untranslated error — and a new citizen-facing
// KioskError without a translation fails here.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERIC_CITIZEN_MESSAGE } from '../../src/shared/errors';
import { errorKey, errorText, messageOf } from '../../src/renderer/i18n/messages';
import { citizenErrorSites, type CitizenErrorSite } from './citizen-errors';

const VIETNAMESE = /[ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

// Codes built from a value (`printer.job-${state}`): the values it can take, read from the code.
const CODE_TEMPLATES: Record<string, string[]> = {
  'printer.job-{}': ['printer.job-uncertain', 'printer.job-cancelled'],
};

const root = path.resolve(__dirname, '../..');
const sites: CitizenErrorSite[] = citizenErrorSites(root).flatMap((s) => (CODE_TEMPLATES[s.code] ?? [s.code]).map((code) => ({ ...s, code })));
const codes = [...new Set(sites.map((s) => s.code))].sort();
/** A source text with `{}` holes, as a catalogue template with `{name}` holes would read. */
const shape = (text: string) => text.replace(/\{\w*\}/g, '{}');

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

  it("keeps the catalogue's Vietnamese equal to the engine's own text", () => {
    const wrong = codes.filter((code) => {
      const vi = messageOf('vi', errorKey(code));
      return vi !== undefined && !sites.some((s) => s.code === code && s.text !== null && shape(s.text) === shape(vi));
    });
    expect(wrong).toEqual([]);
  });

  it('shows Vietnamese unchanged and English fully translated for every site, numbers carried over', () => {
    for (const site of sites) {
      if (site.text === null) continue;
      const citizenMessage = site.text.replace(/\{\}/g, '7');
      expect(errorText('vi', { code: site.code, citizenMessage }, GENERIC_CITIZEN_MESSAGE)).toBe(citizenMessage);
      const en = errorText('en', { code: site.code, citizenMessage }, GENERIC_CITIZEN_MESSAGE);
      expect(en, `${site.where} ${site.code}`).not.toMatch(VIETNAMESE);
      if (site.text.includes('{}')) expect(en, site.code).toContain('7');
    }
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
