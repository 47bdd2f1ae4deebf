// Runs in: renderer (browser host mode) and Node tests. The WebSocket implementation is injected
// so the same code runs on the browser's WebSocket and on `ws` in tests.
import { KioskError } from '../errors';
import { serverEnvelopeSchema, type ClientTransport, type ConnectionState, type WireResult } from './envelopes';

// Method-style signatures are bivariant in their parameters, which lets both the DOM WebSocket
// (MessageEvent) and `ws` (its own event types) satisfy this interface.
type Handler<E> = { bivarianceHack(ev: E): void }['bivarianceHack'] | null;

export interface MinimalSocket {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: Handler<unknown>;
  onclose: Handler<unknown>;
  onerror: Handler<unknown>;
  onmessage: Handler<{ data: unknown }>;
}

export type SocketFactory = (url: string) => MinimalSocket;

const OPEN = 1;

export interface WebSocketTransport extends ClientTransport {
  close(): void;
}

/**
 * Calls made while the link is down wait for it (up to `callTimeoutMs`); the socket reconnects
 * with capped backoff, because the host outlives page reloads but may restart after a crash.
 */
export function createWebSocketTransport(
  url: string,
  createSocket: SocketFactory,
  options: { callTimeoutMs?: number; maxBackoffMs?: number } = {},
): WebSocketTransport {
  const callTimeoutMs = options.callTimeoutMs ?? 30_000;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  const pending = new Map<number, { resolve: (r: WireResult) => void; timer: ReturnType<typeof setTimeout> }>();
  const queue: Array<{ id: number; frame: string }> = [];
  const inFlight = new Set<number>();
  const eventListeners = new Set<(event: string, payload: unknown) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let nextId = 1;
  let socket: MinimalSocket | null = null;
  let closed = false;
  let attempt = 0;

  let state: ConnectionState = 'connecting';
  const setState = (next: ConnectionState) => {
    state = next;
    connectionListeners.forEach((l) => l(next));
  };

  const fail = (id: number, code: string, message: string) => {
    const entry = pending.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    pending.delete(id);
    inFlight.delete(id);
    entry.resolve({
      ok: false,
      error: new KioskError({ code, technicianMessage: message, retryable: true }).toJSON(),
    });
  };

  const connect = () => {
    if (closed) return;
    setState('connecting');
    const ws = createSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      setState('open');
      for (const { id, frame } of queue.splice(0)) {
        inFlight.add(id);
        ws.send(frame);
      }
    };
    ws.onmessage = (ev) => {
      let parsed;
      try {
        parsed = serverEnvelopeSchema.safeParse(JSON.parse(String(ev.data)));
      } catch {
        return;
      }
      if (!parsed.success) return;
      const msg = parsed.data;
      if (msg.type === 'event') {
        eventListeners.forEach((l) => l(msg.event, msg.payload));
        return;
      }
      const entry = pending.get(msg.id);
      if (!entry) return;
      clearTimeout(entry.timer);
      pending.delete(msg.id);
      inFlight.delete(msg.id);
      entry.resolve(msg.result);
    };
    ws.onerror = () => undefined; // onclose follows and handles it
    ws.onclose = () => {
      socket = null;
      // A call already sent may or may not have run: say so (retryable) rather than resend it.
      for (const id of [...inFlight]) fail(id, 'transport.disconnected', 'connection to the engine lost during the call');
      inFlight.clear();
      if (closed) return;
      setState('closed');
      const delay = Math.min(maxBackoffMs, 250 * 2 ** attempt++);
      setTimeout(connect, delay);
    };
  };

  connect();

  return {
    invoke(channel, payload) {
      const id = nextId++;
      const frame = JSON.stringify({ type: 'request', id, channel, payload });
      return new Promise<WireResult>((resolve) => {
        const timer = setTimeout(() => fail(id, 'transport.timeout', `${channel}: no answer within ${callTimeoutMs} ms`), callTimeoutMs);
        pending.set(id, { resolve, timer });
        if (socket && socket.readyState === OPEN) {
          inFlight.add(id);
          socket.send(frame);
        } else queue.push({ id, frame });
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onConnection(listener) {
      // A late subscriber (a React effect after the socket opened) learns the current state now.
      listener(state);
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closed = true;
      socket?.close();
      for (const id of [...pending.keys()]) fail(id, 'transport.closed', 'transport closed');
    },
  };
}
