// Runs in: every process (pure; imports only ./errors). The one parser of the QR code printed on the
// front of a CCCD, shared by the engine's scan classifier (src/core/qr) and the forms engine's
// auto-fill (src/core/forms/identity-sources), and importable by the renderer.
//
// The CCCD front QR has no published specification; the layout below is what cards in circulation
// carry (docs/reference/qr-ocr-printing.md §1.3, "unofficial"): `ID|old ID|name|DOB|sex|address|issue`.
// Variants seen in the wild and tolerated here: empty old ID, no old-ID field at all (6 fields),
// trailing empty or extra fields (newer "thẻ căn cước" cards), dates with separators, year-only
// birth dates (people whose day and month of birth were never recorded), BOM/CR/LF from scanners,
// decomposed (NFD) Vietnamese from some encoders.
import { KioskError } from './errors';

export type Sex = 'M' | 'F';

export interface CccdIdentity {
  /** Số định danh cá nhân, 12 digits. */
  idNumber: string;
  /** Số CMND cũ (9 digits) when the card carries one. */
  oldIdNumber?: string;
  /** NFC, single-spaced, as printed (usually upper case). */
  fullName?: string;
  /** ISO `YYYY-MM-DD`, or `YYYY` when the card only records the year. */
  dateOfBirth?: string;
  sex?: Sex;
  /** Nơi thường trú, NFC. */
  address?: string;
  /** ISO `YYYY-MM-DD`. */
  issueDate?: string;
}

/** Why a field was dropped or a cross-check failed; codes for technicians, never personal data. */
export type CccdWarning =
  | 'old-id-invalid'
  | 'name-missing'
  | 'dob-invalid'
  | 'sex-invalid'
  | 'address-missing'
  | 'issue-date-invalid'
  | 'id-century-mismatch'
  | 'id-sex-mismatch'
  | 'id-province-unknown'
  | 'extra-fields';

export interface CccdPayload {
  kind: 'cccd';
  identity: CccdIdentity;
  /** Card Access Number for PACE on the chip: the last 6 digits of the ID number. */
  can: string;
  warnings: CccdWarning[];
}

/** Longest scanned text worth parsing; a CCCD QR is well under 300 characters. */
export const MAX_PAYLOAD = 4096;
const MAX_NAME = 100;
const MAX_ADDRESS = 300;

function cccdInvalid(detail: string): KioskError {
  return new KioskError({
    code: 'qr.cccd-invalid',
    technicianMessage: `CCCD QR payload invalid: ${detail}`,
    citizenMessage: 'Không đọc được mã QR trên thẻ căn cước. Xin vui lòng thử lại hoặc đưa thẻ vào đầu đọc.',
  });
}

/** Scanner output often carries a BOM, CR/LF, NUL padding or AIM prefixes stripped elsewhere. */
export function cleanScannedText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/[\u0000-\u001F\u007F]+/g, ' ').trim().normalize('NFC');
}

function stripMarks(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/** ddmmyyyy, dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy -> `YYYY-MM-DD`; `yyyy` -> `YYYY`. */
export function parseVnDate(text: string): string | undefined {
  const t = text.trim();
  let m = /^(\d{2})[/.-]?(\d{2})[/.-]?(\d{4})$/.exec(t);
  if (!m) m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (d === 0 && mo === 0 && y >= 1880 && y <= 2200) return m[3];
    if (y < 1880 || y > 2200 || mo < 1 || mo > 12 || d < 1) return undefined;
    const probe = new Date(Date.UTC(y, mo - 1, d));
    if (probe.getUTCDate() !== d) return undefined;
    return `${m[3]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  // Year only; some cards print "00/00/1950" or "0000 1950" for an unknown day and month.
  m = /^(?:0{2}[/.-]?0{2}[/.-]?)?(\d{4})$/.exec(t);
  if (m) {
    const y = Number(m[1]);
    return y >= 1880 && y <= 2200 ? m[1] : undefined;
  }
  return undefined;
}

function parseSex(text: string): Sex | undefined {
  const t = stripMarks(text).trim().toLowerCase();
  if (t === 'nam' || t === 'male' || t === 'm') return 'M';
  if (t === 'nu' || t === 'female' || t === 'f') return 'F';
  return undefined;
}

/**
 * Province codes of the 12-digit ID (Decree 137/2015 annex, pre-2025 numbering, still on every card):
 * 001–096, with gaps where a province number was never assigned.
 */
const PROVINCE_CODES = new Set([
  1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42, 44, 45,
  46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92,
  93, 94, 95, 96,
]);

/** Cross-checks the ID's embedded century/sex digit and birth year against the printed fields. */
function crossCheck(identity: CccdIdentity, warnings: CccdWarning[]): void {
  const id = identity.idNumber;
  if (!PROVINCE_CODES.has(Number(id.slice(0, 3)))) warnings.push('id-province-unknown');
  const code = Number(id[3]);
  const century = 1900 + Math.floor(code / 2) * 100; // 0/1: 1900s, 2/3: 2000s, 4/5: 2100s …
  const idSex: Sex = code % 2 === 0 ? 'M' : 'F';
  if (identity.sex && identity.sex !== idSex) warnings.push('id-sex-mismatch');
  if (identity.dateOfBirth) {
    const year = Number(identity.dateOfBirth.slice(0, 4));
    if (year !== century + Number(id.slice(4, 6))) warnings.push('id-century-mismatch');
  }
}

const isId12 = (s: string) => /^\d{12}$/.test(s);
const isOldId = (s: string) => /^\d{9}$/.test(s) || /^\d{12}$/.test(s);
const looksLikeName = (s: string) => /\p{L}/u.test(s) && !/\d/.test(s);

/** Parses a CCCD front QR. Throws KioskError `qr.cccd-invalid` when it is not one. */
export function parseCccdQr(text: string): CccdPayload {
  if (typeof text !== 'string') throw cccdInvalid('not a string');
  if (text.length > MAX_PAYLOAD) throw cccdInvalid('too long');
  let fields = cleanScannedText(text).split('|').map((f) => f.trim().replace(/\s+/g, ' '));
  const idNumber = (fields[0] ?? '').replace(/\s/g, '');
  if (!isId12(idNumber)) throw cccdInvalid('first field is not a 12-digit ID number');
  if (fields.length < 3) throw cccdInvalid(`only ${fields.length} field(s)`);
  const warnings: CccdWarning[] = [];

  // Six-field variant: no old-ID slot, the name comes second.
  if (fields[1] !== '' && !isOldId(fields[1]!) && looksLikeName(fields[1]!) && parseVnDate(fields[2] ?? '') !== undefined) {
    fields = [fields[0]!, '', ...fields.slice(1)];
  }
  while (fields.length > 7 && fields[fields.length - 1] === '') fields.pop();
  if (fields.length > 7) warnings.push('extra-fields');

  const [, oldId = '', name = '', dob = '', sex = '', address = '', issue = ''] = fields;
  const identity: CccdIdentity = { idNumber };

  if (oldId !== '') {
    if (isOldId(oldId)) identity.oldIdNumber = oldId;
    else warnings.push('old-id-invalid');
  }
  if (name !== '' && looksLikeName(name) && name.length <= MAX_NAME) identity.fullName = name;
  else warnings.push('name-missing');
  if (dob !== '') {
    const d = parseVnDate(dob);
    if (d) identity.dateOfBirth = d;
    else warnings.push('dob-invalid');
  } else warnings.push('dob-invalid');
  if (sex !== '') {
    const s = parseSex(sex);
    if (s) identity.sex = s;
    else warnings.push('sex-invalid');
  }
  if (address !== '' && address.length <= MAX_ADDRESS) identity.address = address;
  else warnings.push('address-missing');
  if (issue !== '') {
    const d = parseVnDate(issue);
    if (d && d.length === 10) identity.issueDate = d;
    else warnings.push('issue-date-invalid');
  }
  // A scrambled QR (wrong encoder, truncated) shows as nearly every field failing: not a CCCD.
  if (!identity.fullName && !identity.dateOfBirth) throw cccdInvalid('neither name nor date of birth readable');
  crossCheck(identity, warnings);
  return { kind: 'cccd', identity, can: idNumber.slice(-6), warnings };
}
