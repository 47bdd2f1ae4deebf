// Runs in: Node (engine). A scanned page prepared the way the technician calibrated this scanner
// (config `devices.documentScanner.calibration`): the bed's edges trimmed first (lid shadow, the
// glass frame), then deskew within the allowed angle and crop to the document, as configured.
import type { ScannerCalibration } from '../config/schema';
import { openImage, runImage } from './load';
import { prepareImage, type PreparedImage } from './pipeline';

export const DEFAULT_CALIBRATION: ScannerCalibration = { marginMm: { top: 0, right: 0, bottom: 0, left: 0 }, deskew: true, maxDeskewDeg: 5, autoCrop: true };

export interface CalibratedPage extends PreparedImage {
  /** Pixels trimmed from each edge before anything else. */
  trimmedPx: { top: number; right: number; bottom: number; left: number };
}

/** `dpi`: the resolution the page was scanned at (the file's own density is used when present). */
export async function prepareScannedPage(input: Buffer, calibration: ScannerCalibration = DEFAULT_CALIBRATION, dpi = 300, name = 'scan'): Promise<CalibratedPage> {
  const { info } = await openImage(input, { name });
  const density = info.density ?? dpi;
  const px = (mm: number) => Math.round((mm / 25.4) * density);
  const m = calibration.marginMm;
  let trimmedPx = { top: px(m.top), right: px(m.right), bottom: px(m.bottom), left: px(m.left) };
  let page = input;
  if (trimmedPx.top + trimmedPx.right + trimmedPx.bottom + trimmedPx.left > 0) {
    const width = info.width - trimmedPx.left - trimmedPx.right;
    const height = info.height - trimmedPx.top - trimmedPx.bottom;
    if (width < 16 || height < 16) {
      // Margins larger than the page: trimming would leave nothing; the page is kept whole.
      trimmedPx = { top: 0, right: 0, bottom: 0, left: 0 };
    } else {
      const { image } = await openImage(input, { name });
      page = await runImage(name, () => image.extract({ left: trimmedPx.left, top: trimmedPx.top, width, height }).withMetadata({ density }).png().toBuffer());
    }
  }
  const prepared = await prepareImage(page, { name, deskew: calibration.deskew, crop: calibration.autoCrop, maxSkewDeg: calibration.maxDeskewDeg });
  return { ...prepared, trimmedPx };
}

/** A small PNG for the technician's before/after view. */
export async function previewPng(input: Buffer, width = 320): Promise<string> {
  const { image } = await openImage(input, { name: 'preview' });
  const png = await image.resize({ width, withoutEnlargement: true }).png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

