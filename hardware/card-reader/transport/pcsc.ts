// Runs in: Node (engine). The PC/SC transport: talks to pcscd through @pokusew/pcsclite (libpcsclite).
// Watches readers come and go, reports card insert/remove, and gives one caller at a time an
// exclusive connection to the card that is always released.
import { createRequire } from 'node:module';
import type pcsclite from '@pokusew/pcsclite';
import net from 'node:net';
import { existsSync } from 'node:fs';
import { KioskError } from '../../../src/shared/errors';
import { getLogger } from '../../../src/core/log';
import type { Device, DeviceStatus } from '../../device';
import type { CardChannel, CardEvent } from './types';

const log = getLogger('card-reader');

type PcscContext = ReturnType<typeof pcsclite>;

/**
 * The native binding is an optional dependency: it builds only where libpcsclite's headers are
 * installed (scripts/setup-system.sh). Without it the kiosk still starts and the reader reports
 * why it cannot work, instead of the whole engine failing to load.
 */
let binding: typeof pcsclite | null = null;
function loadBinding(): typeof pcsclite {
  if (binding) return binding;
  const load = typeof require === 'function' ? require : createRequire(import.meta.url);
  try {
    binding = load('@pokusew/pcsclite') as typeof pcsclite;
  } catch (error) {
    throw new Error(`PC/SC binding @pokusew/pcsclite is not built (${(error as Error).message.split('\n')[0]}): install libpcsclite-dev (scripts/setup-system.sh), then npm rebuild @pokusew/pcsclite`);
  }
  return binding;
}
type PcscReader = Parameters<Parameters<PcscContext['on']>[1]>[0] extends infer R ? (R extends { transmit: unknown } ? R : never) : never;

// PC/SC constants (pcsclite.h), the same on every platform libpcsclite runs on.
const SCARD_STATE_PRESENT = 0x20;
const SCARD_STATE_MUTE = 0x200;
const SCARD_SHARE_EXCLUSIVE = 1;
const SCARD_PROTOCOL_T0 = 1;
const SCARD_PROTOCOL_T1 = 2;
const SCARD_LEAVE_CARD = 0;
const SCARD_RESET_CARD = 1;
const SCARD_UNPOWER_CARD = 2;

/** Response buffer for SCardTransmit: the largest extended response (65536 data + SW). */
const MAX_RESPONSE = 65538;

export const PCSCD_SOCKET_PATH = process.env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm';

const CITIZEN_REINSERT = 'Thẻ đã bị rút ra khi đang đọc. Xin vui lòng đặt lại thẻ vào đầu đọc và giữ yên.';
const CITIZEN_READER_DOWN = 'Đầu đọc thẻ chưa sẵn sàng. Xin vui lòng nhờ cán bộ hỗ trợ.';
const CITIZEN_INSERT = 'Xin vui lòng đặt thẻ căn cước vào đầu đọc.';

/** PC/SC return codes this driver tells apart. */
export const PCSC = {
  E_SHARING_VIOLATION: 0x8010000b,
  E_NO_SMARTCARD: 0x8010000c,
  E_COMM_ERROR: 0x80100013,
  E_NOT_TRANSACTED: 0x80100016,
  E_READER_UNAVAILABLE: 0x80100017,
  E_UNKNOWN_READER: 0x80100009,
  E_INVALID_HANDLE: 0x80100003,
  E_NO_SERVICE: 0x8010001d,
  E_SERVICE_STOPPED: 0x8010001e,
  E_NO_READERS_AVAILABLE: 0x8010002e,
  W_UNRESPONSIVE_CARD: 0x80100066,
  W_UNPOWERED_CARD: 0x80100067,
  W_RESET_CARD: 0x80100068,
  W_REMOVED_CARD: 0x80100069,
} as const;

/** The PC/SC return code in a binding error message ("SCardTransmit error: …(0x80100069)"). */
export function pcscCode(error: unknown): number | null {
  const message = error instanceof Error ? error.message : String(error);
  const match = /\(0x([0-9a-f]{1,8})\)/i.exec(message);
  return match ? Number.parseInt(match[1]!, 16) : null;
}

/** Maps a PC/SC failure of `operation` to the KioskError the engine shows. Pure. */
export function pcscError(error: unknown, operation: string, reader: string): KioskError {
  const code = pcscCode(error);
  const cause = error instanceof Error ? error.message : String(error);
  const where = `${operation} on reader "${reader}"`;
  switch (code) {
    case PCSC.W_REMOVED_CARD:
    case PCSC.E_NO_SMARTCARD:
      return new KioskError({ code: 'card.removed', technicianMessage: `card removed during ${where}: ${cause}`, citizenMessage: CITIZEN_REINSERT, retryable: true, cause: error });
    case PCSC.W_RESET_CARD:
      return new KioskError({ code: 'card.reset', technicianMessage: `card was reset by another application during ${where}`, citizenMessage: CITIZEN_REINSERT, retryable: true, cause: error });
    case PCSC.W_UNRESPONSIVE_CARD:
    case PCSC.W_UNPOWERED_CARD:
      return new KioskError({ code: 'card.unresponsive', technicianMessage: `card does not answer (${cause}) during ${where}`, citizenMessage: 'Không đọc được thẻ. Xin vui lòng kiểm tra mặt thẻ và đặt lại vào đầu đọc.', retryable: true, cause: error });
    case PCSC.E_SHARING_VIOLATION:
      return new KioskError({ code: 'card.busy', technicianMessage: `another application holds the card exclusively (${where})`, citizenMessage: CITIZEN_READER_DOWN, retryable: true, cause: error });
    case PCSC.E_NO_SERVICE:
    case PCSC.E_SERVICE_STOPPED:
      return pcscdDownError(cause);
    case PCSC.E_READER_UNAVAILABLE:
    case PCSC.E_UNKNOWN_READER:
      return new KioskError({ code: 'card.reader-unavailable', technicianMessage: `reader unplugged or unavailable during ${where}: ${cause}`, citizenMessage: CITIZEN_READER_DOWN, retryable: true, cause: error });
    default:
      return new KioskError({ code: 'card.transmit-failed', technicianMessage: `${where} failed: ${cause}`, citizenMessage: 'Không đọc được thẻ. Xin vui lòng đặt lại thẻ vào đầu đọc.', retryable: true, cause: error });
  }
}

function pcscdDownError(cause: string): KioskError {
  return new KioskError({
    code: 'card.pcscd-unavailable',
    technicianMessage: `PC/SC daemon (pcscd) is not running or not reachable at ${PCSCD_SOCKET_PATH}: ${cause}. Start it (pcscd, or systemctl start pcscd.socket).`,
    citizenMessage: CITIZEN_READER_DOWN,
    retryable: true,
  });
}

/** Whether pcscd accepts connections. libpcsclite busy-waits forever in the binding without it. */
export function pcscdReachable(socketPath = PCSCD_SOCKET_PATH): Promise<boolean> {
  return new Promise((resolve) => {
    if (!existsSync(socketPath)) return resolve(false);
    const sock = net.connect(socketPath);
    const done = (ok: boolean) => {
      sock.destroy();
      resolve(ok);
    };
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
    sock.setTimeout(1000, () => done(false));
  });
}

export interface PcscCardChannel extends CardChannel {
  readonly reader: string;
  /** 'T=0' or 'T=1', as negotiated at connect. */
  readonly protocol: 'T=0' | 'T=1';
}

export interface PcscCardReaderOptions {
  /** Device id in the config; default "card-reader". */
  id?: string;
  /** Reader to use: exact PC/SC name, or a substring of it. Default: the first reader found. */
  readerName?: string;
  /** Reported in the device status: the reader is vpcd with the virtual chip. */
  simulated?: boolean;
  /** What happens to the card after withCard: reset (default; drops any SM session), leave, unpower. */
  disposition?: 'reset' | 'leave' | 'unpower';
  /** How often to retry reaching pcscd while it is down (ms). Default 2000. */
  retryIntervalMs?: number;
  /** A transmit that takes longer fails with card.timeout (ms). Default 15000. */
  transmitTimeoutMs?: number;
}

export interface PcscCardReader extends Device {
  /** Card inserted/removed in the selected reader. Returns an unsubscribe. */
  onCard(listener: (event: CardEvent) => void): () => void;
  /**
   * Connects exclusively to the card in the selected reader, runs `fn`, and always disconnects.
   * Calls are queued, never interleaved. Throws KioskError card.absent / card.no-reader /
   * card.pcscd-unavailable / card.busy before `fn`, card.removed from a transmit when the card
   * is pulled out.
   */
  withCard<T>(fn: (channel: PcscCardChannel) => Promise<T>): Promise<T>;
  /** Resolves with the ATR once a card is in the selected reader. */
  waitForCard(timeoutMs: number): Promise<Uint8Array>;
  /** Reader names pcscd currently lists. */
  readers(): string[];
  /** The reader in use, or null. */
  readonly readerName: string | null;
  /** ATR of the card in the selected reader, or null when empty. */
  readonly atr: Uint8Array | null;
}

interface ReaderState {
  reader: PcscReader;
  atr: Uint8Array | null;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

export function createPcscCardReader(options: PcscCardReaderOptions = {}): PcscCardReader {
  const id = options.id ?? 'card-reader';
  const retryMs = options.retryIntervalMs ?? 2000;
  const transmitTimeoutMs = options.transmitTimeoutMs ?? 15_000;
  const disposition = { reset: SCARD_RESET_CARD, leave: SCARD_LEAVE_CARD, unpower: SCARD_UNPOWER_CARD }[options.disposition ?? 'reset'];
  const cardListeners = new Set<(event: CardEvent) => void>();
  const statusListeners = new Set<(status: DeviceStatus) => void>();
  const states = new Map<string, ReaderState>();
  let context: PcscContext | null = null;
  let running = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let daemonError: string | null = null;
  let busy = false;
  let queue: Promise<unknown> = Promise.resolve();
  let current: DeviceStatus = makeStatus();

  function matches(name: string): boolean {
    if (!options.readerName) return true;
    return name === options.readerName || name.includes(options.readerName);
  }

  function selected(): ReaderState | null {
    if (options.readerName) {
      const exact = states.get(options.readerName);
      if (exact) return exact;
    }
    for (const [name, state] of states) if (matches(name)) return state;
    return null;
  }

  function makeStatus(): DeviceStatus {
    const sel = running ? selected() : null;
    const base = { id, kind: 'card-reader' as const, driver: 'pcsc', simulated: options.simulated ?? false, updatedAt: new Date().toISOString() };
    if (daemonError) {
      return { ...base, port: options.readerName ?? '', state: 'error', detail: daemonError, alarm: { code: 'card.pcscd-unavailable', message: 'Dịch vụ đầu đọc thẻ (pcscd) không chạy. Cần kỹ thuật viên kiểm tra.' } };
    }
    if (!sel) {
      return { ...base, port: options.readerName ?? '', state: 'absent', detail: running ? 'no matching PC/SC reader' : 'stopped' };
    }
    const name = sel.reader.name;
    const detail = sel.atr ? `reader "${name}"; card ATR ${hex(sel.atr)}` : `reader "${name}"; no card`;
    return { ...base, port: name, state: busy ? 'busy' : 'ready', detail };
  }

  function publish(): void {
    const next = makeStatus();
    if (next.state === current.state && next.detail === current.detail && next.port === current.port) return;
    current = next;
    for (const l of statusListeners) l(current);
  }

  function emitCard(event: CardEvent): void {
    if (!matches(event.reader)) return;
    log.info({ reader: event.reader, event: event.type }, 'card event');
    for (const l of cardListeners) l(event);
  }

  function onReaderStatus(name: string, state: number, atr: Buffer | undefined): void {
    const entry = states.get(name);
    // The binding reports 0 when its wait ended without a change (cancel, error): no news.
    if (!entry || state === 0) return;
    const present = (state & SCARD_STATE_PRESENT) !== 0 && (state & SCARD_STATE_MUTE) === 0 && atr !== undefined && atr.length > 0;
    const nextAtr = present ? new Uint8Array(atr!) : null;
    const prev = entry.atr;
    if (prev && (!nextAtr || hex(prev) !== hex(nextAtr))) {
      entry.atr = null;
      emitCard({ type: 'removed', reader: name });
    }
    if (nextAtr && (!prev || hex(prev) !== hex(nextAtr))) {
      entry.atr = nextAtr;
      emitCard({ type: 'inserted', reader: name, atr: nextAtr });
    }
    publish();
  }

  function addReader(reader: PcscReader): void {
    const name = reader.name;
    states.set(name, { reader, atr: null });
    log.info({ reader: name }, 'reader attached');
    reader.on('error', (error: unknown) => log.warn({ reader: name, err: error instanceof Error ? error.message : String(error) }, 'reader status error'));
    reader.on('status', (status: { state: number; atr?: Buffer }) => onReaderStatus(name, status.state, status.atr));
    reader.on('end', () => {
      const entry = states.get(name);
      states.delete(name);
      if (entry?.atr) emitCard({ type: 'removed', reader: name });
      log.info({ reader: name }, 'reader detached');
      publish();
    });
    publish();
  }

  function teardown(): void {
    const ctx = context;
    context = null;
    for (const [name, entry] of states) {
      if (entry.atr) emitCard({ type: 'removed', reader: name });
      try {
        entry.reader.removeAllListeners();
        // The watcher thread reports its own cancellation as an error; nobody needs to hear it.
        entry.reader.on('error', () => undefined);
        entry.reader.close();
      } catch {
        /* already closed */
      }
    }
    states.clear();
    if (ctx) {
      const silence = (r: PcscReader) => {
        try {
          r.removeAllListeners();
          r.on('error', () => undefined);
          r.close();
        } catch {
          /* already closed */
        }
      };
      try {
        ctx.removeAllListeners();
        ctx.on('error', () => undefined);
        // Readers the binding created that we never saw (or that arrive late) have live watcher
        // threads too; left alone they would throw when pcscd goes away.
        ctx.on('reader', (r) => silence(r as PcscReader));
        for (const r of Object.values((ctx as unknown as { readers?: Record<string, PcscReader> }).readers ?? {})) silence(r);
        ctx.close();
      } catch {
        /* already closed */
      }
    }
  }

  function scheduleRetry(): void {
    if (!running || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connectContext();
    }, retryMs);
    retryTimer.unref();
  }

  async function connectContext(): Promise<void> {
    if (!running || context) return;
    if (!(await pcscdReachable())) {
      daemonError = `pcscd not reachable at ${PCSCD_SOCKET_PATH}`;
      publish();
      scheduleRetry();
      return;
    }
    if (!running || context) return;
    try {
      const ctx = loadBinding()();
      context = ctx;
      daemonError = null;
      ctx.on('reader', (reader) => addReader(reader as PcscReader));
      ctx.on('error', (error: unknown) => {
        // The daemon went away (or its socket broke): forget everything and try again later.
        daemonError = `PC/SC context failed: ${error instanceof Error ? error.message : String(error)}`;
        log.warn({ err: daemonError }, 'pcsc context error');
        teardown();
        publish();
        scheduleRetry();
      });
      publish();
    } catch (error) {
      daemonError = `cannot establish PC/SC context: ${error instanceof Error ? error.message : String(error)}`;
      context = null;
      publish();
      scheduleRetry();
    }
  }

  function connectCard(entry: ReaderState): Promise<number> {
    return new Promise((resolve, reject) => {
      entry.reader.connect({ share_mode: SCARD_SHARE_EXCLUSIVE, protocol: SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1 }, (err, protocol) => {
        if (!err) return resolve(protocol);
        const mapped = pcscError(err, 'connect', entry.reader.name);
        // Gone before we got in: for the citizen that is "insert the card", not "card pulled".
        reject(mapped.code === 'card.removed' ? new KioskError({ code: 'card.absent', technicianMessage: mapped.technicianMessage, citizenMessage: CITIZEN_INSERT, retryable: true, cause: err }) : mapped);
      });
    });
  }

  function disconnectCard(entry: ReaderState): Promise<void> {
    return new Promise((resolve) => {
      try {
        entry.reader.disconnect(disposition, () => resolve());
      } catch {
        resolve();
      }
    });
  }

  /**
   * After a failed transmit: was the card pulled? pcscd notices within its polling interval and
   * the reader's status watcher (the only status source: asking the binding again would start a
   * second watcher thread) clears the ATR.
   */
  async function cardGone(entry: ReaderState, atr: Uint8Array): Promise<boolean> {
    for (let i = 0; i < 20; i++) {
      if (states.get(entry.reader.name) !== entry || entry.atr !== atr) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  async function runWithCard<T>(fn: (channel: PcscCardChannel) => Promise<T>): Promise<T> {
    if (!running) throw new KioskError({ code: 'card.reader-stopped', technicianMessage: 'card reader driver is not started', citizenMessage: CITIZEN_READER_DOWN });
    if (daemonError || !context) {
      if (!(await pcscdReachable())) throw pcscdDownError(daemonError ?? 'no PC/SC context');
      await connectContext();
    }
    const entry = selected();
    if (!entry) {
      throw new KioskError({ code: 'card.no-reader', technicianMessage: options.readerName ? `PC/SC reader "${options.readerName}" not found (readers: ${[...states.keys()].join(', ') || 'none'})` : 'no PC/SC reader attached', citizenMessage: CITIZEN_READER_DOWN, retryable: true });
    }
    if (!entry.atr) throw new KioskError({ code: 'card.absent', technicianMessage: `no card in reader "${entry.reader.name}"`, citizenMessage: CITIZEN_INSERT, retryable: true });
    const atr = entry.atr;
    const protocol = await connectCard(entry);
    busy = true;
    publish();
    let open = true;
    const name = entry.reader.name;
    const channel: PcscCardChannel = {
      atr,
      reader: name,
      protocol: protocol === SCARD_PROTOCOL_T0 ? 'T=0' : 'T=1',
      transmit(command) {
        if (!open) return Promise.reject(new KioskError({ code: 'card.channel-closed', technicianMessage: 'transmit on a card channel after withCard returned' }));
        return new Promise<Uint8Array>((resolveOuter, rejectOuter) => {
          let settled = false;
          // The native call cannot be cancelled; the timeout only stops the kiosk waiting on it.
          const timer = setTimeout(() => {
            settled = true;
            rejectOuter(new KioskError({ code: 'card.timeout', technicianMessage: `card did not answer within ${transmitTimeoutMs} ms on reader "${name}"`, citizenMessage: 'Thẻ không phản hồi. Xin vui lòng đặt lại thẻ vào đầu đọc.', retryable: true }));
          }, transmitTimeoutMs);
          const resolve = (value: Uint8Array) => {
            clearTimeout(timer);
            if (!settled) resolveOuter(value);
            settled = true;
          };
          const reject = (error: unknown) => {
            clearTimeout(timer);
            if (!settled) rejectOuter(error);
            settled = true;
          };
          entry.reader.transmit(Buffer.from(command), MAX_RESPONSE, protocol, (err, response) => {
            if (!err && response.length >= 2) return resolve(new Uint8Array(response));
            if (!err) {
              // vpcd (and some readers) report an empty response when the card vanished.
              void cardGone(entry, atr).then((gone) =>
                reject(
                  gone
                    ? new KioskError({ code: 'card.removed', technicianMessage: `card removed during transmit on reader "${name}" (empty response)`, citizenMessage: CITIZEN_REINSERT, retryable: true })
                    : new KioskError({ code: 'card.response-invalid', technicianMessage: `reader "${name}" returned a ${response.length}-byte response without status word`, citizenMessage: 'Không đọc được thẻ. Xin vui lòng đặt lại thẻ vào đầu đọc.', retryable: true }),
                ),
              );
              return;
            }
            log.debug({ reader: name, err: err instanceof Error ? err.message : String(err) }, 'transmit failed');
            const mapped = pcscError(err, 'transmit', name);
            if (mapped.code !== 'card.transmit-failed' && mapped.code !== 'card.unresponsive') return reject(mapped);
            // A card pulled mid-APDU often surfaces as a generic transaction failure first.
            void cardGone(entry, atr).then((gone) =>
              reject(gone ? new KioskError({ code: 'card.removed', technicianMessage: `card removed during transmit on reader "${name}": ${mapped.technicianMessage}`, citizenMessage: CITIZEN_REINSERT, retryable: true, cause: err }) : mapped),
            );
          });
        });
      },
    };
    try {
      return await fn(channel);
    } finally {
      open = false;
      await disconnectCard(entry);
      busy = false;
      publish();
    }
  }

  const device: PcscCardReader = {
    id,
    kind: 'card-reader',
    get readerName() {
      return selected()?.reader.name ?? null;
    },
    get atr() {
      return selected()?.atr ?? null;
    },
    async start() {
      if (running) return;
      running = true;
      await connectContext();
      publish();
    },
    async stop() {
      running = false;
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      await queue.catch(() => undefined);
      teardown();
      daemonError = null;
      publish();
    },
    status: () => current,
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onCard(listener) {
      cardListeners.add(listener);
      return () => cardListeners.delete(listener);
    },
    withCard<T>(fn: (channel: PcscCardChannel) => Promise<T>): Promise<T> {
      const run = queue.then(() => runWithCard(fn));
      // The chain keeps only "done", never the value: a read's result (a citizen's data groups,
      // face photo) must not stay reachable from the reader after the caller has let it go.
      queue = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    waitForCard(timeoutMs) {
      const now = selected()?.atr;
      if (now) return Promise.resolve(now);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new KioskError({ code: 'card.absent', technicianMessage: `no card inserted within ${timeoutMs} ms`, citizenMessage: CITIZEN_INSERT, retryable: true }));
        }, timeoutMs);
        const off = device.onCard((event) => {
          if (event.type !== 'inserted' || event.reader !== selected()?.reader.name) return;
          clearTimeout(timer);
          off();
          resolve(event.atr);
        });
      });
    },
    readers: () => [...states.keys()],
  };
  return device;
}
