// Runs in: Node (engine). The staff/technician side of the engine: PIN unlock and the technician's
// device tests and logs export. Every privileged method checks the unlocked role itself, so a
// handler cannot forget to.
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import YAML from 'yaml';
import type { PcscCardReader } from '../../../hardware/card-reader/transport/pcsc';
import type { Printer } from '../../../hardware/printer/printer';
import type { DocumentScanner } from '../../../hardware/scanner/document/types';
import type { QrScanner, ScanEvent } from '../../../hardware/scanner/qr';
import type { AuthGrant, AuthStatus, DeviceKind, DeviceTestResult, LogsExport } from '../../shared/contract';
import { KioskError } from '../../shared/errors';
import type { KioskConfig } from '../config/schema';
import { getLogger } from '../log';
import { AuthService, type Role } from './auth';
import { testCardReader, testDocumentScanner, testPrinter, testQrScanner, type ScanStats } from './device-tests';
import { exportLogs } from './logs-export';

const log = getLogger('technician');

export interface TechnicianDevices {
  cardReader(): PcscCardReader | undefined;
  printer(): Printer | undefined;
  documentScanner(): DocumentScanner | undefined;
  qrScanner(): QrScanner | undefined;
}

export interface TechnicianOptions {
  auth: AuthService;
  devices: TechnicianDevices;
  kioskId: string;
  logDir: string;
  /** Exports land in `<dataDir>/exports/`. */
  dataDir: string;
  /** True when the demo PINs are the ones in force (for the technician screen's warning). */
  demoPins: boolean;
  /** The effective configuration, shown read-only on the technician page. */
  config?: KioskConfig;
  /** Passed to the scanner test (the SANE test backend's picture, in tests). */
  scanOptions?: { resolution?: number; backendOptions?: Record<string, string> };
}

export class TechnicianService {
  private readonly scans: ScanStats = { count: 0 };
  private readonly busy = new Set<DeviceKind>();

  constructor(private readonly options: TechnicianOptions) {}

  async unlock(role: Role, pin: string): Promise<AuthGrant> {
    try {
      const grant = await this.options.auth.unlock(role, pin);
      log.info({ role }, 'mode unlocked');
      return { ok: true, role: grant.role, expiresAt: new Date(grant.expiresAt).toISOString() };
    } catch (error) {
      // The code only: never the PIN.
      log.warn({ role, code: error instanceof KioskError ? error.code : 'unknown' }, 'unlock refused');
      throw error;
    }
  }

  lock(): { locked: boolean } {
    const locked = this.options.auth.lock();
    if (locked) log.info('mode locked');
    return { locked };
  }

  status(): AuthStatus {
    const grant = this.options.auth.active();
    return {
      role: grant?.role ?? null,
      expiresAt: grant ? new Date(grant.expiresAt).toISOString() : null,
      available: (['staff', 'technician'] as const).filter((r) => this.options.auth.isConfigured(r)),
      demoPins: this.options.demoPins,
    };
  }

  /** Counts scans for the QR test; keeps the kind and length, never the content. */
  recordScan(scan: ScanEvent, kind: string): void {
    this.scans.count += 1;
    this.scans.lastAt = new Date().toISOString();
    this.scans.lastKind = kind;
    this.scans.lastLength = scan.text.length;
    if (scan.symbology) this.scans.lastSymbology = scan.symbology;
    else delete this.scans.lastSymbology;
  }

  async deviceTest(device: DeviceKind): Promise<DeviceTestResult> {
    this.options.auth.require('technician');
    if (this.busy.has(device)) {
      throw new KioskError({ code: 'technician.test-running', technicianMessage: `a ${device} test is already running`, citizenMessage: 'Đang kiểm tra thiết bị này.', retryable: true });
    }
    this.busy.add(device);
    const start = performance.now();
    try {
      const d = this.options.devices;
      const result =
        device === 'card-reader'
          ? await testCardReader(d.cardReader())
          : device === 'printer'
            ? await testPrinter(d.printer())
            : device === 'document-scanner'
              ? await testDocumentScanner(d.documentScanner(), this.options.scanOptions)
              : testQrScanner(d.qrScanner(), this.scans);
      log.info({ device, ok: result.ok }, 'device test');
      return { device, ...result, durationMs: Math.round(performance.now() - start), testedAt: new Date().toISOString() };
    } finally {
      this.busy.delete(device);
    }
  }

  /** The effective config as YAML; PIN hashes are replaced by "(set)" so the page never helps a guesser. */
  config(): { yaml: string } {
    this.options.auth.require('technician');
    const config = this.options.config;
    if (!config) throw new KioskError({ code: 'technician.no-config', technicianMessage: 'the engine was built without its configuration' });
    const masked = {
      ...config,
      staff: config.staff.pinHash ? { pinHash: '(set)' } : {},
      technician: config.technician.pinHash ? { pinHash: '(set)' } : {},
    };
    return { yaml: YAML.stringify(masked) };
  }

  async logsExport(): Promise<LogsExport> {
    this.options.auth.require('technician');
    const result = await exportLogs(this.options.logDir, path.join(this.options.dataDir, 'exports'), this.options.kioskId);
    log.info({ files: result.files, bytes: result.bytes }, 'logs exported');
    return result;
  }
}
