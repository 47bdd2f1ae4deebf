// Runs in: Node (engine). The driver table: config driver name -> implementation.
import type { KioskConfig } from '../src/core/config/schema';
import { createPcscCardReader } from './card-reader/transport/pcsc';
import { createPrinter } from './printer/printer';
import { openJobStore } from './printer/job-store';
import { getProfile } from './printer/profiles';
import type { PrintSettings } from './printer/document';
import { createQrScanner } from './scanner/qr';
import { SaneDocumentScanner } from './scanner/document/sane';
import type { DriverTable } from './registry';

type Devices = Required<KioskConfig['devices']>;

/** The printer's darkness and cut as the config sets them (absent = the printer's own). */
export function printSettingsOf(conf: Pick<Devices['printer'], 'darkness' | 'darknessCommand' | 'cut'>): PrintSettings {
  return {
    ...(conf.darkness !== undefined ? { darkness: conf.darkness } : {}),
    ...(conf.darknessCommand !== undefined ? { densityCommand: conf.darknessCommand } : {}),
    ...(conf.cut !== undefined ? { cut: conf.cut } : {}),
  };
}

export const drivers: DriverTable = {
  cardReader: {
    pcsc: (id: string, conf: Devices['cardReader']) =>
      createPcscCardReader({ id, readerName: conf.reader || undefined, simulated: conf.simulate }),
  },
  qrScanner: {
    serial: (id: string, conf: Extract<Devices['qrScanner'], { driver: 'serial' }>) =>
      createQrScanner({ id, driver: 'serial', path: conf.port, baudRate: conf.baud, terminator: conf.terminator, simulated: conf.simulate }),
    'hid-pos': (id: string, conf: Extract<Devices['qrScanner'], { driver: 'hid-pos' }>) =>
      createQrScanner({ id, driver: 'hid-pos', vendorId: conf.vendorId, productId: conf.productId }),
    'hid-keyboard': (id: string, conf: Extract<Devices['qrScanner'], { driver: 'hid-keyboard' }>) =>
      createQrScanner({ id, driver: 'hid-keyboard', vendorId: conf.vendorId, ...(conf.productId !== undefined ? { productId: conf.productId } : {}) }),
  },
  documentScanner: {
    sane: (id: string, conf: Devices['documentScanner']) =>
      new SaneDocumentScanner({ id, device: conf.device === 'test' ? 'test:0' : conf.device, stallTimeoutMs: conf.stallTimeoutS * 1000 }),
  },
  printer: {
    escpos: (id: string, conf: Devices['printer'], { db }) =>
      createPrinter(conf.uri, getProfile(conf.profile === '58mm' ? 'generic-58' : 'generic-80'), { id, store: openJobStore(db), simulated: conf.simulate, settings: printSettingsOf(conf) }),
  },
};
