// Runs in: Node (simulator). Pure. A streaming ESC/POS parser for the virtual printer: bytes arrive
// split anywhere (pty, TCP), so incomplete commands wait for more data. Unknown commands are
// reported, never fatal; absurd lengths raise a KioskError so a fuzzer or a broken driver cannot
// make the simulator buffer gigabytes.
import { KioskError } from '../../../src/shared/errors';

export type EscPosEvent =
  | { kind: 'text'; bytes: Uint8Array }
  | { kind: 'lf' }
  | { kind: 'init' }
  | { kind: 'bold'; on: boolean }
  | { kind: 'underline'; weight: number }
  | { kind: 'size'; width: number; height: number }
  | { kind: 'invert'; on: boolean }
  | { kind: 'align'; align: 'left' | 'center' | 'right' }
  | { kind: 'feed-dots'; dots: number }
  | { kind: 'feed-lines'; lines: number }
  | { kind: 'line-spacing'; dots: number | null }
  | { kind: 'code-table'; table: number }
  | { kind: 'cut'; partial: boolean; feed: number }
  /** GS ( K fn 49 or DC2 #: print density in percent of the standard. */
  | { kind: 'density'; percent: number; command: 'gs-paren-K' | 'dc2-hash' }
  | { kind: 'raster'; width: number; height: number; data: Uint8Array }
  | { kind: 'qr-model'; model: number }
  | { kind: 'qr-module'; size: number }
  | { kind: 'qr-ec'; level: 'L' | 'M' | 'Q' | 'H' }
  | { kind: 'qr-store'; data: Uint8Array }
  | { kind: 'qr-print' }
  | { kind: 'barcode-height'; dots: number }
  | { kind: 'barcode-width'; width: number }
  | { kind: 'barcode-hri'; position: number }
  | { kind: 'barcode'; system: number; data: Uint8Array }
  /** Real-time: answered at once, even while offline. */
  | { kind: 'status-request'; n: number }
  | { kind: 'clear-buffers' }
  | { kind: 'realtime-recover'; n: number }
  /** In-order: GS r n, answered after everything before it has printed. */
  | { kind: 'paper-sensor-request'; n: number }
  | { kind: 'unknown'; bytes: Uint8Array };

export const MAX_COMMAND_BYTES = 4 * 1024 * 1024;

const tooLong = (what: string, n: number) =>
  new KioskError({
    code: 'printer-sim.bad-stream',
    technicianMessage: `ESC/POS stream: ${what} claims ${n} bytes (limit ${MAX_COMMAND_BYTES})`,
    citizenMessage: 'Máy in gặp lỗi dữ liệu. Xin vui lòng báo cán bộ.',
  });

const EC: Record<number, 'L' | 'M' | 'Q' | 'H'> = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' };

type Step = { events: EscPosEvent[]; used: number } | null;

/** Parses one command at `i`; null = need more bytes. Never consumes 0 bytes. */
function parseOne(b: Uint8Array, i: number): Step {
  const at = (k: number): number | undefined => b[i + k];
  const need = (n: number) => b.length - i >= n;
  const c = b[i]!;
  const one = (e: EscPosEvent, used: number): Step => ({ events: [e], used });
  if (c === 0x0a) return one({ kind: 'lf' }, 1);
  if (c === 0x1b) {
    if (!need(2)) return null;
    const f = at(1)!;
    const arg = (n: number, mk: (v: number) => EscPosEvent): Step => (need(n) ? one(mk(at(n - 1)!), n) : null);
    switch (f) {
      case 0x40: return one({ kind: 'init' }, 2);
      case 0x45: return arg(3, (v) => ({ kind: 'bold', on: (v & 1) === 1 }));
      case 0x47: return arg(3, (v) => ({ kind: 'bold', on: (v & 1) === 1 }));
      case 0x2d: return arg(3, (v) => ({ kind: 'underline', weight: v % 48 }));
      case 0x61: return arg(3, (v) => ({ kind: 'align', align: v % 48 === 1 ? 'center' : v % 48 === 2 ? 'right' : 'left' }));
      case 0x64: return arg(3, (v) => ({ kind: 'feed-lines', lines: v }));
      case 0x4a: return arg(3, (v) => ({ kind: 'feed-dots', dots: v }));
      case 0x74: return arg(3, (v) => ({ kind: 'code-table', table: v }));
      case 0x32: return one({ kind: 'line-spacing', dots: null }, 2);
      case 0x33: return arg(3, (v) => ({ kind: 'line-spacing', dots: v }));
      case 0x21: return arg(3, (v) => ({ kind: 'size', width: v & 0x20 ? 2 : 1, height: v & 0x10 ? 2 : 1 }));
      case 0x69: return one({ kind: 'cut', partial: false, feed: 0 }, 2);
      case 0x6d: return one({ kind: 'cut', partial: true, feed: 0 }, 2);
      case 0x70: return need(5) ? one({ kind: 'unknown', bytes: b.slice(i, i + 5) }, 5) : null;
      case 0x63: return need(4) ? one({ kind: 'unknown', bytes: b.slice(i, i + 4) }, 4) : null;
      case 0x2a: {
        // ESC * m nL nH d — 8-dot (m 0/1) or 24-dot (m 32/33) columns.
        if (!need(5)) return null;
        const cols = at(3)! + 256 * at(4)!;
        const len = 5 + cols * (at(2)! >= 32 ? 3 : 1);
        return need(len) ? one({ kind: 'unknown', bytes: b.slice(i, i + Math.min(len, 16)) }, len) : null;
      }
      default:
        // ESC with one parameter byte is by far the most common shape (M, R, V, {, SP, =, U…).
        return need(3) ? one({ kind: 'unknown', bytes: b.slice(i, i + 3) }, 3) : null;
    }
  }
  if (c === 0x1d) {
    if (!need(2)) return null;
    const f = at(1)!;
    const arg = (n: number, mk: (v: number) => EscPosEvent): Step => (need(n) ? one(mk(at(n - 1)!), n) : null);
    switch (f) {
      case 0x21: return arg(3, (v) => ({ kind: 'size', width: ((v >> 4) & 7) + 1, height: (v & 7) + 1 }));
      case 0x42: return arg(3, (v) => ({ kind: 'invert', on: (v & 1) === 1 }));
      case 0x68: return arg(3, (v) => ({ kind: 'barcode-height', dots: v }));
      case 0x77: return arg(3, (v) => ({ kind: 'barcode-width', width: v }));
      case 0x48: return arg(3, (v) => ({ kind: 'barcode-hri', position: v % 48 }));
      case 0x72: return arg(3, (v) => ({ kind: 'paper-sensor-request', n: v }));
      case 0x56: {
        if (!need(3)) return null;
        const m = at(2)!;
        if (m === 0 || m === 1 || m === 48 || m === 49) return one({ kind: 'cut', partial: m % 48 === 1, feed: 0 }, 3);
        if (!need(4)) return null;
        return one({ kind: 'cut', partial: m % 2 === 0, feed: at(3)! }, 4);
      }
      case 0x76: {
        // GS v 0 m xL xH yL yH d1…dk
        if (!need(8)) return null;
        const x = at(4)! + 256 * at(5)!;
        const y = at(6)! + 256 * at(7)!;
        const k = x * y;
        if (k > MAX_COMMAND_BYTES) throw tooLong('GS v 0', k);
        if (!need(8 + k)) return null;
        if (at(2) !== 0x30 || x === 0 || y === 0) return one({ kind: 'unknown', bytes: b.slice(i, i + 8) }, 8 + k);
        return one({ kind: 'raster', width: x * 8, height: y, data: b.slice(i + 8, i + 8 + k) }, 8 + k);
      }
      case 0x6b: {
        if (!need(3)) return null;
        const m = at(2)!;
        if (m <= 6) {
          // Function A: NUL-terminated.
          const end = b.indexOf(0, i + 3);
          if (end === -1) {
            if (b.length - i > 256) return one({ kind: 'unknown', bytes: b.slice(i, i + 3) }, 3);
            return null;
          }
          return one({ kind: 'barcode', system: m, data: b.slice(i + 3, end) }, end + 1 - i);
        }
        if (!need(4)) return null;
        const n = at(3)!;
        if (!need(4 + n)) return null;
        return one({ kind: 'barcode', system: m, data: b.slice(i + 4, i + 4 + n) }, 4 + n);
      }
      case 0x28: {
        // GS ( fn pL pH — every GS ( function carries a 16-bit parameter length.
        if (!need(5)) return null;
        const fn = at(2)!;
        const p = at(3)! + 256 * at(4)!;
        if (!need(5 + p)) return null;
        const body = b.slice(i + 5, i + 5 + p);
        const used = 5 + p;
        if (fn === 0x6b && p >= 3 && body[0] === 0x31) {
          const qfn = body[1]!;
          if (qfn === 0x41 && p >= 4) return one({ kind: 'qr-model', model: body[2]! - 48 }, used);
          if (qfn === 0x43 && p >= 3) return one({ kind: 'qr-module', size: body[2]! }, used);
          if (qfn === 0x45 && p >= 3) {
            const level = EC[body[2]!];
            return one(level ? { kind: 'qr-ec', level } : { kind: 'unknown', bytes: body.slice(0, 3) }, used);
          }
          if (qfn === 0x50 && body[2] === 0x30) return one({ kind: 'qr-store', data: body.slice(3) }, used);
          if (qfn === 0x51 && body[2] === 0x30) return one({ kind: 'qr-print' }, used);
        }
        if (fn === 0x4b && p === 2 && body[0] === 0x31) {
          // fn 49, print density: m = 250..255 → 70..95 %, 0 → 100 %, 1..8 → 105..140 %.
          const m = body[1]!;
          if (m <= 8 || m >= 250) return one({ kind: 'density', percent: 100 + 5 * (m >= 250 ? m - 256 : m), command: 'gs-paren-K' }, used);
        }
        return one({ kind: 'unknown', bytes: b.slice(i, i + Math.min(used, 16)) }, used);
      }
      case 0x38: {
        // GS 8 L p1 p2 p3 p4 — 32-bit length graphics.
        if (!need(7)) return null;
        const p = at(3)! + 256 * at(4)! + 65536 * at(5)! + 16777216 * at(6)!;
        if (p > MAX_COMMAND_BYTES) throw tooLong('GS 8 L', p);
        return need(7 + p) ? one({ kind: 'unknown', bytes: b.slice(i, i + 7) }, 7 + p) : null;
      }
      default:
        return need(3) ? one({ kind: 'unknown', bytes: b.slice(i, i + 3) }, 3) : null;
    }
  }
  if (c === 0x10) {
    if (!need(2)) return null;
    const f = at(1)!;
    if (f === 0x04) return need(3) ? one({ kind: 'status-request', n: at(2)! }, 3) : null;
    if (f === 0x05) return need(3) ? one({ kind: 'realtime-recover', n: at(2)! }, 3) : null;
    if (f === 0x14) {
      if (!need(3)) return null;
      const fn = at(2)!;
      if (fn === 8) {
        if (!need(10)) return null;
        const ok = [1, 3, 20, 1, 6, 2, 8].every((v, k) => at(3 + k) === v);
        return one(ok ? { kind: 'clear-buffers' } : { kind: 'unknown', bytes: b.slice(i, i + 10) }, 10);
      }
      return need(5) ? one({ kind: 'unknown', bytes: b.slice(i, i + 5) }, 5) : null;
    }
    return one({ kind: 'unknown', bytes: b.slice(i, i + 1) }, 1);
  }
  if (c === 0x12 && b.length - i >= 2 && b[i + 1] === 0x23) {
    // DC2 # n: density 50 % + 5 % × (n & 0x1f); the top bits are a break time.
    return need(3) ? one({ kind: 'density', percent: 50 + 5 * (at(2)! & 0x1f), command: 'dc2-hash' }, 3) : null;
  }
  if (c === 0x12 && b.length - i < 2) return null;
  if (c === 0x1c) {
    // FS: Kanji/NV-graphics family; FS p n m prints an NV image (4 bytes), others take none here.
    if (!need(2)) return null;
    if (at(1) === 0x70) return need(4) ? one({ kind: 'unknown', bytes: b.slice(i, i + 4) }, 4) : null;
    return one({ kind: 'unknown', bytes: b.slice(i, i + 2) }, 2);
  }
  if (c >= 0x20 || c === 0x09) {
    let j = i;
    while (j < b.length && (b[j]! >= 0x20 || b[j] === 0x09) && b[j] !== 0x7f) j++;
    if (j === i) return one({ kind: 'unknown', bytes: b.slice(i, i + 1) }, 1);
    return one({ kind: 'text', bytes: b.slice(i, j) }, j - i);
  }
  // Other control bytes (CR, NUL, FF…) are ignored, as on most receipt printers.
  return { events: [], used: 1 };
}

export class EscPosStreamParser {
  private buf: Uint8Array = new Uint8Array(0);

  /** Feeds bytes; returns every complete command found. Incomplete tails wait for the next call. */
  push(chunk: Uint8Array): EscPosEvent[] {
    const b = this.buf.length ? concatTwo(this.buf, chunk) : chunk;
    const events: EscPosEvent[] = [];
    let i = 0;
    try {
      while (i < b.length) {
        const step = parseOne(b, i);
        if (!step) break;
        events.push(...step.events);
        i += step.used;
      }
    } catch (error) {
      // Drop what we cannot parse so the stream can resynchronise on the next command.
      this.buf = new Uint8Array(0);
      throw error;
    }
    this.buf = b.slice(i);
    if (this.buf.length > MAX_COMMAND_BYTES + 16) {
      this.buf = new Uint8Array(0);
      throw tooLong('pending command', b.length - i);
    }
    return events;
  }

  /** Bytes waiting for the rest of a command. */
  get pending(): number {
    return this.buf.length;
  }

  reset(): void {
    this.buf = new Uint8Array(0);
  }
}

function concatTwo(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Whole-buffer convenience for tests and tools. */
export function parseEscPos(bytes: Uint8Array): EscPosEvent[] {
  const p = new EscPosStreamParser();
  const events = p.push(bytes);
  return events;
}
