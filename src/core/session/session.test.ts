import { describe, expect, it } from 'vitest';
import { EventBus } from '../events';
import { CitizenSession } from './session';

describe('citizen session', () => {
  it('forgets every personal datum on end, zeroes byte buffers, and tells the UI', () => {
    const bus = new EventBus();
    const events: string[] = [];
    bus.subscribe((event, payload) => events.push(`${event}:${JSON.stringify(payload)}`));
    const session = new CitizenSession(bus);
    const face = new Uint8Array([9, 9, 9, 9]);
    session.put('identity', { fullName: 'Lê Thị Mai', photo: { bytes: face } });
    session.put('draft', { phone: '0987654321' });
    expect(session.isActive).toBe(true);
    expect(session.end('timeout')).toBe(true);
    expect(session.size).toBe(0);
    expect(session.get('identity')).toBeUndefined();
    expect([...face]).toEqual([0, 0, 0, 0]);
    expect(session.isActive).toBe(false);
    expect(events).toEqual(['session.ended:{"reason":"timeout"}']);
    expect(session.end('finished')).toBe(false); // idempotent
  });
});
