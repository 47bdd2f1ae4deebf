// Runs in: Node (engine). What every driver offers the engine, whatever the device.
import type { DeviceKind, DeviceStatus } from '../src/shared/contract/devices';

export type { DeviceKind, DeviceStatus };

export interface Device {
  readonly id: string;
  readonly kind: DeviceKind;
  /** Connects (or starts watching for the device); resolves even when the device is absent. */
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): DeviceStatus;
  /** Called on every status change (plug, unplug, paper out, error). Returns an unsubscribe. */
  onStatus(listener: (status: DeviceStatus) => void): () => void;
}
