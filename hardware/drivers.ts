// Runs in: Node (engine). The driver table: config driver name -> implementation.
import type { DriverTable } from './registry';

export const drivers: DriverTable = {
  cardReader: {},
  qrScanner: {},
  documentScanner: {},
  printer: {},
};
