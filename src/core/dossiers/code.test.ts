// Runs in: Node (vitest).
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/errors';
import { formatDossierCode, formatUpstreamDate, hcmDayKey, parseDossierCode, parseUpstreamDate } from './code';

describe('dossier code', () => {
  it('formats {unit}-{yyMMdd}-{NNNN} and parses it back', () => {
    const code = formatDossierCode('000.00.01.H22', '251231', 7);
    expect(code).toBe('000.00.01.H22-251231-0007');
    expect(parseDossierCode(code)).toEqual({ unit: '000.00.01.H22', dayKey: '251231', seq: 7 });
    expect(() => formatDossierCode('H56', '251231', 10000)).toThrow(KioskError);
    expect(() => formatDossierCode('bad unit', '251231', 1)).toThrow(KioskError);
  });

  it('uses the Asia/Ho_Chi_Minh calendar day (UTC+7)', () => {
    // 2025-12-31 16:59:59 UTC = 23:59:59 in Hanoi; one second later is 1 January there.
    expect(hcmDayKey(Date.UTC(2025, 11, 31, 16, 59, 59))).toBe('251231');
    expect(hcmDayKey(Date.UTC(2025, 11, 31, 17, 0, 0))).toBe('260101');
  });

  it('upstream dates are yyyyMMddHHmmss in Hanoi time and round-trip', () => {
    const ms = Date.UTC(2025, 6, 1, 1, 2, 3);
    expect(formatUpstreamDate(ms)).toBe('20250701080203');
    expect(parseUpstreamDate('20250701080203')).toBe(ms);
    expect(() => parseUpstreamDate('20250231080203')).toThrow(KioskError);
    expect(() => parseUpstreamDate('2025-07-01')).toThrow(KioskError);
  });

  it('rejects malformed receipt codes', () => {
    for (const bad of ['', 'H56-250230-0001', 'H56-251301-0001', 'H56-250101-0000', 'H56--250101-0001', 'H56-250101-001', 42, null]) {
      expect(() => parseDossierCode(bad)).toThrow(KioskError);
    }
  });

  it('fuzz: parsers return or throw KioskError only', () => {
    const seeds = ['000.00.01.H22-251231-0007', '20250701080203'];
    const alphabet = '0123456789-.HAZaz \u0000é';
    for (let i = 0; i < 5000; i++) {
      const seed = seeds[i % 2]!;
      const chars = [...seed];
      const edits = 1 + Math.floor(Math.random() * 4);
      for (let k = 0; k < edits; k++) {
        const pos = Math.floor(Math.random() * (chars.length + 1));
        const op = Math.random();
        const c = alphabet[Math.floor(Math.random() * alphabet.length)]!;
        if (op < 0.33) chars.splice(pos, 1);
        else if (op < 0.66) chars.splice(pos, 0, c);
        else chars[pos] = c;
      }
      const text = chars.join('');
      for (const parse of [parseDossierCode, parseUpstreamDate]) {
        try {
          parse(text);
        } catch (error) {
          expect(error).toBeInstanceOf(KioskError);
        }
      }
    }
  });
});
