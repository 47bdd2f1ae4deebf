// Runs in: every process (types only, no imports beyond the device contract). What every QR/barcode
// scanner driver offers, whatever the wire: serial, USB HID POS, HID keyboard via hidraw, keyboard wedge.
import type { Device } from '../../device';

export interface ScanEvent {
  /** The decoded text as the scanner sent it, terminator removed, NFC-normalised. Personal data: never log it. */
  text: string;
  /** AIM symbology identifier (`]Q1` QR, `]C0` Code 128, `]E0` EAN-13 …) when the device reports one. */
  symbology?: string;
  /** Config id of the device that produced it. */
  device: string;
}

export type ScanListener = (scan: ScanEvent) => void;

export interface QrScanner extends Device {
  /** Called once per complete scan. Returns an unsubscribe. */
  onScan(listener: ScanListener): () => void;
}
