// Runs in: Node (engine). The driver table: config driver name -> implementation.
import type { KioskConfig } from '../src/core/config/schema';
import { createPcscCardReader } from './card-reader/transport/pcsc';
import type { DriverTable } from './registry';

type Devices = Required<KioskConfig['devices']>;

export const drivers: DriverTable = {
  cardReader: {
    pcsc: (id: string, conf: Devices['cardReader']) =>
      createPcscCardReader({ id, readerName: conf.reader || undefined, simulated: conf.simulate }),
  },
  qrScanner: {},
  documentScanner: {},
  printer: {},
};
