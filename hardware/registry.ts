// Runs in: Node (engine). Which driver implements which configured device. The engine builds
// its devices from the config through this table only, so adding a driver is one entry here.
import type { Device } from './device';
import type { CardChannel, CardEvent } from './card-reader/transport/types';

/** A card reader adds card events and exclusive card sessions to the common Device surface. */
export interface CardReaderDevice extends Device {
  onCard(listener: (event: CardEvent) => void): () => void;
  /** Exclusive access to the card for one read; always disconnects. */
  withCard<T>(fn: (channel: CardChannel) => Promise<T>): Promise<T>;
}

/** What drivers may need from the engine besides their own config. */
export interface DriverContext {
  /** The kiosk's encrypted database (print job queue, scanner calibration, …). */
  db: import('better-sqlite3-multiple-ciphers').Database;
}

export type DriverFactory<C, D extends Device = Device> = (id: string, config: C, context: DriverContext) => D;

export interface DriverTable {
  cardReader: Record<string, DriverFactory<never, CardReaderDevice>>;
  qrScanner: Record<string, DriverFactory<never>>;
  documentScanner: Record<string, DriverFactory<never>>;
  printer: Record<string, DriverFactory<never>>;
}
