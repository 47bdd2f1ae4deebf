// Runs in: Node (engine). Delivers the outbox upstream: at-least-once from the transactional outbox,
// made exactly-once by look-up-then-create-or-update; strict order per dossier, bounded parallelism
// across dossiers; backoff with full jitter; online detection; status pull for open dossiers.
import { EventEmitter } from 'node:events';
import type { DossierStore, OutboxEntry } from '../dossiers/store';
import type { DossierStatus } from '../dossiers/status';
import { KioskError } from '../../shared/errors';
import { getLogger } from '../log';
import type { OutgoingDossier, UpstreamAdapter } from './adapter';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { classify, type UpstreamErrorKind } from './errors';

const log = getLogger('sync');

export interface SyncWorkerOptions {
  store: DossierStore;
  adapter: UpstreamAdapter;
  /** Dossiers delivered in parallel (each dossier's own rows stay strictly ordered). Default 4. */
  concurrency?: number;
  backoff?: BackoffOptions;
  /** Idle re-check of the outbox when nothing is scheduled. Default 1 s. */
  idlePollMs?: number;
  /** Status pull period for delivered, open dossiers; 0 = off. Default 60 s. */
  statusPollMs?: number;
  /** Reachability probe period while offline. Default 5 s. */
  probeMs?: number;
  random?: () => number;
  /** Purge personal data this many days after upstream confirmed receipt (Decree 13); checked hourly. Omit = never. */
  purgeAfterDays?: number;
}

export interface SyncEvents {
  delivered: [{ code: string; upstreamCode: string; outboxId: number; attempts: number }];
  retry: [{ code: string; outboxId: number; attempt: number; delayMs: number; kind: UpstreamErrorKind; errorCode: string }];
  'dead-letter': [{ code: string; outboxId: number; reason: string }];
  status: [{ code: string; status: DossierStatus; previous: DossierStatus; at: number }];
  online: [];
  offline: [{ reason: string }];
  /** Nothing due and nothing in flight (pending rows may still wait out a backoff). */
  idle: [];
  /** Personal data of these dossiers was deleted (codes and statuses remain). */
  purged: [{ codes: string[] }];
}

export interface SyncState {
  running: boolean;
  online: boolean;
  inFlight: number;
  outbox: Record<OutboxEntry['state'], number>;
}

export class SyncWorker extends EventEmitter<SyncEvents> {
  private readonly store: DossierStore;
  private readonly adapter: UpstreamAdapter;
  private readonly concurrency: number;
  private readonly backoff: BackoffOptions;
  private readonly idlePollMs: number;
  private readonly statusPollMs: number;
  private readonly probeMs: number;
  private readonly random: () => number;
  private running = false;
  private online = true;
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private statusTimer: NodeJS.Timeout | null = null;
  private pulling: Promise<void> | null = null;
  private readonly purgeAfterDays: number | undefined;
  private purgeTimer: NodeJS.Timeout | null = null;

  constructor(options: SyncWorkerOptions) {
    super();
    this.store = options.store;
    this.adapter = options.adapter;
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.idlePollMs = options.idlePollMs ?? 1000;
    this.statusPollMs = options.statusPollMs ?? 60_000;
    this.probeMs = options.probeMs ?? 5000;
    this.random = options.random ?? Math.random;
    this.purgeAfterDays = options.purgeAfterDays;
  }

  /** Runs the Decree 13 purge now; returns the purged codes. */
  purge(): string[] {
    if (this.purgeAfterDays === undefined) return [];
    const codes = this.store.purgePersonalData(this.purgeAfterDays);
    if (codes.length) this.emit('purged', { codes });
    return codes;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.statusPollMs > 0) {
      this.statusTimer = setInterval(() => void this.pullStatuses(), this.statusPollMs);
    }
    if (this.purgeAfterDays !== undefined) {
      this.purge();
      this.purgeTimer = setInterval(() => this.purge(), 3600_000);
    }
    this.tick();
  }

  /** Stops claiming work and waits for in-flight deliveries to settle (each is idempotent anyway). */
  async stop(): Promise<void> {
    this.running = false;
    for (const t of [this.timer, this.probeTimer]) if (t) clearTimeout(t);
    if (this.statusTimer) clearInterval(this.statusTimer);
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    this.purgeTimer = null;
    this.timer = this.probeTimer = this.statusTimer = null;
    await Promise.allSettled([...this.inFlight.values(), this.pulling ?? Promise.resolve()]);
  }

  /** A dossier was just committed: deliver without waiting for the idle poll. */
  kick(): void {
    if (this.running && this.online) this.tick();
  }

  state(): SyncState {
    return { running: this.running, online: this.online, inFlight: this.inFlight.size, outbox: this.store.outboxCounts() };
  }

  /** Resolves when no outbox row is pending (delivered or dead-lettered), or rejects on timeout. */
  async drained(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.store.outboxCounts().pending > 0 || this.inFlight.size > 0) {
      if (Date.now() > deadline) throw new KioskError({ code: 'sync.drain-timeout', technicianMessage: `outbox not drained after ${timeoutMs} ms: ${JSON.stringify(this.state())}`, retryable: true });
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), Math.max(0, ms));
  }

  private tick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.running || !this.online) return;
    const free = this.concurrency - this.inFlight.size;
    if (free > 0) {
      for (const row of this.store.dueOutbox(free, new Set(this.inFlight.keys()))) {
        const p = this.deliver(row)
          // A local failure while recording the outcome (disk, closed DB) leaves the row pending: it is retried.
          .catch((error: unknown) => log.error({ code: row.dossierCode, err: error }, 'delivery bookkeeping failed'))
          .finally(() => {
          this.inFlight.delete(row.dossierCode);
          this.tick();
        });
        this.inFlight.set(row.dossierCode, p);
      }
    }
    if (this.inFlight.size === 0) {
      this.emit('idle');
      const next = this.store.nextDueAt();
      this.schedule(next === null ? this.idlePollMs : Math.min(this.idlePollMs, next - Date.now()));
    }
  }

  private outgoing(code: string): OutgoingDossier {
    const d = this.store.getDossier(code);
    const personal = this.store.readPersonalData(code, 'sync', 'delivery');
    if (!d || !personal) throw new Error(`dossier ${code} has no deliverable content`);
    return {
      code: d.code,
      unitCode: d.unitCode,
      procedureCode: d.procedureCode,
      procedureName: d.procedureName,
      sectorCode: d.sectorCode,
      receivedAt: d.receivedAt,
      promisedAt: d.promisedAt,
      ownerName: personal.ownerName,
      ownerIdNumber: personal.ownerIdNumber,
      ownerType: personal.ownerType ?? 1,
      phone: personal.phone ?? null,
      email: personal.email ?? null,
      summary: personal.summary,
      form: personal.form,
      attachments: this.store.getAttachments(code).map((a) => ({ name: a.name, componentCode: a.componentCode, sha256: a.sha256, size: a.size, url: a.upstreamUrl ?? '' })),
    };
  }

  private async deliver(row: OutboxEntry): Promise<void> {
    try {
      // Files first: the upstream pulls them by URL when it ingests the record.
      for (const att of this.store.getAttachments(row.dossierCode)) {
        if (att.upstreamUrl) continue;
        const url = await this.adapter.uploadAttachment({ sha256: att.sha256, size: att.size, name: att.name, read: () => this.store.readAttachment(att) });
        this.store.setAttachmentUrl(att.id, url);
      }
      const outgoing = this.outgoing(row.dossierCode);
      const existing = await this.adapter.lookup(row.dossierCode);
      const result = await this.adapter.upsert(outgoing, existing);
      const before = this.store.getDossier(row.dossierCode)?.status;
      this.store.markDelivered(row.id, { upstreamCode: result.upstreamCode, status: result.status });
      this.markOnline();
      this.emit('delivered', { code: row.dossierCode, upstreamCode: result.upstreamCode, outboxId: row.id, attempts: row.attempts + 1 });
      if (before !== undefined && before !== result.status) this.emit('status', { code: row.dossierCode, status: result.status, previous: before, at: Date.now() });
    } catch (error) {
      const e = classify(error);
      if (e.kind === 'reject') {
        this.store.markDead(row.id, e.technicianMessage);
        log.warn({ code: row.dossierCode, errorCode: e.code }, 'dossier dead-lettered');
        this.emit('dead-letter', { code: row.dossierCode, outboxId: row.id, reason: e.technicianMessage });
        return;
      }
      const attempt = row.attempts + 1;
      const delayMs = backoffDelay(attempt, this.backoff, this.random);
      this.store.markRetry(row.id, `${e.code}: ${e.technicianMessage}`, Date.now() + delayMs);
      log.info({ code: row.dossierCode, attempt, delayMs, kind: e.kind, errorCode: e.code }, 'delivery will be retried');
      this.emit('retry', { code: row.dossierCode, outboxId: row.id, attempt, delayMs, kind: e.kind, errorCode: e.code });
      if (e.network) void this.checkLink(e.technicianMessage);
    }
  }

  private markOnline(): void {
    if (this.online) return;
    this.online = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    // Rows backed off while the link was down would otherwise wait out their delays.
    this.store.rescheduleAllPending();
    log.info('upstream reachable again');
    this.emit('online');
    this.tick();
  }

  /** A network-class failure: confirm with a probe before declaring the link down. */
  private async checkLink(reason: string): Promise<void> {
    if (!this.online || !this.running) return;
    if (await this.adapter.ping()) return;
    if (!this.online) return;
    this.online = false;
    log.warn('upstream unreachable; deliveries paused');
    this.emit('offline', { reason });
    const probe = async () => {
      if (!this.running || this.online) return;
      if (await this.adapter.ping()) this.markOnline();
      else this.probeTimer = setTimeout(() => void probe(), this.probeMs);
    };
    this.probeTimer = setTimeout(() => void probe(), this.probeMs);
  }

  /** Pulls statuses of delivered, open dossiers and emits a `status` event for each change. */
  async pullStatuses(): Promise<number> {
    if (this.pulling || !this.online) return 0;
    let changed = 0;
    this.pulling = (async () => {
      const open = this.store.openDossiers();
      if (open.length === 0) return;
      try {
        const remote = await this.adapter.statuses(open.map((d) => d.code));
        for (const d of open) {
          const r = remote.get(d.code);
          if (!r || r.status === d.status) continue;
          const at = Date.now();
          if (this.store.recordStatus(d.code, r.status, at, 'upstream')) {
            changed++;
            this.emit('status', { code: d.code, status: r.status, previous: d.status, at });
          }
        }
      } catch (error) {
        const e = classify(error);
        log.info({ errorCode: e.code }, 'status pull failed');
        if (e.network) void this.checkLink(e.technicianMessage);
      }
    })();
    try {
      await this.pulling;
    } finally {
      this.pulling = null;
    }
    return changed;
  }

  /** Tracking screen: refresh one dossier from upstream when online; local timeline either way. */
  async refresh(code: string): Promise<ReturnType<DossierStore['timeline']>> {
    const d = this.store.getDossier(code);
    if (d && d.deliveredAt !== null && this.online) {
      try {
        const r = (await this.adapter.statuses([d.code])).get(d.code);
        if (r && this.store.recordStatus(d.code, r.status, Date.now(), 'upstream')) {
          this.emit('status', { code: d.code, status: r.status, previous: d.status, at: Date.now() });
        }
      } catch (error) {
        log.info({ errorCode: classify(error).code }, 'status refresh failed; showing local timeline');
      }
    }
    return this.store.timeline(code);
  }
}
