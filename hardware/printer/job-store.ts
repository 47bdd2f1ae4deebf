// Runs in: Node (engine). Durable print jobs in the kiosk's (encrypted) SQLite database, so a crash
// or power cut never prints a delivered ticket again. The caller owns the connection; this module
// only creates its own tables (the dossier DB owner adopts these definitions into migrations).
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { KioskError } from '../../src/shared/errors';

/**
 * queued    -> waiting (or reprint after an interruption)
 * sending   -> some chunks written; a crash here means the ticket never got its cut: reprint whole
 * sent      -> every chunk but the confirmation written; a crash here is 'uncertain'
 * done      -> the printer confirmed (GS r 1 answered) or a write-only link accepted it
 * uncertain -> staff decide: reprint or mark delivered
 * cancelled -> staff dropped it
 */
export type JobState = 'queued' | 'sending' | 'sent' | 'done' | 'uncertain' | 'cancelled';

export interface StoredJob {
  id: string;
  printerId: string;
  kind: string;
  state: JobState;
  attempts: number;
  /** Compiled ESC/POS chunks; empty once done (receipts carry personal data). */
  chunks: Uint8Array[];
  createdAt: string;
  updatedAt: string;
  lastError: string | null;
}

export const PRINT_JOBS_DDL = `
CREATE TABLE IF NOT EXISTS print_jobs (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id      TEXT NOT NULL UNIQUE,
  printer_id  TEXT NOT NULL,
  kind        TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('queued','sending','sent','done','uncertain','cancelled')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  payload     BLOB,
  chunk_sizes TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  last_error  TEXT
);
CREATE INDEX IF NOT EXISTS print_jobs_pending ON print_jobs (printer_id, state, seq);
`;

interface Row {
  job_id: string;
  printer_id: string;
  kind: string;
  state: JobState;
  attempts: number;
  payload: Buffer | null;
  chunk_sizes: string | null;
  created_at: string;
  updated_at: string;
  last_error: string | null;
}

function toJob(r: Row): StoredJob {
  const chunks: Uint8Array[] = [];
  if (r.payload && r.chunk_sizes) {
    let off = 0;
    for (const n of JSON.parse(r.chunk_sizes) as number[]) {
      chunks.push(new Uint8Array(r.payload.subarray(off, off + n)));
      off += n;
    }
  }
  return { id: r.job_id, printerId: r.printer_id, kind: r.kind, state: r.state, attempts: r.attempts, chunks, createdAt: r.created_at, updatedAt: r.updated_at, lastError: r.last_error };
}

export interface JobStore {
  /** Idempotent: enqueuing an id that exists returns the existing job untouched. */
  enqueue(job: { id: string; printerId: string; kind: string; chunks: Uint8Array[] }): StoredJob;
  get(id: string): StoredJob | null;
  /** Oldest queued job of a printer. */
  next(printerId: string): StoredJob | null;
  list(printerId: string, states?: JobState[]): StoredJob[];
  markSending(id: string): void;
  markSent(id: string): void;
  markDone(id: string): void;
  /** Back to queued after an interruption; the whole ticket is printed again. */
  requeue(id: string, reason: string): void;
  markUncertain(id: string, reason: string): void;
  cancel(id: string): void;
  /** Startup after a crash: `sending` -> queued (reprint whole), `sent` -> uncertain. Returns ids made uncertain. */
  recover(printerId: string): { requeued: string[]; uncertain: string[] };
}

const JOB_ID = /^[A-Za-z0-9._:/-]{1,120}$/;

export function openJobStore(db: Database): JobStore {
  db.exec(PRINT_JOBS_DDL);
  const now = () => new Date().toISOString();
  const getStmt = db.prepare('SELECT * FROM print_jobs WHERE job_id = ?');
  const setState = db.prepare('UPDATE print_jobs SET state = ?, updated_at = ?, last_error = COALESCE(?, last_error) WHERE job_id = ?');
  const get = (id: string): StoredJob | null => {
    const r = getStmt.get(id) as Row | undefined;
    return r ? toJob(r) : null;
  };
  const transition = (id: string, from: JobState[], to: JobState, err: string | null = null) => {
    const j = get(id);
    if (!j) throw new KioskError({ code: 'printer.job-unknown', technicianMessage: `print job ${id} does not exist` });
    if (!from.includes(j.state)) {
      throw new KioskError({ code: 'printer.job-state', technicianMessage: `print job ${id} is ${j.state}, cannot become ${to}` });
    }
    setState.run(to, now(), err, id);
  };
  return {
    enqueue(job) {
      if (!JOB_ID.test(job.id)) throw new KioskError({ code: 'printer.bad-job-id', technicianMessage: `job id must match ${JOB_ID}` });
      const existing = get(job.id);
      if (existing) return existing;
      const payload = Buffer.concat(job.chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.length)));
      const t = now();
      db.prepare(
        'INSERT INTO print_jobs (job_id, printer_id, kind, state, attempts, payload, chunk_sizes, created_at, updated_at) VALUES (?, ?, ?, \'queued\', 0, ?, ?, ?, ?)',
      ).run(job.id, job.printerId, job.kind, payload, JSON.stringify(job.chunks.map((c) => c.length)), t, t);
      return get(job.id)!;
    },
    get,
    next(printerId) {
      const r = db.prepare("SELECT * FROM print_jobs WHERE printer_id = ? AND state = 'queued' ORDER BY seq LIMIT 1").get(printerId) as Row | undefined;
      return r ? toJob(r) : null;
    },
    list(printerId, states) {
      const rows = db.prepare('SELECT * FROM print_jobs WHERE printer_id = ? ORDER BY seq').all(printerId) as Row[];
      return rows.map(toJob).filter((j) => !states || states.includes(j.state));
    },
    markSending(id) {
      transition(id, ['queued'], 'sending');
      db.prepare('UPDATE print_jobs SET attempts = attempts + 1 WHERE job_id = ?').run(id);
    },
    markSent(id) {
      transition(id, ['sending'], 'sent');
    },
    markDone(id) {
      const tx = db.transaction(() => {
        transition(id, ['sending', 'sent', 'uncertain'], 'done');
        db.prepare('UPDATE print_jobs SET payload = NULL, chunk_sizes = NULL WHERE job_id = ?').run(id);
      });
      tx();
    },
    requeue(id, reason) {
      transition(id, ['sending', 'sent', 'uncertain'], 'queued', reason);
    },
    markUncertain(id, reason) {
      transition(id, ['sending', 'sent'], 'uncertain', reason);
    },
    cancel(id) {
      const tx = db.transaction(() => {
        transition(id, ['queued', 'uncertain'], 'cancelled');
        db.prepare('UPDATE print_jobs SET payload = NULL, chunk_sizes = NULL WHERE job_id = ?').run(id);
      });
      tx();
    },
    recover(printerId) {
      const requeued: string[] = [];
      const uncertain: string[] = [];
      const tx = db.transaction(() => {
        for (const j of this.list(printerId, ['sending', 'sent'])) {
          if (j.state === 'sending') {
            setState.run('queued', now(), 'interrupted by restart before the cut', j.id);
            requeued.push(j.id);
          } else {
            setState.run('uncertain', now(), 'restart after the whole job was sent, before confirmation', j.id);
            uncertain.push(j.id);
          }
        }
      });
      tx();
      return { requeued, uncertain };
    },
  };
}
