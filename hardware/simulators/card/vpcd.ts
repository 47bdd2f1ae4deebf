// Runs in: Node (simulator). The card end of vsmartcard's vpcd reader driver: a TCP client of the
// vpcd socket pcscd opens (127.0.0.1:35963 for the first slot). Frames are a 2-byte big-endian
// length and a payload; a 1-byte payload is a control message (power off/on, reset, ATR
// request), anything else a command APDU answered with a response APDU. Connected = card in
// the reader, disconnected = card removed.
import net from 'node:net';
import { KioskError } from '../../../src/shared/errors';
import type { CardApplet } from './applet';

export const VPCD_DEFAULT_PORT = 35963;

const CTRL_POWER_OFF = 0x00;
const CTRL_POWER_ON = 0x01;
const CTRL_RESET = 0x02;
const CTRL_ATR = 0x04;

export interface VirtualCardOptions {
  applet: CardApplet;
  host?: string;
  port?: number;
  /** Delay before each response, to simulate a slow chip (ms). */
  responseDelayMs?: number;
  /** Observes each command APDU before the applet sees it (counting, fault injection). */
  onCommand?: (command: Uint8Array, index: number) => void;
}

export interface VirtualCard {
  /** Connects to vpcd: the card is in the reader. Resolves once the TCP connection is up. */
  insert(): Promise<void>;
  /** Drops the connection: the card is pulled out, even in the middle of an APDU. */
  remove(): Promise<void>;
  /** Removes the card and stops for good. */
  close(): Promise<void>;
  readonly inserted: boolean;
  /** Command APDUs processed since start. */
  readonly commandCount: number;
}

/** Splits a byte stream into vpcd frames. Pure; kept apart so it can be fuzzed. */
export class FrameDecoder {
  private buffer = new Uint8Array(0);

  push(chunk: Uint8Array): Uint8Array[] {
    const merged = new Uint8Array(this.buffer.length + chunk.length);
    merged.set(this.buffer, 0);
    merged.set(chunk, this.buffer.length);
    const frames: Uint8Array[] = [];
    let at = 0;
    while (merged.length - at >= 2) {
      const len = (merged[at]! << 8) | merged[at + 1]!;
      if (merged.length - at - 2 < len) break;
      frames.push(merged.slice(at + 2, at + 2 + len));
      at += 2 + len;
    }
    this.buffer = merged.slice(at);
    return frames;
  }
}

export function encodeFrame(payload: Uint8Array): Uint8Array {
  if (payload.length > 0xffff) throw new KioskError({ code: 'sim.vpcd-frame', technicianMessage: `vpcd payload of ${payload.length} bytes exceeds 65535` });
  const out = new Uint8Array(payload.length + 2);
  out[0] = payload.length >> 8;
  out[1] = payload.length & 0xff;
  out.set(payload, 2);
  return out;
}

export function startVirtualCard(options: VirtualCardOptions): VirtualCard {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? VPCD_DEFAULT_PORT;
  const { applet } = options;
  let socket: net.Socket | null = null;
  let closed = false;
  let commandCount = 0;
  // Responses go out in order even with a delay; a chain per connection.
  let queue: Promise<void> = Promise.resolve();

  function handleFrame(sock: net.Socket, payload: Uint8Array): void {
    if (payload.length === 1) {
      switch (payload[0]) {
        case CTRL_POWER_OFF:
          applet.reset();
          return;
        case CTRL_POWER_ON:
        case CTRL_RESET:
          applet.reset();
          return;
        case CTRL_ATR:
          send(sock, applet.atr);
          return;
        default:
          return; // unknown control byte: vpcd expects no answer
      }
    }
    const index = commandCount++;
    options.onCommand?.(payload, index);
    // onCommand may have pulled the card: then no answer goes out, as with a real removal.
    if (socket !== sock) return;
    const response = applet.process(payload);
    const delay = options.responseDelayMs ?? 0;
    if (delay > 0) {
      queue = queue.then(() => new Promise<void>((resolve) => setTimeout(resolve, delay))).then(() => send(sock, response));
    } else send(sock, response);
  }

  function send(sock: net.Socket, payload: Uint8Array): void {
    if (socket !== sock || sock.destroyed) return;
    // A response longer than a frame can carry becomes a plain error status.
    sock.write(encodeFrame(payload.length > 0xffff ? Uint8Array.of(0x6f, 0x00) : payload));
  }

  const card: VirtualCard = {
    get inserted() {
      return socket !== null;
    },
    get commandCount() {
      return commandCount;
    },
    insert() {
      if (closed) return Promise.reject(new KioskError({ code: 'sim.closed', technicianMessage: 'virtual card was closed' }));
      if (socket) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const sock = net.connect({ host, port });
        sock.setNoDelay(true);
        const decoder = new FrameDecoder();
        socket = sock;
        queue = Promise.resolve();
        sock.once('connect', () => {
          applet.reset();
          resolve();
        });
        sock.on('data', (chunk) => {
          for (const frame of decoder.push(chunk)) handleFrame(sock, frame);
        });
        sock.on('error', (error: NodeJS.ErrnoException) => {
          if (socket === sock) socket = null;
          reject(
            new KioskError({
              code: 'sim.vpcd-unreachable',
              technicianMessage: `cannot reach vpcd at ${host}:${port} (${error.code ?? error.message}); is pcscd running with the vpcd driver?`,
              cause: error,
            }),
          );
        });
        sock.on('close', () => {
          if (socket === sock) socket = null;
        });
      });
    },
    remove() {
      const sock = socket;
      socket = null;
      if (!sock) return Promise.resolve();
      return new Promise<void>((resolve) => {
        sock.once('close', () => resolve());
        sock.destroy();
      });
    },
    async close() {
      closed = true;
      await card.remove();
    },
  };
  return card;
}
