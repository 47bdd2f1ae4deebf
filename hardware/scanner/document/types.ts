// Runs in: Node (engine). The document-scanner seam: SANE on Linux today, WIA on Windows later.
// Everything the engine and UI need is here, in the kiosk's own terms; each backend translates it
// to its OS interface (README.md, "Adding a backend"). Nothing here names a SANE or WIA type.
import type { Device } from '../../device';

export type ColorMode = 'color' | 'gray' | 'lineart';
export type ScanSource = 'flatbed' | 'adf';
/** File formats a page can be delivered in; each backend lists the ones it can produce. */
export type ScanFormat = 'png' | 'jpeg' | 'tiff' | 'pnm';

/** A scanner the OS can see. `id` is the backend's own handle for it, opaque to the engine. */
export interface ScannerInfo {
  id: string;
  vendor: string;
  model: string;
  type: string;
}

/** What the device offers; a request outside these ranges is refused before scanning starts. */
export interface ScannerCapabilities {
  modes: ColorMode[];
  sources: ScanSource[];
  /** Inclusive dpi range, or the discrete list the device accepts. */
  resolutions: { min: number; max: number } | number[];
  /** Page file formats this backend delivers. */
  formats: ScanFormat[];
  /** Names of the device's own extra settings, accepted in `ScanRequest.backendOptions`. */
  optionNames: string[];
}

export interface ScanRequest {
  resolution: number;
  mode: ColorMode;
  source: ScanSource;
  format: ScanFormat;
  /** ADF only: stop after this many sheets; absent = until the feeder is empty. */
  maxPages?: number;
  /** Scan area in mm from the top-left corner; absent = the whole bed. */
  area?: { left: number; top: number; width: number; height: number };
  /**
   * The device's own extra settings by name, as listed in `capabilities().optionNames`. A name not
   * in that list is refused (`scanner.option-unsupported`), so a typo fails loudly instead of being
   * ignored. Used by the technician self-test; the citizen flow needs none.
   */
  backendOptions?: Record<string, string>;
}

export interface ScannedPage {
  /** 1-based sheet number within this job. */
  index: number;
  format: ScanFormat;
  data: Buffer;
}

export type ScanEvent =
  | { type: 'page-started'; page: number }
  | { type: 'progress'; page: number; percent: number }
  | { type: 'page-done'; page: number; bytes: number };

export interface ScanResult {
  pages: ScannedPage[];
  /** True when the job stopped because the feeder ran empty (ADF) rather than after maxPages. */
  feederEmpty: boolean;
}

/**
 * Error codes a scan may reject with (KioskError.code). Every backend maps its OS statuses onto
 * these, so the engine and UI never see a backend's own numbers.
 */
export const SCAN_ERROR_CODES = [
  /** The device is not there (unplugged, powered off, no driver). */
  'scanner.absent',
  /** The device or another program is using it. */
  'scanner.busy',
  'scanner.feeder-empty',
  'scanner.jammed',
  'scanner.cover-open',
  /** The link broke mid-transfer (cable, power, network). */
  'scanner.io',
  /** No progress within the stall timeout; the transfer was killed. */
  'scanner.stalled',
  'scanner.access-denied',
  /** The request asks for something `capabilities()` does not offer; nothing moved. */
  'scanner.option-unsupported',
  'scanner.option-invalid',
  'scanner.cancelled',
  /** The scanning program or OS service itself is missing. */
  'scanner.unavailable',
  'scanner.failed',
] as const;
export type ScanErrorCode = (typeof SCAN_ERROR_CODES)[number];

/**
 * A running scan. `cancel()` stops the device; `result` then rejects with `scanner.cancelled`.
 * On any failure `result` rejects with a KioskError whose code is a ScanErrorCode, and the pages
 * completed before it stay in `pagesSoFar`.
 */
export interface ScanJob {
  readonly result: Promise<ScanResult>;
  /** Pages finished so far; kept even when the job later fails (paper jam, unplug). */
  readonly pagesSoFar: readonly ScannedPage[];
  onEvent(listener: (event: ScanEvent) => void): () => void;
  cancel(): void;
}

export interface DocumentScanner extends Device {
  readonly kind: 'document-scanner';
  /** Scanners attached now (a fresh probe, not a cache). */
  listDevices(): Promise<ScannerInfo[]>;
  capabilities(): Promise<ScannerCapabilities>;
  scan(request: ScanRequest): ScanJob;
}
