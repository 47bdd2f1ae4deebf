// Runs in: Node (engine). Builds the configured QR/barcode scanner driver.
import { KioskError } from '../../../src/shared/errors';
import { HidQrScanner, type HidQrScannerConfig } from './hid';
import { KeyboardWedgeScanner, type KeyboardWedgeConfig } from './keyboard-wedge';
import { SerialQrScanner, type SerialQrScannerConfig } from './serial';
import type { QrScanner } from './types';

export type QrScannerConfig = SerialQrScannerConfig | HidQrScannerConfig | ({ id: string; driver: 'keyboard-wedge' } & KeyboardWedgeConfig);

export function createQrScanner(config: QrScannerConfig): QrScanner {
  switch (config.driver) {
    case 'serial':
      return new SerialQrScanner(config);
    case 'hid-pos':
    case 'hid-keyboard':
      return new HidQrScanner(config);
    case 'keyboard-wedge':
      return new KeyboardWedgeScanner(config.id, config);
    default:
      throw new KioskError({ code: 'config.invalid', technicianMessage: `unknown QR scanner driver "${String((config as { driver?: unknown }).driver)}"` });
  }
}

export type { QrScanner, ScanEvent, ScanListener } from './types';
export { SerialQrScanner, HidQrScanner, KeyboardWedgeScanner };
