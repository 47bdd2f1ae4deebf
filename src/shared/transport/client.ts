// Runs in: renderer (and Node tests). The typed face of the contract the UI codes against,
// identical over Electron IPC and WebSocket.
import { KioskError } from '../errors';
import {
  events,
  isEventName,
  requests,
  type EventName,
  type EventOf,
  type RequestName,
  type RequestOf,
  type ResponseOf,
} from '../contract';
import type { ClientTransport, ConnectionState } from './envelopes';

export interface KioskClient {
  call<C extends RequestName>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

export function createKioskClient(transport: ClientTransport): KioskClient {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  transport.onEvent((event, payload) => {
    if (!isEventName(event)) return;
    const parsed = events[event].payload.safeParse(payload);
    if (!parsed.success) return; // an engine newer than this UI: ignore what we cannot read
    for (const listener of listeners.get(event) ?? []) listener(parsed.data);
  });

  return {
    async call(channel, payload) {
      const result = await transport.invoke(channel, payload);
      if (!result.ok) throw KioskError.fromData(result.error);
      const parsed = requests[channel].response.safeParse(result.result);
      if (!parsed.success) {
        throw new KioskError({ code: 'contract.invalid-response', technicianMessage: `${channel}: engine answered off-contract` });
      }
      return parsed.data as ResponseOf<typeof channel>;
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    onConnection(listener) {
      return transport.onConnection?.(listener) ?? (() => undefined);
    },
  };
}
