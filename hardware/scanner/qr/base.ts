// Runs in: Node (engine). Status and listener bookkeeping shared by the QR scanner drivers.
import type { DeviceStatus } from '../../device';
import type { QrScanner, ScanEvent, ScanListener } from './types';

export abstract class ScannerBase implements QrScanner {
  readonly kind = 'qr-scanner' as const;
  private readonly scanListeners = new Set<ScanListener>();
  private readonly statusListeners = new Set<(s: DeviceStatus) => void>();
  private current: DeviceStatus;

  protected constructor(
    readonly id: string,
    private readonly driver: string,
    protected location: string,
    private readonly simulated: boolean,
  ) {
    this.current = this.make('absent', 'not started');
  }

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;

  private make(state: DeviceStatus['state'], detail: string, alarm?: DeviceStatus['alarm']): DeviceStatus {
    const s: DeviceStatus = { id: this.id, kind: 'qr-scanner', driver: this.driver, port: this.location, simulated: this.simulated, state, detail, updatedAt: new Date().toISOString() };
    return alarm ? { ...s, alarm } : s;
  }

  protected setStatus(state: DeviceStatus['state'], detail: string, alarm?: DeviceStatus['alarm']): void {
    if (this.current.state === state && this.current.detail === detail) return;
    this.current = this.make(state, detail, alarm);
    for (const l of this.statusListeners) {
      try {
        l(this.current);
      } catch {
        // A failing listener must not take the driver down with it.
      }
    }
  }

  protected emitScan(scan: Omit<ScanEvent, 'device'>): void {
    const event: ScanEvent = { ...scan, text: scan.text.normalize('NFC'), device: this.id };
    for (const l of this.scanListeners) {
      try {
        l(event);
      } catch {
        // Same: one consumer's bug must not lose the scan for the others.
      }
    }
  }

  status(): DeviceStatus {
    return this.current;
  }

  onStatus(listener: (s: DeviceStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onScan(listener: ScanListener): () => void {
    this.scanListeners.add(listener);
    return () => this.scanListeners.delete(listener);
  }
}

export const UNPLUGGED_ALARM = { code: 'qr-scanner.absent', message: 'Máy quét mã QR chưa được kết nối. Kiểm tra dây cáp USB/COM.' };
