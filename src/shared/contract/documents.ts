// Runs in: every process. The documents step of the procedure journey (thành phần hồ sơ): the
// papers the current draft needs, each scanned on the kiosk's document scanner, previewed,
// rescanned or removed. The pages stay in the engine's citizen session; the UI gets only small
// previews, and the files go into the dossier when it is submitted.
import { z } from 'zod';
import { eventChannel, requestChannel } from './channel';
import { localizedTextSchema as text } from './text';

/** One scanned page as the citizen sees it. */
export const scannedPageSchema = z.object({
  /** 1-based, in the order the pages will be filed. */
  number: z.number().int().positive(),
  /** data:image/jpeg;base64 preview, at most 640 px on its long side. */
  thumbnail: z.string().startsWith('data:image/'),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type ScannedPageView = z.infer<typeof scannedPageSchema>;

export const documentStateSchema = z.object({
  /** Component code (MaThanhPhanHoSo) from the procedure file: what documents.scan takes. */
  id: z.string(),
  name: text,
  /** A plain note from the procedure file ("not needed when the card was read here"). */
  note: text.optional(),
  /** The dossier needs this paper (its condition holds for the answers given). */
  required: z.boolean(),
  /** The paper must be scanned here; with `required`, continuing waits for it. */
  scanRequired: z.boolean(),
  /** original: bring the original; certified-copy: a certified copy; copy-with-original: a copy and the original to compare; any. */
  copies: z.enum(['original', 'certified-copy', 'copy-with-original', 'any']),
  state: z.enum(['missing', 'scanned']),
  pages: z.array(scannedPageSchema),
  /** Size of the file that will be filed (PDF or images), in bytes; 0 when nothing is scanned. */
  bytes: z.number().int().nonnegative(),
  /** True while this document stops the citizen from going on. */
  blocking: z.boolean(),
});
export type DocumentState = z.infer<typeof documentStateSchema>;

export const documentsViewSchema = z.object({
  documents: z.array(documentStateSchema),
  /**
   * ready: the scanner can scan now; busy: a scan is running; offline: configured but not
   * answering; none: this kiosk has no document scanner (the papers go to the counter).
   */
  scanner: z.enum(['ready', 'busy', 'offline', 'none']),
  /** flatbed: one page per scan, on the glass; adf: the feeder takes every sheet in its tray. */
  source: z.enum(['flatbed', 'adf']),
  /** Nothing blocks the review. */
  complete: z.boolean(),
  /** What is still needed, or that the papers go to the counter, in plain words. */
  message: text.optional(),
  /** Most pages one document may have. */
  maxPages: z.number().int().positive(),
});
export type DocumentsView = z.infer<typeof documentsViewSchema>;

const documentId = z.string().min(1).max(64).regex(/^[a-z0-9-]+$/);

/**
 * Codes the documents channels fail with, and what the citizen reads for each. The engine uses
 * these texts (not the driver's generic ones): here the citizen stands at the glass and can act.
 */
export const DOCUMENT_ERROR_MESSAGES = {
  'documents.no-scanner': 'Máy này không có máy quét giấy tờ. Xin mang giấy tờ đến quầy để cán bộ nhận.',
  'scanner.absent': 'Máy quét đang không hoạt động. Xin vui lòng nhờ cán bộ hỗ trợ.',
  'scanner.unavailable': 'Máy quét đang không hoạt động. Xin vui lòng nhờ cán bộ hỗ trợ.',
  'scanner.busy': 'Máy quét đang bận. Xin chờ một lát rồi bấm “Quét” lần nữa.',
  'scanner.feeder-empty': 'Chưa có giấy trong khay nạp giấy. Xin đặt giấy tờ vào khay, mặt chữ úp xuống, rồi bấm “Quét” lần nữa.',
  'scanner.jammed': 'Giấy bị kẹt trong máy quét. Xin vui lòng nhờ cán bộ lấy giấy ra.',
  'scanner.cover-open': 'Nắp máy quét đang mở. Xin đóng nắp lại rồi bấm “Quét” lần nữa.',
  'scanner.io': 'Máy quét bị ngắt kết nối giữa chừng. Xin bấm “Quét” lần nữa.',
  'scanner.cancelled': 'Đã dừng quét. Giấy tờ này chưa được quét.',
  'scanner.failed': 'Máy quét đang gặp sự cố. Xin vui lòng nhờ cán bộ hỗ trợ.',
  'documents.blank-page': 'Máy không thấy chữ trên trang vừa quét. Xin đặt giấy tờ lên mặt kính, mặt chữ úp xuống, đóng nắp rồi bấm “Quét lại”.',
  'documents.corrupt-image': 'Ảnh quét bị lỗi. Xin bấm “Quét lại”.',
  'documents.too-many-pages': 'Giấy tờ này đã đủ số trang tối đa. Nếu quét sai, xin bấm “Bỏ” rồi quét lại từ đầu.',
  'documents.unknown': 'Giấy tờ này không có trong hồ sơ. Xin quay lại và thử lại.',
  'documents.missing': 'Còn giấy tờ bắt buộc chưa quét. Xin quét các giấy tờ có đánh dấu đỏ.',
  'documents.submitted': 'Hồ sơ đã được nộp, không thay đổi giấy tờ được nữa.',
} as const;
export type DocumentErrorCode = keyof typeof DOCUMENT_ERROR_MESSAGES;

export const documentRequests = {
  'documents.list': requestChannel(
    z.object({}).strict(),
    documentsViewSchema,
    'The papers the session draft needs (after its answers so far), each with its scan state and previews',
  ),
  'documents.scan': requestChannel(
    z
      .object({
        documentId,
        /** true: add the new pages after those already scanned (a second sheet); false: replace them (rescan). */
        append: z.boolean().default(false),
      })
      .strict(),
    documentsViewSchema.extend({ scanned: documentStateSchema }),
    'Scan one document on the document scanner (progress as documents.progress); its pages are kept with the draft until submit',
  ),
  'documents.remove': requestChannel(
    z
      .object({
        documentId,
        /** Only this page (1-based); absent = every page of the document. */
        page: z.number().int().positive().max(100).optional(),
      })
      .strict(),
    documentsViewSchema,
    'Forget the scanned pages of one document (or one page of it)',
  ),
  'documents.cancel': requestChannel(
    z.object({}).strict(),
    z.object({ cancelled: z.boolean() }),
    'Stop the scan that is running; its documents.scan call then fails with scanner.cancelled',
  ),
};

export const documentScanStageSchema = z.enum(['starting', 'scanning', 'processing', 'done']);
export type DocumentScanStage = z.infer<typeof documentScanStageSchema>;

export const documentEvents = {
  'documents.progress': eventChannel(
    z.object({
      documentId: z.string(),
      /** starting: the scanner is warming up; scanning: a sheet moves (page, percent); processing: straightening and compressing; done: finished or failed. */
      stage: documentScanStageSchema,
      /** 1-based page of this scan job (0 before the first page starts). */
      page: z.number().int().nonnegative(),
      /** Of the current page, 0–100, when the driver reports it. */
      percent: z.number().min(0).max(100).optional(),
    }),
    'Progress of a running documents.scan, per page (no image data: that comes in the scan reply)',
  ),
};
