// Runs in: Node (engine). Serial / USB-serial link through serialport: bidirectional.
// serialport (and its native binding) loads when a port is first opened, not on the kiosk's boot.
import type { SerialPort } from 'serialport';
import type { PrinterLink } from './link';
import { offline, queryThrough, ReplyBuffer } from './link';

export class SerialLink implements PrinterLink {
  readonly bidirectional = true;
  private sp: SerialPort | null = null;
  private replies = new ReplyBuffer();
  private disconnect: ((reason: string) => void)[] = [];

  constructor(readonly port: string, private readonly baudRate: number) {}

  async open(): Promise<void> {
    const { SerialPort } = await import('serialport');
    return new Promise((resolve, reject) => {
      const sp = new SerialPort({ path: this.port, baudRate: this.baudRate, autoOpen: false, rtscts: false });
      sp.open((e) => {
        if (e) return reject(offline(this.port, e.message, e));
        this.sp = sp;
        sp.on('data', (d: Buffer) => this.replies.push(d));
        sp.on('close', () => {
          if (this.sp === sp) {
            this.sp = null;
            for (const l of this.disconnect) l('port closed');
          }
        });
        sp.on('error', () => {});
        resolve();
      });
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    const sp = this.sp;
    if (!sp) return Promise.reject(offline(this.port, 'not open'));
    return new Promise((resolve, reject) => {
      sp.write(Buffer.from(bytes), (e) => {
        if (e) return reject(offline(this.port, e.message, e));
        // drain = handed to the tty; at 115200 baud the UART still needs ~87 µs per byte.
        sp.drain((d) => (d ? reject(offline(this.port, d.message, d)) : resolve()));
      });
    });
  }

  query(bytes: Uint8Array, replyBytes: number, timeoutMs: number): Promise<Uint8Array | null> {
    return queryThrough(this.replies, (b) => this.write(b), bytes, replyBytes, timeoutMs);
  }

  async close(): Promise<void> {
    const sp = this.sp;
    this.sp = null;
    if (sp?.isOpen) await new Promise<void>((resolve) => sp.close(() => resolve()));
  }

  onDisconnect(listener: (reason: string) => void): void {
    this.disconnect.push(listener);
  }
}
