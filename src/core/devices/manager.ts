// Runs in: Node (engine). Builds the configured devices through the driver table, starts them,
// keeps the latest status of each and forwards changes (and card events) onto the event bus.
// A device that fails to start is reported as `error`; it never stops the engine.
import type { DeviceStatus } from '../../shared/contract';
import { toKioskError } from '../../shared/errors';
import type { Device } from '../../../hardware/device';
import type { CardReaderDevice, DriverContext, DriverTable } from '../../../hardware/registry';
import type { KioskConfig } from '../config/schema';
import type { EventBus } from '../events';
import { getLogger } from '../log';

const log = getLogger('devices');

type DeviceKey = keyof KioskConfig['devices'];

const KIND: Record<DeviceKey, DeviceStatus['kind']> = {
  cardReader: 'card-reader',
  qrScanner: 'qr-scanner',
  documentScanner: 'document-scanner',
  printer: 'printer',
};

const ID: Record<DeviceKey, string> = {
  cardReader: 'card-reader',
  qrScanner: 'qr-scanner',
  documentScanner: 'document-scanner',
  printer: 'printer',
};

function failedStatus(key: DeviceKey, driver: string, simulated: boolean, detail: string): DeviceStatus {
  return {
    id: ID[key],
    kind: KIND[key],
    driver,
    port: '',
    simulated,
    state: 'error',
    detail,
    alarm: { code: 'device.unavailable', message: 'Thiết bị chưa sẵn sàng. Vui lòng báo cán bộ kỹ thuật.' },
    updatedAt: new Date().toISOString(),
  };
}

export class DeviceManager {
  private readonly devices = new Map<DeviceKey, Device>();
  private readonly statuses = new Map<DeviceKey, DeviceStatus>();
  private readonly unsubscribers: Array<() => void> = [];

  constructor(
    private readonly config: KioskConfig['devices'],
    private readonly drivers: DriverTable,
    private readonly bus: EventBus,
    /** Resolved when devices start: the database opens first. */
    private readonly context: () => DriverContext,
  ) {}

  async start(): Promise<void> {
    const keys = (Object.keys(this.config) as DeviceKey[]).filter((k) => this.config[k]);
    await Promise.all(keys.map((key) => this.startOne(key)));
  }

  private async startOne(key: DeviceKey): Promise<void> {
    const conf = this.config[key]!;
    const factory = (this.drivers[key] as Record<string, ((id: string, c: unknown, ctx: DriverContext) => Device) | undefined>)[conf.driver];
    if (!factory) {
      this.setStatus(key, failedStatus(key, conf.driver, conf.simulate, `no driver "${conf.driver}" for ${key} in this build`));
      return;
    }
    try {
      const device = factory(ID[key], conf, this.context());
      this.devices.set(key, device);
      this.unsubscribers.push(device.onStatus((status) => this.setStatus(key, status)));
      if (key === 'cardReader') {
        const reader = device as CardReaderDevice;
        this.unsubscribers.push(
          reader.onCard((event) => {
            if (event.type === 'inserted') this.bus.emit('card.inserted', { reader: event.reader });
            else this.bus.emit('card.removed', { reader: event.reader });
          }),
        );
      }
      await device.start();
      this.setStatus(key, device.status());
    } catch (error) {
      const err = toKioskError(error, 'device.start-failed');
      log.error({ err, device: key }, 'device failed to start');
      this.setStatus(key, failedStatus(key, conf.driver, conf.simulate, err.technicianMessage));
    }
  }

  private setStatus(key: DeviceKey, status: DeviceStatus): void {
    const previous = this.statuses.get(key);
    this.statuses.set(key, status);
    if (!previous || previous.state !== status.state || previous.detail !== status.detail) {
      log.info({ device: status.id, state: status.state }, 'device status');
    }
    this.bus.emit('device.status', status);
  }

  list(): DeviceStatus[] {
    return [...this.statuses.values()];
  }

  get<D extends Device>(key: DeviceKey): D | undefined {
    return this.devices.get(key) as D | undefined;
  }

  async stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    await Promise.allSettled([...this.devices.values()].map((d) => d.stop()));
    this.devices.clear();
  }
}
