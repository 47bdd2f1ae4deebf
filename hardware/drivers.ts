// Runs in: Node (engine). The driver table: config driver name -> implementation.
import type { KioskConfig } from '../src/core/config/schema';
import { createPcscCardReader } from './card-reader/transport/pcsc';
import { createPrinter } from './printer/printer';
import { openJobStore } from './printer/job-store';
import { getProfile } from './printer/profiles';
import type { DriverTable } from './registry';

type Devices = Required<KioskConfig['devices']>;

export const drivers: DriverTable = {
  cardReader: {
    pcsc: (id: string, conf: Devices['cardReader']) =>
      createPcscCardReader({ id, readerName: conf.reader || undefined, simulated: conf.simulate }),
  },
  qrScanner: {},
  documentScanner: {},
  printer: {
    escpos: (id: string, conf: Devices['printer'], { db }) =>
      createPrinter(conf.uri, getProfile(conf.profile === '58mm' ? 'generic-58' : 'generic-80'), { id, store: openJobStore(db), simulated: conf.simulate }),
  },
};
