// Runs in: Node (engine). One scanned sheet → what is filed (a compressed, straightened page) and
// what the citizen sees (a preview of exactly that page), after checking a paper was there at all.
import { KioskError, isKioskError } from '../../shared/errors';
import { DOCUMENT_ERROR_MESSAGES } from '../../shared/contract/documents';
import type { ScannerCalibration } from '../config/schema';
import { compressPage, openImage, prepareImage, thumbnail, toGrey, type CompressedPage, type GreyImage } from '../imaging';
import { prepareScannedPage } from '../imaging/calibration';

/** Long side of the preview the UI shows large on the documents screen. */
export const PREVIEW_SIDE = 640;
/** Side of the copy the blank check looks at. */
const CHECK_SIDE = 1000;
/** Levels from the page's median that count as "something printed". */
const INK_DISTANCE = 48;
/**
 * Below this share of pixels away from the paper's own level the sheet is blank (or absent: an
 * open lid scans uniformly dark). A line of text at 300 dpi is ~0.3 % of an A4 page; this is a
 * tenth of that, so a page with only a stamp and a signature still passes.
 */
const BLANK_SHARE = 0.0005;

export interface ProcessedPage {
  stored: CompressedPage;
  preview: { data: Buffer; width: number; height: number };
  skewAngle: number;
}

/** Share of pixels clearly darker or lighter than the median: ~0 for an empty glass. */
export function markShare(grey: GreyImage): number {
  const hist = new Uint32Array(256);
  for (const v of grey.data) hist[v]!++;
  const n = grey.data.length;
  let seen = 0;
  let median = 0;
  for (; median < 256; median++) {
    seen += hist[median]!;
    if (seen * 2 >= n) break;
  }
  let marks = 0;
  for (let v = 0; v < 256; v++) if (Math.abs(v - median) > INK_DISTANCE) marks += hist[v]!;
  return n === 0 ? 0 : marks / n;
}

function corruptImage(cause: unknown): KioskError {
  return new KioskError({
    code: 'documents.corrupt-image',
    technicianMessage: `scanned page unusable: ${isKioskError(cause) ? `${cause.code}: ${cause.technicianMessage}` : String(cause)}`,
    citizenMessage: DOCUMENT_ERROR_MESSAGES['documents.corrupt-image'],
    retryable: true,
    cause,
  });
}

/**
 * Blank check, deskew and contrast (no crop: a sheet as large as the glass has no border to find,
 * and cropping a document must never cut text off), compression within the per-page budget, and
 * a preview of the compressed page itself so the citizen judges what the officer will see.
 */
export async function processScannedPage(data: Buffer, opts: { dpi: number; name: string; calibration?: ScannerCalibration }): Promise<ProcessedPage> {
  try {
    const { image } = await openImage(data, { name: opts.name });
    const share = markShare(await toGrey(image, CHECK_SIDE, opts.name));
    if (share < BLANK_SHARE) {
      throw new KioskError({
        code: 'documents.blank-page',
        technicianMessage: `scanned page looks empty (${(share * 100).toFixed(3)} % marked pixels)`,
        citizenMessage: DOCUMENT_ERROR_MESSAGES['documents.blank-page'],
        retryable: true,
      });
    }
    // The technician's calibration (margins, deskew limit, crop) when one is saved for this scanner.
    const prepared = opts.calibration ? await prepareScannedPage(data, opts.calibration, opts.dpi, opts.name) : await prepareImage(data, { name: opts.name, crop: false });
    const stored = await compressPage(prepared.data, { name: opts.name, dpi: opts.dpi });
    const preview = await thumbnail(stored.data, { name: opts.name, maxSide: PREVIEW_SIDE });
    return { stored, preview, skewAngle: prepared.skewAngle };
  } catch (error) {
    if (isKioskError(error) && error.code === 'documents.blank-page') throw error;
    throw corruptImage(error);
  }
}
