// Runs in: Node (engine). Scanned pages → one PDF per document, at their physical size.
//
// The pages come out of the imaging pipeline already compressed within the per-page upload budget
// (mostly 16- or 4-level palette PNG). pdf-lib's own PNG embedding would decode them to 8-bit RGB
// and re-deflate, several times the bytes; a PNG's zlib stream is exactly a PDF FlateDecode stream
// with the PNG predictor, so grey and palette PNGs are copied in as they are (what img2pdf does).
// JPEG pages are DCT streams pdf-lib already copies unchanged.
// pdf-lib loads on the first PDF (its ~0.2 s of module loading is no part of the kiosk's boot).
import type { PDFDocument, PDFRef } from 'pdf-lib';
import { KioskError } from '../../shared/errors';

export interface PdfPage {
  data: Buffer;
  format: 'png' | 'jpeg';
  width: number;
  height: number;
}

interface PngParts {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  palette: Buffer | undefined;
  idat: Buffer;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The chunks a pass-through needs; undefined when the bytes are not a well-formed PNG. */
export function parsePngParts(png: Buffer): PngParts | undefined {
  if (png.length < 33 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  let off = 8;
  let header: Omit<PngParts, 'palette' | 'idat'> | undefined;
  let palette: Buffer | undefined;
  const idat: Buffer[] = [];
  while (off + 12 <= png.length) {
    const length = png.readUInt32BE(off);
    const type = png.toString('latin1', off + 4, off + 8);
    const end = off + 12 + length;
    if (end > png.length) return undefined;
    const data = png.subarray(off + 8, off + 8 + length);
    if (type === 'IHDR' && length === 13) {
      header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), bitDepth: data[8]!, colorType: data[9]!, interlace: data[12]! };
    } else if (type === 'PLTE') palette = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    off = end;
  }
  if (!header || idat.length === 0) return undefined;
  return { ...header, palette, idat: Buffer.concat(idat) };
}

/** Grey or palette, not interlaced, ≤ 8 bits: a FlateDecode stream as it stands. */
function passThrough(pdfLib: typeof import('pdf-lib'), doc: PDFDocument, png: PngParts): PDFRef | undefined {
  const { PDFHexString, PDFName, PDFNumber } = pdfLib;
  const { width, height, bitDepth, colorType, interlace, palette } = png;
  if (interlace !== 0 || ![1, 2, 4, 8].includes(bitDepth)) return undefined;
  let colorSpace: unknown;
  if (colorType === 0) colorSpace = PDFName.of('DeviceGray');
  else if (colorType === 3 && palette && palette.length % 3 === 0 && palette.length >= 3) {
    const entries = palette.length / 3;
    const grey = Array.from({ length: entries }, (_, i) => palette[i * 3]!);
    const isGrey = grey.every((g, i) => g === palette[i * 3 + 1] && g === palette[i * 3 + 2]);
    // A grey palette stays grey in the PDF (one byte per entry instead of three).
    colorSpace = doc.context.obj([
      PDFName.of('Indexed'),
      PDFName.of(isGrey ? 'DeviceGray' : 'DeviceRGB'),
      PDFNumber.of(entries - 1),
      PDFHexString.of((isGrey ? Buffer.from(grey) : palette).toString('hex')),
    ]);
  } else return undefined;
  const stream = doc.context.stream(png.idat, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: width,
    Height: height,
    BitsPerComponent: bitDepth,
    ColorSpace: colorSpace as never,
    Filter: 'FlateDecode',
    DecodeParms: { Predictor: 15, Colors: 1, BitsPerComponent: bitDepth, Columns: width },
  });
  return doc.context.register(stream);
}

/**
 * One PDF page per scanned page, sized from the pixels and the scan resolution so that it prints
 * at the paper's real size. Metadata names the kiosk software only: no personal data.
 */
export async function pagesToPdf(pages: readonly PdfPage[], dpi: number): Promise<Buffer> {
  if (pages.length === 0) throw new KioskError({ code: 'documents.no-pages', technicianMessage: 'a PDF needs at least one page' });
  if (!(dpi > 0)) throw new KioskError({ code: 'documents.bad-dpi', technicianMessage: `scan resolution ${dpi} is not positive` });
  const pdfLib = await import('pdf-lib');
  const { concatTransformationMatrix, drawObject, popGraphicsState, pushGraphicsState } = pdfLib;
  const doc = await pdfLib.PDFDocument.create({ updateMetadata: false });
  doc.setProducer('Motcua Kiosk');
  doc.setCreator('Motcua Kiosk');
  for (const [i, p] of pages.entries()) {
    const w = (p.width / dpi) * 72;
    const h = (p.height / dpi) * 72;
    const page = doc.addPage([w, h]);
    const parts = p.format === 'png' ? parsePngParts(p.data) : undefined;
    const raw = parts && parts.width === p.width && parts.height === p.height ? passThrough(pdfLib, doc, parts) : undefined;
    if (raw) {
      const name = page.node.newXObject(`Scan${i + 1}`, raw);
      page.pushOperators(pushGraphicsState(), concatTransformationMatrix(w, 0, 0, h, 0, 0), drawObject(name), popGraphicsState());
    } else {
      const image = p.format === 'jpeg' ? await doc.embedJpg(p.data) : await doc.embedPng(p.data);
      page.drawImage(image, { x: 0, y: 0, width: w, height: h });
    }
  }
  return Buffer.from(await doc.save());
}
