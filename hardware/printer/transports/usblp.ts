// Runs in: Node (engine). Linux USB printer class device (/dev/usb/lpN, usblp driver). Treated as
// write-only: many printers return nothing on the bulk-in pipe and a read would block forever.
import { open, type FileHandle } from 'node:fs/promises';
import type { PrinterLink } from './link';
import { offline } from './link';

export class UsbLpLink implements PrinterLink {
  readonly bidirectional = false;
  private fh: FileHandle | null = null;
  private disconnect: ((reason: string) => void)[] = [];

  constructor(readonly port: string) {}

  async open(): Promise<void> {
    try {
      this.fh = await open(this.port, 'w');
    } catch (e) {
      throw offline(this.port, e instanceof Error ? e.message : String(e), e);
    }
  }

  async write(bytes: Uint8Array): Promise<void> {
    if (!this.fh) throw offline(this.port, 'not open');
    try {
      let off = 0;
      while (off < bytes.length) off += (await this.fh.write(bytes, off, bytes.length - off)).bytesWritten;
    } catch (e) {
      const fh = this.fh;
      this.fh = null;
      await fh.close().catch(() => {});
      for (const l of this.disconnect) l('write failed');
      throw offline(this.port, e instanceof Error ? e.message : String(e), e);
    }
  }

  async query(): Promise<Uint8Array | null> {
    return null;
  }

  async close(): Promise<void> {
    const fh = this.fh;
    this.fh = null;
    await fh?.close();
  }

  onDisconnect(listener: (reason: string) => void): void {
    this.disconnect.push(listener);
  }
}
