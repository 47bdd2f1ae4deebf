// Runs in: Node (engine). What the engine calls to print: a dossier receipt, a queue ticket, the
// technician test page. Job ids are derived from the business key, so asking twice (a retried IPC
// call, a double tap) queues one ticket.
import type { Printer } from '../../../hardware/printer/printer';
import type { PrintDocument, PrintSettings } from '../../../hardware/printer/document';
import { KioskError } from '../../shared/errors';
import { buildReceiptQrPayload, toVietnamIso } from './receipt-qr';
import { loadTemplate, renderTemplate, type TemplateValues } from './templates';

export interface ReceiptData {
  centreName: string;
  centreAddress?: string;
  dossierCode: string;
  procedureCode: string;
  procedureName: string;
  applicantName: string;
  /** CCCD number (12 digits) or other ID; printed masked, carried whole in the QR. */
  applicantId: string;
  /** ISO 8601. */
  receivedAt: string;
  /** ISO 8601 date or date-time. */
  appointmentDate: string;
  /** Source system code in the QR, e.g. the provincial procedure system. Default "MOTCUA-KIOSK". */
  sourceSystem?: string;
  /** Document name in the QR. Default "Giấy tiếp nhận hồ sơ và hẹn trả kết quả". */
  documentName?: string;
}

export interface QueueTicketData {
  centreName: string;
  serviceCode: string;
  serviceName: string;
  number: number;
  /** ISO 8601. */
  issuedAt: string;
  waitingAhead: number;
}

const vnParts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const part = (d: Date) => Object.fromEntries(vnParts.formatToParts(d).map((p) => [p.type, p.value]));
/** "23/11/2026 10:10", Vietnam time: the order Vietnamese forms use. */
const vnDateTime = { format: (d: Date) => { const p = part(d); return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`; } };
const vnDate = { format: (d: Date) => { const p = part(d); return `${p.day}/${p.month}/${p.year}`; } };

function date(value: string, field: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new KioskError({ code: 'ticket.invalid-data', technicianMessage: `${field} is not a valid ISO 8601 date`, citizenMessage: 'Dữ liệu phiếu in không hợp lệ. Xin vui lòng báo cán bộ.' });
  return d;
}

/** "001******789": enough for the citizen to recognise the number, not enough to reuse it. */
export function maskId(id: string): string {
  const s = id.replace(/\s+/g, '');
  if (s.length <= 4) return '*'.repeat(s.length);
  const keep = s.length >= 9 ? 3 : 1;
  return s.slice(0, keep) + '*'.repeat(s.length - 2 * keep) + s.slice(-keep);
}

export function formatQueueNumber(serviceCode: string, n: number): string {
  return `${serviceCode.toUpperCase()}-${String(n).padStart(3, '0')}`;
}

export const DEFAULT_DOCUMENT_NAME = 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả';

export function receiptValues(r: ReceiptData): TemplateValues {
  const received = date(r.receivedAt, 'receivedAt');
  const appointment = date(r.appointmentDate, 'appointmentDate');
  return {
    centreName: r.centreName,
    centreAddress: r.centreAddress ?? '',
    dossierCode: r.dossierCode,
    procedureCode: r.procedureCode,
    procedureName: r.procedureName,
    applicantName: r.applicantName,
    applicantIdMasked: maskId(r.applicantId),
    receivedAt: vnDateTime.format(received),
    appointmentDate: vnDate.format(appointment),
    qrPayload: buildReceiptQrPayload({
      dossierCode: r.dossierCode,
      procedureCode: r.procedureCode,
      applicantId: r.applicantId,
      documentName: r.documentName ?? DEFAULT_DOCUMENT_NAME,
      sourceSystem: r.sourceSystem ?? 'MOTCUA-KIOSK',
      issuedAt: toVietnamIso(received),
    }),
  };
}

/** A staff reprint: which one, and when. Printed big so it is never taken for the original. */
export interface ReprintMark {
  number: number;
  at: Date;
}

export const REPRINT_MARK = 'BẢN IN LẠI';

export function reprintValues(mark: ReprintMark | undefined): TemplateValues {
  if (!mark) return { reprintMark: '', reprintNote: '' };
  return {
    reprintMark: REPRINT_MARK,
    reprintNote: `${REPRINT_MARK} lần ${mark.number}, in lúc ${vnDateTime.format(mark.at)}. Không phải bản gốc.`,
  };
}

export async function receiptDocument(r: ReceiptData, widthDots: number, reprint?: ReprintMark): Promise<PrintDocument> {
  let template = loadTemplate('dossier-receipt');
  // A centre's edited template may lack the reprint lines: a reprint still carries the mark, right
  // under the QR (which stays first, top left, as Circular 01/2023 asks).
  if (reprint && !template.blocks.some((b) => b.type === 'text' && b.text.includes('{{reprintMark}}'))) {
    const mark = { type: 'text' as const, text: '{{reprintMark}}', size: 'huge' as const, bold: true, align: 'center' as const };
    const note = { type: 'text' as const, text: '{{reprintNote}}', size: 'small' as const, align: 'center' as const };
    template = { ...template, blocks: [template.blocks[0]!, mark, ...template.blocks.slice(1), note] };
  }
  return renderTemplate(template, { ...receiptValues(r), ...reprintValues(reprint) }, { widthDots });
}

export async function queueTicketDocument(t: QueueTicketData, widthDots: number): Promise<PrintDocument> {
  return renderTemplate(
    loadTemplate('queue-ticket'),
    {
      centreName: t.centreName,
      serviceName: t.serviceName,
      displayNumber: formatQueueNumber(t.serviceCode, t.number),
      waitingAhead: String(t.waitingAhead),
      issuedAt: vnDateTime.format(date(t.issuedAt, 'issuedAt')),
    },
    { widthDots },
  );
}

const CUT_LABEL = { full: 'cắt đứt', partial: 'cắt chừa mép', none: 'không cắt' } as const;

/** "+2 (110 %)", or the printer's own setting when none is configured. */
export function darknessLabel(darkness: number | undefined): string {
  if (darkness === undefined) return 'theo máy in';
  return `${darkness > 0 ? '+' : ''}${darkness} (${100 + 5 * darkness} %)`;
}

export async function testPageDocument(
  profile: { id: string; widthDots: number; dpi: number; cutter?: 'none' | 'partial' | 'full' },
  now = new Date(),
  settings: PrintSettings = {},
): Promise<PrintDocument> {
  const cut = profile.cutter === 'none' ? 'none' : (settings.cut ?? profile.cutter ?? 'none');
  return renderTemplate(
    loadTemplate('test-page'),
    {
      profileId: profile.id,
      widthDots: profile.widthDots,
      dpi: profile.dpi,
      printedAt: vnDateTime.format(now),
      testQr: 'Kiểm tra QR: Một cửa – ĂÂÊÔƠƯĐ',
      darkness: darknessLabel(settings.darkness),
      cut: CUT_LABEL[cut],
    },
    { widthDots: profile.widthDots },
  );
}

/**
 * Queues the receipt; job id `receipt:<dossier>`, or `…:reprint-<n>` for a staff reprint, which is
 * also marked "BẢN IN LẠI" on the ticket.
 */
export async function printReceipt(printer: Printer, r: ReceiptData, opts: { reprint?: number; now?: Date } = {}): Promise<{ jobId: string }> {
  const jobId = `receipt:${r.dossierCode}${opts.reprint ? `:reprint-${opts.reprint}` : ''}`;
  const mark = opts.reprint ? { number: opts.reprint, at: opts.now ?? new Date() } : undefined;
  await printer.submit(jobId, 'receipt', await receiptDocument(r, printer.profile.widthDots, mark));
  return { jobId };
}

export async function printQueueTicket(printer: Printer, t: QueueTicketData): Promise<{ jobId: string }> {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(date(t.issuedAt, 'issuedAt'));
  const jobId = `queue:${day}:${t.serviceCode}:${t.number}`;
  await printer.submit(jobId, 'queue-ticket', await queueTicketDocument(t, printer.profile.widthDots));
  return { jobId };
}

export async function printTestPage(printer: Printer, now = new Date()): Promise<{ jobId: string }> {
  const jobId = `test:${now.getTime()}`;
  await printer.submit(jobId, 'test-page', await testPageDocument(printer.profile, now, printer.printSettings()));
  return { jobId };
}
