// Runs in: Node (engine). A CUPS raw queue: each write is one `lp -d QUEUE -o raw` job. Write-only
// (CUPS owns the device); CUPS's own spooler retries when the printer is out of paper.
import { spawn } from 'node:child_process';
import type { PrinterLink } from './link';
import { offline } from './link';

export class CupsLink implements PrinterLink {
  readonly bidirectional = false;
  readonly port: string;

  constructor(private readonly queue: string, private readonly server?: string, private readonly lpBinary = 'lp') {
    this.port = `cups:${queue}${server ? `@${server}` : ''}`;
  }

  async open(): Promise<void> {
    // Nothing to hold open; `lpstat` would need a running cupsd, which a write-only link cannot
    // assume. The first write reports an unreachable queue.
  }

  write(bytes: Uint8Array, title = 'kiosk-ticket'): Promise<void> {
    return new Promise((resolve, reject) => {
      const host = this.server ? ['-h', this.server] : [];
      const child = spawn(this.lpBinary, [...host, '-d', this.queue, '-o', 'raw', '-t', title, '-'], { stdio: ['pipe', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
      child.once('error', (e) => reject(offline(this.port, `cannot run ${this.lpBinary}: ${e.message}`, e)));
      child.once('close', (code) => (code === 0 ? resolve() : reject(offline(this.port, `lp exited ${code}: ${err.trim().slice(0, 200)}`))));
      child.stdin.on('error', () => {});
      child.stdin.end(Buffer.from(bytes));
    });
  }

  async query(): Promise<Uint8Array | null> {
    return null;
  }

  async close(): Promise<void> {}

  onDisconnect(): void {}
}
