// Runs in: Node (vitest). Durable job states across a simulated crash (reopened database file).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { openJobStore } from './job-store';
import { KioskError } from '../../src/shared/errors';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function dbFile(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'jobs-'));
  dirs.push(d);
  return path.join(d, 'kiosk.db');
}

const chunks = [Uint8Array.of(0x1b, 0x40), Uint8Array.of(0x41, 0x0a), Uint8Array.of(0x1d, 0x56, 0x42, 0)];

describe('print job store', () => {
  it('is idempotent on job id and keeps chunk boundaries', () => {
    const db = new Database(':memory:');
    const s = openJobStore(db);
    const a = s.enqueue({ id: 'receipt:X-1', printerId: 'p', kind: 'receipt', chunks });
    const b = s.enqueue({ id: 'receipt:X-1', printerId: 'p', kind: 'receipt', chunks: [Uint8Array.of(1)] });
    expect(b.chunks.map((c) => [...c])).toEqual(a.chunks.map((c) => [...c]));
    expect(s.list('p')).toHaveLength(1);
    expect(() => s.enqueue({ id: 'bad id!', printerId: 'p', kind: 'x', chunks })).toThrow(KioskError);
  });

  it('after a crash: delivered stays delivered, half-sent is reprinted whole, sent-unconfirmed is uncertain', () => {
    const file = dbFile();
    let db = new Database(file);
    let s = openJobStore(db);
    for (const id of ['done', 'half', 'sent', 'waiting']) s.enqueue({ id, printerId: 'p', kind: 'receipt', chunks });
    s.markSending('done');
    s.markSent('done');
    s.markDone('done');
    s.markSending('half');
    s.markSending('sent');
    s.markSent('sent');
    db.close(); // the "crash"

    db = new Database(file);
    s = openJobStore(db);
    expect(s.recover('p')).toEqual({ requeued: ['half'], uncertain: ['sent'] });
    expect(s.get('done')!.state).toBe('done');
    expect(s.get('done')!.chunks).toEqual([]); // personal data dropped once delivered
    expect(s.next('p')!.id).toBe('half'); // oldest first
    expect(s.get('half')!.attempts).toBe(1);
    expect(s.get('sent')!.state).toBe('uncertain');
    expect(() => s.markSending('done')).toThrow(KioskError);
    db.close();
  });
});
