// Runs in: Node (engine). The technician's tools beyond the device tests: the engine-kept device
// event list, config view/edit (validated, atomic, backed up) and the printer's darkness and cut,
// applied to the next ticket at once. Each method checks the technician role itself.
import YAML from 'yaml';
import type { Printer } from '../../../hardware/printer/printer';
import type { PrintSettings } from '../../../hardware/printer/document';
import type { ConfigSaved, PrinterSettings, TechnicianEvent } from '../../shared/contract';
import { KioskError } from '../../shared/errors';
import type { KioskConfig } from '../config/schema';
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
}

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
  constructor(private readonly options: TechnicianToolsOptions) {}

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
