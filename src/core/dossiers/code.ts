// Runs in: any process (pure). Dossier codes `{unit code}-{yyMMdd}-{NNNN}` and the Asia/Ho_Chi_Minh
// calendar they use. Vietnam has had no daylight saving since 1975, so UTC+7 is exact.
import { KioskError } from '../../shared/errors';

const HCM_OFFSET_MS = 7 * 3600_000;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The Asia/Ho_Chi_Minh calendar fields of an instant. */
export function hcmFields(ms: number): { y: number; M: number; d: number; h: number; m: number; s: number } {
  const t = new Date(ms + HCM_OFFSET_MS);
  return { y: t.getUTCFullYear(), M: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), m: t.getUTCMinutes(), s: t.getUTCSeconds() };
}

/** `yyMMdd` of the instant's Asia/Ho_Chi_Minh calendar day: the counter's reset boundary. */
export function hcmDayKey(ms: number): string {
  const f = hcmFields(ms);
  return `${pad(f.y % 100, 2)}${pad(f.M, 2)}${pad(f.d, 2)}`;
}

/** Upstream wire date `yyyyMMddHHmmss`, Asia/Ho_Chi_Minh. */
export function formatUpstreamDate(ms: number): string {
  const f = hcmFields(ms);
  return `${pad(f.y, 4)}${pad(f.M, 2)}${pad(f.d, 2)}${pad(f.h, 2)}${pad(f.m, 2)}${pad(f.s, 2)}`;
}

/** Parses `yyyyMMddHHmmss` (Asia/Ho_Chi_Minh) to epoch ms; rejects impossible dates. */
export function parseUpstreamDate(text: unknown): number {
  const bad = () => new KioskError({ code: 'upstream.bad-date', technicianMessage: `not a yyyyMMddHHmmss date: ${JSON.stringify(String(text)).slice(0, 40)}` });
  if (typeof text !== 'string' || !/^\d{14}$/.test(text)) throw bad();
  const n = (a: number, b: number) => Number(text.slice(a, b));
  const [y, M, d, h, m, s] = [n(0, 4), n(4, 6), n(6, 8), n(8, 10), n(10, 12), n(12, 14)];
  const ms = Date.UTC(y, M - 1, d, h, m, s) - HCM_OFFSET_MS;
  if (formatUpstreamDate(ms) !== text) throw bad();
  return ms;
}

/** A unit identifier such as `000.00.01.H22` or `H56.14`: letters, digits and dots. */
export function assertUnitCode(unit: string): void {
  if (!/^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/.test(unit) || unit.length > 40) {
    throw new KioskError({ code: 'dossier.bad-unit-code', technicianMessage: `unit code ${JSON.stringify(unit)} is not a dotted alphanumeric identifier` });
  }
}

export function formatDossierCode(unit: string, dayKey: string, seq: number): string {
  assertUnitCode(unit);
  if (!Number.isInteger(seq) || seq < 1 || seq > 9999) {
    throw new KioskError({
      code: 'dossier.day-counter-exhausted',
      technicianMessage: `daily dossier counter for ${unit} on ${dayKey} is out of range (${seq}); the NNNN field allows 9999 per day`,
      citizenMessage: 'Hôm nay máy đã nhận đủ số hồ sơ tối đa. Xin vui lòng liên hệ cán bộ.',
    });
  }
  return `${unit}-${dayKey}-${pad(seq, 4)}`;
}

export interface ParsedDossierCode {
  unit: string;
  dayKey: string;
  seq: number;
}

/** Parses a code read from a receipt QR (untrusted input): KioskError on anything malformed. */
export function parseDossierCode(text: unknown): ParsedDossierCode {
  const bad = () =>
    new KioskError({
      code: 'dossier.bad-code',
      technicianMessage: 'text is not a dossier code {unit}-{yyMMdd}-{NNNN}',
      citizenMessage: 'Mã hồ sơ không hợp lệ. Xin vui lòng kiểm tra lại biên nhận.',
    });
  if (typeof text !== 'string' || text.length > 64) throw bad();
  const m = /^([A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*)-(\d{2})(\d{2})(\d{2})-(\d{4})$/.exec(text.trim());
  if (!m) throw bad();
  const [, unit, yy, MM, dd, nnnn] = m as unknown as [string, string, string, string, string, string];
  const month = Number(MM);
  const day = Number(dd);
  const check = new Date(Date.UTC(2000 + Number(yy), month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || Number(nnnn) === 0) throw bad();
  return { unit, dayKey: `${yy}${MM}${dd}`, seq: Number(nnnn) };
}
