// Runs in: Node (engine). A printer-independent ticket (a list of blocks) and its compilation to
// ESC/POS for one printer profile. Templates produce documents; the driver prints bytes.
import QRCode from 'qrcode';
import { KioskError } from '../../src/shared/errors';
import type { Bitmap, QrEcLevel } from './escpos';
import * as esc from './escpos';
import { darknessStepsBitmap, gridBitmap, placeBitmap, ruleBitmap } from './bitmap';
import { encodeCp1258 } from './cp1258';
import type { PrinterProfile } from './profiles';
import { renderTextBitmap } from './text-raster';

export type TextSize = 'small' | 'normal' | 'large' | 'huge';

export type Block =
  | { type: 'text'; text: string; size?: TextSize; bold?: boolean; align?: esc.Align }
  | { type: 'qr'; data: string; ecLevel?: QrEcLevel; moduleSize?: number; align?: esc.Align }
  | { type: 'barcode'; symbology: esc.BarcodeType; data: string; height?: number; align?: esc.Align }
  | { type: 'image'; bitmap: Bitmap; align?: esc.Align }
  | { type: 'rule'; dashed?: boolean }
  | { type: 'grid'; heightDots: number; stepDots?: number }
  | { type: 'darkness'; heightDots: number; steps?: number }
  | { type: 'feed'; dots: number };

/** What a technician tunes per kiosk (config `devices.printer`), applied to every job compiled. */
export interface PrintSettings {
  /** -6..+6 steps of 5 %; undefined = the printer's own setting (no command sent). */
  darkness?: number;
  /** How this model takes the density: Epson `GS ( K` fn 49 (default) or `DC2 #`. */
  densityCommand?: esc.DensityCommand;
  /** Cut at the end of a ticket; undefined = the profile's cutter. Ignored when the profile has none. */
  cut?: 'full' | 'partial' | 'none';
}

/** The cut actually sent: the configured one, unless the hardware has no cutter. */
export function effectiveCut(profile: PrinterProfile, settings: PrintSettings = {}): 'full' | 'partial' | 'none' {
  if (profile.cutter === 'none') return 'none';
  return settings.cut ?? profile.cutter;
}

export interface PrintDocument {
  blocks: Block[];
  /** Cut at the end when the profile has a cutter (default true). */
  cut?: boolean;
}

/** Glyph height in dots for raster mode, and the GS ! multiplier for code-page mode. */
const SIZE_PX: Record<TextSize, number> = { small: 20, normal: 26, large: 38, huge: 96 };
const SIZE_MUL: Record<TextSize, number> = { small: 1, normal: 1, large: 2, huge: 4 };

function qrError(what: string): KioskError {
  return new KioskError({
    code: 'printer.qr-too-large',
    technicianMessage: what,
    citizenMessage: 'Không in được mã QR. Xin vui lòng báo cán bộ.',
  });
}

/**
 * Checks, before anything is sent, that the payload fits a QR symbol at this level and that the
 * symbol fits the paper at this module size. Returns the symbol width in modules.
 */
export function checkQrFits(data: string, ecLevel: QrEcLevel, moduleSize: number, profile: PrinterProfile): number {
  let modules: number;
  try {
    modules = QRCode.create(data, { errorCorrectionLevel: ecLevel }).modules.size;
  } catch (error) {
    throw qrError(`QR payload of ${new TextEncoder().encode(data).length} bytes does not fit any QR version at level ${ecLevel}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (moduleSize > profile.maxQrModule) throw qrError(`QR module size ${moduleSize} exceeds the profile maximum ${profile.maxQrModule}`);
  if ((modules + 8) * moduleSize > profile.widthDots) {
    throw qrError(`QR of ${modules} modules at ${moduleSize} dots/module is wider than the ${profile.widthDots}-dot paper`);
  }
  return modules;
}

/** Word-wraps for code-page mode; Font A is 12 dots wide. */
function wrapColumns(text: string, columns: number): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let cur = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (!cur) cur = word;
      else if ((cur + ' ' + word).length <= columns) cur += ' ' + word;
      else {
        out.push(cur);
        cur = word;
      }
      while (cur.length > columns) {
        out.push(cur.slice(0, columns));
        cur = cur.slice(columns);
      }
    }
    out.push(cur);
  }
  return out;
}

/**
 * Sends a full-width bitmap with fewer bytes: blank rows above and below become ESC J feeds and
 * blank bytes at the right are cut off (raster is left-aligned after ESC @, so nothing moves). A
 * receipt shrinks to roughly a third, which matters at 115200 baud and more at 9600.
 */
export function rasterChunks(bmp: Bitmap): Uint8Array[] {
  const row = esc.bytesPerRow(bmp.width);
  let top = 0;
  let bottom = bmp.height;
  let right = 0;
  const rowBlank = (y: number) => bmp.data.subarray(y * row, (y + 1) * row).every((v) => v === 0);
  while (top < bottom && rowBlank(top)) top++;
  while (bottom > top && rowBlank(bottom - 1)) bottom--;
  for (let y = top; y < bottom; y++) for (let x = row - 1; x >= right; x--) if (bmp.data[y * row + x] !== 0) { right = x + 1; break; }
  const feed = (dots: number): Uint8Array[] => {
    const out: Uint8Array[] = [];
    for (let d = dots; d > 0; d -= 255) out.push(esc.feedDots(Math.min(255, d)));
    return out;
  };
  if (top === bottom) return [esc.concat(feed(bmp.height))];
  const h = bottom - top;
  const data = new Uint8Array(right * h);
  for (let y = 0; y < h; y++) data.set(bmp.data.subarray((top + y) * row, (top + y) * row + right), y * right);
  const bands = esc.rasterBands({ width: right * 8, height: h, data });
  const head = feed(top);
  const tail = feed(bmp.height - bottom);
  if (head.length) bands[0] = esc.concat([...head, bands[0]!]);
  if (tail.length) bands[bands.length - 1] = esc.concat([bands[bands.length - 1]!, ...tail]);
  return bands;
}

/**
 * Compiles a document into chunks of ESC/POS. Each chunk is a unit the driver may send before
 * polling status (a text block, a QR, a raster band), so paper-out is noticed within a few lines.
 * The first chunk is always ESC @ (with the density after it, when set) and the last is the cut
 * (or the feed that clears the tear bar when there is none).
 */
export async function compileDocument(doc: PrintDocument, profile: PrinterProfile, settings: PrintSettings = {}): Promise<Uint8Array[]> {
  // Sent in every job: a density left by an earlier job (or another program) must not carry over.
  const chunks: Uint8Array[] = [settings.darkness === undefined ? esc.initialize() : esc.concat([esc.initialize(), esc.printDensity(settings.darkness, settings.densityCommand)])];
  if (profile.textMode === 'codepage') {
    if (profile.cp1258Table === undefined) {
      throw new KioskError({ code: 'printer.unknown-profile', technicianMessage: `profile ${profile.id} is in codepage mode but names no CP1258 table` });
    }
    chunks.push(esc.codeTable(profile.cp1258Table));
  }
  const W = profile.widthDots;
  const image = (bmp: Bitmap, a: esc.Align = 'left') => chunks.push(...rasterChunks(placeBitmap(bmp, W, a)));
  for (const block of doc.blocks) {
    switch (block.type) {
      case 'text': {
        const size = block.size ?? 'normal';
        if (profile.textMode === 'raster') {
          image(await renderTextBitmap(block.text, { width: W, sizePx: SIZE_PX[size], bold: block.bold ?? false, align: block.align ?? 'left' }));
        } else {
          const m = SIZE_MUL[size];
          const columns = Math.floor(W / (12 * m));
          const lines = wrapColumns(block.text.normalize('NFC'), columns);
          chunks.push(
            esc.concat([
              esc.align(block.align ?? 'left'),
              esc.bold(block.bold ?? false),
              esc.charSize(m, m),
              ...lines.map((l) => esc.line(encodeCp1258(l))),
              esc.charSize(1, 1),
              esc.bold(false),
            ]),
          );
        }
        break;
      }
      case 'qr': {
        const ec = block.ecLevel ?? 'M';
        const moduleSize = block.moduleSize ?? 6;
        checkQrFits(block.data, ec, moduleSize, profile);
        chunks.push(esc.concat([esc.align(block.align ?? 'left'), esc.qrCode(block.data, { ecLevel: ec, moduleSize }), esc.align('left')]));
        break;
      }
      case 'barcode':
        chunks.push(esc.concat([esc.align(block.align ?? 'center'), esc.barcode(block.symbology, block.data, { height: block.height ?? 80 }), esc.feedLines(1), esc.align('left')]));
        break;
      case 'image':
        image(block.bitmap, block.align ?? 'left');
        break;
      case 'rule':
        image(ruleBitmap(W, 2, block.dashed ?? false));
        break;
      case 'grid':
        image(gridBitmap(W, block.heightDots, block.stepDots ?? 32));
        break;
      case 'darkness':
        image(darknessStepsBitmap(W, block.heightDots, block.steps ?? 8));
        break;
      case 'feed':
        chunks.push(esc.feedDots(Math.min(255, Math.max(0, Math.round(block.dots)))));
        break;
    }
  }
  const cut = effectiveCut(profile, settings);
  if ((doc.cut ?? true) && cut !== 'none') {
    chunks.push(esc.cut(cut, Math.min(255, profile.feedBeforeCutDots)));
  } else {
    chunks.push(esc.feedDots(Math.min(255, profile.feedBeforeCutDots)));
  }
  return chunks;
}
