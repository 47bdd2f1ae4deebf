// Runs in: Node (engine). Pure. Grey pixels -> 1-bit printer bitmaps, and the bitmap helpers the
// templates use (rules, alignment grid, darkness steps).
import type { Bitmap } from './escpos';
import { bytesPerRow } from './escpos';

export function emptyBitmap(width: number, height: number): Bitmap {
  return { width, height, data: new Uint8Array(bytesPerRow(width) * height) };
}

export function setPixel(bmp: Bitmap, x: number, y: number): void {
  if (x < 0 || y < 0 || x >= bmp.width || y >= bmp.height) return;
  const i = y * bytesPerRow(bmp.width) + (x >> 3);
  bmp.data[i] = bmp.data[i]! | (0x80 >> (x & 7));
}

export function getPixel(bmp: Bitmap, x: number, y: number): boolean {
  return ((bmp.data[y * bytesPerRow(bmp.width) + (x >> 3)]! >> (7 - (x & 7))) & 1) === 1;
}

export type DitherMethod = 'threshold' | 'floyd-steinberg';

/**
 * `ink` holds one byte per pixel, 0 = paper, 255 = full ink. Text uses a crisp threshold (dithered
 * glyph edges look fuzzy on a 203 dpi head); photos and logos use Floyd–Steinberg.
 */
export function inkToBitmap(ink: Uint8Array, width: number, height: number, method: DitherMethod = 'threshold', threshold = 110): Bitmap {
  const bmp = emptyBitmap(width, height);
  if (method === 'threshold') {
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (ink[y * width + x]! > threshold) setPixel(bmp, x, y);
    return bmp;
  }
  const err = new Float32Array(width * height);
  for (let i = 0; i < ink.length; i++) err[i] = ink[i]!;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const old = err[i]!;
      const on = old > 127;
      if (on) setPixel(bmp, x, y);
      const e = old - (on ? 255 : 0);
      if (x + 1 < width) err[i + 1]! += (e * 7) / 16;
      if (y + 1 < height) {
        if (x > 0) err[i + width - 1]! += (e * 3) / 16;
        err[i + width]! += (e * 5) / 16;
        if (x + 1 < width) err[i + width + 1]! += e / 16;
      }
    }
  }
  return bmp;
}

/** Copies `src` into a `width`-wide bitmap at the given alignment. */
export function placeBitmap(src: Bitmap, width: number, alignment: 'left' | 'center' | 'right'): Bitmap {
  const w = Math.min(src.width, width);
  const x0 = alignment === 'left' ? 0 : alignment === 'center' ? Math.floor((width - w) / 2) : width - w;
  const out = emptyBitmap(width, src.height);
  for (let y = 0; y < src.height; y++) for (let x = 0; x < w; x++) if (getPixel(src, x, y)) setPixel(out, x0 + x, y);
  return out;
}

export function ruleBitmap(width: number, thickness = 2, dashed = false): Bitmap {
  const out = emptyBitmap(width, thickness + 8);
  for (let y = 4; y < 4 + thickness; y++) for (let x = 0; x < width; x++) if (!dashed || x % 12 < 7) setPixel(out, x, y);
  return out;
}

/** A grid of 1-dot lines every `step` dots with a solid border: shows head alignment and skew. */
export function gridBitmap(width: number, height: number, step = 32): Bitmap {
  const out = emptyBitmap(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (x % step === 0 || y % step === 0 || x === width - 1 || y === height - 1 || x < 2 || y < 2 || x >= width - 2 || y >= height - 2) setPixel(out, x, y);
    }
  }
  return out;
}

/** `steps` bars of ordered-dither density 0..100 %: shows the head's darkness response. */
export function darknessStepsBitmap(width: number, height: number, steps = 8): Bitmap {
  const bayer = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5];
  const out = emptyBitmap(width, height);
  const barW = Math.floor(width / steps);
  for (let x = 0; x < width; x++) {
    const s = Math.min(steps - 1, Math.floor(x / barW));
    const level = ((s + 1) / steps) * 16;
    for (let y = 0; y < height; y++) if (bayer[(y % 4) * 4 + (x % 4)]! < level) setPixel(out, x, y);
  }
  return out;
}

export function stackBitmaps(parts: readonly Bitmap[], width: number): Bitmap {
  const height = parts.reduce((h, p) => h + p.height, 0);
  const out = emptyBitmap(width, height);
  const row = bytesPerRow(width);
  let y = 0;
  for (const p of parts) {
    const placed = p.width === width ? p : placeBitmap(p, width, 'left');
    out.data.set(placed.data, y * row);
    y += p.height;
  }
  return out;
}
