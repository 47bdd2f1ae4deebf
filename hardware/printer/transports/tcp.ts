// Runs in: Node (engine). Raw TCP ("port 9100", JetDirect) link: bidirectional.
import net from 'node:net';
import type { PrinterLink } from './link';
import { offline, queryThrough, ReplyBuffer } from './link';

export class TcpLink implements PrinterLink {
  readonly bidirectional = true;
  readonly port: string;
  private socket: net.Socket | null = null;
  private replies = new ReplyBuffer();
  private disconnect: ((reason: string) => void)[] = [];

  constructor(private readonly host: string, private readonly tcpPort: number, private readonly connectTimeoutMs = 3000) {
    this.port = `${host}:${tcpPort}`;
  }

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: this.host, port: this.tcpPort });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(offline(this.port, `connect timed out after ${this.connectTimeoutMs} ms`));
      }, this.connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        this.socket = socket;
        socket.on('data', (d: Buffer) => this.replies.push(d));
        socket.on('close', () => {
          if (this.socket === socket) {
            this.socket = null;
            for (const l of this.disconnect) l('connection closed');
          }
        });
        resolve();
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        if (!this.socket) reject(offline(this.port, e.message, e));
      });
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    const s = this.socket;
    if (!s) return Promise.reject(offline(this.port, 'not connected'));
    return new Promise((resolve, reject) => s.write(bytes, (e) => (e ? reject(offline(this.port, e.message, e)) : resolve())));
  }

  query(bytes: Uint8Array, replyBytes: number, timeoutMs: number): Promise<Uint8Array | null> {
    return queryThrough(this.replies, (b) => this.write(b), bytes, replyBytes, timeoutMs);
  }

  async close(): Promise<void> {
    const s = this.socket;
    this.socket = null;
    if (s) await new Promise<void>((resolve) => s.end(() => resolve()));
    s?.destroy();
  }

  onDisconnect(listener: (reason: string) => void): void {
    this.disconnect.push(listener);
  }
}
