// Runs in: Node (engine). Vietnamese text -> 1-bit bitmap with the bundled DejaVu font (libvips'
// Pango/HarfBuzz through sharp), because receipt printers rarely carry a Vietnamese code page.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// sharp loads with the first text or logo rendered (a ticket), not on the kiosk's boot.
import { KioskError } from '../../src/shared/errors';
import type { Bitmap } from './escpos';
import { emptyBitmap, inkToBitmap, placeBitmap } from './bitmap';

export const FONT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources/fonts');
export const FONT_REGULAR = path.join(FONT_DIR, 'DejaVuSans.ttf');
export const FONT_BOLD = path.join(FONT_DIR, 'DejaVuSans-Bold.ttf');

export interface TextRasterOptions {
  /** Target width in dots (the printable width). */
  width: number;
  /** Glyph size in dots (pixels on the head). */
  sizePx?: number;
  bold?: boolean;
  align?: 'left' | 'center' | 'right';
  threshold?: number;
}

const escapeMarkup = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Renders (and word-wraps) `text`; NFC-normalised first so decomposed input shapes the same. */
export async function renderTextBitmap(text: string, opts: TextRasterOptions): Promise<Bitmap> {
  const nfc = text.normalize('NFC');
  const size = opts.sizePx ?? 24;
  if (nfc.trim() === '') return emptyBitmap(opts.width, Math.round(size * 1.2));
  const bold = opts.bold ?? false;
  const sharp = (await import('sharp')).default;
  try {
    const { data, info } = await sharp({
      text: {
        text: `<span font_desc="DejaVu Sans${bold ? ' Bold' : ''} ${size}px">${escapeMarkup(nfc)}</span>`,
        fontfile: bold ? FONT_BOLD : FONT_REGULAR,
        width: opts.width,
        align: opts.align === 'center' ? 'centre' : (opts.align ?? 'left'),
        wrap: 'word-char',
        rgba: true,
        dpi: 72,
      },
    })
      .extractChannel(3)
      .raw()
      .toBuffer({ resolveWithObject: true });
    // A little space above and below keeps lines from touching when stacked.
    const pad = Math.max(2, Math.round(size * 0.15));
    const ink = new Uint8Array(info.width * (info.height + 2 * pad));
    ink.set(data, info.width * pad);
    const bmp = inkToBitmap(ink, info.width, info.height + 2 * pad, 'threshold', opts.threshold ?? 100);
    return placeBitmap(bmp, opts.width, opts.align ?? 'left');
  } catch (error) {
    throw new KioskError({
      code: 'printer.text-render-failed',
      technicianMessage: `text rasterisation failed: ${error instanceof Error ? error.message : String(error)}`,
      citizenMessage: 'Máy in gặp lỗi dữ liệu. Xin vui lòng báo cán bộ.',
      cause: error,
    });
  }
}

/** Greyscale image file or buffer (logo) -> dithered bitmap at most `width` dots wide. */
export async function renderImageBitmap(input: Buffer | string, width: number, method: 'threshold' | 'floyd-steinberg' = 'floyd-steinberg'): Promise<Bitmap> {
  const sharp = (await import('sharp')).default;
  try {
    const { data, info } = await sharp(input)
      .flatten({ background: '#ffffff' })
      .greyscale()
      .resize({ width, withoutEnlargement: true })
      .negate()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return inkToBitmap(new Uint8Array(data.buffer, data.byteOffset, data.length), info.width, info.height, method);
  } catch (error) {
    throw new KioskError({
      code: 'printer.image-invalid',
      technicianMessage: `logo/image could not be decoded: ${error instanceof Error ? error.message : String(error)}`,
      citizenMessage: 'Máy in gặp lỗi dữ liệu. Xin vui lòng báo cán bộ.',
      cause: error,
    });
  }
}
