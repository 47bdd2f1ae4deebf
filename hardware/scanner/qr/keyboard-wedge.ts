// Runs in: any process, including the sandboxed renderer (pure TS: no Node, no DOM imports).
//
// Keyboard-wedge capture, the fallback when a scanner can only type. A scanner "types" a whole code
// in a burst far faster than a person (typically 2–10 ms between keys, a person 80–250 ms), then
// presses Enter. The state machine below is fed key events with timestamps (the renderer forwards
// keydown `event.key` and `event.timeStamp`) and separates scans from a person typing, so no input
// field needs focus. Keys that turn out to be human typing are handed back (`typed`) so the caller
// can deliver them where they belong.
import type { DeviceStatus } from '../../device';
import type { QrScanner, ScanEvent, ScanListener } from './types';

export interface KeyboardWedgeConfig {
  /** Longest pause between two keys of one scan (ms). Default 40. */
  maxGapMs?: number;
  /** Fewest characters that make a scan; shorter fast bursts are typing (e.g. a double tap). Default 4. */
  minLength?: number;
  /** Keys that end a scan (KeyboardEvent.key values). Default ['Enter']. */
  terminators?: string[];
  /** Accept a fast burst that ends in silence instead of a terminator (scanners with no suffix). Default false. */
  acceptUnterminated?: boolean;
}

export interface WedgeKey {
  /** KeyboardEvent.key: one character, or a key name ('Enter', 'Shift', 'Backspace'…). */
  key: string;
  /** ms, monotonic (KeyboardEvent.timeStamp or performance.now()). */
  time: number;
}

export type WedgeOutput = { kind: 'scan'; text: string } | { kind: 'typed'; keys: string[] };

/** Modifier keys arrive inside scan bursts (Shift for capitals) and carry no text. */
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'NumLock', 'Dead']);

export interface KeyboardWedge {
  /** Feeds one keydown; returns what it completed (usually nothing until a terminator). */
  push(key: WedgeKey): WedgeOutput[];
  /** Call when time passes with no key (e.g. every 50 ms while `pending()`); flushes a finished burst. */
  tick(now: number): WedgeOutput[];
  /** True while keys are held back waiting to be classified. */
  pending(): boolean;
}

export function createKeyboardWedge(config: KeyboardWedgeConfig = {}): KeyboardWedge {
  const maxGap = config.maxGapMs ?? 40;
  const minLength = config.minLength ?? 4;
  const terminators = new Set(config.terminators ?? ['Enter']);
  const acceptUnterminated = config.acceptUnterminated ?? false;
  let keys: string[] = [];
  let last = -Infinity;

  const settle = (out: WedgeOutput[], asScan: boolean) => {
    if (keys.length === 0) return;
    if (asScan) out.push({ kind: 'scan', text: keys.join('').normalize('NFC') });
    else out.push({ kind: 'typed', keys });
    keys = [];
  };

  return {
    push({ key, time }) {
      const out: WedgeOutput[] = [];
      if (MODIFIERS.has(key)) return out;
      const gap = time - last;
      if (keys.length > 0 && gap > maxGap) {
        // The pending burst ended in silence: a scan without suffix, or a person typing.
        settle(out, acceptUnterminated && keys.length >= minLength);
      }
      last = time;
      if (terminators.has(key)) {
        if (keys.length >= minLength && gap <= maxGap) settle(out, true);
        else {
          settle(out, false);
          out.push({ kind: 'typed', keys: [key] });
        }
        return out;
      }
      if ([...key].length !== 1) {
        // Backspace, arrows, F-keys: a person at the keyboard. Hand back everything in order.
        settle(out, false);
        out.push({ kind: 'typed', keys: [key] });
        return out;
      }
      keys.push(key);
      return out;
    },
    tick(now) {
      const out: WedgeOutput[] = [];
      if (keys.length > 0 && now - last > maxGap) settle(out, acceptUnterminated && keys.length >= minLength);
      return out;
    },
    pending: () => keys.length > 0,
  };
}

/**
 * The wedge as a Device, so the technician view lists it like the other scanners. It lives where
 * the keys arrive (the renderer forwards them through the contract); `handleKey` is its input.
 */
export class KeyboardWedgeScanner implements QrScanner {
  readonly kind = 'qr-scanner' as const;
  private readonly wedge: KeyboardWedge;
  private readonly scanListeners = new Set<ScanListener>();
  private readonly statusListeners = new Set<(s: DeviceStatus) => void>();
  private current: DeviceStatus;

  constructor(readonly id: string, config: KeyboardWedgeConfig = {}, private readonly onTyped?: (keys: string[]) => void) {
    this.wedge = createKeyboardWedge(config);
    this.current = this.make('absent', 'keyboard wedge not started');
  }

  private make(state: DeviceStatus['state'], detail: string): DeviceStatus {
    return { id: this.id, kind: 'qr-scanner', driver: 'keyboard-wedge', port: 'keyboard', simulated: false, state, detail, updatedAt: new Date().toISOString() };
  }

  private setStatus(state: DeviceStatus['state'], detail: string): void {
    this.current = this.make(state, detail);
    for (const l of this.statusListeners) l(this.current);
  }

  async start(): Promise<void> {
    this.setStatus('ready', 'listening for keystroke bursts');
  }

  async stop(): Promise<void> {
    this.setStatus('absent', 'stopped');
  }

  status(): DeviceStatus {
    return this.current;
  }

  onStatus(listener: (s: DeviceStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onScan(listener: ScanListener): () => void {
    this.scanListeners.add(listener);
    return () => this.scanListeners.delete(listener);
  }

  /**
   * Feed a keydown. Returns false when the wedge is not running (the caller keeps the key);
   * otherwise the key is held and comes back through `onTyped` if it was a person typing.
   */
  handleKey(key: WedgeKey): boolean {
    if (this.current.state !== 'ready') return false;
    this.dispatch(this.wedge.push(key));
    return true;
  }

  tick(now: number): void {
    this.dispatch(this.wedge.tick(now));
  }

  private dispatch(outputs: WedgeOutput[]): void {
    for (const o of outputs) {
      if (o.kind === 'scan') {
        const scan: ScanEvent = { text: o.text, device: this.id };
        for (const l of this.scanListeners) l(scan);
      } else this.onTyped?.(o.keys);
    }
  }
}
