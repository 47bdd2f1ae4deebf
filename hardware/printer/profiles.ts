// Runs in: Node (engine). Pure. What differs between the thermal printers a centre may own.
import { KioskError } from '../../src/shared/errors';

export type TextMode = 'raster' | 'codepage';

export interface PrinterProfile {
  id: string;
  /** Printable width in dots (58 mm heads: 384, 80 mm heads: 576). */
  widthDots: number;
  paperWidthMm: 58 | 80;
  /** Dots per inch of the head (203 on nearly every receipt printer). */
  dpi: number;
  /** `raster`: Vietnamese rendered to an image with the bundled font; `codepage`: sent as CP1258. */
  textMode: TextMode;
  /**
   * `ESC t n` table number of Windows-1258 on this model, when it has one. Epson numbers it 52
   * ("WPC1258"), between 51 WPC1257 and 53 KZ-1048; two independent ESC/POS libraries agree
   * (node-thermal-printer's Epson table, and the esc-pos encoders that list WPC1258_VIETNAMESE
   * as `ESC t 52`). Which tables a unit carries depends on model and firmware: the printer's
   * self-test page lists them, and a unit without 52 should use a `raster` profile.
   */
  cp1258Table?: number;
  cutter: 'none' | 'partial' | 'full';
  /** Dots fed before a cut so the last line clears the blade. */
  feedBeforeCutDots: number;
  /** Largest QR module size (`GS ( k` fn 167) the model accepts. */
  maxQrModule: number;
}

export const PROFILES: Record<string, PrinterProfile> = {
  'generic-80': { id: 'generic-80', widthDots: 576, paperWidthMm: 80, dpi: 203, textMode: 'raster', cutter: 'partial', feedBeforeCutDots: 96, maxQrModule: 16 },
  'generic-58': { id: 'generic-58', widthDots: 384, paperWidthMm: 58, dpi: 203, textMode: 'raster', cutter: 'none', feedBeforeCutDots: 96, maxQrModule: 16 },
  'epson-tm-t88-cp1258': {
    id: 'epson-tm-t88-cp1258', widthDots: 576, paperWidthMm: 80, dpi: 180, textMode: 'codepage', cp1258Table: 52, cutter: 'partial', feedBeforeCutDots: 90, maxQrModule: 16,
  },
};

export function getProfile(id: string): PrinterProfile {
  const p = PROFILES[id];
  if (!p) {
    throw new KioskError({
      code: 'printer.unknown-profile',
      technicianMessage: `unknown printer profile "${id}" (known: ${Object.keys(PROFILES).join(', ')})`,
      citizenMessage: 'Máy in chưa được cấu hình đúng. Xin vui lòng báo cán bộ.',
    });
  }
  return p;
}

/** Dots for a length in millimetres on this head. */
export const mmToDots = (profile: PrinterProfile, mm: number): number => Math.round((mm * profile.dpi) / 25.4);
