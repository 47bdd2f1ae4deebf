// Runs in: every process (pure; no Node imports). What a scanned QR text means to the kiosk: a CCCD
// front QR (parsed by the one shared parser, src/shared/cccd-qr.ts), our own receipt QR, or nothing.
import { cleanScannedText as clean, MAX_PAYLOAD, parseCccdQr, type CccdPayload } from '../../shared/cccd-qr';
import { parseReceiptQrPayload, RECEIPT_QR_PREFIX, type ParsedReceiptQr } from '../tickets/receipt-qr';

export { parseCccdQr, parseVnDate, type CccdIdentity, type CccdPayload, type CccdWarning, type Sex } from '../../shared/cccd-qr';

export const UNKNOWN_PAYLOAD_MESSAGE = 'Mã này không được nhận dạng';

/** Our own receipt QR, format `MCR1` defined by the printer side (src/core/tickets/receipt-qr.ts). */
export interface ReceiptPayload {
  kind: 'receipt';
  receipt: ParsedReceiptQr;
  /** What the progress screen looks up. */
  lookup: { dossierCode: string; procedureCode: string };
}

export interface UnknownPayload {
  kind: 'unknown';
  /** Citizen-facing, Vietnamese. */
  message: typeof UNKNOWN_PAYLOAD_MESSAGE;
  /** Technician-facing cause code: `empty`, `too-long`, `receipt-invalid`, `unrecognised`. */
  reason: 'empty' | 'too-long' | 'receipt-invalid' | 'unrecognised';
}

export type ClassifiedPayload = CccdPayload | ReceiptPayload | UnknownPayload;

/**
 * The reference parser checks structure; a receipt that reaches the progress lookup must also have
 * a real issue time and no control characters smuggled in through percent-encoding.
 */
function receiptPlausible(r: ParsedReceiptQr): boolean {
  const fields = [r.dossierCode, r.procedureCode, r.applicantId, r.documentName, r.sourceSystem, r.issuedAt];
  if (fields.some((f) => f.length > 200 || /[\u0000-\u001F\u007F]/.test(f) || f.trim() === '')) return false;
  const [y, m, d] = r.issuedAt.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return !Number.isNaN(Date.parse(r.issuedAt)) && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** Classifies any scanned text. Never throws: unknown or broken input is `{ kind: 'unknown' }`. */
export function classifyPayload(text: string): ClassifiedPayload {
  const unknown = (reason: UnknownPayload['reason']): UnknownPayload => ({ kind: 'unknown', message: UNKNOWN_PAYLOAD_MESSAGE, reason });
  try {
    if (typeof text !== 'string' || text.trim() === '') return unknown('empty');
    if (text.length > MAX_PAYLOAD) return unknown('too-long');
    const cleaned = clean(text);
    if (cleaned.startsWith(RECEIPT_QR_PREFIX)) {
      try {
        const receipt = parseReceiptQrPayload(cleaned);
        if (!receiptPlausible(receipt)) return unknown('receipt-invalid');
        return { kind: 'receipt', receipt, lookup: { dossierCode: receipt.dossierCode, procedureCode: receipt.procedureCode } };
      } catch {
        return unknown('receipt-invalid');
      }
    }
    if (/^\d{12}\s*\|/.test(cleaned)) {
      try {
        return parseCccdQr(cleaned);
      } catch {
        return unknown('unrecognised');
      }
    }
    return unknown('unrecognised');
  } catch {
    return unknown('unrecognised');
  }
}
