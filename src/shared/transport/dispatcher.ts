// Runs in: Node (engine side of both transports: Electron main and the browser host).
// Validates every request at the boundary, runs its handler, validates the answer, and turns any
// failure into a KioskError so nothing raw crosses to the UI.
import type { z } from 'zod';
import { KioskError, toKioskError } from '../errors';
import { events, isRequestName, requests, type EventName, type EventOf, type RequestName, type Requests, type ResponseOf } from '../contract';
import type { WireResult } from './envelopes';

export type Handler<C extends RequestName> = (
  payload: z.output<Requests[C]['request']>,
) => Promise<ResponseOf<C>> | ResponseOf<C>;

export type Handlers = { [C in RequestName]: Handler<C> };

export type Dispatch = (channel: unknown, payload: unknown) => Promise<WireResult>;

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

export function createDispatcher(handlers: Handlers, onError?: (channel: string, error: KioskError) => void): Dispatch {
  return async (channel, payload) => {
    try {
      if (!isRequestName(channel)) {
        throw new KioskError({ code: 'contract.unknown-channel', technicianMessage: `unknown request channel ${JSON.stringify(String(channel)).slice(0, 80)}` });
      }
      const spec = requests[channel];
      const parsed = spec.request.safeParse(payload ?? {});
      if (!parsed.success) {
        throw new KioskError({ code: 'contract.invalid-request', technicianMessage: `${channel}: ${describeIssues(parsed.error)}` });
      }
      const handler = handlers[channel] as (p: unknown) => unknown;
      const result = await handler(parsed.data);
      const checked = spec.response.safeParse(result);
      if (!checked.success) {
        throw new KioskError({ code: 'contract.invalid-response', technicianMessage: `${channel} answered off-contract: ${describeIssues(checked.error)}` });
      }
      return { ok: true, result: checked.data };
    } catch (error) {
      const kioskError = toKioskError(error);
      onError?.(String(channel), kioskError);
      return { ok: false, error: kioskError.toJSON() };
    }
  };
}

/** Validates (and strips) an event payload before it leaves the engine. */
export function checkEvent<E extends EventName>(event: E, payload: EventOf<E>): EventOf<E> {
  const parsed = events[event].payload.safeParse(payload);
  if (!parsed.success) {
    throw new KioskError({ code: 'contract.invalid-event', technicianMessage: `${event}: ${describeIssues(parsed.error)}` });
  }
  return parsed.data as EventOf<E>;
}
