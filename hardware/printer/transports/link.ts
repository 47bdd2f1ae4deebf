// Runs in: Node (engine). The byte pipe between driver and printer, whatever the OS interface.
import { KioskError } from '../../../src/shared/errors';

export interface PrinterLink {
  /** True when the printer can answer (serial, TCP); false for write-only spoolers/devices. */
  readonly bidirectional: boolean;
  /** For status displays: tty path, host:port, queue. */
  readonly port: string;
  open(): Promise<void>;
  /** Resolves when the bytes have left for the OS (drained). */
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Sends `bytes` and waits for `replyBytes` bytes; null on timeout. Stale bytes received before
   * the query are discarded first, so a late answer cannot be taken for the next one.
   */
  query(bytes: Uint8Array, replyBytes: number, timeoutMs: number): Promise<Uint8Array | null>;
  close(): Promise<void>;
  /** Called when the OS link drops (unplug, peer closed). */
  onDisconnect(listener: (reason: string) => void): void;
}

export const offline = (port: string, why: string, cause?: unknown) =>
  new KioskError({
    code: 'printer.offline',
    technicianMessage: `printer at ${port} is unreachable: ${why}`,
    citizenMessage: 'Máy in đang không hoạt động. Xin vui lòng báo cán bộ.',
    retryable: true,
    cause,
  });

/** Reply collection shared by the bidirectional links. */
export class ReplyBuffer {
  private buf: number[] = [];
  private waiter: { n: number; resolve: (b: Uint8Array | null) => void; timer: NodeJS.Timeout } | null = null;

  push(chunk: Uint8Array): void {
    this.buf.push(...chunk);
    this.check();
  }

  clear(): void {
    this.buf = [];
  }

  /** Ends a pending wait with null (the query's write failed, or a newer query supersedes it). */
  cancel(): void {
    const w = this.waiter;
    this.waiter = null;
    if (w) {
      clearTimeout(w.timer);
      w.resolve(null);
    }
  }

  /** Never rejects: a pending wait that was never going to be awaited must not crash the process. */
  wait(n: number, timeoutMs: number): Promise<Uint8Array | null> {
    this.cancel();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(null);
      }, timeoutMs);
      this.waiter = { n, resolve, timer };
      this.check();
    });
  }

  private check(): void {
    const w = this.waiter;
    if (!w || this.buf.length < w.n) return;
    this.waiter = null;
    clearTimeout(w.timer);
    w.resolve(Uint8Array.from(this.buf.splice(0, w.n)));
  }
}

/** Write-then-wait with the waiter armed first (a fast printer may answer before write resolves). */
export async function queryThrough(replies: ReplyBuffer, write: (b: Uint8Array) => Promise<void>, bytes: Uint8Array, replyBytes: number, timeoutMs: number): Promise<Uint8Array | null> {
  replies.clear();
  const wait = replies.wait(replyBytes, timeoutMs);
  try {
    await write(bytes);
  } catch (error) {
    replies.cancel();
    await wait;
    throw error;
  }
  return wait;
}
