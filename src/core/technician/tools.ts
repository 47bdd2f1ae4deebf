// Runs in: Node (engine). The technician's tools beyond the device tests: the engine-kept device
// event list, config view/edit (validated, atomic, backed up) and the printer's darkness and cut,
// applied to the next ticket at once. Each method checks the technician role itself.
import { performance } from 'node:perf_hooks';
import YAML from 'yaml';
import type { DocumentScanner } from '../../../hardware/scanner/document/types';
import type { Printer } from '../../../hardware/printer/printer';
import type { PrintSettings } from '../../../hardware/printer/document';
import type { ConfigSaved, PrinterSettings, ScanCalibrationResult, ScannerCalibrationSettings, TechnicianEvent } from '../../shared/contract';
import { KioskError } from '../../shared/errors';
import type { KioskConfig } from '../config/schema';
import { DEFAULT_CALIBRATION, prepareScannedPage, previewPng } from '../imaging';
import { getLogger } from '../log';
import type { AuthService } from './auth';
import { maskedSource, MASK, prepareSave, readConfigText, setInSource, writeConfigAtomically } from './config-file';

const log = getLogger('technician');

/** Newest first, bounded: a flapping device must not grow the engine's memory. */
export class DeviceEventLog {
  private readonly events: TechnicianEvent[] = [];
  constructor(private readonly capacity = 200) {}
  add(event: TechnicianEvent): void {
    this.events.unshift(event);
    if (this.events.length > this.capacity) this.events.length = this.capacity;
  }
  list(): TechnicianEvent[] {
    return [...this.events];
  }
}

export interface TechnicianToolsOptions {
  auth: AuthService;
  events: DeviceEventLog;
  /** The config file the kiosk started from; null when it runs on defaults (nothing to edit). */
  configFile: string | null;
  /** The effective configuration (shown when there is no file). */
  config: KioskConfig;
  printer: () => Printer | undefined;
  documentScanner?: () => DocumentScanner | undefined;
  /** Passed to the calibration test scan (the SANE test backend's picture, in tests). */
  scanOptions?: { backendOptions?: Record<string, string> };
}

/** Calibration scans: enough detail to judge margins and skew, fast on a slow scanner. */
const CALIBRATION_DPI = 150;

type PrinterConf = NonNullable<KioskConfig['devices']['printer']>;

function settingsOf(conf: Pick<PrinterConf, 'darkness' | 'darknessCommand' | 'cut'> | undefined): PrintSettings {
  return {
    ...(conf?.darkness !== undefined ? { darkness: conf.darkness } : {}),
    ...(conf?.darknessCommand !== undefined ? { densityCommand: conf.darknessCommand } : {}),
    ...(conf?.cut !== undefined ? { cut: conf.cut } : {}),
  };
}

/** Everything but the printer's darkness/cut needs a restart to take effect. */
function restartKeys(before: KioskConfig, after: KioskConfig): boolean {
  const strip = (c: KioskConfig) => {
    const p = c.devices.printer;
    if (!p) return c;
    const { darkness: _d, darknessCommand: _c, cut: _k, ...rest } = p;
    return { ...c, devices: { ...c.devices, printer: rest } };
  };
  return JSON.stringify(strip(before)) !== JSON.stringify(strip(after));
}

export class TechnicianTools {
  private calibration: ScannerCalibrationSettings;
  private scanning = false;

  constructor(private readonly options: TechnicianToolsOptions) {
    this.calibration = options.config.devices.documentScanner?.calibration ?? DEFAULT_CALIBRATION;
  }

  /**
   * Reads the calibration; with `scan`, scans the bed once and shows it before and after `calibration`
   * (or the current one); with `save`, writes it to the config file and uses it from now on.
   */
  async scanCalibration(request: { calibration?: ScannerCalibrationSettings | undefined; scan?: boolean; save?: boolean }): Promise<ScanCalibrationResult> {
    this.options.auth.require('technician');
    const calibration = request.calibration ?? this.calibration;
    const figures: ScanCalibrationResult['figures'] = {};
    let before: string | undefined;
    let after: string | undefined;
    if (request.scan) {
      const scanner = this.options.documentScanner?.();
      if (!scanner) throw new KioskError({ code: 'technician.no-scanner', technicianMessage: 'no document scanner configured', citizenMessage: 'Máy quét chưa được cấu hình.' });
      if (this.scanning) throw new KioskError({ code: 'technician.test-running', technicianMessage: 'a calibration scan is already running', citizenMessage: 'Đang quét thử.', retryable: true });
      this.scanning = true;
      try {
        const caps = await scanner.capabilities();
        const resolution = Array.isArray(caps.resolutions)
          ? caps.resolutions.reduce((best, r) => (Math.abs(r - CALIBRATION_DPI) < Math.abs(best - CALIBRATION_DPI) ? r : best), caps.resolutions[0] ?? CALIBRATION_DPI)
          : Math.min(Math.max(CALIBRATION_DPI, caps.resolutions.min), caps.resolutions.max);
        const mode = caps.modes.includes('gray') ? 'gray' : (caps.modes[0] ?? 'color');
        let t = performance.now();
        const backendOptions = this.options.scanOptions?.backendOptions;
        const result = await scanner.scan({ resolution, mode, source: caps.sources.includes('flatbed') ? 'flatbed' : (caps.sources[0] ?? 'flatbed'), format: 'png', maxPages: 1, ...(backendOptions ? { backendOptions } : {}) }).result;
        figures.scanMs = Math.round(performance.now() - t);
        const page = result.pages[0];
        if (!page) throw new KioskError({ code: 'technician.scan-empty', technicianMessage: 'the calibration scan finished without a page (feeder empty?)', citizenMessage: 'Không quét được trang nào.' });
        t = performance.now();
        const prepared = await prepareScannedPage(page.data, calibration, resolution, 'calibration scan');
        figures.processMs = Math.round(performance.now() - t);
        figures.resolution = resolution;
        figures.skewAngle = prepared.skewAngle;
        figures.trimmedPx = `${prepared.trimmedPx.top}/${prepared.trimmedPx.right}/${prepared.trimmedPx.bottom}/${prepared.trimmedPx.left}`;
        figures.cropped = prepared.box ? `${prepared.box.width}×${prepared.box.height} at ${prepared.box.left},${prepared.box.top}` : 'no';
        figures.outputPx = `${prepared.width}×${prepared.height}`;
        before = await previewPng(page.data);
        after = await previewPng(prepared.data);
      } finally {
        this.scanning = false;
      }
    }
    let savedTo: string | null = null;
    if (request.save) {
      const file = this.requireFile();
      const current = readConfigText(file);
      if (!YAML.parseDocument(current, { logLevel: 'silent' }).hasIn(['devices', 'documentScanner'])) {
        // Writing the key alone would add a scanner to a kiosk that has none.
        throw new KioskError({ code: 'technician.no-scanner', technicianMessage: `${file} configures no devices.documentScanner: nothing to calibrate`, citizenMessage: 'Máy quét chưa được cấu hình.' });
      }
      const text = setInSource(current, ['devices', 'documentScanner', 'calibration'], calibration, file);
      writeConfigAtomically(file, prepareSave(text, current, file).text);
      this.calibration = calibration;
      savedTo = file;
      log.info({ marginMm: calibration.marginMm, deskew: calibration.deskew, maxDeskewDeg: calibration.maxDeskewDeg, autoCrop: calibration.autoCrop }, 'scanner calibration saved');
    }
    return { calibration: request.save ? this.calibration : calibration, ...(before ? { before } : {}), ...(after ? { after } : {}), figures, savedTo };
  }

  /** The calibration citizen document scans should use (config, or the last one saved here). */
  currentCalibration(): ScannerCalibrationSettings {
    return this.calibration;
  }

  events(): { events: TechnicianEvent[] } {
    this.options.auth.require('technician');
    return { events: this.options.events.list() };
  }

  configSource(): { file: string | null; yaml: string } {
    this.options.auth.require('technician');
    const { configFile, config } = this.options;
    if (!configFile) {
      const masked = { ...config, staff: config.staff.pinHash ? { pinHash: MASK } : {}, technician: config.technician.pinHash ? { pinHash: MASK } : {} };
      return { file: null, yaml: `# The kiosk runs on its defaults: no config file to edit.\n${YAML.stringify(masked)}` };
    }
    return { file: configFile, yaml: maskedSource(readConfigText(configFile), configFile) };
  }

  configSave(edited: string): ConfigSaved {
    this.options.auth.require('technician');
    const file = this.requireFile();
    const current = readConfigText(file);
    const before = prepareSave(current, current, file).config;
    const { text, config } = prepareSave(edited, current, file);
    const { backup } = writeConfigAtomically(file, text);
    const appliedNow = this.applyPrinter(before.devices.printer, config.devices.printer);
    const restartRequired = restartKeys(before, config);
    log.info({ file, backup, appliedNow, restartRequired }, 'config saved by technician');
    return { file, backup, appliedNow, restartRequired };
  }

  /** Empty request: read. Otherwise changes the given fields, applies them and saves them to the file. */
  printerSettings(change: Partial<PrinterSettings>): PrinterSettings & { savedTo: string | null } {
    this.options.auth.require('technician');
    const printer = this.options.printer();
    if (!printer) throw new KioskError({ code: 'technician.no-printer', technicianMessage: 'no printer configured', citizenMessage: 'Máy in chưa được cấu hình.' });
    const current = printer.printSettings();
    if (change.darkness === undefined && change.cut === undefined) {
      return { darkness: current.darkness ?? null, cut: current.cut ?? null, savedTo: null };
    }
    const next: PrintSettings = { ...current };
    if (change.darkness !== undefined) {
      if (change.darkness === null) delete next.darkness;
      else next.darkness = change.darkness;
    }
    if (change.cut !== undefined) {
      if (change.cut === null) delete next.cut;
      else next.cut = change.cut;
    }
    let savedTo: string | null = null;
    const file = this.options.configFile;
    if (file) {
      // Saved first: a setting that cannot be kept must not be shown as done.
      let text = readConfigText(file);
      if (change.darkness !== undefined) text = setInSource(text, ['devices', 'printer', 'darkness'], change.darkness, file);
      if (change.cut !== undefined) text = setInSource(text, ['devices', 'printer', 'cut'], change.cut, file);
      const current = readConfigText(file);
      writeConfigAtomically(file, prepareSave(text, current, file).text);
      savedTo = file;
    }
    printer.setPrintSettings(next);
    return { darkness: next.darkness ?? null, cut: next.cut ?? null, savedTo };
  }

  private requireFile(): string {
    const file = this.options.configFile;
    if (!file) {
      throw new KioskError({
        code: 'config.no-file',
        technicianMessage: 'the kiosk runs on its defaults (no config file): create kiosk.config.yaml or start with --config to edit it here',
        citizenMessage: 'Không có tệp cấu hình để sửa.',
      });
    }
    return file;
  }

  private applyPrinter(before: PrinterConf | undefined, after: PrinterConf | undefined): string[] {
    const printer = this.options.printer();
    if (!printer || !after) return [];
    const a = settingsOf(before);
    const b = settingsOf(after);
    if (JSON.stringify(a) === JSON.stringify(b)) return [];
    printer.setPrintSettings(b);
    return (['darkness', 'darknessCommand', 'cut'] as const).filter((k) => before?.[k] !== after[k]).map((k) => `devices.printer.${k}`);
  }
}
