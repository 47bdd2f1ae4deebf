// Runs in: Node (simulator). Draws a printed page as a PNG: raster bands as sent, `GS ( k` as a
// real QR symbol (qrcode package, byte mode, the exact bytes received), code-page text with the
// bundled font, 1D barcodes as real bars (barcode-bars.ts) with their human-readable line.
import QRCode from 'qrcode';
import { renderTextBitmap } from '../../printer/text-raster';
import type { Bitmap } from '../../printer/escpos';
import { bytesPerRow } from '../../printer/escpos';
import { emptyBitmap, placeBitmap, setPixel, getPixel } from '../../printer/bitmap';
import { barWidths, hriText } from './barcode-bars';
import { HRI_DOTS, type Page, type PageItem } from './model';

/** White margin around the paper image, so decoders find the QR quiet zone. */
export const MARGIN = 24;

function qrBitmap(data: Uint8Array, moduleSize: number, ecLevel: 'L' | 'M' | 'Q' | 'H'): Bitmap {
  const qr = QRCode.create([{ data: Buffer.from(data), mode: 'byte' }], { errorCorrectionLevel: ecLevel });
  const n = qr.modules.size;
  const bmp = emptyBitmap(n * moduleSize, n * moduleSize);
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      for (let dy = 0; dy < moduleSize; dy++) for (let dx = 0; dx < moduleSize; dx++) setPixel(bmp, c * moduleSize + dx, r * moduleSize + dy);
    }
  }
  return bmp;
}

/** The bars (and HRI text) of a `GS k` barcode; null when the printer would print nothing. */
async function barcodeBitmap(item: Extract<PageItem, { type: 'barcode' }>, widthDots: number): Promise<Bitmap | null> {
  const widths = barWidths(item.system, item.data);
  if (!widths) return null;
  const modules = widths.reduce((a, b) => a + b, 0);
  // Too wide for the paper: a real printer prints nothing rather than a clipped, unreadable code.
  if (modules * item.moduleDots > widthDots) return null;
  const bars = emptyBitmap(modules * item.moduleDots, item.heightDots);
  let x = 0;
  widths.forEach((w, i) => {
    if (i % 2 === 0) for (let dx = 0; dx < w * item.moduleDots; dx++) for (let y = 0; y < item.heightDots; y++) setPixel(bars, x + dx, y);
    x += w * item.moduleDots;
  });
  if (item.hri === 'none') return bars;
  const text = await renderTextBitmap(hriText(item.system, item.data), { width: bars.width, sizePx: 22, bold: false, align: 'center' });
  const line = emptyBitmap(bars.width, HRI_DOTS);
  for (let y = 0; y < Math.min(text.height, HRI_DOTS); y++) for (let xx = 0; xx < bars.width; xx++) if (getPixel(text, xx, y)) setPixel(line, xx, y);
  const parts = item.hri === 'above' ? [line, bars] : item.hri === 'below' ? [bars, line] : [line, bars, line];
  const out = emptyBitmap(bars.width, parts.reduce((h, p) => h + p.height, 0));
  let top = 0;
  for (const p of parts) {
    for (let y = 0; y < p.height; y++) for (let xx = 0; xx < p.width; xx++) if (getPixel(p, xx, y)) setPixel(out, xx, top + y);
    top += p.height;
  }
  return out;
}

/** The page as one 1-bit bitmap `widthDots` wide. */
export async function renderPageBitmap(page: Page, widthDots: number): Promise<Bitmap> {
  const rows: Bitmap[] = [];
  for (const item of page.items) {
    switch (item.type) {
      case 'feed':
        rows.push(emptyBitmap(widthDots, item.dots));
        break;
      case 'raster':
        rows.push(placeBitmap({ width: item.width, height: item.height, data: item.data }, widthDots, item.align));
        break;
      case 'qr':
        rows.push(placeBitmap(qrBitmap(item.data, item.moduleSize, item.ecLevel), widthDots, item.align));
        break;
      case 'barcode': {
        const bmp = await barcodeBitmap(item, widthDots);
        if (bmp) rows.push(placeBitmap(bmp, widthDots, item.align));
        break;
      }
      case 'text': {
        const bmp = await renderTextBitmap(item.text, { width: widthDots, sizePx: 24 * item.height, bold: item.bold, align: item.align });
        const out = emptyBitmap(widthDots, item.heightDots);
        for (let y = 0; y < Math.min(bmp.height, item.heightDots); y++) for (let x = 0; x < widthDots; x++) if (getPixel(bmp, x, y)) setPixel(out, x, y);
        rows.push(out);
        break;
      }
    }
  }
  const height = Math.max(1, rows.reduce((h, r) => h + r.height, 0));
  const out = emptyBitmap(widthDots, height);
  const row = bytesPerRow(widthDots);
  let y = 0;
  for (const r of rows) {
    out.data.set(r.data.subarray(0, row * r.height), y * row);
    y += r.height;
  }
  return out;
}

/**
 * Grey of a printed dot at a print density (percent of standard): thermal paper darkens with the
 * heat, so a light setting shows as grey dots; the standard and above as black.
 */
export function inkLevel(densityPercent: number): number {
  return Math.round(Math.min(255, Math.max(0, (100 - densityPercent) * 4)));
}

/** 1-bit bitmap -> greyscale PNG with a white margin; dots drawn in `ink` (0 = black). */
export async function bitmapToPng(bmp: Bitmap, margin = MARGIN, ink = 0): Promise<Buffer> {
  const w = bmp.width + 2 * margin;
  const h = bmp.height + 2 * margin;
  const grey = Buffer.alloc(w * h, 255);
  for (let y = 0; y < bmp.height; y++) for (let x = 0; x < bmp.width; x++) if (getPixel(bmp, x, y)) grey[(y + margin) * w + x + margin] = ink;
  // sharp loads with the first page printed, not when the virtual printer starts.
  const sharp = (await import('sharp')).default;
  return sharp(grey, { raw: { width: w, height: h, channels: 1 } }).png().toBuffer();
}

export async function renderPagePng(page: Page, widthDots: number): Promise<Buffer> {
  return bitmapToPng(await renderPageBitmap(page, widthDots), MARGIN, inkLevel(page.density));
}
