// Runs in: Node (engine). The staff's read-only view of the outbox: counts and rows joined with
// the dossier's procedure name and submission time — never its personal data (those columns are
// not selected). Writes go through DossierStore methods, which audit them.
import type { OutboxRow, StaffOutbox } from '../../shared/contract/staff';
import type { ProcedureNames } from '../dossiers/procedure-names';
import type { DossierStore } from '../dossiers/store';
import { outboxAdvice } from './advice';

const HCM_OFFSET_MS = 7 * 3600_000; // Vietnam keeps UTC+7 all year
const DAY_MS = 86_400_000;

/** 00:00 Asia/Ho_Chi_Minh of the day `now` falls in, as epoch ms. */
export function hcmDayStart(now: number): number {
  return Math.floor((now + HCM_OFFSET_MS) / DAY_MS) * DAY_MS - HCM_OFFSET_MS;
}

/** Open rows (waiting, retrying, dead) listed at most; older deliveries of today beyond DELIVERED_SHOWN are counted, not listed. */
export const OPEN_SHOWN = 300;
export const DELIVERED_SHOWN = 30;

type Row = {
  id: number;
  dossier_code: string;
  dossier_version: number;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  dead_reason: string | null;
  finished_at: number | null;
  procedure_code: string;
  procedure_name: string;
  received_at: number;
};

const COLUMNS = `o.id, o.dossier_code, o.dossier_version, o.state, o.attempts, o.next_attempt_at, o.last_error, o.dead_reason,
  o.finished_at, d.procedure_code, d.procedure_name, d.received_at`;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function toRow(r: Row, assisted: ReadonlySet<string>, names: ProcedureNames | undefined): OutboxRow {
  const state = r.state === 'pending' ? (r.attempts > 0 ? 'retrying' : 'pending') : r.state;
  const reason = r.state === 'dead' ? (r.dead_reason ?? r.last_error) : r.state === 'pending' ? r.last_error : null;
  return {
    id: r.id,
    dossierCode: r.dossier_code,
    procedureName: names ? names(r.procedure_code, r.procedure_name) : { vi: r.procedure_name, en: r.procedure_name },
    state,
    attempts: r.attempts,
    reason,
    advice: outboxAdvice(state, reason),
    nextAttemptAt: r.state === 'pending' ? iso(r.next_attempt_at) : null,
    submittedAt: new Date(r.received_at).toISOString(),
    finishedAt: iso(r.finished_at),
    version: r.dossier_version,
    assisted: assisted.has(r.dossier_code),
  };
}

/**
 * Which listed dossiers staff filed in assisted mode: their submit entry in the audit log names a
 * `<role>:assisted` actor (src/core/staff/service.ts). One pass over the log from the oldest
 * listed submission on, rather than a lookup per row (the log has no index by dossier).
 */
function assistedAmong(store: DossierStore, rows: Row[]): Set<string> {
  if (rows.length === 0) return new Set();
  const since = Math.min(...rows.map((r) => r.received_at));
  const codes = store.db
    .prepare(`SELECT DISTINCT dossier_code AS code FROM audit_log WHERE action = 'submit' AND actor LIKE '%:assisted' AND at >= ?`)
    .all(since) as Array<{ code: string }>;
  const listed = new Set(rows.map((r) => r.dossier_code));
  return new Set(codes.map((c) => c.code).filter((c) => listed.has(c)));
}

export function outboxView(store: DossierStore, now: number, link: StaffOutbox['link'], names?: ProcedureNames): StaffOutbox {
  const db = store.db;
  const dayStart = hcmDayStart(now);
  const c = db
    .prepare(
      `SELECT
        SUM(CASE WHEN state = 'pending' AND attempts = 0 THEN 1 ELSE 0 END) AS pending,
        SUM(CASE WHEN state = 'pending' AND attempts > 0 THEN 1 ELSE 0 END) AS retrying,
        SUM(CASE WHEN state = 'dead' THEN 1 ELSE 0 END) AS dead,
        SUM(CASE WHEN state = 'delivered' AND finished_at >= ? THEN 1 ELSE 0 END) AS delivered_today
      FROM outbox`,
    )
    .get(dayStart) as { pending: number | null; retrying: number | null; dead: number | null; delivered_today: number | null };
  const counts = { pending: c.pending ?? 0, retrying: c.retrying ?? 0, dead: c.dead ?? 0, deliveredToday: c.delivered_today ?? 0 };
  // What needs a person first: rejected, then failing, then waiting (soonest attempt first).
  const open = db
    .prepare(
      `SELECT ${COLUMNS} FROM outbox o JOIN dossiers d ON d.code = o.dossier_code WHERE o.state != 'delivered'
       ORDER BY CASE WHEN o.state = 'dead' THEN 0 WHEN o.attempts > 0 THEN 1 ELSE 2 END, o.next_attempt_at, o.id LIMIT ?`,
    )
    .all(OPEN_SHOWN) as Row[];
  const delivered = db
    .prepare(`SELECT ${COLUMNS} FROM outbox o JOIN dossiers d ON d.code = o.dossier_code WHERE o.state = 'delivered' AND o.finished_at >= ? ORDER BY o.finished_at DESC, o.id DESC LIMIT ?`)
    .all(dayStart, DELIVERED_SHOWN) as Row[];
  const total = counts.pending + counts.retrying + counts.dead + counts.deliveredToday;
  const listed = [...open, ...delivered];
  const assisted = assistedAmong(store, listed);
  const rows = listed.map((r) => toRow(r, assisted, names));
  return { counts, link, rows, omitted: Math.max(0, total - rows.length), at: new Date(now).toISOString() };
}
