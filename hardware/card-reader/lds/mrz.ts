// Runs in: any process (pure; used by the engine's chip reader and by the OCR worker).
// Machine-readable zone parsing per ICAO Doc 9303 part 3 (check digits), part 4 (TD3),
// part 5 (TD1) and part 6 (TD2). Check-digit failures are reported per field rather than thrown,
// because OCR callers want to know WHICH field to re-read; structural garbage is a KioskError.

import { KioskError } from '../../../src/shared/errors';

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

export type MrzCheckedField = 'documentNumber' | 'dateOfBirth' | 'dateOfExpiry' | 'personalNumber' | 'composite' | 'cccdIdNumber';

export interface MrzCheck {
  field: MrzCheckedField;
  /** The check digit printed in the MRZ ('<' when the zone leaves it unused). */
  printed: string;
  /** The check digit computed from the field. */
  computed: number;
  valid: boolean;
}

export interface MrzFields {
  format: MrzFormat;
  /** e.g. "P", "I", "ID", "AC" (fillers removed). */
  documentCode: string;
  issuingState: string;
  /** Full document number; for long numbers (>9 chars) includes the part carried in optional data. */
  documentNumber: string;
  /** Primary identifier (surname), fillers turned into spaces. */
  surname: string;
  /** Secondary identifier (given names), fillers turned into spaces. */
  givenNames: string;
  nationality: string;
  /** YYMMDD, as printed. */
  dateOfBirth: string;
  sex: 'M' | 'F' | 'X';
  /** YYMMDD, as printed. */
  dateOfExpiry: string;
  /** TD1 line 1 optional data (after any long-document-number part), fillers kept trimmed. */
  optionalData1: string;
  /** TD1 line 2 / TD2 optional data; TD3 personal number. */
  optionalData2: string;
  /** Every check digit with its result. */
  checks: MrzCheck[];
  /** Field-format problems that are not check digits (impossible dates). */
  formatProblems: string[];
  /** True when every check digit matches and no format problem was found. */
  valid: boolean;
  /** The normalised lines that were parsed. */
  lines: string[];
}

const LINE_SHAPES: Record<MrzFormat, { count: number; length: number }> = {
  TD1: { count: 3, length: 30 },
  TD2: { count: 2, length: 36 },
  TD3: { count: 2, length: 44 },
};

function malformed(detail: string): KioskError {
  return new KioskError({
    code: 'mrz.malformed',
    technicianMessage: `MRZ rejected: ${detail}`,
    citizenMessage: 'Không đọc được dòng mã ở mặt sau giấy tờ. Xin vui lòng thử lại.',
    retryable: true,
  });
}

function charValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 65 && code <= 90) return code - 55; // A=10 .. Z=35
  if (c === '<') return 0;
  throw malformed(`character outside the MRZ alphabet (code ${code})`);
}

/** ICAO 9303-3 §4.9 check digit: weights 7,3,1 repeating, sum modulo 10. */
export function mrzCheckDigit(s: string): number {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += charValue(s[i]!) * [7, 3, 1][i % 3]!;
  return sum % 10;
}

/** Trims trailing fillers. */
function stripFillers(s: string): string {
  return s.replace(/<+$/, '');
}

function check(field: MrzCheckedField, data: string, printed: string, fillerAllowedWhenEmpty = false): MrzCheck {
  const computed = mrzCheckDigit(data);
  let valid = printed === String(computed);
  // A wholly unused optional field may carry '<' as its check digit (9303-4 §4.2.2, personal number).
  if (!valid && fillerAllowedWhenEmpty && printed === '<' && /^<*$/.test(data)) valid = true;
  return { field, printed, computed, valid };
}

function splitNames(zone: string): { surname: string; givenNames: string } {
  const trimmed = stripFillers(zone);
  const sep = trimmed.indexOf('<<');
  const primary = sep < 0 ? trimmed : trimmed.slice(0, sep);
  const secondary = sep < 0 ? '' : trimmed.slice(sep + 2);
  const human = (s: string): string => s.replace(/<+/g, ' ').trim();
  return { surname: human(primary), givenNames: human(secondary) };
}

function parseSex(c: string): 'M' | 'F' | 'X' {
  if (c === 'M' || c === 'F') return c;
  return 'X'; // '<' or 'X' both mean unspecified
}

function dateProblem(label: string, yymmdd: string): string | undefined {
  if (!/^\d{6}$/.test(yymmdd)) return `${label} is not numeric YYMMDD`;
  const mm = Number(yymmdd.slice(2, 4));
  const dd = Number(yymmdd.slice(4, 6));
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return `${label} is not a calendar date`;
  return undefined;
}

/**
 * Long document number (9303-5 §4.2.4 / 9303-6): when the document number has more than nine
 * characters, the check-digit position holds '<' and the remainder, followed by its check digit,
 * opens the optional data. Returns the full number, its check-digit input/printed digit, and the
 * rest of the optional data.
 */
function resolveDocumentNumber(
  nine: string,
  printedCheck: string,
  optional: string,
): { documentNumber: string; checkData: string; checkPrinted: string; rest: string } {
  if (printedCheck === '<' && /^[0-9A-Z]/.test(optional)) {
    const end = optional.indexOf('<');
    const tailWithCheck = end < 0 ? optional : optional.slice(0, end);
    if (tailWithCheck.length >= 2) {
      const tail = tailWithCheck.slice(0, -1);
      const full = nine + tail;
      return {
        documentNumber: full,
        checkData: full,
        checkPrinted: tailWithCheck.slice(-1),
        rest: end < 0 ? '' : optional.slice(end),
      };
    }
  }
  return { documentNumber: stripFillers(nine), checkData: nine, checkPrinted: printedCheck, rest: optional };
}

/** Splits raw text (newlines, or one run of characters) into MRZ lines and detects the format. */
export function normaliseMrz(input: string | readonly string[]): { format: MrzFormat; lines: string[] } {
  const raw = typeof input === 'string' ? input : input.join('\n');
  if (raw.length > 400) throw malformed('input far longer than any MRZ');
  let lines = raw
    .toUpperCase()
    .split(/\r?\n/)
    .map((l) => l.replace(/[ \t]/g, ''))
    .filter((l) => l.length > 0);
  if (lines.length === 1) {
    const l = lines[0]!;
    if (l.length === 90) lines = [l.slice(0, 30), l.slice(30, 60), l.slice(60)];
    else if (l.length === 72) lines = [l.slice(0, 36), l.slice(36)];
    else if (l.length === 88) lines = [l.slice(0, 44), l.slice(44)];
  }
  for (const format of ['TD1', 'TD2', 'TD3'] as const) {
    const shape = LINE_SHAPES[format];
    if (lines.length === shape.count && lines.every((l) => l.length === shape.length)) {
      for (const l of lines) if (!/^[0-9A-Z<]+$/.test(l)) throw malformed('character outside the MRZ alphabet');
      return { format, lines };
    }
  }
  throw malformed(`unrecognised shape: ${lines.length} line(s) of length ${lines.map((l) => l.length).join('/')}`);
}

function parseTd1(lines: string[]): MrzFields {
  const [l1, l2, l3] = lines as [string, string, string];
  const doc = resolveDocumentNumber(l1.slice(5, 14), l1[14]!, l1.slice(15, 30));
  const checks = [
    check('documentNumber', doc.checkData, doc.checkPrinted),
    check('dateOfBirth', l2.slice(0, 6), l2[6]!),
    check('dateOfExpiry', l2.slice(8, 14), l2[14]!),
    check('composite', l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29), l2[29]!),
  ];
  // CCCD: the optional data is the 12-digit ID, two fillers and the ID's own check digit
  // (both published CCCD MRZs carry it; see the reference doc §2.2).
  const cccd = /^(\d{12})<<(\d)$/.exec(l1.slice(15, 30));
  if (l1.slice(2, 5) === 'VNM' && cccd) checks.push(check('cccdIdNumber', cccd[1]!, cccd[2]!));
  return finish('TD1', lines, {
    documentCode: stripFillers(l1.slice(0, 2)),
    issuingState: stripFillers(l1.slice(2, 5)),
    documentNumber: doc.documentNumber,
    ...splitNames(l3),
    nationality: stripFillers(l2.slice(15, 18)),
    dateOfBirth: l2.slice(0, 6),
    sex: parseSex(l2[7]!),
    dateOfExpiry: l2.slice(8, 14),
    optionalData1: stripFillers(doc.rest.replace(/^<+/, '')),
    optionalData2: stripFillers(l2.slice(18, 29)),
    checks,
  });
}

function parseTd2(lines: string[]): MrzFields {
  const [l1, l2] = lines as [string, string];
  const doc = resolveDocumentNumber(l2.slice(0, 9), l2[9]!, l2.slice(28, 35));
  const checks = [
    check('documentNumber', doc.checkData, doc.checkPrinted),
    check('dateOfBirth', l2.slice(13, 19), l2[19]!),
    check('dateOfExpiry', l2.slice(21, 27), l2[27]!),
    check('composite', l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 35), l2[35]!),
  ];
  return finish('TD2', lines, {
    documentCode: stripFillers(l1.slice(0, 2)),
    issuingState: stripFillers(l1.slice(2, 5)),
    documentNumber: doc.documentNumber,
    ...splitNames(l1.slice(5, 36)),
    nationality: stripFillers(l2.slice(10, 13)),
    dateOfBirth: l2.slice(13, 19),
    sex: parseSex(l2[20]!),
    dateOfExpiry: l2.slice(21, 27),
    optionalData1: '',
    optionalData2: stripFillers(doc.rest.replace(/^<+/, '')),
    checks,
  });
}

function parseTd3(lines: string[]): MrzFields {
  const [l1, l2] = lines as [string, string];
  const checks = [
    check('documentNumber', l2.slice(0, 9), l2[9]!),
    check('dateOfBirth', l2.slice(13, 19), l2[19]!),
    check('dateOfExpiry', l2.slice(21, 27), l2[27]!),
    check('personalNumber', l2.slice(28, 42), l2[42]!, true),
    check('composite', l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43), l2[43]!),
  ];
  return finish('TD3', lines, {
    documentCode: stripFillers(l1.slice(0, 2)),
    issuingState: stripFillers(l1.slice(2, 5)),
    documentNumber: stripFillers(l2.slice(0, 9)),
    ...splitNames(l1.slice(5, 44)),
    nationality: stripFillers(l2.slice(10, 13)),
    dateOfBirth: l2.slice(13, 19),
    sex: parseSex(l2[20]!),
    dateOfExpiry: l2.slice(21, 27),
    optionalData1: '',
    optionalData2: stripFillers(l2.slice(28, 42)),
    checks,
  });
}

function finish(
  format: MrzFormat,
  lines: string[],
  f: Omit<MrzFields, 'format' | 'lines' | 'valid' | 'formatProblems'>,
): MrzFields {
  const formatProblems = [dateProblem('date of birth', f.dateOfBirth), dateProblem('date of expiry', f.dateOfExpiry)].filter(
    (p): p is string => p !== undefined,
  );
  const valid = f.checks.every((c) => c.valid) && formatProblems.length === 0;
  return { format, lines, ...f, formatProblems, valid };
}

/**
 * Parses a TD1 (3x30), TD2 (2x36) or TD3 (2x44) MRZ. Throws KioskError `mrz.malformed` when the
 * text is not MRZ-shaped; otherwise returns the fields with a per-check-digit validity list.
 */
export function parseMrz(input: string | readonly string[]): MrzFields {
  const { format, lines } = normaliseMrz(input);
  if (format === 'TD1') return parseTd1(lines);
  if (format === 'TD2') return parseTd2(lines);
  return parseTd3(lines);
}

export interface BacKeyInput {
  documentNumber: string;
  /** YYMMDD */
  dateOfBirth: string;
  /** YYMMDD */
  dateOfExpiry: string;
}

/**
 * The MRZ_information string hashed into K_seed for BAC and the PACE MRZ password (9303-11 §4.3.2
 * / §9.7.3): document number padded to 9 with '<' (or the full long number), each field followed
 * by its check digit. Document numbers are upper-cased and spaces dropped.
 */
export function bacKeySeedInput(key: BacKeyInput): string {
  const doc = key.documentNumber.toUpperCase().replace(/\s/g, '');
  if (doc.length === 0 || !/^[0-9A-Z<]+$/.test(doc)) throw malformed('document number for the access key is empty or not MRZ characters');
  for (const [label, d] of [['date of birth', key.dateOfBirth], ['date of expiry', key.dateOfExpiry]] as const) {
    if (!/^\d{6}$/.test(d)) throw malformed(`${label} for the access key must be YYMMDD`);
  }
  const padded = doc.length < 9 ? doc.padEnd(9, '<') : doc;
  return (
    padded +
    mrzCheckDigit(padded) +
    key.dateOfBirth +
    mrzCheckDigit(key.dateOfBirth) +
    key.dateOfExpiry +
    mrzCheckDigit(key.dateOfExpiry)
  );
}

/** CCCD: the BAC document number is the LAST nine digits of the 12-digit citizen ID. */
export function cccdDocumentNumber(idNumber: string): string {
  if (!/^\d{12}$/.test(idNumber)) throw malformed('a CCCD number has exactly 12 digits');
  return idNumber.slice(3);
}

/** CCCD: the PACE CAN is the last six digits of the 12-digit citizen ID. */
export function cccdCan(idNumber: string): string {
  if (!/^\d{12}$/.test(idNumber)) throw malformed('a CCCD number has exactly 12 digits');
  return idNumber.slice(6);
}

/** CCCD: the 12-digit citizen ID opens the TD1 line-1 optional data (characters 16-27). */
export function cccdIdFromMrz(fields: MrzFields): string | undefined {
  if (fields.format !== 'TD1' || fields.issuingState !== 'VNM') return undefined;
  const m = /^(\d{12})/.exec(fields.optionalData1);
  return m?.[1];
}

/** Expands YYMMDD to YYYY-MM-DD: birth dates never lie in the future, expiry dates are 20xx. */
export function mrzDateToIso(yymmdd: string, kind: 'birth' | 'expiry', today = new Date()): string | undefined {
  if (dateProblem('date', yymmdd)) return undefined;
  const yy = Number(yymmdd.slice(0, 2));
  let year: number;
  if (kind === 'expiry') year = 2000 + yy;
  else {
    const cy = today.getUTCFullYear() % 100;
    year = yy > cy ? 1900 + yy : 2000 + yy;
  }
  return `${year}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
}
