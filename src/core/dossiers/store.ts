// Runs in: Node (engine). The dossier store: dossiers, attachments, transactional outbox, status
// history and audit log in the encrypted database; attachment files in an encrypted blob folder.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { KioskError } from '../../shared/errors';
import { durableTransaction, openDatabaseWithKey, type OpenDatabaseOptions } from '../db/open';
import { getLogger } from '../log';
import { BlobStore } from './blobs';
import { formatDossierCode, hcmDayKey, assertUnitCode, parseDossierCode } from './code';
import { dossierMigrations } from './schema';
import { isFinalStatus, type DossierStatus } from './status';

const log = getLogger('dossiers');

/** Personal data: kept only until upstream confirms receipt (+ retention), then purged. */
export interface DossierPersonalData {
  ownerName: string;
  ownerIdNumber: string;
  /** 1 citizen, 2 enterprise, 3 state agency, 4 other (LoaiDoiTuong). */
  ownerType?: 1 | 2 | 3 | 4;
  phone?: string;
  email?: string;
  address?: string;
  /** TrichYeuHoSo: often names the person, so it is personal data too. */
  summary: string;
  /** The filled form, as the forms engine produced it. */
  form: Record<string, unknown>;
}

export interface AttachmentInput {
  name: string;
  /** MaThanhPhanHoSo: which required component this file satisfies. */
  componentCode: string;
  mime: string;
  bytes: Uint8Array;
}

export interface SubmitDossierInput {
  procedureCode: string;
  procedureName: string;
  sectorCode?: string;
  promisedAt?: number;
  personal: DossierPersonalData;
  attachments: AttachmentInput[];
}

export interface SubmitResult {
  code: string;
  receivedAt: number;
}

export interface AttachmentRow {
  id: number;
  ordinal: number;
  name: string;
  componentCode: string;
  mime: string;
  sha256: string;
  size: number;
  blobName: string | null;
  upstreamUrl: string | null;
}

export interface DossierRow {
  code: string;
  unitCode: string;
  procedureCode: string;
  procedureName: string;
  sectorCode: string | null;
  receivedAt: number;
  promisedAt: number | null;
  status: DossierStatus;
  statusAt: number;
  upstreamCode: string | null;
  version: number;
  deliveredAt: number | null;
  purgedAt: number | null;
}

export interface OutboxEntry {
  id: number;
  dossierCode: string;
  op: 'upsert';
  dossierVersion: number;
  state: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  deadReason: string | null;
  createdAt: number;
  finishedAt: number | null;
}

export interface StatusEvent {
  status: DossierStatus;
  at: number;
  source: 'kiosk' | 'upstream';
  note: string | null;
}

/** What the public tracking screen may show: no personal data beyond the receipt's. */
export interface PublicTimeline {
  code: string;
  procedureCode: string;
  procedureName: string;
  receivedAt: number;
  promisedAt: number | null;
  status: DossierStatus;
  delivered: boolean;
  events: StatusEvent[];
}

export interface DossierStoreOptions extends Omit<OpenDatabaseOptions, 'migrations'> {
  /** MaDinhDanh of the unit this kiosk serves, e.g. `000.00.01.H22`. */
  unitCode: string;
  /** Injected clock (tests crossing midnight); default Date.now. */
  now?: () => number;
}

type Row = Record<string, unknown>;

const mapDossier = (r: Row): DossierRow => ({
  code: r.code as string,
  unitCode: r.unit_code as string,
  procedureCode: r.procedure_code as string,
  procedureName: r.procedure_name as string,
  sectorCode: (r.sector_code as string | null) ?? null,
  receivedAt: r.received_at as number,
  promisedAt: (r.promised_at as number | null) ?? null,
  status: r.status as DossierStatus,
  statusAt: r.status_at as number,
  upstreamCode: (r.upstream_code as string | null) ?? null,
  version: r.version as number,
  deliveredAt: (r.delivered_at as number | null) ?? null,
  purgedAt: (r.purged_at as number | null) ?? null,
});

const mapAttachment = (r: Row): AttachmentRow => ({
  id: r.id as number,
  ordinal: r.ordinal as number,
  name: r.name as string,
  componentCode: r.component_code as string,
  mime: r.mime as string,
  sha256: r.sha256 as string,
  size: r.size as number,
  blobName: (r.blob_name as string | null) ?? null,
  upstreamUrl: (r.upstream_url as string | null) ?? null,
});

const mapOutbox = (r: Row): OutboxEntry => ({
  id: r.id as number,
  dossierCode: r.dossier_code as string,
  op: r.op as 'upsert',
  dossierVersion: r.dossier_version as number,
  state: r.state as OutboxEntry['state'],
  attempts: r.attempts as number,
  nextAttemptAt: r.next_attempt_at as number,
  lastError: (r.last_error as string | null) ?? null,
  deadReason: (r.dead_reason as string | null) ?? null,
  createdAt: r.created_at as number,
  finishedAt: (r.finished_at as number | null) ?? null,
});

function invalid(technicianMessage: string): KioskError {
  return new KioskError({ code: 'dossier.invalid', technicianMessage, citizenMessage: 'Hồ sơ chưa đầy đủ. Xin vui lòng kiểm tra lại.' });
}

function validateInput(input: SubmitDossierInput): void {
  const nonEmpty = (v: unknown, field: string, max: number) => {
    if (typeof v !== 'string' || v.trim() === '' || v.length > max) throw invalid(`${field} must be a non-empty string of at most ${max} characters`);
  };
  nonEmpty(input.procedureCode, 'procedureCode', 64);
  nonEmpty(input.procedureName, 'procedureName', 500);
  nonEmpty(input.personal?.ownerName, 'personal.ownerName', 200);
  nonEmpty(input.personal?.ownerIdNumber, 'personal.ownerIdNumber', 32);
  if (typeof input.personal.summary !== 'string') throw invalid('personal.summary must be a string');
  if (!Array.isArray(input.attachments) || input.attachments.length > 100) throw invalid('attachments must be an array of at most 100 files');
  for (const a of input.attachments) {
    nonEmpty(a.name, 'attachment.name', 255);
    nonEmpty(a.componentCode, 'attachment.componentCode', 64);
    if (!(a.bytes instanceof Uint8Array)) throw invalid('attachment.bytes must be bytes');
  }
}

export class DossierStore {
  readonly db: Database;
  readonly blobs: BlobStore;
  readonly unitCode: string;
  private readonly now: () => number;
  private readonly st: Record<string, Statement>;

  static open(options: DossierStoreOptions): DossierStore {
    assertUnitCode(options.unitCode);
    const opened = openDatabaseWithKey({ ...options, migrations: dossierMigrations });
    return new DossierStore(opened.db, new BlobStore(path.join(options.dataDir, 'blobs'), opened.key), options.unitCode, options.now ?? Date.now);
  }

  private constructor(db: Database, blobs: BlobStore, unitCode: string, now: () => number) {
    this.db = db;
    this.blobs = blobs;
    this.unitCode = unitCode;
    this.now = now;
    const p = (sql: string) => db.prepare(sql);
    this.st = {
      bumpCounter: p(`INSERT INTO day_counters (unit_code, day, last_seq) VALUES (?, ?, 1)
        ON CONFLICT (unit_code, day) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`),
      insertDossier: p(`INSERT INTO dossiers (code, unit_code, procedure_code, procedure_name, sector_code, received_at, promised_at,
        status, status_at, personal_json) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`),
      insertAttachment: p(`INSERT INTO attachments (dossier_code, ordinal, name, component_code, mime, sha256, size, blob_name)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      insertOutbox: p(`INSERT INTO outbox (dossier_code, op, dossier_version, state, next_attempt_at, created_at) VALUES (?, 'upsert', ?, 'pending', ?, ?)`),
      insertStatus: p('INSERT INTO status_history (dossier_code, status, at, source, note) VALUES (?, ?, ?, ?, ?)'),
      audit: p('INSERT INTO audit_log (at, actor, action, dossier_code, detail) VALUES (?, ?, ?, ?, ?)'),
      getDossier: p('SELECT * FROM dossiers WHERE code = ? OR upstream_code = ?'),
      attachments: p('SELECT * FROM attachments WHERE dossier_code = ? ORDER BY ordinal'),
      due: p(`SELECT o.* FROM outbox o WHERE o.state = 'pending' AND o.next_attempt_at <= ?
        AND o.id = (SELECT MIN(id) FROM outbox p WHERE p.dossier_code = o.dossier_code AND p.state != 'delivered')
        ORDER BY o.next_attempt_at, o.id LIMIT ?`),
      nextDue: p(`SELECT MIN(next_attempt_at) AS t FROM outbox WHERE state = 'pending'`),
    };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private audit(actor: string, action: string, code: string | null, detail?: string): void {
    this.st.audit!.run(this.now(), actor, action, code, detail ?? null);
  }

  /**
   * Stores a dossier: attachment files are written and fsynced first, then ONE transaction holds
   * the code allocation, the dossier, its attachment metadata, the outbox row, the first status and
   * the audit entry. Returns only after that transaction committed (synchronous=FULL, WAL): the
   * receipt may then say "received".
   */
  submitDossier(input: SubmitDossierInput, actor = 'citizen'): SubmitResult {
    validateInput(input);
    const stored = input.attachments.map((a) => ({ a, blob: this.blobs.put(a.bytes) }));
    const receivedAt = this.now();
    const day = hcmDayKey(receivedAt);
    try {
      const code = durableTransaction(this.db, () => {
        const { last_seq } = this.st.bumpCounter!.get(this.unitCode, day) as { last_seq: number };
        const code = formatDossierCode(this.unitCode, day, last_seq);
        this.st.insertDossier!.run(code, this.unitCode, input.procedureCode, input.procedureName, input.sectorCode ?? null, receivedAt, input.promisedAt ?? null, receivedAt, JSON.stringify(input.personal));
        stored.forEach(({ a, blob }, i) => this.st.insertAttachment!.run(code, i + 1, a.name, a.componentCode, a.mime, blob.sha256, blob.size, blob.blobName));
        this.st.insertOutbox!.run(code, 1, receivedAt, receivedAt);
        this.st.insertStatus!.run(code, 1, receivedAt, 'kiosk', null);
        this.audit(actor, 'submit', code, `${stored.length} attachment(s)`);
        return code;
      });
      log.info({ code, attachments: stored.length }, 'dossier committed');
      return { code, receivedAt };
    } catch (error) {
      if (error instanceof KioskError) throw error;
      const code = (error as { code?: string }).code;
      throw new KioskError({
        code: code === 'SQLITE_FULL' ? 'dossier.disk-full' : 'dossier.commit-failed',
        technicianMessage: `dossier transaction failed (${code ?? (error as Error).message}); nothing was acknowledged`,
        citizenMessage: 'Máy chưa lưu được hồ sơ. Xin vui lòng nhờ cán bộ hỗ trợ.',
        cause: error,
      });
    }
  }

  /** A staff amendment (e.g. supplement): new version + outbox row, delivered after earlier ones. */
  amendDossier(code: string, personal: DossierPersonalData, actor: string): number {
    return durableTransaction(this.db, () => {
      const d = this.requireDossier(code);
      if (d.purgedAt !== null) throw invalid(`dossier ${code} was purged; it can no longer be amended locally`);
      const version = d.version + 1;
      this.db.prepare('UPDATE dossiers SET version = ?, personal_json = ? WHERE code = ?').run(version, JSON.stringify(personal), d.code);
      this.st.insertOutbox!.run(d.code, version, this.now(), this.now());
      this.audit(actor, 'amend', d.code, `version ${version}`);
      return version;
    });
  }

  getDossier(code: string): DossierRow | null {
    const r = this.st.getDossier!.get(code, code) as Row | undefined;
    return r ? mapDossier(r) : null;
  }

  private requireDossier(code: string): DossierRow {
    const d = this.getDossier(code);
    if (!d) throw new KioskError({ code: 'dossier.not-found', technicianMessage: `no dossier ${code}`, citizenMessage: 'Không tìm thấy hồ sơ.' });
    return d;
  }

  getAttachments(code: string): AttachmentRow[] {
    return (this.st.attachments!.all(code) as Row[]).map(mapAttachment);
  }

  /** Decrypted attachment bytes (for upload); KioskError if purged or tampered with. */
  readAttachment(att: AttachmentRow): Buffer {
    if (!att.blobName) throw new KioskError({ code: 'dossier.attachment-purged', technicianMessage: `attachment ${att.id} was purged` });
    return this.blobs.get(att.blobName, att.sha256);
  }

  setAttachmentUrl(id: number, url: string): void {
    this.db.prepare('UPDATE attachments SET upstream_url = ? WHERE id = ?').run(url, id);
  }

  /**
   * Personal data for delivery (actor 'sync') or for staff display. Every read by a person is
   * audited (Decree 13/2023: processing of personal data must be traceable).
   */
  readPersonalData(code: string, actor: string, reason: string): DossierPersonalData | null {
    const d = this.requireDossier(code);
    const r = this.db.prepare('SELECT personal_json FROM dossiers WHERE code = ?').get(d.code) as { personal_json: string | null };
    if (actor !== 'sync') this.audit(actor, 'read-personal', d.code, reason);
    return r.personal_json ? (JSON.parse(r.personal_json) as DossierPersonalData) : null;
  }

  // ---- outbox -------------------------------------------------------------------------------

  /** Pending rows that are due, at most one per dossier (its oldest), so per-dossier order holds. */
  dueOutbox(limit: number, exclude: ReadonlySet<string> = new Set()): OutboxEntry[] {
    const rows = (this.st.due!.all(this.now(), limit + exclude.size) as Row[]).map(mapOutbox);
    return rows.filter((r) => !exclude.has(r.dossierCode)).slice(0, limit);
  }

  nextDueAt(): number | null {
    return (this.st.nextDue!.get() as { t: number | null }).t;
  }

  getOutbox(id: number): OutboxEntry | null {
    const r = this.db.prepare('SELECT * FROM outbox WHERE id = ?').get(id) as Row | undefined;
    return r ? mapOutbox(r) : null;
  }

  listOutbox(state?: OutboxEntry['state']): OutboxEntry[] {
    const rows = state ? this.db.prepare('SELECT * FROM outbox WHERE state = ? ORDER BY id').all(state) : this.db.prepare('SELECT * FROM outbox ORDER BY id').all();
    return (rows as Row[]).map(mapOutbox);
  }

  outboxCounts(): Record<OutboxEntry['state'], number> {
    const counts = { pending: 0, delivered: 0, dead: 0 };
    for (const r of this.db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all() as { state: OutboxEntry['state']; n: number }[]) counts[r.state] = r.n;
    return counts;
  }

  /** Upstream confirmed the record: closes the outbox row, records the mapping and first receipt. */
  markDelivered(outboxId: number, result: { upstreamCode: string; status?: DossierStatus; at?: number }): void {
    this.db.transaction(() => {
      const row = this.getOutbox(outboxId);
      if (!row || row.state !== 'pending') return;
      const at = this.now();
      this.db.prepare(`UPDATE outbox SET state = 'delivered', finished_at = ?, last_error = NULL WHERE id = ?`).run(at, outboxId);
      this.db.prepare('UPDATE dossiers SET upstream_code = ?, delivered_at = COALESCE(delivered_at, ?) WHERE code = ?').run(result.upstreamCode, at, row.dossierCode);
      this.audit('sync', 'delivered', row.dossierCode, result.upstreamCode === row.dossierCode ? undefined : `upstream code ${result.upstreamCode}`);
      if (result.status !== undefined) this.recordStatusInTx(row.dossierCode, result.status, result.at ?? at, 'upstream');
    })();
  }

  markRetry(outboxId: number, error: string, nextAttemptAt: number): void {
    this.db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ? AND state = 'pending'`).run(error.slice(0, 500), nextAttemptAt, outboxId);
  }

  /** Permanent rejection: dead-letter with the upstream's reason, visible to staff. */
  markDead(outboxId: number, reason: string): void {
    this.db.transaction(() => {
      const row = this.getOutbox(outboxId);
      if (!row || row.state !== 'pending') return;
      this.db.prepare(`UPDATE outbox SET state = 'dead', attempts = attempts + 1, dead_reason = ?, finished_at = ? WHERE id = ?`).run(reason.slice(0, 1000), this.now(), outboxId);
      this.audit('sync', 'dead-letter', row.dossierCode, reason.slice(0, 200));
    })();
  }

  listDeadLetters(): OutboxEntry[] {
    return this.listOutbox('dead');
  }

  /** Staff put a dead-lettered row back in the queue (after fixing the cause upstream or locally). */
  resubmit(outboxId: number, actor: string): void {
    this.db.transaction(() => {
      const row = this.getOutbox(outboxId);
      if (!row || row.state !== 'dead') throw new KioskError({ code: 'outbox.not-dead', technicianMessage: `outbox row ${outboxId} is not dead-lettered` });
      this.db.prepare(`UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, dead_reason = NULL, finished_at = NULL WHERE id = ?`).run(this.now(), outboxId);
      this.audit(actor, 'resubmit', row.dossierCode, row.deadReason ?? undefined);
    })();
  }

  /** The link came back: make every pending row due now instead of waiting out its backoff. */
  rescheduleAllPending(): number {
    return this.db.prepare(`UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending' AND next_attempt_at > ?`).run(this.now(), this.now()).changes;
  }

  /**
   * Staff asked to try now rather than wait out the backoff: one pending row, or all of them.
   * Audited; returns how many rows were rescheduled (0 when the row is no longer pending). Per-
   * dossier order still holds: `dueOutbox` only ever hands out a dossier's oldest open row.
   */
  retryNow(target: number | 'all', actor: string): number {
    return this.db.transaction(() => {
      if (target === 'all') {
        const n = this.db.prepare(`UPDATE outbox SET next_attempt_at = ? WHERE state = 'pending'`).run(this.now()).changes;
        if (n > 0) this.audit(actor, 'retry-now', null, `${n} row(s)`);
        return n;
      }
      const row = this.getOutbox(target);
      if (!row || row.state !== 'pending') return 0;
      this.db.prepare('UPDATE outbox SET next_attempt_at = ? WHERE id = ?').run(this.now(), target);
      this.audit(actor, 'retry-now', row.dossierCode, `attempts so far: ${row.attempts}`);
      return 1;
    })();
  }

  // ---- status -------------------------------------------------------------------------------

  private recordStatusInTx(code: string, status: DossierStatus, at: number, source: 'kiosk' | 'upstream', note?: string): boolean {
    const d = this.requireDossier(code);
    if (d.status === status) return false;
    this.db.prepare('UPDATE dossiers SET status = ?, status_at = ?, closed = ? WHERE code = ?').run(status, at, isFinalStatus(status) ? 1 : 0, d.code);
    this.st.insertStatus!.run(d.code, status, at, source, note ?? null);
    return true;
  }

  /** Records a status; returns true when it changed (so the worker emits an event). */
  recordStatus(code: string, status: DossierStatus, at: number, source: 'kiosk' | 'upstream', note?: string): boolean {
    return this.db.transaction(() => this.recordStatusInTx(code, status, at, source, note))();
  }

  /** Delivered dossiers whose status upstream may still change. */
  openDossiers(limit = 500): DossierRow[] {
    return (this.db.prepare('SELECT * FROM dossiers WHERE closed = 0 AND delivered_at IS NOT NULL ORDER BY status_at LIMIT ?').all(limit) as Row[]).map(mapDossier);
  }

  /** Tracking by receipt code: no personal data. Accepts the kiosk code or the upstream's. */
  timeline(code: string): PublicTimeline | null {
    parseDossierCodeLenient(code);
    const d = this.getDossier(code);
    if (!d) return null;
    const events = (this.db.prepare('SELECT status, at, source, note FROM status_history WHERE dossier_code = ? ORDER BY id').all(d.code) as Row[]).map((r) => ({
      status: r.status as DossierStatus,
      at: r.at as number,
      source: r.source as StatusEvent['source'],
      note: (r.note as string | null) ?? null,
    }));
    return { code: d.code, procedureCode: d.procedureCode, procedureName: d.procedureName, receivedAt: d.receivedAt, promisedAt: d.promisedAt, status: d.status, delivered: d.deliveredAt !== null, events };
  }

  // ---- privacy ------------------------------------------------------------------------------

  /**
   * Decree 13/2023 minimisation: once upstream has confirmed receipt and `retentionDays` have
   * passed, the personal data and attachment files are deleted; code, procedure and status stay.
   */
  purgePersonalData(retentionDays: number): string[] {
    const cutoff = this.now() - retentionDays * 86_400_000;
    const codes = (this.db.prepare(`SELECT code FROM dossiers d WHERE delivered_at IS NOT NULL AND delivered_at <= ? AND purged_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.dossier_code = d.code AND o.state != 'delivered')`).all(cutoff) as { code: string }[]).map((r) => r.code);
    const orphaned = new Set<string>();
    this.db.transaction(() => {
      for (const code of codes) {
        for (const a of this.getAttachments(code)) if (a.blobName) orphaned.add(a.blobName);
        this.db.prepare('UPDATE dossiers SET personal_json = NULL, purged_at = ? WHERE code = ?').run(this.now(), code);
        this.db.prepare('UPDATE attachments SET blob_name = NULL WHERE dossier_code = ?').run(code);
        this.audit('system', 'purge-personal', code);
      }
    })();
    // Files go after the commit: a crash in between leaves an unreferenced (still encrypted) file,
    // never a reference to a missing one.
    const stillUsed = this.db.prepare('SELECT 1 FROM attachments WHERE blob_name = ? LIMIT 1');
    for (const blob of orphaned) if (!stillUsed.get(blob)) this.blobs.remove(blob);
    return codes;
  }

  /**
   * Deletes attachment files no row references, older than `minAgeMs` (a crash between writing a
   * file and committing its dossier leaves one; the age guard spares a submit in progress).
   */
  sweepOrphanBlobs(minAgeMs = 3600_000): number {
    const used = this.db.prepare('SELECT 1 FROM attachments WHERE blob_name = ? LIMIT 1');
    let removed = 0;
    for (const name of readdirSync(this.blobs.dir)) {
      const blobName = name.endsWith('.tmp') ? null : name;
      if (blobName && used.get(blobName)) continue;
      if (Date.now() - statSync(path.join(this.blobs.dir, name)).mtimeMs < minAgeMs) continue;
      rmSync(path.join(this.blobs.dir, name), { force: true });
      removed++;
    }
    return removed;
  }

  auditLog(code?: string): { at: number; actor: string; action: string; dossierCode: string | null; detail: string | null }[] {
    const rows = (code ? this.db.prepare('SELECT * FROM audit_log WHERE dossier_code = ? ORDER BY id').all(code) : this.db.prepare('SELECT * FROM audit_log ORDER BY id').all()) as Row[];
    return rows.map((r) => ({ at: r.at as number, actor: r.actor as string, action: r.action as string, dossierCode: (r.dossier_code as string | null) ?? null, detail: (r.detail as string | null) ?? null }));
  }
}

/** Upstream-assigned codes may carry 5 random digits instead of NNNN; accept both shapes. */
function parseDossierCodeLenient(code: string): void {
  if (/^[A-Za-z0-9.]+-\d{6}-\d{5}$/.test(code)) return;
  parseDossierCode(code);
}
