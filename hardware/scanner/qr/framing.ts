// Runs in: every process (pure; no Node imports). Cuts a scanner's byte stream into scans.
//
// Serial scanners end each scan with a configurable suffix (CR by default on most models, LF or
// CRLF on others) or with nothing at all, in which case a pause in the stream ends the scan.
// The framer is a pure state machine with injected time so it is tested without a clock.

export type Terminator = 'CR' | 'LF' | 'CRLF' | 'none';

export interface FramerOptions {
  terminator: Terminator;
  /**
   * With `none`: silence that ends a scan (default 50 ms; scanners send a whole code in one burst).
   * With a terminator: a partial scan older than this is discarded as a fragment (default 2000 ms).
   */
  idleTimeoutMs?: number;
  /** Longest scan accepted; longer input is discarded (default 8192 bytes). */
  maxLength?: number;
  /** Byte encoding the scanner is programmed for (default utf-8; some older units send latin1). */
  encoding?: 'utf-8' | 'latin1';
}

export interface FramerStats {
  /** Fragments and oversized frames thrown away (counts only: contents may be personal data). */
  discarded: number;
}

export interface Framer {
  /** Feeds bytes received at time `now` (ms); returns the scans they completed. */
  push(bytes: Uint8Array, now: number): string[];
  /** Called when time passes without data; returns a scan ended by silence, if any. */
  tick(now: number): string[];
  /** When `tick` next needs calling (ms, absolute), or undefined when nothing is pending. */
  deadline(): number | undefined;
  readonly stats: FramerStats;
}

const CR = 0x0d;
const LF = 0x0a;

export function decodeScanBytes(bytes: Uint8Array, encoding: 'utf-8' | 'latin1' = 'utf-8'): string {
  const text = encoding === 'latin1' ? String.fromCharCode(...bytes) : new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  // Scanners prefix/suffix with NUL or STX/ETX on some settings; they are never part of a payload.
  return text.replace(/^[\u0000\u0002\u0003]+|[\u0000\u0002\u0003]+$/g, '').normalize('NFC');
}

export function createFramer(options: FramerOptions): Framer {
  const terminator = options.terminator;
  const idle = options.idleTimeoutMs ?? (terminator === 'none' ? 50 : 2000);
  const maxLength = options.maxLength ?? 8192;
  const encoding = options.encoding ?? 'utf-8';
  const stats: FramerStats = { discarded: 0 };
  let buf: number[] = [];
  let lastAt = 0;
  let overflow = false;
  // After a CR in CR mode, a following LF belongs to the same terminator (scanners set to CRLF).
  let swallowLf = false;

  const emit = (out: string[]) => {
    if (overflow) stats.discarded++;
    else if (buf.length > 0) {
      const text = decodeScanBytes(Uint8Array.from(buf), encoding);
      if (text.length > 0) out.push(text);
    }
    buf = [];
    overflow = false;
  };

  const add = (b: number) => {
    if (buf.length >= maxLength) overflow = true;
    else buf.push(b);
  };

  return {
    stats,
    push(bytes, now) {
      const out: string[] = [];
      if (buf.length > 0 && now - lastAt > idle) {
        if (terminator === 'none') emit(out);
        else {
          stats.discarded++;
          buf = [];
          overflow = false;
        }
      }
      for (const b of bytes) {
        if (terminator === 'none') add(b);
        else if (terminator === 'CR' || terminator === 'LF') {
          const end = terminator === 'CR' ? CR : LF;
          if (swallowLf && b === LF) {
            swallowLf = false;
            continue;
          }
          swallowLf = false;
          if (b === end) {
            emit(out);
            swallowLf = terminator === 'CR';
          } else add(b);
        } else {
          // CRLF: the pair ends a scan; a lone CR inside data is kept.
          if (b === LF && buf[buf.length - 1] === CR) {
            buf.pop();
            emit(out);
          } else add(b);
        }
      }
      lastAt = now;
      return out;
    },
    tick(now) {
      const out: string[] = [];
      if (buf.length > 0 && now - lastAt >= idle) {
        if (terminator === 'none') emit(out);
        else {
          stats.discarded++;
          buf = [];
          overflow = false;
        }
      }
      return out;
    },
    deadline() {
      return buf.length > 0 || overflow ? lastAt + idle : undefined;
    },
  };
}

/**
 * Scanners programmed to "transmit AIM ID" prefix each scan with `]` + symbology letter + modifier
 * digit (`]Q1` QR, `]C0` Code 128, `]E0` EAN-13). Splits it off so the payload parsers see only data.
 */
export function splitAimPrefix(text: string): { text: string; symbology?: string } {
  const m = /^\][A-Za-z][0-9A-Za-z]/.exec(text);
  return m ? { text: text.slice(3), symbology: m[0] } : { text };
}
