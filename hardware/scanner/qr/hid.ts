// Runs in: Node (engine). USB HID scanners through node-hid (hidraw on Linux, HID API on Windows).
//
// Two modes:
// - `hid-pos`: the scanner enumerates as a HID POS barcode scanner (usage page 0x8C). Codes arrive
//   as scanned-data reports (hid-reports.ts) with the AIM symbology and full UTF-8 bytes: the best
//   interface, and no keyboard involved.
// - `hid-keyboard`: the scanner is a HID keyboard (usage page 0x01, usage 0x06). Reading its boot
//   reports from the hidraw node decodes the keystrokes without any window needing focus. Note the
//   kernel still delivers the same keys to the input subsystem; the kiosk shell ignores them when this
//   driver is configured (Linux: or disable the device's evdev node with a udev rule).
//
// Hot-plug: while absent the driver polls the HID device list (the shared ReconnectLoop); a read
// error (device gone) closes it and polling resumes, so unplug/replug moves the status
// absent -> ready without a restart.
import HID from 'node-hid';
import { z } from 'zod';
import { getLogger } from '../../../src/core/log';
import { KioskError } from '../../../src/shared/errors';
import { ScannerBase, UNPLUGGED_ALARM } from './base';
import { decodeScanBytes } from './framing';
import { createHidPosParser, DEFAULT_HID_POS_LAYOUT } from './hid-reports';
import { createKeyboardReportDecoder } from './keyboard-usage';
import { ReconnectLoop } from './reconnect';

const log = getLogger('qr-scanner');

export const HID_POS_USAGE_PAGE = 0x8c;
export const HID_POS_USAGE_SCANNER = 0x02;

export const hidQrScannerConfigSchema = z.object({
  id: z.string().min(1),
  driver: z.enum(['hid-pos', 'hid-keyboard']),
  /** Match by USB ids (hex numbers in YAML are fine), or by an exact HID path. */
  vendorId: z.number().int().min(0).max(0xffff).optional(),
  productId: z.number().int().min(0).max(0xffff).optional(),
  path: z.string().optional(),
  /** HID POS report layout overrides (see hid-reports.ts). */
  layout: z
    .object({
      reportId: z.number().int(),
      reportLength: z.number().int(),
      lengthOffset: z.number().int(),
      aimOffset: z.number().int(),
      dataOffset: z.number().int(),
      continuationOffset: z.number().int(),
    })
    .partial()
    .default({}),
  encoding: z.enum(['utf-8', 'latin1']).default('utf-8'),
  reconnectIntervalMs: z.number().int().positive().default(1000),
  simulated: z.boolean().default(false),
});
export type HidQrScannerConfig = z.input<typeof hidQrScannerConfigSchema>;

/** Picks the device matching the config from a HID enumeration (pure, for tests). */
export function selectHidDevice(devices: HID.Device[], config: z.output<typeof hidQrScannerConfigSchema>): HID.Device | undefined {
  return devices.find((d) => {
    if (!d.path) return false;
    if (config.path) return d.path === config.path;
    if (config.vendorId !== undefined && d.vendorId !== config.vendorId) return false;
    if (config.productId !== undefined && d.productId !== config.productId) return false;
    if (config.driver === 'hid-pos') return d.usagePage === HID_POS_USAGE_PAGE;
    // A keyboard-mode scanner: only when pinned by ids, never "any keyboard".
    return config.vendorId !== undefined && d.usagePage === 0x01 && d.usage === 0x06;
  });
}

export class HidQrScanner extends ScannerBase {
  private readonly config: z.output<typeof hidQrScannerConfigSchema>;
  private device?: HID.HIDAsync;
  private readonly reconnect: ReconnectLoop;

  constructor(config: HidQrScannerConfig) {
    const parsed = hidQrScannerConfigSchema.safeParse(config);
    if (!parsed.success) {
      throw new KioskError({ code: 'config.invalid', technicianMessage: `HID QR scanner config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
    }
    if (parsed.data.driver === 'hid-keyboard' && parsed.data.vendorId === undefined && !parsed.data.path) {
      throw new KioskError({ code: 'config.invalid', technicianMessage: 'hid-keyboard scanner needs vendorId (and productId) or path, so the real keyboard is never read' });
    }
    const where = parsed.data.path ?? `usb ${hex(parsed.data.vendorId)}:${hex(parsed.data.productId)}`;
    super(parsed.data.id, parsed.data.driver, where, parsed.data.simulated);
    this.config = parsed.data;
    this.reconnect = new ReconnectLoop({ intervalMs: this.config.reconnectIntervalMs, connect: () => this.tryOpen() });
  }

  async start(): Promise<void> {
    await this.reconnect.start();
  }

  async stop(): Promise<void> {
    this.reconnect.stop();
    const device = this.device;
    this.device = undefined;
    await device?.close().catch(() => undefined);
    this.setStatus('absent', 'stopped');
  }

  /** One connect attempt for the ReconnectLoop: true once the device is open. */
  private async tryOpen(): Promise<boolean> {
    if (this.device) return true;
    try {
      const info = selectHidDevice(await HID.devicesAsync(), this.config);
      if (!info?.path) {
        this.setStatus('absent', 'no matching HID device', UNPLUGGED_ALARM);
        return false;
      }
      const device = await HID.HIDAsync.open(info.path, { nonExclusive: true });
      if (!this.reconnect.active) {
        await device.close();
        return false;
      }
      this.device = device;
      this.attach(device);
      this.location = info.path;
      log.info({ device: this.id, vendorId: info.vendorId, productId: info.productId }, 'HID scanner connected');
      this.setStatus('ready', `${info.manufacturer ?? ''} ${info.product ?? ''} (${hex(info.vendorId)}:${hex(info.productId)}) ${this.config.driver}`.trim());
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.setStatus('absent', `cannot open HID device: ${message}`, UNPLUGGED_ALARM);
      return false;
    }
  }

  private attach(device: HID.HIDAsync): void {
    const onReport =
      this.config.driver === 'hid-pos' ? this.posHandler() : this.keyboardHandler();
    device.on('data', (data: Buffer) => onReport(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    device.on('error', (err: Error) => {
      // node-hid reports an unplugged device as a read error.
      log.warn({ device: this.id, err: err.message }, 'HID scanner disconnected; waiting for it to return');
      if (this.device !== device) return;
      this.device = undefined;
      void device.close().catch(() => undefined);
      if (!this.reconnect.active) return;
      this.setStatus('absent', 'HID device disconnected', UNPLUGGED_ALARM);
      this.reconnect.lost();
    });
  }

  private posHandler(): (report: Uint8Array) => void {
    const parser = createHidPosParser({ ...DEFAULT_HID_POS_LAYOUT, ...this.config.layout });
    return (report) => {
      const scan = parser.push(report);
      if (!scan) return;
      const text = decodeScanBytes(scan.bytes, this.config.encoding);
      if (text) this.emitScan(scan.symbology ? { text, symbology: scan.symbology } : { text });
    };
  }

  private keyboardHandler(): (report: Uint8Array) => void {
    const decode = createKeyboardReportDecoder();
    let chars: string[] = [];
    return (report) => {
      for (const ev of decode(report)) {
        if (ev.kind === 'char') chars.push(ev.char);
        else if (ev.kind === 'enter') {
          if (chars.length) this.emitScan({ text: chars.join('') });
          chars = [];
        }
      }
      if (chars.length > 8192) chars = [];
    };
  }
}

function hex(n: number | undefined): string {
  return n === undefined ? '*' : n.toString(16).padStart(4, '0');
}
