// Runs in: Node (engine). The only door images come in through: header check first, then decode
// with sharp's own pixel limit as a second guard, so a hostile or absurd file never reaches the
// decoder's allocation (a 60000x60000 PNG is 90 bytes of header and 3.6 GB of pixels).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Metadata, Sharp } from 'sharp';
import { loadSharp } from './sharp';
import { KioskError } from '../../shared/errors';

/** 600 dpi A4 is 35 MP; 50 MP leaves room for A3 at 400 dpi and refuses everything silly. */
export const DEFAULT_MAX_PIXELS = 50_000_000;

export interface ImageLimits {
  maxPixels?: number;
  /** File name for messages; never the content. */
  name?: string;
}

export interface ProbedImage {
  format: string;
  width: number;
  height: number;
  channels: number;
  /** Pixels per inch recorded in the file, when it records one. */
  density: number | undefined;
}

export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

function corrupt(name: string, cause: unknown): KioskError {
  return new KioskError({
    code: 'image.corrupt',
    technicianMessage: `image ${name} could not be decoded (corrupt, truncated or not an image): ${cause instanceof Error ? cause.message : String(cause)}`,
    citizenMessage: 'Không đọc được ảnh. Xin vui lòng quét hoặc chụp lại.',
    retryable: true,
    cause,
  });
}

function tooLarge(name: string, width: number, height: number, max: number): KioskError {
  return new KioskError({
    code: 'image.too-large',
    technicianMessage: `image ${name} is ${width}x${height} (${width * height} px), above the ${max} px limit; refused before decoding`,
    citizenMessage: 'Ảnh quá lớn. Xin vui lòng quét lại với độ phân giải thấp hơn.',
  });
}

/**
 * Netpbm (P5 grey / P6 RGB, 8-bit) is what SANE produces natively and sharp's prebuilt libvips
 * does not read, so it is unpacked here into sharp's raw input. Returns undefined for non-PNM.
 */
export function parsePnm(buf: Buffer, name = 'image'): { raw: Buffer; width: number; height: number; channels: 1 | 3 } | undefined {
  if (buf.length < 2 || buf[0] !== 0x50 || (buf[1] !== 0x35 && buf[1] !== 0x36)) return undefined;
  const channels = buf[1] === 0x35 ? 1 : 3;
  const fields: number[] = [];
  let i = 2;
  while (fields.length < 3 && i < buf.length && i < 4096) {
    const c = buf[i]!;
    if (c === 0x23) {
      while (i < buf.length && buf[i] !== 0x0a) i++;
    } else if (c >= 0x30 && c <= 0x39) {
      let v = 0;
      while (i < buf.length && buf[i]! >= 0x30 && buf[i]! <= 0x39 && v < 1e9) v = v * 10 + (buf[i++]! - 0x30);
      fields.push(v);
      continue;
    } else if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
      throw corrupt(name, new Error('bad PNM header'));
    }
    i++;
  }
  const [width, height, maxval] = fields as [number | undefined, number | undefined, number | undefined];
  if (!width || !height || maxval !== 255) throw corrupt(name, new Error('PNM header incomplete or not 8-bit'));
  const start = i + 1;
  const need = width * height * channels;
  if (buf.length - start < need) throw corrupt(name, new Error(`PNM truncated: ${buf.length - start} of ${need} bytes`));
  return { raw: buf.subarray(start, start + need), width, height, channels };
}

/** Reads only the header. Throws `image.corrupt` or `image.too-large`. */
export async function probeImage(input: Buffer, limits: ImageLimits = {}): Promise<ProbedImage> {
  const name = limits.name ?? 'image';
  const max = limits.maxPixels ?? DEFAULT_MAX_PIXELS;
  const pnm = input.length > 2 && input[0] === 0x50 && (input[1] === 0x35 || input[1] === 0x36) ? parsePnmHeaderOnly(input, name) : undefined;
  if (pnm) {
    if (pnm.width * pnm.height > max) throw tooLarge(name, pnm.width, pnm.height, max);
    return { format: 'pnm', width: pnm.width, height: pnm.height, channels: pnm.channels, density: undefined };
  }
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw corrupt(name, err);
  }
  const width = meta.width ?? 0;
  const height = (meta.pageHeight ?? meta.height ?? 0) * Math.max(1, meta.pages ?? 1);
  if (!width || !height) throw corrupt(name, new Error('no dimensions in header'));
  if (width * height > max) throw tooLarge(name, width, height, max);
  return { format: meta.format ?? 'unknown', width, height: meta.height ?? height, channels: meta.channels ?? 1, density: meta.density };
}

function parsePnmHeaderOnly(buf: Buffer, name: string): { width: number; height: number; channels: number } {
  // Header parsing without the length check, so an absurd PNM is refused as too large, not truncated.
  const head = Buffer.from(buf.subarray(0, Math.min(buf.length, 4096)));
  const m = /^P([56])\s+(?:#[^\n]*\n\s*)*(\d+)\s+(?:#[^\n]*\n\s*)*(\d+)/.exec(head.toString('latin1'));
  if (!m) throw corrupt(name, new Error('bad PNM header'));
  return { width: Number(m[2]), height: Number(m[3]), channels: m[1] === '5' ? 1 : 3 };
}

/**
 * Probes, then opens the image for processing. The returned Sharp pipeline still carries
 * `limitInputPixels`, and errors surface when it runs, so callers wrap with `runImage`.
 */
export async function openImage(input: Buffer | string, limits: ImageLimits = {}): Promise<{ image: Sharp; info: ProbedImage }> {
  const name = limits.name ?? (typeof input === 'string' ? path.basename(input) : 'image');
  let buf: Buffer;
  if (typeof input === 'string') {
    try {
      buf = await readFile(input);
    } catch (err) {
      throw new KioskError({ code: 'image.unreadable', technicianMessage: `cannot read image file ${name}: ${(err as Error).message}`, citizenMessage: 'Không đọc được ảnh. Xin vui lòng thử lại.', cause: err });
    }
  } else buf = input;
  const info = await probeImage(buf, { ...limits, name });
  const max = limits.maxPixels ?? DEFAULT_MAX_PIXELS;
  const pnm = parsePnm(buf, name);
  const sharp = await loadSharp();
  const image = pnm
    ? sharp(pnm.raw, { raw: { width: pnm.width, height: pnm.height, channels: pnm.channels }, limitInputPixels: max })
    : sharp(buf, { limitInputPixels: max, failOn: 'error' });
  return { image, info };
}

/** Runs a sharp pipeline, turning decoder failures (truncated data found mid-decode) into KioskErrors. */
export async function runImage<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof KioskError) throw err;
    throw corrupt(name, err);
  }
}

/** Greyscale raw pixels, downscaled so the longer side is at most `maxSide` (0 = full size). */
export async function toGrey(image: Sharp, maxSide = 0, name = 'image'): Promise<GreyImage> {
  return runImage(name, async () => {
    // rotate() with no angle applies the EXIF orientation of phone photos.
    let p = image.clone().rotate().greyscale();
    if (maxSide > 0) p = p.resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
    const { data, info } = await p.raw().toColourspace('b-w').toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  });
}
