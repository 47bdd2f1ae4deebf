// Runs in: Node (engine). Serial (RS-232 / USB-CDC virtual COM) QR and barcode scanners.
//
// The scanner sends each decoded code followed by its programmed suffix. The port is opened when it
// exists and re-opened after it disappears (USB-serial unplugged, cable pulled): the shared
// ReconnectLoop polls the path every `reconnectIntervalMs` while absent, so a re-plugged scanner
// comes back without a restart. Scan texts are personal data: only counts and states reach the log.
// serialport (and its native binding) loads when a port is first opened, not on the kiosk's boot.
import type { SerialPort } from 'serialport';
import { existsSync, realpathSync } from 'node:fs';
import { z } from 'zod';
import { getLogger } from '../../../src/core/log';
import { KioskError } from '../../../src/shared/errors';
import { ScannerBase, UNPLUGGED_ALARM } from './base';
import { createFramer, splitAimPrefix, type Framer } from './framing';
import { ReconnectLoop } from './reconnect';

const log = getLogger('qr-scanner');

export const serialQrScannerConfigSchema = z.object({
  id: z.string().min(1),
  driver: z.literal('serial'),
  /** /dev/ttyACM0, /dev/ttyUSB0, COM3, or a simulator's pty link. */
  path: z.string().min(1),
  baudRate: z.number().int().positive().default(9600),
  dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
  terminator: z.enum(['CR', 'LF', 'CRLF', 'none']).default('CR'),
  /** `none`: the silence that ends a scan; otherwise: age after which a fragment is dropped. */
  idleTimeoutMs: z.number().int().positive().optional(),
  encoding: z.enum(['utf-8', 'latin1']).default('utf-8'),
  /** The scanner is programmed to prefix the AIM symbology identifier (`]Q1…`): report it, strip it. */
  aimPrefix: z.boolean().default(false),
  reconnectIntervalMs: z.number().int().positive().default(1000),
  simulated: z.boolean().default(false),
});
export type SerialQrScannerConfig = z.input<typeof serialQrScannerConfigSchema>;

export class SerialQrScanner extends ScannerBase {
  private readonly config: z.output<typeof serialQrScannerConfigSchema>;
  private port?: SerialPort;
  private framer: Framer;
  private readonly reconnect: ReconnectLoop;
  private idleTimer?: NodeJS.Timeout;
  private watchdog?: NodeJS.Timeout;
  private openedTarget?: string;

  constructor(config: SerialQrScannerConfig) {
    const parsed = serialQrScannerConfigSchema.safeParse(config);
    if (!parsed.success) {
      throw new KioskError({ code: 'config.invalid', technicianMessage: `serial QR scanner config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
    }
    super(parsed.data.id, 'serial', parsed.data.path, parsed.data.simulated);
    this.config = parsed.data;
    this.framer = this.newFramer();
    this.reconnect = new ReconnectLoop({ intervalMs: this.config.reconnectIntervalMs, connect: () => this.tryOpen() });
  }

  private newFramer(): Framer {
    return createFramer({ terminator: this.config.terminator, idleTimeoutMs: this.config.idleTimeoutMs, encoding: this.config.encoding });
  }

  async start(): Promise<void> {
    await this.reconnect.start();
  }

  async stop(): Promise<void> {
    this.reconnect.stop();
    clearTimeout(this.idleTimer);
    clearInterval(this.watchdog);
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.setStatus('absent', 'stopped');
  }

  /** One connect attempt for the ReconnectLoop: true once the port is open. */
  private async tryOpen(): Promise<boolean> {
    if (this.port) return true;
    // Polling a path that is not there is cheap; opening it would log an error every second.
    if (!this.config.path.startsWith('COM') && !existsSync(this.config.path)) {
      this.setStatus('absent', `${this.config.path} not present`, UNPLUGGED_ALARM);
      return false;
    }
    const { SerialPort } = await import('serialport');
    const port = new SerialPort({
      path: this.config.path,
      baudRate: this.config.baudRate,
      dataBits: this.config.dataBits,
      parity: this.config.parity,
      stopBits: this.config.stopBits,
      autoOpen: false,
    });
    try {
      await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.setStatus('absent', `cannot open ${this.config.path}: ${message}`, UNPLUGGED_ALARM);
      return false;
    }
    if (!this.reconnect.active) {
      port.close();
      return false;
    }
    this.port = port;
    this.openedTarget = resolveTarget(this.config.path);
    this.framer = this.newFramer();
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    port.on('error', (err: Error) => log.warn({ device: this.id, err: err.message }, 'serial error'));
    port.on('close', () => {
      if (this.port === port) this.onClose();
    });
    this.startWatchdog(port);
    log.info({ device: this.id, path: this.config.path }, 'QR scanner connected');
    this.setStatus('ready', `${this.config.path} @ ${this.config.baudRate} baud, suffix ${this.config.terminator}`);
    return true;
  }

  /**
   * The kernel's hang-up is not always delivered to a port that has seen no traffic yet (a pty
   * whose master vanished right after open), so the device node itself is watched too: gone, or now
   * pointing at a different tty, means the scanner we opened was unplugged.
   */
  private startWatchdog(port: SerialPort): void {
    clearInterval(this.watchdog);
    if (this.config.path.startsWith('COM')) return;
    this.watchdog = setInterval(() => {
      if (this.port !== port) return;
      if (resolveTarget(this.config.path) !== this.openedTarget) {
        if (port.isOpen) port.close();
        else this.onClose();
      }
    }, this.config.reconnectIntervalMs);
    this.watchdog.unref?.();
  }

  private onData(chunk: Buffer): void {
    const now = performance.now();
    for (const text of this.framer.push(chunk, now)) this.deliver(text);
    this.armIdle();
  }

  private deliver(text: string): void {
    if (!this.config.aimPrefix) return this.emitScan({ text });
    const split = splitAimPrefix(text);
    if (split.text) this.emitScan(split);
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    const deadline = this.framer.deadline();
    if (deadline === undefined) return;
    this.idleTimer = setTimeout(() => {
      for (const text of this.framer.tick(performance.now())) this.deliver(text);
      if (this.framer.stats.discarded) log.debug({ device: this.id, discarded: this.framer.stats.discarded }, 'fragments discarded');
      this.armIdle();
    }, Math.max(1, deadline - performance.now() + 1));
    this.idleTimer.unref?.();
  }

  private onClose(): void {
    // Unplugged (EIO on a pty, ENXIO/disconnect on USB-serial) or closed by stop().
    this.port = undefined;
    clearTimeout(this.idleTimer);
    clearInterval(this.watchdog);
    if (!this.reconnect.active) return;
    log.warn({ device: this.id }, 'QR scanner disconnected; waiting for it to return');
    this.setStatus('absent', `${this.config.path} disconnected`, UNPLUGGED_ALARM);
    this.reconnect.lost();
  }
}

function resolveTarget(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
