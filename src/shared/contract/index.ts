// Runs in: every process (renderer, preload, Electron main, engine, browser host).
//
// THE contract between UI and engine: every call and every event is declared exactly once here,
// with zod schemas validated at the boundary. Both transports (Electron IPC, WebSocket) carry the
// same envelopes; the renderer cannot tell which one it runs on.
import type { z } from 'zod';
import { cardEvents } from './card';
import { deviceEvents, deviceRequests } from './device-channels';
import { identityEvents, identityRequests } from './identity';
import { kioskRequests } from './kiosk';
import { scanEvents } from './scan';
import { sessionEvents, sessionRequests } from './session';
import { speechRequests } from './speech';
import { ticketRequests } from './tickets';
import { procedureRequests } from './procedures';
import { technicianRequests } from './technician';
import { trackingEvents, trackingRequests } from './tracking';
import { alarmEvents, technicianToolRequests } from './technician-tools';
import { staffRequests } from './staff';
import { documentEvents, documentRequests } from './documents';

export const requests = {
  ...trackingRequests,
  ...kioskRequests,
  ...deviceRequests,
  ...sessionRequests,
  ...identityRequests,
  ...ticketRequests,
  ...technicianRequests,
  ...staffRequests,
  ...procedureRequests,
  ...speechRequests,
  ...technicianToolRequests,
  ...documentRequests,
};

export const events = {
  ...deviceEvents,
  ...cardEvents,
  ...sessionEvents,
  ...identityEvents,
  ...scanEvents,
  ...trackingEvents,
  ...alarmEvents,
  ...documentEvents,
};

export type Requests = typeof requests;
export type Events = typeof events;
export type RequestName = keyof Requests;
export type EventName = keyof Events;
export type RequestOf<C extends RequestName> = z.input<Requests[C]['request']>;
export type ResponseOf<C extends RequestName> = z.output<Requests[C]['response']>;
export type EventOf<E extends EventName> = z.output<Events[E]['payload']>;

export const requestNames = Object.keys(requests) as RequestName[];
export const eventNames = Object.keys(events) as EventName[];

export function isRequestName(value: unknown): value is RequestName {
  return typeof value === 'string' && Object.hasOwn(requests, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

export * from './devices';
export * from './tracking';
export * from './identity';
export * from './tickets';
export * from './procedures';
export * from './kiosk';
export * from './session';
export * from './technician';
export * from './speech';
export * from './technician-tools';
export * from './staff';
export * from './documents';
