// Runs in: Node (engine). The engine's outgoing events, checked against the contract before they
// leave, fanned out to every connected UI (Electron window, browser-host sockets).
import type { EventName, EventOf } from '../shared/contract';
import { checkEvent } from '../shared/transport/dispatcher';
import { getLogger } from './log';

const log = getLogger('events');

export type EventListener = <E extends EventName>(event: E, payload: EventOf<E>) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventOf<E>): void {
    let checked: EventOf<E>;
    try {
      checked = checkEvent(event, payload);
    } catch (error) {
      // An off-contract event is an engine bug: log it, never crash a device loop over it.
      log.error({ err: error, event }, 'dropped off-contract event');
      return;
    }
    for (const listener of this.listeners) {
      try {
        listener(event, checked);
      } catch (error) {
        log.error({ err: error, event }, 'event listener failed');
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
