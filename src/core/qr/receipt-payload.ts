// Runs in: every process (pure; no Node imports, so the renderer and the ticket printer can share it).
//
// The QR printed on our receipts. Circular 01/2023/TT-VPCP asks the receipt QR to carry the dossier
// code, the procedure code, the applicant's ID, the document's name, the source system and the
// time. It is read back by our own scanner to show the dossier's progress, so the format only
// has to be unambiguous, versioned, and ASCII: thermal printers and many QR encoders mangle
// non-ASCII bytes (see docs/reference/qr-ocr-printing.md §4.1), so every field is percent-encoded
// UTF-8 and the whole payload is printable ASCII.
//
//   MCHS1|<dossierCode>|<procedureCode>|<applicantId>|<documentName>|<sourceSystem>|<time>
//
// - `MCHS1`: magic + format version ("Một cửa hồ sơ", v1). A future v2 gets a new magic.
// - time: `YYYYMMDDTHHMMSS±HHMM` (ISO 8601 basic, with the offset the kiosk used, normally +0700).
// - Fields are separated by `|`; `|`, `%` and every byte outside [A-Za-z0-9 .-_/:] are percent-encoded.
import { KioskError } from '../../shared/errors';

export const RECEIPT_QR_MAGIC = 'MCHS1';

export interface ReceiptQrPayload {
  /** Mã hồ sơ, e.g. `000.00.01.H01-230315-0001` (unit code - yymmdd - sequence). */
  dossierCode: string;
  /** Mã thủ tục hành chính from the national procedure database, e.g. `1.001234.000.00.00.H01`. */
  procedureCode: string;
  /** Applicant's ID number (CCCD 12 digits, or CMND 9, passport, tax code). */
  applicantId: string;
  /** Tên giấy tờ / hồ sơ (Vietnamese, free text). */
  documentName: string;
  /** Source system that issued the dossier code (our kiosk id, or the provincial system). */
  sourceSystem: string;
  /** When the dossier was received. Printed with `offsetMinutes` (default +07:00). */
  time: Date;
  /** The time zone offset the time was written with, in minutes east of UTC. Default 420 (+07:00). */
  offsetMinutes?: number;
}

const CODE_RE = /^[A-Za-z0-9._\-/:]{1,64}$/;
const APPLICANT_RE = /^[A-Za-z0-9]{6,20}$/;
const SOURCE_RE = /^[A-Za-z0-9._\-:]{1,40}$/;
const TIME_RE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})([+-])(\d{2})(\d{2})$/;
const MAX_DOCUMENT_NAME = 200;
/** Keeps the QR at a version a 58 mm printer renders legibly (≈ version 10, byte mode, EC M). */
export const RECEIPT_QR_MAX_LENGTH = 600;

function invalid(detail: string): KioskError {
  return new KioskError({
    code: 'qr.receipt-invalid',
    technicianMessage: `receipt QR payload invalid: ${detail}`,
    citizenMessage: 'Mã QR trên biên nhận không hợp lệ. Xin vui lòng nhờ cán bộ hỗ trợ.',
  });
}

/** Percent-encodes UTF-8 so the result is printable ASCII without the separator. */
function encodeField(value: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9 .\-_/:]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function decodeField(value: string, name: string): string {
  if (!/^(?:[A-Za-z0-9 .\-_/:]|%[0-9A-Fa-f]{2})*$/.test(value)) throw invalid(`${name}: bad character or escape`);
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '%') {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(value.charCodeAt(i));
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes)).normalize('NFC');
  } catch {
    throw invalid(`${name}: not UTF-8`);
  }
}

function formatTime(time: Date, offsetMinutes: number): string {
  if (!Number.isFinite(time.getTime())) throw invalid('time is not a valid date');
  if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > 14 * 60) throw invalid('bad offset');
  const local = new Date(time.getTime() + offsetMinutes * 60_000);
  if (local.getUTCFullYear() < 2000 || local.getUTCFullYear() > 2200) throw invalid('time outside 2000–2200');
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `${p(local.getUTCFullYear(), 4)}${p(local.getUTCMonth() + 1)}${p(local.getUTCDate())}` +
    `T${p(local.getUTCHours())}${p(local.getUTCMinutes())}${p(local.getUTCSeconds())}${sign}${p(Math.floor(abs / 60))}${p(abs % 60)}`
  );
}

function parseTime(text: string): { time: Date; offsetMinutes: number } {
  const m = TIME_RE.exec(text);
  if (!m) throw invalid('time format');
  const [y, mo, d, h, mi, s, sign, oh, om] = m.slice(1).map((v, i) => (i === 6 ? v : Number(v))) as [
    number, number, number, number, number, number, string, number, number,
  ];
  if (y < 2000 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59 || oh > 14 || om > 59) {
    throw invalid('time out of range');
  }
  const utcGuess = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(utcGuess);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) throw invalid('time: no such day');
  const offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  return { time: new Date(utcGuess - offsetMinutes * 60_000), offsetMinutes };
}

function validate(p: Omit<ReceiptQrPayload, 'time' | 'offsetMinutes'>): void {
  if (!CODE_RE.test(p.dossierCode)) throw invalid('dossierCode');
  if (!CODE_RE.test(p.procedureCode)) throw invalid('procedureCode');
  if (!APPLICANT_RE.test(p.applicantId)) throw invalid('applicantId');
  if (!SOURCE_RE.test(p.sourceSystem)) throw invalid('sourceSystem');
  if (p.documentName.length === 0 || p.documentName.length > MAX_DOCUMENT_NAME) throw invalid('documentName length');
  // Lone surrogates would silently become U+FFFD; control characters have no place on a receipt.
  if (/[\u0000-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(p.documentName)) {
    throw invalid('documentName has control characters or broken UTF-16');
  }
}

/** Builds the receipt QR text. Throws KioskError `qr.receipt-invalid` for a field it cannot carry. */
export function buildReceiptQrPayload(payload: ReceiptQrPayload): string {
  const documentName = payload.documentName.normalize('NFC').trim();
  validate({ ...payload, documentName });
  const text = [
    RECEIPT_QR_MAGIC,
    payload.dossierCode,
    payload.procedureCode,
    payload.applicantId,
    encodeField(documentName),
    payload.sourceSystem,
    formatTime(payload.time, payload.offsetMinutes ?? 420),
  ].join('|');
  if (text.length > RECEIPT_QR_MAX_LENGTH) throw invalid(`payload longer than ${RECEIPT_QR_MAX_LENGTH} characters`);
  return text;
}

/** True when `text` claims to be our receipt format (it may still be invalid). */
export function looksLikeReceiptQr(text: string): boolean {
  return text.trim().startsWith(`${RECEIPT_QR_MAGIC}|`);
}

/** Parses a receipt QR. Throws KioskError `qr.receipt-invalid` on anything malformed. */
export function parseReceiptQrPayload(text: string): Required<ReceiptQrPayload> {
  if (typeof text !== 'string') throw invalid('not a string');
  const trimmed = text.trim();
  if (trimmed.length > RECEIPT_QR_MAX_LENGTH) throw invalid('too long');
  const parts = trimmed.split('|');
  if (parts[0] !== RECEIPT_QR_MAGIC) throw invalid('magic');
  if (parts.length !== 7) throw invalid(`expected 7 fields, got ${parts.length}`);
  const [, dossierCode, procedureCode, applicantId, docEncoded, sourceSystem, timeText] = parts as [
    string, string, string, string, string, string, string,
  ];
  const documentName = decodeField(docEncoded, 'documentName').trim();
  validate({ dossierCode, procedureCode, applicantId, documentName, sourceSystem });
  const { time, offsetMinutes } = parseTime(timeText);
  return { dossierCode, procedureCode, applicantId, documentName, sourceSystem, time, offsetMinutes };
}
