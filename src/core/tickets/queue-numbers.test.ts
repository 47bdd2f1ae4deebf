// Runs in: Node (vitest). Queue numbers: per service, per Vietnam day, monotonic across reopen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { openQueueNumbers, vietnamDay } from './queue-numbers';
import { KioskError } from '../../shared/errors';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('queue numbers', () => {
  it('counts per service and never reuses a number after the database is reopened', () => {
    const d = mkdtempSync(path.join(tmpdir(), 'queue-'));
    dirs.push(d);
    const file = path.join(d, 'kiosk.db');
    const clock = { t: new Date('2026-11-23T02:00:00Z') };
    const issued: number[] = [];
    for (let round = 0; round < 3; round++) {
      const db = new Database(file);
      const q = openQueueNumbers(db, { now: () => clock.t });
      for (let i = 0; i < 4; i++) issued.push(q.next('A').number);
      expect(q.next('B').number).toBe(round + 1);
      db.close(); // a restart (or crash: every number is committed before it is returned)
    }
    expect(issued).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('restarts at 1 on the next Vietnam calendar day (midnight is 17:00 UTC)', () => {
    const db = new Database(':memory:');
    const clock = { t: new Date('2026-11-23T16:59:59Z') };
    const q = openQueueNumbers(db, { now: () => clock.t });
    expect(q.next('A')).toMatchObject({ number: 1, day: '2026-11-23' });
    expect(q.next('A').number).toBe(2);
    clock.t = new Date('2026-11-23T17:00:00Z');
    expect(vietnamDay(clock.t)).toBe('2026-11-24');
    expect(q.next('A')).toMatchObject({ number: 1, day: '2026-11-24', waitingAhead: 0 });
  });

  it('reports people waiting ahead and forgets served ones', () => {
    const db = new Database(':memory:');
    const q = openQueueNumbers(db, { now: () => new Date('2026-11-23T03:00:00Z') });
    q.next('A');
    q.next('A');
    q.next('B');
    expect(q.next('A').waitingAhead).toBe(2);
    q.markServed('A', 1);
    expect(q.next('A').waitingAhead).toBe(2); // 2 and 3 still waiting
    expect(q.waiting('A')).toBe(3);
    expect(() => q.next("A'; DROP TABLE")).toThrow(KioskError);
  });
});
