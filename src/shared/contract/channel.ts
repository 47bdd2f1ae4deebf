// Runs in: every process. Building blocks of the contract: a request channel pairs a request
// schema with a response schema; an event channel is one payload schema.
import type { z } from 'zod';

export interface RequestChannelSpec<Req extends z.ZodType, Res extends z.ZodType> {
  request: Req;
  response: Res;
  /** One line: what the call does. Shown in the contract's generated docs and the technician view. */
  summary: string;
}

export function requestChannel<Req extends z.ZodType, Res extends z.ZodType>(
  request: Req,
  response: Res,
  summary: string,
): RequestChannelSpec<Req, Res> {
  return { request, response, summary };
}

export interface EventChannelSpec<P extends z.ZodType> {
  payload: P;
  summary: string;
}

export function eventChannel<P extends z.ZodType>(payload: P, summary: string): EventChannelSpec<P> {
  return { payload, summary };
}
