// Runs in: Node (engine). Pure. ESC/POS command encoder: every function returns the exact bytes of
// one command (Epson ESC/POS reference), so tests can compare byte for byte.
import { KioskError } from '../../src/shared/errors';

export const ESC = 0x1b;
export const GS = 0x1d;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

const badArg = (what: string): KioskError =>
  new KioskError({ code: 'printer.bad-command', technicianMessage: `ESC/POS: ${what}`, citizenMessage: 'Máy in gặp lỗi dữ liệu. Xin vui lòng báo cán bộ.' });

function byte(n: number, name: string, min = 0, max = 255): number {
  if (!Number.isInteger(n) || n < min || n > max) throw badArg(`${name} must be an integer in ${min}..${max}, got ${n}`);
  return n;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** ESC @ — clears the print buffer and resets modes. */
export const initialize = (): Uint8Array => Uint8Array.of(ESC, 0x40);
/** ESC E n */
export const bold = (on: boolean): Uint8Array => Uint8Array.of(ESC, 0x45, on ? 1 : 0);
/** ESC - n (0 off, 1 thin, 2 thick) */
export const underline = (weight: 0 | 1 | 2): Uint8Array => Uint8Array.of(ESC, 0x2d, byte(weight, 'underline', 0, 2));
/** GS ! n — character width and height multipliers 1..8. */
export const charSize = (width: number, height: number): Uint8Array =>
  Uint8Array.of(GS, 0x21, ((byte(width, 'width', 1, 8) - 1) << 4) | (byte(height, 'height', 1, 8) - 1));
/** GS B n — white on black. */
export const invert = (on: boolean): Uint8Array => Uint8Array.of(GS, 0x42, on ? 1 : 0);

export type Align = 'left' | 'center' | 'right';
/** ESC a n */
export const align = (a: Align): Uint8Array => Uint8Array.of(ESC, 0x61, a === 'left' ? 0 : a === 'center' ? 1 : 2);
/** ESC d n — print and feed n lines. */
export const feedLines = (n: number): Uint8Array => Uint8Array.of(ESC, 0x64, byte(n, 'lines'));
/** ESC J n — print and feed n dots (motion units). */
export const feedDots = (n: number): Uint8Array => Uint8Array.of(ESC, 0x4a, byte(n, 'dots'));
/** ESC t n — select character code table. */
export const codeTable = (n: number): Uint8Array => Uint8Array.of(ESC, 0x74, byte(n, 'code table'));
/** GS V m n (function B): feed n dots then cut. */
export const cut = (kind: 'full' | 'partial', feed = 0): Uint8Array => Uint8Array.of(GS, 0x56, kind === 'full' ? 0x41 : 0x42, byte(feed, 'cut feed'));
// ---- Print density (darkness) ------------------------------------------------------------------
/** Darkness steps the kiosk offers: 5 % of the printer's standard density each, -6 (70 %) … +6 (130 %). */
export const DARKNESS_MIN = -6;
export const DARKNESS_MAX = 6;
export type DensityCommand = 'gs-paren-K' | 'dc2-hash';

/** Density in percent of the standard for a darkness step. */
export const darknessPercent = (step: number): number => 100 + 5 * (byte(step + 6, 'darkness step + 6', 0, 12) - 6);

/**
 * GS ( K pL pH fn m with fn = 49 (Epson TM): print density relative to the printer's customised
 * value, volatile (not written to NV memory, so a bad value dies with a power cycle).
 * m = 250..255 → 70..95 %, 0 → standard, 1..6 → 105..130 %.
 */
export function densityGsParenK(step: number): Uint8Array {
  byte(step + 6, 'darkness step + 6', 0, 12);
  return Uint8Array.of(GS, 0x28, 0x4b, 2, 0, 0x31, step < 0 ? 256 + step : step);
}

/**
 * DC2 # n (CSN-A2 and other Chinese-made heads): bits 0–4 of n set the density to 50 % + 5 % × n,
 * bits 5–7 the break time (× 250 µs, left at 0). Step 0 is n = 10, the 100 % these heads call standard.
 */
export function densityDc2(step: number): Uint8Array {
  byte(step + 6, 'darkness step + 6', 0, 12);
  return Uint8Array.of(0x12, 0x23, 10 + step);
}

export const printDensity = (step: number, command: DensityCommand = 'gs-paren-K'): Uint8Array =>
  command === 'dc2-hash' ? densityDc2(step) : densityGsParenK(step);

/** Plain bytes followed by LF. */
export const line = (bytes: Uint8Array): Uint8Array => concat([bytes, Uint8Array.of(LF)]);

// ---- Real-time status (DLE EOT n) and in-order status (GS r 1) ----------------------------------
export type StatusKind = 1 | 2 | 4;
/** DLE EOT n — answered immediately, even while the printer is offline. */
export const statusRequest = (n: StatusKind): Uint8Array => Uint8Array.of(DLE, EOT, n);
/** GS r 1 — answered only after the preceding data has been processed: our "delivered" marker. */
export const paperSensorRequest = (): Uint8Array => Uint8Array.of(GS, 0x72, 0x01);
/** DLE DC4 8 1 3 20 1 6 2 8 — clear receive and print buffers (drops a half-sent job). */
export const clearBuffers = (): Uint8Array => Uint8Array.of(DLE, 0x14, 0x08, 1, 3, 20, 1, 6, 2, 8);

// ---- QR (GS ( k, function 165..181 for cn = 49) -------------------------------------------------
export type QrEcLevel = 'L' | 'M' | 'Q' | 'H';
const EC_BYTE: Record<QrEcLevel, number> = { L: 48, M: 49, Q: 50, H: 51 };

const gsParenK = (body: readonly number[] | Uint8Array): Uint8Array => {
  const len = body.length;
  if (len > 0xffff) throw badArg(`GS ( k parameter block too long (${len})`);
  return concat([Uint8Array.of(GS, 0x28, 0x6b, len & 0xff, len >> 8), Uint8Array.from(body)]);
};

/** fn 165: select model (model 2 = 50). */
export const qrModel = (model: 1 | 2 = 2): Uint8Array => gsParenK([0x31, 0x41, model === 1 ? 49 : 50, 0]);
/** fn 167: module size in dots. */
export const qrModuleSize = (dots: number): Uint8Array => gsParenK([0x31, 0x43, byte(dots, 'QR module size', 1, 16)]);
/** fn 169: error correction level. */
export const qrErrorCorrection = (level: QrEcLevel): Uint8Array => gsParenK([0x31, 0x45, EC_BYTE[level]]);
/** fn 180: store data. The length field counts BYTES (UTF-8), plus the 3 bytes `31 50 30`. */
export const qrStore = (data: Uint8Array): Uint8Array => gsParenK(concat([Uint8Array.of(0x31, 0x50, 0x30), data]));
/** fn 181: print the stored symbol. */
export const qrPrint = (): Uint8Array => gsParenK([0x31, 0x51, 0x30]);

export interface QrOptions {
  ecLevel?: QrEcLevel;
  moduleSize?: number;
  model?: 1 | 2;
}

/** The usual 5-command sequence. `data` is a string (sent as UTF-8) or raw bytes. */
export function qrCode(data: string | Uint8Array, opts: QrOptions = {}): Uint8Array {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  if (bytes.length === 0) throw badArg('QR data is empty');
  if (bytes.length > 7089) throw badArg(`QR data is ${bytes.length} bytes; a QR symbol holds at most 7089`);
  return concat([
    qrModel(opts.model ?? 2),
    qrModuleSize(opts.moduleSize ?? 6),
    qrErrorCorrection(opts.ecLevel ?? 'M'),
    qrStore(bytes),
    qrPrint(),
  ]);
}

// ---- Raster image (GS v 0) ------------------------------------------------------------------------
export interface Bitmap {
  /** Pixels per row. */
  width: number;
  height: number;
  /** Packed rows, MSB first, 1 = black; each row is ceil(width/8) bytes. */
  data: Uint8Array;
}

export const bytesPerRow = (width: number): number => Math.ceil(width / 8);

/** GS v 0 m xL xH yL yH d… (m = 0: normal density). Rows beyond 65535 are refused. */
export function rasterImage(bmp: Bitmap, mode: 0 | 1 | 2 | 3 = 0): Uint8Array {
  const x = bytesPerRow(bmp.width);
  if (bmp.width < 1 || bmp.height < 1) throw badArg('raster image is empty');
  if (x > 0xffff || bmp.height > 0xffff) throw badArg('raster image too large');
  if (bmp.data.length !== x * bmp.height) throw badArg(`raster data is ${bmp.data.length} bytes, expected ${x * bmp.height}`);
  return concat([Uint8Array.of(GS, 0x76, 0x30, mode, x & 0xff, x >> 8, bmp.height & 0xff, bmp.height >> 8), bmp.data]);
}

/**
 * Splits a tall bitmap into bands of at most `bandRows` rows: printers with small receive buffers
 * choke on one huge GS v 0, and bands let the driver poll status between them.
 */
export function rasterBands(bmp: Bitmap, bandRows = 128): Uint8Array[] {
  const x = bytesPerRow(bmp.width);
  const out: Uint8Array[] = [];
  for (let y = 0; y < bmp.height; y += bandRows) {
    const h = Math.min(bandRows, bmp.height - y);
    out.push(rasterImage({ width: bmp.width, height: h, data: bmp.data.subarray(y * x, (y + h) * x) }));
  }
  return out;
}

// ---- 1D barcodes (GS k, function B) -------------------------------------------------------------
export type BarcodeType = 'CODE128' | 'CODE39' | 'EAN13' | 'ITF';
export interface BarcodeOptions {
  height?: number;
  /** Module width 2..6. */
  width?: number;
  hri?: 'none' | 'above' | 'below' | 'both';
}

const HRI: Record<NonNullable<BarcodeOptions['hri']>, number> = { none: 0, above: 1, below: 2, both: 3 };

function barcodeData(type: BarcodeType, data: string): Uint8Array {
  const ascii = (re: RegExp, what: string) => {
    if (!re.test(data)) throw badArg(`${type} data must be ${what}`);
    return new TextEncoder().encode(data);
  };
  switch (type) {
    case 'CODE128':
      // Code set B covers printable ASCII; "{" must be doubled inside the data.
      if (!/^[\x20-\x7e]{1,253}$/.test(data)) throw badArg('CODE128 data must be 1..253 printable ASCII characters');
      return new TextEncoder().encode(`{B${data.replace(/\{/g, '{{')}`);
    case 'CODE39':
      return ascii(/^[0-9A-Z $%*+\-./]{1,255}$/, 'digits, A-Z, space or $%*+-./');
    case 'EAN13':
      return ascii(/^\d{12,13}$/, '12 or 13 digits');
    case 'ITF':
      return ascii(/^(\d\d){1,127}$/, 'an even number of digits');
  }
}

const BARCODE_M: Record<BarcodeType, number> = { CODE128: 73, CODE39: 69, EAN13: 67, ITF: 70 };

export function barcode(type: BarcodeType, data: string, opts: BarcodeOptions = {}): Uint8Array {
  const d = barcodeData(type, data);
  if (d.length > 255) throw badArg('barcode data too long');
  return concat([
    Uint8Array.of(GS, 0x68, byte(opts.height ?? 80, 'barcode height', 1, 255)),
    Uint8Array.of(GS, 0x77, byte(opts.width ?? 2, 'barcode width', 2, 6)),
    Uint8Array.of(GS, 0x48, HRI[opts.hri ?? 'below']),
    Uint8Array.of(GS, 0x6b, BARCODE_M[type], d.length),
    d,
  ]);
}
