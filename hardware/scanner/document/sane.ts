// Runs in: Node (engine). Document scanning through SANE's own command-line frontend, `scanimage`.
// A child process rather than a libsane binding: a wedged backend cannot take the engine down, and
// cancel is a signal (scanimage traps SIGTERM and calls sane_cancel before exiting).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getLogger } from '../../../src/core/log';
import { KioskError, toKioskError } from '../../../src/shared/errors';
import type { DeviceStatus } from '../../device';
import {
  DEVICE_LIST_FORMAT,
  errorFromScanimage,
  parseDeviceList,
  parseOptionHelp,
  parseStderrLine,
  resolutionAllowed,
  saneModeFor,
  saneSourceFor,
  type SaneOptionHelp,
} from './sane-parse';
import { batchComplete, ScanJobControl, StallWatchdog, stalledError, vanishedError, withPagesKept } from './job';
import type { DocumentScanner, ScanJob, ScanRequest, ScanResult, ScannerCapabilities, ScannerInfo } from './types';

const log = getLogger('scanner.sane');

/** SANE_Status value for a page read to its end. */
const SANE_STATUS_EOF = 5;

export interface SaneScannerOptions {
  /** Config id ("document-scanner"). */
  id: string;
  /** SANE device name ("epson2:libusb:001:004", "test:0"); absent = the first device found. */
  device?: string;
  /** Path to scanimage; default from PATH. */
  scanimage?: string;
  /** Extra environment, e.g. SANE_CONFIG_DIR pointing at a dll.conf that enables a backend. */
  env?: Record<string, string>;
  /** Where batch pages are written while scanning; default the OS temp dir. */
  workDir?: string;
  /** How long discovery/option queries may take before the device counts as absent. */
  probeTimeoutMs?: number;
  /**
   * While idle, re-list devices this often so unplug/replug shows in the technician view
   * (default 15 s; 0 = only on start()). Never probes during a scan.
   */
  pollIntervalMs?: number;
  /**
   * No-progress watchdog: when no image data and no new page arrives for this long, scanimage's
   * process group is killed and the job fails with `scanner.stalled` (pages already complete are
   * kept). Default 60 s: a cold CCFL lamp warms up for up to ~45 s before the first line.
   */
  stallTimeoutMs?: number;
}

/** After SIGTERM (scanimage calls sane_cancel), how long before the process group is killed. */
const TERM_GRACE_MS = 2000;

/**
 * After "Batch terminated" scanimage only closes the device and exits. The test backend has been
 * seen to hang there forever after a DEVICE_BUSY read (about one run in three on sane-backends
 * 1.1.1); nothing is left to wait for, so the process is killed after this long.
 */
const EXIT_GRACE_MS = 5000;

interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

export class SaneDocumentScanner implements DocumentScanner {
  readonly id: string;
  readonly kind = 'document-scanner' as const;
  private readonly opts: SaneScannerOptions;
  private deviceId: string | undefined;
  private help: SaneOptionHelp | undefined;
  private current: DeviceStatus;
  private readonly listeners = new Set<(s: DeviceStatus) => void>();
  private activeJob: ScanJobControl | undefined;
  private poll: NodeJS.Timeout | undefined;
  private probing = false;

  constructor(opts: SaneScannerOptions) {
    this.opts = opts;
    this.id = opts.id;
    this.deviceId = opts.device;
    this.current = this.makeStatus('absent', 'not started');
  }

  async start(): Promise<void> {
    await this.probe();
    const every = this.opts.pollIntervalMs ?? 15_000;
    if (every > 0 && !this.poll) {
      this.poll = setInterval(() => {
        if (!this.activeJob && !this.probing) void this.probe();
      }, every);
      this.poll.unref();
    }
  }

  private async probe(): Promise<void> {
    this.probing = true;
    try {
      const devices = await this.listDevices();
      const found = this.opts.device ? devices.find((d) => d.id === this.opts.device) : devices[0];
      if (!found) {
        const detail = this.opts.device ? `${this.opts.device} not listed by SANE` : 'no SANE device found';
        if (this.current.state !== 'absent' || this.current.detail !== detail) this.setStatus('absent', detail, 'scanner.absent');
        return;
      }
      if (this.deviceId !== found.id) this.help = undefined;
      this.deviceId = found.id;
      const detail = `${found.vendor} ${found.model} (${found.type})`;
      // Only report changes: a poll that finds the same device says nothing.
      if (this.activeJob) return;
      if (this.current.state !== 'ready' || this.current.detail !== detail) this.setStatus('ready', detail);
    } catch (err) {
      const e = toKioskError(err, 'scanner.failed');
      this.setStatus('error', e.technicianMessage, e.code);
    } finally {
      this.probing = false;
    }
  }

  async stop(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
    this.activeJob?.cancel();
    await this.activeJob?.result.catch(() => undefined);
  }

  status(): DeviceStatus {
    return this.current;
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async listDevices(): Promise<ScannerInfo[]> {
    const r = await this.run(['-f', DEVICE_LIST_FORMAT]);
    // scanimage exits 0 with no output when nothing is attached.
    if (r.code !== 0) throw errorFromScanimage(r.stderr, r.code, 'discovery');
    return parseDeviceList(r.stdout);
  }

  async capabilities(): Promise<ScannerCapabilities> {
    return (await this.optionHelp()).capabilities;
  }

  scan(request: ScanRequest): ScanJob {
    if (this.activeJob) {
      return ScanJobControl.failed(
        new KioskError({
          code: 'scanner.busy',
          technicianMessage: `scanner ${this.id}: a scan is already running`,
          citizenMessage: 'Máy quét đang bận. Xin vui lòng chờ một lát rồi thử lại.',
          retryable: true,
        }),
      );
    }
    const job = new ScanJobControl();
    this.activeJob = job;
    this.setStatus('busy', 'scanning');
    void this.runScan(job, request)
      .then((result) => {
        this.setStatus('ready', `last scan: ${result.pages.length} page(s)`);
        job.resolve(result);
      })
      .catch((err: unknown) => {
        const e = toKioskError(err, 'scanner.failed');
        log.warn({ code: e.code, pagesKept: job.pagesSoFar.length }, 'scan failed');
        if (e.code === 'scanner.absent') this.setStatus('absent', e.technicianMessage, e.code);
        else if (e.code === 'scanner.cancelled' || e.code === 'scanner.feeder-empty' || e.code.startsWith('scanner.option')) this.setStatus('ready', e.technicianMessage);
        else this.setStatus('error', e.technicianMessage, e.code);
        job.reject(e);
      })
      .finally(() => {
        this.activeJob = undefined;
      });
    return job;
  }

  private async runScan(job: ScanJobControl, request: ScanRequest): Promise<ScanResult> {
    const help = await this.optionHelp();
    const args = buildScanArgs(this.device(), request, help);
    const dir = await mkdtemp(path.join(this.opts.workDir ?? tmpdir(), 'kiosk-scan-'));
    try {
      return await this.spawnScan(job, request, [...args, `--batch=${path.join(dir, `page%d.${request.format}`)}`]);
    } catch (err) {
      const e = toKioskError(err, 'scanner.failed');
      if (e.code !== 'scanner.stalled' && e.code !== 'scanner.failed') throw e;
      // A device that vanished mid-batch can look like a stall (the net backend spins on a dead
      // socket) or an unexplained exit. Whether SANE still lists it tells the two apart.
      const device = this.device();
      const listed = await this.listDevices().then(
        (ds) => ds.some((d) => d.id === device),
        () => true,
      );
      throw listed ? e : vanishedError(device, e, job.pagesSoFar.length);
    } finally {
      // Partial pages (scanimage writes `.part` files) and anything not yet read go with the dir.
      await rm(dir, { recursive: true, force: true });
    }
  }

  private spawnScan(job: ScanJobControl, request: ScanRequest, args: string[]): Promise<ScanResult> {
    return new Promise<ScanResult>((resolve, reject) => {
      // Its own process group: a backend may fork a reader process, and a wedged one must go too.
      const child = spawn(this.opts.scanimage ?? 'scanimage', args, { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      const stopChild = stopper(child);
      job.setCanceller(() => stopChild('SIGTERM'));
      let stderr = '';
      let currentPage = 0;
      let lastPercent = -1;
      let batchPages: number | undefined;
      let reads = Promise.resolve();
      let stdoutBuf = '';
      let stderrBuf = '';
      let stall: KioskError | undefined;
      const stallTimeoutMs = this.opts.stallTimeoutMs ?? 60_000;
      const watchdog = new StallWatchdog(stallTimeoutMs, (silentMs) => {
        if (batchPages !== undefined) {
          // The batch is over and its outcome already in stderr: the verdict comes from there.
          log.warn({ silentMs: Math.round(silentMs), batchPages }, 'scanimage hung while closing the device; killing it');
          stopChild('SIGKILL');
          return;
        }
        const where = currentPage > 0 ? `page ${currentPage} at ${Math.max(0, lastPercent)}%` : 'before the first page started';
        stall = stalledError(this.device(), silentMs, where, job.pagesSoFar.length);
        log.warn({ silentMs: Math.round(silentMs), page: currentPage, percent: lastPercent }, 'scan stalled; killing scanimage');
        stopChild('SIGKILL');
      });
      // A page is kept only when scanimage both named its file (stdout, --batch-print) and reported
      // it ended with SANE_STATUS_EOF (stderr). On cancel scanimage still renames the partial file
      // and prints its name, so the name alone does not prove the page is whole. The two pipes
      // arrive in either order, hence the two maps.
      const files = new Map<number, string>();
      const statuses = new Map<number, number | undefined>();
      const commit = (n: number) => {
        const file = files.get(n);
        if (file === undefined || !statuses.has(n) || job.cancelled) return;
        const status = statuses.get(n);
        files.delete(n);
        if (status !== undefined && status !== SANE_STATUS_EOF) return;
        reads = reads.then(async () => {
          const data = await readFile(file);
          if (!job.cancelled) job.addPage({ index: n, format: request.format, data });
        });
      };
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        stdoutBuf += chunk;
        let nl: number;
        while ((nl = stdoutBuf.indexOf('\n')) !== -1) {
          const file = stdoutBuf.slice(0, nl).trim();
          stdoutBuf = stdoutBuf.slice(nl + 1);
          const m = /page(\d+)\.[a-z]+$/.exec(file);
          if (!m) continue;
          watchdog.progress();
          files.set(Number(m[1]), file);
          commit(Number(m[1]));
        }
      });
      child.stderr.on('data', (chunk: string) => {
        stderrBuf += chunk;
        // scanimage prints its error right after a progress figure, with no newline between.
        const parts = stderrBuf.split(/[\r\n]|(?=scanimage: )/);
        stderrBuf = parts.pop() ?? '';
        for (const line of parts) {
          const ev = parseStderrLine(line);
          // Progress lines are not kept: a net backend whose saned died spins printing the same
          // figure about 300,000 times a second, and would push the error lines out.
          if (ev?.type !== 'progress' && ev?.type !== 'progress-unknown' && line !== '') {
            stderr += `${line}\n`;
            if (stderr.length > 16_000) stderr = stderr.slice(-8_000);
          }
          if (!ev) continue;
          if (ev.type === 'page-started') {
            currentPage = ev.page;
            lastPercent = -1;
            watchdog.progress();
            job.emit({ type: 'page-started', page: ev.page });
          } else if (ev.type === 'progress') {
            // scanimage prints a line after every read, data or not: only a rising figure is data.
            if (ev.percent > lastPercent) {
              lastPercent = ev.percent;
              watchdog.progress();
              if (currentPage > 0) job.emit({ type: 'progress', page: currentPage, percent: ev.percent });
            }
          } else if (ev.type === 'progress-unknown') watchdog.progress();
          else if (ev.type === 'page-done') {
            watchdog.progress();
            statuses.set(ev.page, ev.status);
            commit(ev.page);
          } else if (ev.type === 'batch-done') {
            batchPages = ev.pages;
            watchdog.restart(Math.min(stallTimeoutMs, EXIT_GRACE_MS));
          }
        }
      });
      child.on('error', (err) => {
        watchdog.stop();
        reject(
          new KioskError({
            code: 'scanner.unavailable',
            technicianMessage: `cannot run scanimage (${err.message}); install sane-utils`,
            citizenMessage: 'Máy quét đang gặp sự cố. Xin vui lòng nhờ cán bộ hỗ trợ.',
            cause: err,
          }),
        );
      });
      child.on('close', (code, signal) => {
        watchdog.stop();
        if (parseStderrLine(stderrBuf) === undefined) stderr += stderrBuf;
        void reads.then(
          () => {
            const pages = [...job.pagesSoFar];
            // A device that reported its own error and then hung (sane_cancel never returning):
            // its error tells the citizen more than "not responding" does.
            if (stall && errorFromScanimage(stderr, -1, this.device()).code === 'scanner.failed') return reject(stall);
            if (job.cancelled) {
              reject(
                new KioskError({
                  code: 'scanner.cancelled',
                  technicianMessage: `scan cancelled after ${pages.length} complete page(s)`,
                  citizenMessage: 'Đã huỷ quét.',
                  retryable: true,
                }),
              );
              return;
            }
            // ADF runs end with "out of documents"; that is success once a page came through.
            const feederEmpty = /out of documents|no docs/i.test(stderr);
            if (batchComplete(request, pages.length, { feederEmpty })) {
              log.info({ pages: pages.length, batchPages }, 'scan finished');
              resolve({ pages, feederEmpty: request.source === 'adf' && feederEmpty });
              return;
            }
            // Not what was asked for, whatever the exit code said: the cause is in stderr.
            const e =
              signal && !/scanimage: /.test(stderr)
                ? new KioskError({ code: 'scanner.failed', technicianMessage: `scanner ${this.device()}: scanimage was killed by ${signal}`, citizenMessage: 'Máy quét đang gặp sự cố. Xin vui lòng thử lại hoặc nhờ cán bộ hỗ trợ.', retryable: true })
                : errorFromScanimage(code === 0 && pages.length === 0 ? `${stderr}\nno page produced` : stderr, code ?? -1, this.device());
            log.warn({ code: e.code, exit: code, signal, pagesKept: pages.length, batchPages }, 'scan ended short');
            reject(withPagesKept(e, pages.length));
          },
          (err: unknown) => reject(toKioskError(err, 'scanner.failed')),
        );
      });
    });
  }

  private async optionHelp(): Promise<SaneOptionHelp> {
    if (this.help) return this.help;
    const r = await this.run(['-d', this.device(), '-A']);
    if (r.code !== 0) throw errorFromScanimage(r.stderr, r.code, this.device());
    this.help = parseOptionHelp(r.stdout);
    return this.help;
  }

  private device(): string {
    if (!this.deviceId) {
      throw new KioskError({
        code: 'scanner.absent',
        technicianMessage: `scanner ${this.id}: no SANE device selected (start() found none)`,
        citizenMessage: 'Không tìm thấy máy quét. Xin vui lòng nhờ cán bộ kiểm tra máy.',
        retryable: true,
      });
    }
    return this.deviceId;
  }

  private env(): NodeJS.ProcessEnv {
    return { ...process.env, ...this.opts.env };
  }

  private run(args: string[]): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.opts.scanimage ?? 'scanimage', args, { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), this.opts.probeTimeoutMs ?? 20_000);
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new KioskError({ code: 'scanner.unavailable', technicianMessage: `cannot run scanimage (${err.message}); install sane-utils`, cause: err }));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ stdout, stderr, code });
      });
    });
  }

  private makeStatus(state: DeviceStatus['state'], detail: string, alarmCode?: string): DeviceStatus {
    const port = this.deviceId ?? this.opts.device ?? '';
    return {
      id: this.id,
      kind: 'document-scanner',
      driver: 'sane',
      port,
      simulated: port.startsWith('test:') || port === 'test',
      state,
      detail,
      ...(alarmCode && (state === 'error' || state === 'absent')
        ? { alarm: { code: alarmCode, message: 'Máy quét cần được kiểm tra.' } }
        : {}),
      updatedAt: new Date().toISOString(),
    };
  }

  private setStatus(state: DeviceStatus['state'], detail: string, alarmCode?: string): void {
    this.current = this.makeStatus(state, detail, alarmCode);
    for (const l of this.listeners) l(this.current);
  }
}

/** Validates the request against what the device offers and builds scanimage's arguments. */
export function buildScanArgs(device: string, req: ScanRequest, help: SaneOptionHelp): string[] {
  const refuse = (cause: string) =>
    new KioskError({
      code: 'scanner.option-unsupported',
      technicianMessage: `scanner ${device}: ${cause}`,
      citizenMessage: 'Máy quét không hỗ trợ chế độ này. Xin vui lòng nhờ cán bộ hỗ trợ.',
    });
  const caps = help.capabilities;
  const mode = saneModeFor(req.mode, help.rawModes);
  if (help.rawModes.length > 0 && !mode) throw refuse(`mode ${req.mode} not offered (device modes: ${help.rawModes.join(', ')})`);
  const source = saneSourceFor(req.source, help.rawSources);
  if (help.rawSources.length > 0 && !source) throw refuse(`source ${req.source} not offered`);
  if (help.rawSources.length === 0 && req.source !== 'flatbed') throw refuse(`source ${req.source} not offered`);
  if (!resolutionAllowed(req.resolution, caps.resolutions)) throw refuse(`resolution ${req.resolution} dpi not offered`);
  if (req.maxPages !== undefined && (!Number.isInteger(req.maxPages) || req.maxPages < 1)) throw refuse('maxPages must be a positive integer');
  const args = ['-d', device, `--format=${req.format}`, `--resolution=${req.resolution}`, '-p', '--batch-print'];
  if (mode) args.push(`--mode=${mode}`);
  if (source) args.push(`--source=${source}`);
  if (req.area) {
    const { left, top, width, height } = req.area;
    if (![left, top, width, height].every((v) => Number.isFinite(v) && v >= 0)) throw refuse('scan area must be non-negative numbers');
    args.push('-l', String(left), '-t', String(top), '-x', String(width), '-y', String(height));
  }
  // Flatbed is always one sheet; the feeder runs to maxPages or until empty.
  if (req.source === 'flatbed') args.push('--batch-count=1');
  else if (req.maxPages !== undefined) args.push(`--batch-count=${req.maxPages}`);
  for (const [name, value] of Object.entries(req.backendOptions ?? {})) {
    if (!/^[a-z][a-z0-9-]*$/i.test(name) || !caps.optionNames.includes(name) || ['d', 'device-name', 'batch', 'format'].includes(name)) {
      throw refuse(`backend option ${name} not offered`);
    }
    args.push(`--${name}=${value}`);
  }
  return args;
}

/**
 * Signals scanimage's whole process group. SIGTERM lets scanimage call sane_cancel; a backend stuck
 * in a USB or network read may never return from it, so the group is killed after a grace period.
 */
function stopper(child: ChildProcess): (signal: 'SIGTERM' | 'SIGKILL') => void {
  let hard: NodeJS.Timeout | undefined;
  // Until 'close' (all pipes shut), a forked reader may still hold the group even after scanimage
  // itself exited, so the group is signalled until then.
  let closed = false;
  const send = (sig: NodeJS.Signals) => {
    if (closed || child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      // ESRCH: the group is gone already.
    }
  };
  child.once('close', () => {
    closed = true;
    clearTimeout(hard);
  });
  return (signal) => {
    send(signal);
    if (signal === 'SIGTERM' && !hard) {
      hard = setTimeout(() => send('SIGKILL'), TERM_GRACE_MS);
      hard.unref();
    }
  };
}
