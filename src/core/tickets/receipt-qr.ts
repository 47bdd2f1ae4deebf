// Runs in: every process (pure, no Node imports). The dossier receipt QR payload (Circular
// 01/2023/TT-VPCP: dossier code, procedure code, applicant ID, document name, source system,
// issue time). Format "MCR1" — see README.md in this folder:
//   MCR1?dc=<dossier>&pc=<procedure>&id=<applicant>&dn=<document name>&ss=<source>&it=<ISO time>
// Values are percent-encoded UTF-8 (encodeURIComponent), so the payload is pure ASCII and decodes
// the same whatever charset a scanner assumes.
import { KioskError } from '../../shared/errors';

export interface ReceiptQrFields {
  dossierCode: string;
  procedureCode: string;
  applicantId: string;
  documentName: string;
  sourceSystem: string;
  /** ISO 8601 with offset, or a Date. */
  issuedAt: string | Date;
}

export interface ParsedReceiptQr extends Omit<ReceiptQrFields, 'issuedAt'> {
  issuedAt: string;
}

export const RECEIPT_QR_PREFIX = 'MCR1?';
const KEYS = [['dc', 'dossierCode'], ['pc', 'procedureCode'], ['id', 'applicantId'], ['dn', 'documentName'], ['ss', 'sourceSystem'], ['it', 'issuedAt']] as const;

const bad = (why: string) =>
  new KioskError({ code: 'receipt-qr.invalid', technicianMessage: `receipt QR: ${why}`, citizenMessage: 'Mã QR không hợp lệ. Xin vui lòng thử lại hoặc nhờ cán bộ hỗ trợ.' });

/** ISO 8601 in Vietnam time (+07:00), second precision: what a citizen's receipt shows. */
export function toVietnamIso(d: Date): string {
  if (Number.isNaN(d.getTime())) throw bad('issuedAt is not a valid date');
  const t = new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 19);
  return `${t}+07:00`;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

export function buildReceiptQrPayload(f: ReceiptQrFields): string {
  const issued = f.issuedAt instanceof Date ? toVietnamIso(f.issuedAt) : f.issuedAt;
  if (!ISO.test(issued) || Number.isNaN(Date.parse(issued))) throw bad('issuedAt must be ISO 8601 with an offset');
  const values: Record<string, string> = { ...f, issuedAt: issued };
  const parts: string[] = [];
  for (const [k, name] of KEYS) {
    const v = values[name]!.normalize('NFC').trim();
    if (!v) throw bad(`${name} is empty`);
    if (v.length > 200) throw bad(`${name} is longer than 200 characters`);
    if (/[\u0000-\u001f\u007f]/.test(v)) throw bad(`${name} contains control characters`);
    parts.push(`${k}=${encodeURIComponent(v)}`);
  }
  return RECEIPT_QR_PREFIX + parts.join('&');
}

/** Reference parser (the scanner side may use its own; this one defines the format). */
export function parseReceiptQrPayload(payload: string): ParsedReceiptQr {
  if (!payload.startsWith(RECEIPT_QR_PREFIX)) throw bad('not a Motcua receipt QR (prefix MCR1?)');
  const out: Record<string, string> = {};
  for (const part of payload.slice(RECEIPT_QR_PREFIX.length).split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw bad('malformed field');
    const k = part.slice(0, eq);
    const entry = KEYS.find(([key]) => key === k);
    if (!entry) continue; // later versions may add fields; unknown ones are ignored
    if (entry[1] in out) throw bad(`field ${k} repeated`);
    let v: string;
    try {
      v = decodeURIComponent(part.slice(eq + 1));
    } catch {
      throw bad(`field ${k} is not valid percent-encoding`);
    }
    out[entry[1]] = v;
  }
  for (const [k, name] of KEYS) if (!out[name]) throw bad(`field ${k} missing`);
  if (!ISO.test(out.issuedAt!)) throw bad('field it is not an ISO 8601 time');
  return out as unknown as ParsedReceiptQr;
}
