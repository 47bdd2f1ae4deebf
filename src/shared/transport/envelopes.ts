// Runs in: every process. The wire format both transports carry. Over Electron IPC the
// structured-clone algorithm moves these objects; over WebSocket they travel as JSON text.
import { z } from 'zod';

export const kioskErrorDataSchema = z.object({
  code: z.string(),
  technicianMessage: z.string(),
  citizenMessage: z.string(),
  retryable: z.boolean(),
});

export const wireResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: kioskErrorDataSchema }),
]);
export type WireResult = z.infer<typeof wireResultSchema>;

/** Client -> engine. */
export const requestEnvelopeSchema = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  payload: z.unknown(),
});
export type RequestEnvelope = z.infer<typeof requestEnvelopeSchema>;

/** Engine -> client: the answer to one request, or an event. */
export const serverEnvelopeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('response'), id: z.number().int().nonnegative(), result: wireResultSchema }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type ServerEnvelope = z.infer<typeof serverEnvelopeSchema>;

/** What a renderer-side transport must offer; the client adds typing and validation on top. */
export interface ClientTransport {
  invoke(channel: string, payload: unknown): Promise<WireResult>;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
  /** 'open' | 'connecting' | 'closed' — for the "connection lost" overlay. Calls the listener
   *  at once with the current state, then on every change. */
  onConnection?(listener: (state: ConnectionState) => void): () => void;
}

export type ConnectionState = 'open' | 'connecting' | 'closed';

/** Name of the single IPC channel for calls and the single one for events (Electron). */
export const IPC_INVOKE = 'kiosk:invoke';
export const IPC_EVENT = 'kiosk:event';
