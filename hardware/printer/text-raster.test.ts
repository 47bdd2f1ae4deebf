// Runs in: Node (vitest). Vietnamese text rasterised with the bundled font.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderTextBitmap } from './text-raster';
import { getPixel } from './bitmap';
import type { Bitmap } from './escpos';

const ink = (b: Bitmap) => {
  let n = 0;
  for (let y = 0; y < b.height; y++) for (let x = 0; x < b.width; x++) if (getPixel(b, x, y)) n++;
  return n;
};
const diff = (a: Bitmap, b: Bitmap) => {
  let n = 0;
  const h = Math.max(a.height, b.height);
  for (let y = 0; y < h; y++) for (let x = 0; x < a.width; x++) if ((y < a.height && getPixel(a, x, y)) !== (y < b.height && getPixel(b, x, y))) n++;
  return n;
};

const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata/vietnamese-golden.png');
const GOLDEN_TEXT = 'Giấy tiếp nhận hồ sơ — Đăng ký khai sinh: ĂÂÊÔƠƯĐ ắằẳẵặ ướừửữự';

describe('Vietnamese text raster', () => {
  it('is not blank, is full printable width, and NFD input renders like NFC', async () => {
    const nfc = await renderTextBitmap('Nguyễn Thị Ánh Tuyết', { width: 576 });
    expect(nfc.width).toBe(576);
    expect(ink(nfc)).toBeGreaterThan(300);
    const nfd = await renderTextBitmap('Nguyễn Thị Ánh Tuyết'.normalize('NFD'), { width: 576 });
    expect(diff(nfc, nfd)).toBe(0);
  });

  it('draws the breve: "a" and "ă" differ, and only above the x-height', async () => {
    const a = await renderTextBitmap('a', { width: 64, sizePx: 40 });
    const ab = await renderTextBitmap('ă', { width: 64, sizePx: 40 });
    expect(diff(a, ab)).toBeGreaterThan(20);
    expect(ink(ab)).toBeGreaterThan(ink(a));
    // Each tone mark is a distinct glyph.
    const tones = await Promise.all(['ă', 'ắ', 'ằ', 'ẳ', 'ẵ', 'ặ'].map((t) => renderTextBitmap(t, { width: 64, sizePx: 40 })));
    for (let i = 0; i < tones.length; i++) for (let j = i + 1; j < tones.length; j++) expect(diff(tones[i]!, tones[j]!)).toBeGreaterThan(5);
  });

  it('matches the golden image within 1 % of pixels', async () => {
    const bmp = await renderTextBitmap(GOLDEN_TEXT, { width: 576, sizePx: 26 });
    const { data, info } = await sharp(readFileSync(GOLDEN)).greyscale().raw().toBuffer({ resolveWithObject: true });
    expect(info.width).toBe(576);
    let mismatched = 0;
    const h = Math.max(bmp.height, info.height);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < 576; x++) {
        const g = y < info.height ? data[y * 576 + x]! < 128 : false;
        const m = y < bmp.height ? getPixel(bmp, x, y) : false;
        if (g !== m) mismatched++;
      }
    }
    expect(mismatched / (576 * h)).toBeLessThan(0.01);
  });
});
