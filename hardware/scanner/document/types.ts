// Runs in: Node (engine). The document-scanner seam: SANE on Linux today, WIA on Windows later.
// Everything the engine and UI need is here; backends only translate it to their OS interface.
import type { Device } from '../../device';

export type ColorMode = 'color' | 'gray' | 'lineart';
export type ScanSource = 'flatbed' | 'adf';
export type ScanFormat = 'png' | 'pnm' | 'tiff';

/** A scanner the OS can see. `id` is what a backend needs to open it (SANE: "test:0"). */
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
  /** Every option name the backend lists (SANE: `--read-delay`), for backend-specific extras. */
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
   * Backend-specific options by name (SANE option without the dashes, e.g. `test-picture`). Each
   * name must appear in the device's option list, so a typo fails loudly instead of being ignored.
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

/** A running scan. `cancel()` stops the device; `result` then rejects with `scanner.cancelled`. */
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
