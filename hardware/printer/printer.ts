// Runs in: Node (engine). The ESC/POS printer driver: a Device with a durable, exactly-once job
// queue. One worker sends jobs in order; between chunks it asks the printer (DLE EOT) whether the
// paper ran out or the cover opened. Exactly-once rule: a ticket interrupted mid-job is thrown away
// in the printer (DLE DC4 8 clears what it still holds) and, after recovery, printed again WHOLE,
// once. A ticket is delivered when the printer answers GS r 1 sent after its cut (GS r is processed
// in order, so the answer means the cut has been executed).
import type { Device, DeviceStatus } from '../device';
import { getLogger } from '../../src/core/log';
import { KioskError, toKioskError } from '../../src/shared/errors';
import { compileDocument, type PrintDocument, type PrintSettings } from './document';
import * as esc from './escpos';
import type { JobStore, StoredJob } from './job-store';
import type { PrinterProfile } from './profiles';
import { blockingAlarm, decodeStatus, makeAlarm, type PaperStatus, type PrinterAlarm, type PrinterAlarmCode } from './status';
import { createLink, type PrinterLink } from './transports';

const log = getLogger('printer');

export interface PrinterOptions {
  /** Config id (DeviceStatus.id), default "printer". */
  id?: string;
  store: JobStore;
  /** True when the URI points at the virtual printer. */
  simulated?: boolean;
  /** Idle status polling period (bidirectional links). */
  pollIntervalMs?: number;
  /** How long to wait for the GS r 1 answer after a cut (a long receipt prints for ~2 s). */
  ackTimeoutMs?: number;
  /** How long to wait for each DLE EOT answer. */
  statusTimeoutMs?: number;
  /** Reconnect period while the printer is unreachable. */
  reconnectMs?: number;
  /** For tests and tools: a ready-made link instead of one from the URI. */
  link?: PrinterLink;
  /** Darkness and cut from the config; changeable later with `setPrintSettings`. */
  settings?: PrintSettings;
}

export type JobEvent =
  | { jobId: string; type: 'queued' }
  | { jobId: string; type: 'printing'; attempt: number }
  | { jobId: string; type: 'interrupted'; reason: PrinterAlarmCode }
  | { jobId: string; type: 'done' }
  | { jobId: string; type: 'uncertain'; reason: string }
  | { jobId: string; type: 'cancelled' };

export interface Printer extends Device {
  readonly uri: string;
  readonly profile: PrinterProfile;
  /** Compiles and durably queues a ticket. Idempotent on `jobId`. Resolves once queued. */
  submit(jobId: string, kind: string, doc: PrintDocument): Promise<StoredJob>;
  /** Darkness and cut applied to jobs compiled from now on (queued jobs keep theirs). */
  printSettings(): PrintSettings;
  setPrintSettings(settings: PrintSettings): void;
  /** Queues pre-compiled ESC/POS chunks. */
  submitRaw(jobId: string, kind: string, chunks: Uint8Array[]): StoredJob;
  /** Resolves when the job is done; rejects with a KioskError if it becomes uncertain or cancelled. */
  waitForJob(jobId: string, timeoutMs?: number): Promise<void>;
  /** Staff decision on an uncertain or queued job. */
  resolveJob(jobId: string, decision: 'reprint' | 'delivered' | 'cancel'): void;
  /** Last DLE EOT reading (null on write-only links or before the first poll). */
  paperStatus(): PaperStatus | null;
  alarms(): PrinterAlarm[];
  onAlarm(listener: (alarms: PrinterAlarm[]) => void): () => void;
  onJob(listener: (event: JobEvent) => void): () => void;
}

export function createPrinter(uri: string, profile: PrinterProfile, opts: PrinterOptions): Printer {
  return new EscPosPrinter(uri, profile, opts);
}


class EscPosPrinter implements Printer {
  readonly kind = 'printer' as const;
  readonly id: string;
  private readonly link: PrinterLink;
  private readonly store: JobStore;
  private running = false;
  private connected = false;
  private printing: string | null = null;
  private lastPaper: PaperStatus | null = null;
  private currentAlarms = new Map<PrinterAlarmCode, PrinterAlarm>();
  private detail = 'not started';
  private statusListeners = new Set<(s: DeviceStatus) => void>();
  private alarmListeners = new Set<(a: PrinterAlarm[]) => void>();
  private jobListeners = new Set<(e: JobEvent) => void>();
  private wake: (() => void) | null = null;
  private worker: Promise<void> | null = null;
  private ioLock: Promise<unknown> = Promise.resolve();
  private lastStatusJson = '';
  private settings: PrintSettings;
  private readonly pollMs: number;
  private readonly ackMs: number;
  private readonly statusMs: number;
  private readonly reconnectMs: number;

  constructor(
    readonly uri: string,
    readonly profile: PrinterProfile,
    private readonly opts: PrinterOptions,
  ) {
    this.id = opts.id ?? 'printer';
    this.link = opts.link ?? createLink(uri);
    this.store = opts.store;
    this.pollMs = opts.pollIntervalMs ?? 1000;
    this.ackMs = opts.ackTimeoutMs ?? 10_000;
    this.statusMs = opts.statusTimeoutMs ?? 1000;
    this.reconnectMs = opts.reconnectMs ?? 2000;
    this.settings = { ...opts.settings };
    this.link.onDisconnect((reason) => {
      this.connected = false;
      this.detail = `link lost: ${reason}`;
      this.raise('printer.offline', reason);
      this.kick();
    });
  }

  // ---- Device -----------------------------------------------------------------------------------
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const { requeued, uncertain } = this.store.recover(this.id);
    if (requeued.length) log.warn({ jobs: requeued }, 'jobs interrupted by a restart are queued again');
    for (const jobId of uncertain) {
      this.raise('printer.job-uncertain', 'restart between send and confirmation', jobId);
      this.emitJob({ jobId, type: 'uncertain', reason: 'restart between send and confirmation' });
    }
    await this.connect();
    this.worker = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.kick();
    await this.worker;
    this.worker = null;
    await this.link.close().catch(() => {});
    this.connected = false;
    this.detail = 'stopped';
    this.publish();
  }

  status(): DeviceStatus {
    const alarms = [...this.currentAlarms.values()];
    const top = alarms.find((a) => a.severity === 'alarm') ?? alarms[0];
    let state: DeviceStatus['state'];
    if (!this.connected) state = 'absent';
    else if (alarms.some((a) => a.severity === 'alarm')) state = 'alarm';
    else if (this.printing) state = 'busy';
    else if (alarms.length) state = 'warning';
    else state = 'ready';
    return {
      id: this.id,
      kind: 'printer',
      driver: 'escpos',
      port: this.link.port,
      simulated: this.opts.simulated ?? false,
      state,
      detail: `${this.profile.id}; ${this.detail}`,
      ...(top ? { alarm: { code: top.code, message: top.staffMessage } } : {}),
      updatedAt: new Date().toISOString(),
    };
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  // ---- jobs -------------------------------------------------------------------------------------
  async submit(jobId: string, kind: string, doc: PrintDocument): Promise<StoredJob> {
    const existing = this.store.get(jobId);
    if (existing) return existing;
    const chunks = await compileDocument(doc, this.profile, this.settings);
    return this.submitRaw(jobId, kind, chunks);
  }

  printSettings(): PrintSettings {
    return { ...this.settings };
  }

  setPrintSettings(settings: PrintSettings): void {
    // Validated here too: a bad step would otherwise surface only at the next citizen's receipt.
    if (settings.darkness !== undefined) esc.printDensity(settings.darkness, settings.densityCommand);
    this.settings = { ...settings };
    log.info({ darkness: settings.darkness ?? null, densityCommand: settings.densityCommand ?? null, cut: settings.cut ?? null }, 'print settings changed');
  }

  submitRaw(jobId: string, kind: string, chunks: Uint8Array[]): StoredJob {
    const before = this.store.get(jobId);
    const job = this.store.enqueue({ id: jobId, printerId: this.id, kind, chunks });
    if (!before) {
      log.info({ jobId, kind }, 'job queued');
      this.emitJob({ jobId, type: 'queued' });
    }
    this.kick();
    return job;
  }

  waitForJob(jobId: string, timeoutMs = 60_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const j = this.store.get(jobId);
        if (!j) {
          reject(new KioskError({ code: 'printer.job-unknown', technicianMessage: `print job ${jobId} does not exist` }));
          return true;
        }
        if (j.state === 'done') resolve();
        else if (j.state === 'uncertain' || j.state === 'cancelled') {
          reject(new KioskError({ code: `printer.job-${j.state}`, technicianMessage: `print job ${jobId} is ${j.state}: ${j.lastError ?? ''}`, citizenMessage: 'Chưa in được phiếu. Xin vui lòng nhờ cán bộ hỗ trợ.' }));
        } else return false;
        return true;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        off();
        reject(new KioskError({ code: 'printer.job-timeout', technicianMessage: `print job ${jobId} not done after ${timeoutMs} ms`, citizenMessage: 'Máy in đang chậm. Xin vui lòng chờ hoặc nhờ cán bộ hỗ trợ.', retryable: true }));
      }, timeoutMs);
      const off = this.onJob((e) => {
        if (e.jobId === jobId && check()) {
          clearTimeout(timer);
          off();
        }
      });
    });
  }

  resolveJob(jobId: string, decision: 'reprint' | 'delivered' | 'cancel'): void {
    if (decision === 'reprint') this.store.requeue(jobId, 'staff asked for a reprint');
    else if (decision === 'delivered') this.store.markDone(jobId);
    else this.store.cancel(jobId);
    const a = this.currentAlarms.get('printer.job-uncertain');
    if (a?.jobId === jobId) this.clear('printer.job-uncertain');
    this.emitJob(decision === 'reprint' ? { jobId, type: 'queued' } : decision === 'delivered' ? { jobId, type: 'done' } : { jobId, type: 'cancelled' });
    this.kick();
  }

  paperStatus(): PaperStatus | null {
    return this.lastPaper;
  }

  alarms(): PrinterAlarm[] {
    return [...this.currentAlarms.values()];
  }

  onAlarm(listener: (alarms: PrinterAlarm[]) => void): () => void {
    this.alarmListeners.add(listener);
    return () => this.alarmListeners.delete(listener);
  }

  onJob(listener: (event: JobEvent) => void): () => void {
    this.jobListeners.add(listener);
    return () => this.jobListeners.delete(listener);
  }

  // ---- internals --------------------------------------------------------------------------------
  private emitJob(e: JobEvent): void {
    for (const l of this.jobListeners) l(e);
    this.publish();
  }

  private publish(): void {
    const s = this.status();
    const key = JSON.stringify({ ...s, updatedAt: '' });
    if (key === this.lastStatusJson) return;
    this.lastStatusJson = key;
    for (const l of this.statusListeners) l(s);
  }

  private raise(code: PrinterAlarmCode, detail?: string, jobId?: string): void {
    if (this.currentAlarms.has(code) && !jobId) return;
    const alarm = makeAlarm(code, { ...(detail ? { detail } : {}), ...(jobId ? { jobId } : {}) });
    this.currentAlarms.set(code, alarm);
    log.warn({ code, jobId }, 'printer alarm');
    for (const l of this.alarmListeners) l(this.alarms());
    this.publish();
  }

  private clear(code: PrinterAlarmCode): void {
    if (!this.currentAlarms.delete(code)) return;
    log.info({ code }, 'printer alarm cleared');
    for (const l of this.alarmListeners) l(this.alarms());
    this.publish();
  }

  private kick(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  /** Serialises everything that talks to the link, so status queries never overlap job bytes. */
  private io<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.ioLock.then(fn, fn);
    this.ioLock = run.catch(() => {});
    return run;
  }

  private async connect(): Promise<boolean> {
    if (this.connected) return true;
    try {
      await this.link.open();
      this.connected = true;
      this.detail = this.link.bidirectional ? 'connected' : 'connected (write-only: no paper status)';
      this.clear('printer.offline');
      log.info({ port: this.link.port }, 'printer connected');
      return true;
    } catch (error) {
      const e = toKioskError(error, 'printer.offline');
      this.detail = e.technicianMessage;
      this.raise('printer.offline', e.technicianMessage);
      return false;
    }
  }

  /** DLE EOT 1, 2, 4. Updates alarms. Null when the printer does not answer. */
  private async poll(): Promise<PaperStatus | null> {
    if (!this.link.bidirectional) return null;
    try {
      const replies: number[] = [];
      for (const n of [1, 2, 4] as const) {
        const r = await this.io(() => this.link.query(esc.statusRequest(n), 1, this.statusMs));
        if (!r) {
          this.detail = `no answer to DLE EOT ${n}`;
          this.raise('printer.offline', this.detail);
          return null;
        }
        replies.push(r[0]!);
      }
      const s = decodeStatus(replies[0]!, replies[1]!, replies[2]!);
      this.lastPaper = s;
      this.clear('printer.offline');
      for (const code of ['printer.cover-open', 'printer.paper-out', 'printer.error'] as const) {
        const on = code === 'printer.cover-open' ? s.coverOpen : code === 'printer.paper-out' ? s.paperEnd : s.error;
        if (on) this.raise(code);
        else this.clear(code);
      }
      if (s.nearEnd && !s.paperEnd) this.raise('printer.paper-near-end');
      else this.clear('printer.paper-near-end');
      this.detail = 'connected';
      return s;
    } catch (error) {
      const e = toKioskError(error, 'printer.offline');
      this.detail = e.technicianMessage;
      this.raise('printer.offline', e.technicianMessage);
      return null;
    }
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        if (!(await this.connect())) {
          await this.idle(this.reconnectMs);
          continue;
        }
        const s = await this.poll();
        const blocked = this.link.bidirectional && (!s || blockingAlarm(s) !== null);
        const job = blocked ? null : this.store.next(this.id);
        if (!job) {
          await this.idle(this.pollMs);
          continue;
        }
        await this.printJob(job);
      } catch (error) {
        const e = toKioskError(error, 'printer.offline');
        log.error({ code: e.code }, e.technicianMessage);
        await this.idle(this.reconnectMs);
      }
    }
  }

  /** Sends one job. Leaves it done, or queued again (interrupted), never half-recorded. */
  private async printJob(job: StoredJob): Promise<void> {
    this.store.markSending(job.id);
    this.printing = job.id;
    const attempt = job.attempts + 1;
    log.info({ jobId: job.id, attempt }, 'printing');
    this.emitJob({ jobId: job.id, type: 'printing', attempt });
    try {
      if (!this.link.bidirectional) {
        await this.io(() => this.link.write(esc.concat(job.chunks)));
        this.store.markDone(job.id);
        this.emitJob({ jobId: job.id, type: 'done' });
        return;
      }
      const last = job.chunks.length - 1;
      for (let i = 0; i < last; i++) {
        await this.io(() => this.link.write(job.chunks[i]!));
        const s = await this.poll();
        const stop = s ? blockingAlarm(s) : 'printer.offline';
        if (stop) return await this.interrupt(job.id, stop);
      }
      // Everything before the cut is out; from here a crash leaves the job 'uncertain'.
      this.store.markSent(job.id);
      const ack = await this.io(async () => {
        await this.link.write(job.chunks[last]!);
        return this.link.query(esc.paperSensorRequest(), 1, this.ackMs);
      });
      if (ack) {
        this.store.markDone(job.id);
        log.info({ jobId: job.id }, 'printed');
        this.emitJob({ jobId: job.id, type: 'done' });
        return;
      }
      // No confirmation: the printer went offline before reaching the cut, or is gone.
      const s = await this.poll();
      const stop = s ? blockingAlarm(s) : 'printer.offline';
      if (stop) return await this.interrupt(job.id, stop);
      // Online, no fault, yet GS r 1 unanswered: some clones ignore it. The cut was accepted.
      log.warn({ jobId: job.id }, 'no GS r 1 answer from an online printer; treating the job as printed');
      this.store.markDone(job.id);
      this.emitJob({ jobId: job.id, type: 'done' });
    } catch (error) {
      const e = toKioskError(error, 'printer.offline');
      await this.interrupt(job.id, 'printer.offline', e.technicianMessage);
    } finally {
      this.printing = null;
      this.publish();
    }
  }

  private async interrupt(jobId: string, reason: PrinterAlarmCode, detail?: string): Promise<void> {
    // Throw away whatever the printer still holds of this ticket, so it cannot finish it by
    // itself after the refill and then get our whole reprint as well.
    await this.io(() => this.link.write(esc.clearBuffers())).catch(() => {});
    this.store.requeue(jobId, `interrupted: ${reason}${detail ? ` (${detail})` : ''}`);
    this.raise(reason, detail);
    log.warn({ jobId, reason }, 'job interrupted; it will be printed again whole after recovery');
    this.emitJob({ jobId, type: 'interrupted', reason });
  }
}
