// Runs in: Node (vitest). Scanned pages → PDF: the physical size, and the compressed page copied in
// as it is rather than decoded and re-deflated (which would multiply the upload).
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isKioskError } from '../../shared/errors';
import { parsePngParts, pagesToPdf } from './pdf';

/** A text-like page: black bars on white, `levels` grey levels, as compressPage produces. */
async function page(width: number, height: number, colours: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height, 255);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (y % 40 < 6 && x % 97 < 70) raw[y * width + x] = (x * 7) % 256;
  return sharp(raw, { raw: { width, height, channels: 1 } }).png({ palette: true, colours, compressionLevel: 9 }).toBuffer();
}

describe('pagesToPdf', () => {
  it('sizes each page from pixels and dpi, and copies palette PNG data unchanged', async () => {
    const a = await page(1240, 1754, 16); // A4 at 150 dpi
    const b = await page(600, 800, 4);
    const pdf = await pagesToPdf(
      [
        { data: a, format: 'png', width: 1240, height: 1754 },
        { data: b, format: 'png', width: 600, height: 800 },
      ],
      150,
    );
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(2);
    const { width, height } = doc.getPage(0).getSize();
    expect(width).toBeCloseTo((210 / 25.4) * 72, 0);
    expect(height).toBeCloseTo((297 / 25.4) * 72, 0);
    expect(doc.getPage(1).getSize().width).toBeCloseTo(600 / 150 * 72, 3);
    // The image stream is the PNG's own IDAT bytes: no re-encoding.
    const idat = parsePngParts(a)!.idat;
    const streams = doc.context.enumerateIndirectObjects().map(([, o]) => o).filter((o): o is PDFRawStream => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'));
    expect(streams.some((s) => Buffer.from(s.contents).equals(idat))).toBe(true);
    expect(pdf.length).toBeLessThan(a.length + b.length + 4096);
  });

  it('refuses an empty page list and a zero resolution', async () => {
    const tiny = await page(10, 10, 4);
    for (const [pages, dpi, code] of [
      [[], 300, 'documents.no-pages'],
      [[{ data: tiny, format: 'png' as const, width: 10, height: 10 }], 0, 'documents.bad-dpi'],
    ] as const) {
      const err = await pagesToPdf(pages, dpi).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isKioskError(err) && err.code).toBe(code);
    }
  });

  it('falls back to pdf-lib embedding for a PNG it cannot pass through (RGB)', async () => {
    const rgb = await sharp({ create: { width: 20, height: 30, channels: 3, background: '#336699' } }).png().toBuffer();
    const doc = await PDFDocument.load(await pagesToPdf([{ data: rgb, format: 'png', width: 20, height: 30 }], 300));
    expect(doc.getPageCount()).toBe(1);
    expect(parsePngParts(Buffer.from('not a png'))).toBeUndefined();
  });
});
