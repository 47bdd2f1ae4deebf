// Runs in: Node (engine). Finds and decodes QR codes and barcodes in images (camera frames,
// scanned pages, files).
//
// Two decoders are available and measured against each other (bench/qr.bench.ts, and the
// decode-rate test in decode.test.ts): zxing-cpp through zxing-wasm, and the pure-JS @zxing/library.
// The default, `combined`, is what the measurement chose: zxing-cpp first (it finds more codes and
// several per image), then fallback passes (another binariser, denoising, @zxing/library, upscaling,
// sharpening) run only when the first pass found nothing, so a clean image costs one zxing-cpp call.
//
// The zxing-cpp .wasm is loaded from node_modules (or a path given by the packager) and never from
// its default CDN: the kiosk is offline.
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import sharp, { type Metadata } from 'sharp';
import {
  BarcodeFormat as ZxBarcodeFormat,
  BinaryBitmap,
  DecodeHintType,
  GlobalHistogramBinarizer,
  HybridBinarizer,
  MultiFormatReader,
  NotFoundException,
  RGBLuminanceSource,
  type Result as ZxResult,
} from '@zxing/library';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import { KioskError } from '../../shared/errors';
import { getLogger } from '../log';

const log = getLogger('qr');

/** Our format vocabulary: zxing-cpp's names (`QRCode`, `Code128`, `EAN13`, …). */
export type CodeFormat = string;

export interface DecodedCode {
  format: CodeFormat;
  /** UTF-8 text, NFC-normalised. */
  text: string;
}

export type DecoderId = 'combined' | 'zxing-cpp' | 'zxing-js';

export interface DecodeOptions {
  decoder?: DecoderId;
  /**
   * `combined` only. `thorough` (default) runs every fallback pass on an image without a readable
   * code: right for a scanned page or a file (a blank A4 page at 300 dpi costs seconds). `fast`
   * stops after zxing-cpp's own rotation/inversion pass: right for a camera frame loop, where the
   * next frame is another chance.
   */
  effort?: 'fast' | 'thorough';
  /** Refuse images with more pixels than this before decoding them (default 40 MP). */
  maxPixels?: number;
  /** Refuse files larger than this (default 40 MB). */
  maxBytes?: number;
  /** Name used in error messages (defaults to the path, or "image"). */
  label?: string;
}

export const DEFAULT_MAX_PIXELS = 40_000_000;
export const DEFAULT_MAX_BYTES = 40 * 1024 * 1024;

/** An 8-bit greyscale image. */
export interface LuminanceImage {
  data: Uint8Array;
  width: number;
  height: number;
}

// --- zxing-cpp (wasm) --------------------------------------------------------------------------

let wasmReady: Promise<unknown> | undefined;

/** Where the reader .wasm lives. The packager may override with `QR_WASM_PATH` (resources/). */
export function zxingWasmPath(): string {
  if (process.env.QR_WASM_PATH) return process.env.QR_WASM_PATH;
  const require = createRequire(import.meta.url);
  return require.resolve('zxing-wasm/reader/zxing_reader.wasm');
}

async function ensureWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const file = zxingWasmPath();
    const wasmBinary = await readFile(file).catch((cause: unknown) => {
      throw new KioskError({ code: 'qr.decoder-missing', technicianMessage: `zxing-cpp wasm not found at ${file}`, cause });
    });
    // wasmBinary makes Emscripten instantiate from these bytes; locateFile is never consulted.
    return prepareZXingModule({
      overrides: { wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer },
      fireImmediately: true,
    });
  })();
  try {
    await wasmReady;
  } catch (error) {
    wasmReady = undefined;
    throw error;
  }
}

function toRgba(img: LuminanceImage): { data: Uint8ClampedArray; width: number; height: number; colorSpace: 'srgb' } {
  const rgba = new Uint8ClampedArray(img.width * img.height * 4);
  for (let i = 0, j = 0; i < img.data.length; i++, j += 4) {
    const v = img.data[i]!;
    rgba[j] = v;
    rgba[j + 1] = v;
    rgba[j + 2] = v;
    rgba[j + 3] = 255;
  }
  return { data: rgba, width: img.width, height: img.height, colorSpace: 'srgb' };
}

const CPP_BASE: ReaderOptions = {
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
  maxNumberOfSymbols: 16,
  characterSet: 'UTF8',
  textMode: 'Plain',
};

async function cppPass(rgba: ReturnType<typeof toRgba>, extra: ReaderOptions = {}): Promise<DecodedCode[]> {
  await ensureWasm();
  const results = await readBarcodes(rgba as unknown as ImageData, { ...CPP_BASE, ...extra });
  return results.filter((r) => r.isValid).map((r) => ({ format: r.format, text: r.text.normalize('NFC') }));
}

/** zxing-cpp alone, its own best settings (tryHarder/rotate/invert/downscale). */
export async function decodeWithZxingCpp(img: LuminanceImage): Promise<DecodedCode[]> {
  return cppPass(toRgba(img));
}

// --- @zxing/library (pure JS) ------------------------------------------------------------------

const JS_FORMAT_NAMES: Partial<Record<ZxBarcodeFormat, string>> = {
  [ZxBarcodeFormat.QR_CODE]: 'QRCode',
  [ZxBarcodeFormat.CODE_128]: 'Code128',
  [ZxBarcodeFormat.CODE_39]: 'Code39',
  [ZxBarcodeFormat.CODE_93]: 'Code93',
  [ZxBarcodeFormat.EAN_13]: 'EAN13',
  [ZxBarcodeFormat.EAN_8]: 'EAN8',
  [ZxBarcodeFormat.UPC_A]: 'UPCA',
  [ZxBarcodeFormat.UPC_E]: 'UPCE',
  [ZxBarcodeFormat.ITF]: 'ITF',
  [ZxBarcodeFormat.CODABAR]: 'Codabar',
  [ZxBarcodeFormat.DATA_MATRIX]: 'DataMatrix',
  [ZxBarcodeFormat.PDF_417]: 'PDF417',
  [ZxBarcodeFormat.AZTEC]: 'Aztec',
};

function jsReader(): MultiFormatReader {
  const reader = new MultiFormatReader();
  const hints = new Map<DecodeHintType, unknown>();
  hints.set(DecodeHintType.TRY_HARDER, true);
  // Byte-mode charset is otherwise guessed, and Vietnamese UTF-8 gets guessed wrong.
  hints.set(DecodeHintType.CHARACTER_SET, 'UTF-8');
  hints.set(DecodeHintType.POSSIBLE_FORMATS, Object.keys(JS_FORMAT_NAMES).map(Number));
  reader.setHints(hints);
  return reader;
}

function jsDecodeOnce(img: LuminanceImage, binarizer: 'hybrid' | 'global'): ZxResult | undefined {
  const source = new RGBLuminanceSource(new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.byteLength), img.width, img.height);
  const bitmap = new BinaryBitmap(binarizer === 'hybrid' ? new HybridBinarizer(source) : new GlobalHistogramBinarizer(source));
  try {
    return jsReader().decode(bitmap);
  } catch (error) {
    // zxing-js signals "nothing here" (and checksum/format failures) with exceptions.
    if (error instanceof NotFoundException || (error instanceof Error && /Exception/.test(error.name + error.constructor.name))) return undefined;
    throw error;
  }
}

/** @zxing/library alone: one code per image (it has no multi-reader), hybrid then global binariser. */
export async function decodeWithZxingJs(img: LuminanceImage): Promise<DecodedCode[]> {
  for (const binarizer of ['hybrid', 'global'] as const) {
    const r = jsDecodeOnce(img, binarizer);
    if (r) return [{ format: JS_FORMAT_NAMES[r.getBarcodeFormat()] ?? String(r.getBarcodeFormat()), text: r.getText().normalize('NFC') }];
  }
  return [];
}

// --- combined ----------------------------------------------------------------------------------

function upscale2x(img: LuminanceImage): LuminanceImage {
  const width = img.width * 2;
  const height = img.height * 2;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = (y >> 1) * img.width;
    for (let x = 0; x < width; x++) data[y * width + x] = img.data[row + (x >> 1)]!;
  }
  return { data, width, height };
}

/** 2×2 box average: halves each side. */
function downscale2x(img: LuminanceImage): LuminanceImage {
  const width = img.width >> 1;
  const height = img.height >> 1;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const r0 = 2 * y * img.width;
    const r1 = r0 + img.width;
    for (let x = 0; x < width; x++) {
      const i = 2 * x;
      data[y * width + x] = (img.data[r0 + i]! + img.data[r0 + i + 1]! + img.data[r1 + i]! + img.data[r1 + i + 1]! + 2) >> 2;
    }
  }
  return { data, width, height };
}

/** Above this, fallback passes work on a half-size copy (a 300 dpi A4 page is 8.7 MP). */
const FALLBACK_MAX_PIXELS = 4_000_000;

function merge(into: DecodedCode[], more: DecodedCode[]): void {
  for (const c of more) if (!into.some((d) => d.format === c.format && d.text === c.text)) into.push(c);
}

/** Runs a sharp filter on a greyscale image (median denoise, unsharp mask). */
async function filtered(img: LuminanceImage, op: 'median' | 'sharpen'): Promise<LuminanceImage> {
  const s = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } });
  const { data, info } = await (op === 'median' ? s.median(3) : s.sharpen({ sigma: 2 })).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

/**
 * zxing-cpp, then fallback passes only while nothing was found, cheapest and most productive first
 * (order and choice measured on tests/fixtures/qr; see bench/qr.bench.ts): rotation (1D codes on
 * their side) and inversion (phone screens in dark mode) → global-histogram binariser (uneven light) → 3×3 median (sensor noise in photographed codes) →
 * @zxing/library (different finder-pattern heuristics) → 2× upscale (< 2 px/module) → unsharp
 * mask (heavy defocus). An image without any code pays for all passes; one with a code rarely
 * goes past the first. Images above 4 MP run the fallbacks at half size.
 */
export async function decodeCombined(img: LuminanceImage, effort: 'fast' | 'thorough' = 'thorough'): Promise<DecodedCode[]> {
  const rgba = toRgba(img);
  // Upright, normal-polarity codes are most of what a kiosk sees; this pass costs about half of one
  // with rotation and inversion.
  const found = await cppPass(rgba, { tryRotate: false, tryInvert: false });
  if (found.length) return found;
  // On a large page every pass costs seconds on a 2-core PC; codes printed on a page still have
  // ≥ 3 px per module at half size, so the fallbacks look at a half-size copy.
  const large = img.width * img.height > FALLBACK_MAX_PIXELS;
  const work = large ? downscale2x(img) : img;
  const workRgba = large ? toRgba(work) : rgba;
  const passes: (() => Promise<DecodedCode[]>)[] = [
    () => cppPass(workRgba),
    () => cppPass(workRgba, { binarizer: 'GlobalHistogram' }),
    async () => cppPass(toRgba(await filtered(work, 'median'))),
    () => decodeWithZxingJs(work),
    async () => (large ? [] : cppPass(toRgba(upscale2x(img)), { tryDownscale: false })),
    async () => cppPass(toRgba(await filtered(work, 'sharpen'))),
  ];
  for (const pass of effort === 'fast' ? passes.slice(0, 1) : passes) {
    merge(found, await pass());
    if (found.length) break;
  }
  return found;
}

const DECODERS: Record<DecoderId, (img: LuminanceImage, effort?: 'fast' | 'thorough') => Promise<DecodedCode[]>> = {
  combined: decodeCombined,
  'zxing-cpp': decodeWithZxingCpp,
  'zxing-js': decodeWithZxingJs,
};

// --- image loading -----------------------------------------------------------------------------

function imageError(code: string, label: string, detail: string, cause?: unknown): KioskError {
  return new KioskError({
    code,
    technicianMessage: `${label}: ${detail}`,
    citizenMessage: 'Không đọc được ảnh này. Xin vui lòng quét lại.',
    cause,
  });
}

/**
 * Reads an image file or bytes into 8-bit greyscale, refusing oversized or corrupt input with a
 * KioskError (`qr.image-too-large`, `qr.image-corrupt`, `qr.image-unreadable`) before any
 * full-size buffer is allocated.
 */
export async function loadLuminance(input: Uint8Array | string, options: DecodeOptions = {}): Promise<LuminanceImage> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const label = options.label ?? (typeof input === 'string' ? input : 'image');
  let bytes: Uint8Array;
  if (typeof input === 'string') {
    const info = await stat(input).catch((cause: unknown) => {
      throw imageError('qr.image-unreadable', label, `cannot open: ${(cause as NodeJS.ErrnoException).code ?? 'error'}`, cause);
    });
    if (!info.isFile()) throw imageError('qr.image-unreadable', label, 'not a regular file');
    if (info.size > maxBytes) throw imageError('qr.image-too-large', label, `file is ${info.size} bytes (limit ${maxBytes})`);
    bytes = await readFile(input);
  } else {
    bytes = input;
  }
  if (bytes.byteLength > maxBytes) throw imageError('qr.image-too-large', label, `${bytes.byteLength} bytes (limit ${maxBytes})`);
  if (bytes.byteLength === 0) throw imageError('qr.image-corrupt', label, 'empty file');
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw imageError('qr.image-corrupt', label, 'not a readable image (unknown or corrupt format)', cause);
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0) * Math.max(1, meta.pages ?? 1);
  if (!meta.width || !meta.height) throw imageError('qr.image-corrupt', label, 'image has no dimensions');
  if (pixels > maxPixels) throw imageError('qr.image-too-large', label, `${meta.width}×${meta.height} px exceeds ${maxPixels} px`);
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' })
      .rotate() // honour EXIF orientation from phones/cameras
      .flatten({ background: '#ffffff' }) // transparent PNGs: codes on transparency read as black-on-white
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 1) throw new Error(`expected 1 channel, got ${info.channels}`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
  } catch (cause) {
    throw imageError('qr.image-corrupt', label, 'image data is truncated or corrupt', cause);
  }
}

/** Decodes every QR code / barcode found in an image file or its bytes. Empty array: none found. */
export async function decodeImage(input: Uint8Array | string, options: DecodeOptions = {}): Promise<DecodedCode[]> {
  const img = await loadLuminance(input, options);
  const started = performance.now();
  const codes = await DECODERS[options.decoder ?? 'combined'](img, options.effort);
  // Counts and timings only: the decoded text may be personal data.
  log.debug({ width: img.width, height: img.height, found: codes.length, ms: Math.round(performance.now() - started) }, 'decoded image');
  return codes;
}
