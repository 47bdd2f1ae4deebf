// Runs in: Node (tests). Scanner faults mid-scan, on real SANE: a scanimage that stops delivering
// (its process group frozen with SIGSTOP, as a backend wedged in a USB read looks from outside) and
// a network scanner that disappears mid-ADF-batch (the saned serving SANE's `test` backend killed,
// as when its cable is pulled or it is switched off). No fake scanimage: the driver under test runs
// the real frontend against real libsane.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SaneDocumentScanner } from '../../hardware/scanner/document/sane';
import type { ScanJob } from '../../hardware/scanner/document/types';
import { isKioskError, type KioskError } from '../../src/shared/errors';

const hasScanimage = spawnSync('scanimage', ['--version'], { stdio: 'ignore' }).status === 0;
// sane-utils installs saned in /usr/sbin, which is not on every user's PATH.
const saned = ['saned', '/usr/sbin/saned'].find((bin) => spawnSync(bin, ['--help'], { stdio: 'ignore' }).error === undefined);

let root = '';

/** scanimage processes started by this test process whose arguments mention `marker`. */
function scanimageGroups(marker: string): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const m = /^\d+ \((.*)\) \S+ (\d+) (\d+)/.exec(stat);
      if (!m || m[1] !== 'scanimage' || Number(m[2]) !== process.pid) continue;
      if (!readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(marker)) continue;
      out.push(Number(m[3]));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

async function failure(job: ScanJob): Promise<KioskError> {
  const err = await job.result.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKioskError(err), String(err)).toBe(true);
  return err as KioskError;
}

function untilPageDone(job: ScanJob, page: number): Promise<void> {
  return new Promise((resolve) => job.onEvent((e) => e.type === 'page-done' && e.page === page && resolve()));
}

/** Every kept page is a whole image of the test device's 80 x 100 mm area. */
async function expectWholePages(job: ScanJob, dpi: number): Promise<void> {
  for (const p of job.pagesSoFar) {
    const m = await sharp(p.data).metadata();
    expect(m.height).toBeCloseTo((100 / 25.4) * dpi, -1);
  }
  expect(job.pagesSoFar.map((p) => p.index)).toEqual(job.pagesSoFar.map((_, i) => i + 1));
}

// Slow enough (about a second a page at 150 dpi) that a fault lands mid-batch.
const slowPages = { 'read-delay': 'yes', 'read-delay-duration': '200000' };

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'kiosk-sane-faults-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe.skipIf(!hasScanimage)('SANE no-progress watchdog', () => {
  it('kills a scanimage that stops delivering, reports scanner.stalled and keeps the finished pages', async () => {
    const config = path.join(root, 'local');
    const workDir = path.join(config, 'work');
    mkdirSync(workDir, { recursive: true });
    writeFileSync(path.join(config, 'dll.conf'), 'test\n');
    // Short for a test, yet far above the ~0.2 s between progress steps here, so a loaded machine
    // does not trip it before the freeze (a budget, not a timing assertion).
    const s = new SaneDocumentScanner({ id: 'doc', device: 'test:0', env: { SANE_CONFIG_DIR: config }, workDir, stallTimeoutMs: 5000 });
    await s.start();
    const job = s.scan({ resolution: 150, mode: 'gray', source: 'adf', format: 'png', maxPages: 10, backendOptions: slowPages });
    await untilPageDone(job, 2);
    const groups = scanimageGroups(workDir);
    expect(groups).toHaveLength(1);
    // Frozen: no byte, no progress line, no exit — only the watchdog can end this job.
    process.kill(-groups[0]!, 'SIGSTOP');

    const e = await failure(job);
    expect(e.code).toBe('scanner.stalled');
    const kept = job.pagesSoFar.length;
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(kept).toBeLessThan(10);
    await expectWholePages(job, 150);
    expect(e.citizenMessage).toBe(`Máy quét không phản hồi. ${kept} trang đã quét vẫn được giữ lại. Xin vui lòng thử lại hoặc nhờ cán bộ hỗ trợ.`);
    expect(e.retryable).toBe(true);
    // The frozen process group is gone, not left behind holding the device.
    expect(scanimageGroups(workDir)).toEqual([]);
    expect(readdirSync(workDir)).toEqual([]);
    expect(s.status()).toMatchObject({ state: 'error', alarm: { code: 'scanner.stalled' } });
    // The same scanner object scans again.
    const again = await s.scan({ resolution: 25, mode: 'gray', source: 'flatbed', format: 'png' }).result;
    expect(again.pages).toHaveLength(1);
    expect(s.status().state).toBe('ready');
  });
});

describe.skipIf(!hasScanimage || !saned)('network scanner unplugged mid-ADF batch (saned + test backend)', () => {
  // The net backend only dials saned's standard port (6566); a random loopback address keeps
  // parallel runs and any system saned apart.
  const host = `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
  let serverConfig = '';
  let clientConfig = '';
  let workDir = '';
  let daemon: ChildProcess | undefined;

  async function startSaned(): Promise<void> {
    const child = spawn(saned!, ['-l', '-e', '-b', host], { env: { ...process.env, SANE_CONFIG_DIR: serverConfig }, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    daemon = child;
    let text = '';
    child.stderr!.on('data', (c: Buffer) => (text += c.toString()));
    // Listening once a TCP connection to its port is accepted.
    for (;;) {
      if (child.exitCode !== null) throw new Error(`saned exited (${child.exitCode}): ${text}`);
      const up = await new Promise<boolean>((resolve) => {
        const sock = connect({ host, port: 6566 }, () => {
          sock.destroy();
          resolve(true);
        });
        sock.on('error', () => resolve(false));
      });
      if (up) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The scanner "unplugged": saned and the child serving our connection die at once. */
  function killSaned(): void {
    if (daemon?.pid !== undefined && daemon.exitCode === null && daemon.signalCode === null) {
      try {
        process.kill(-daemon.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }

  beforeAll(async () => {
    serverConfig = path.join(root, 'saned');
    clientConfig = path.join(root, 'net');
    workDir = path.join(clientConfig, 'work');
    mkdirSync(serverConfig, { recursive: true });
    mkdirSync(workDir, { recursive: true });
    writeFileSync(path.join(serverConfig, 'dll.conf'), 'test\n');
    writeFileSync(path.join(serverConfig, 'saned.conf'), '127.0.0.0/8\n');
    writeFileSync(path.join(clientConfig, 'dll.conf'), 'net\n');
    writeFileSync(path.join(clientConfig, 'net.conf'), `connect_timeout = 5\n${host}\n`);
    await startSaned();
  });
  afterAll(() => killSaned());

  // Between pages scanimage's next request hits the closed socket (SIGPIPE); mid-page the net
  // backend spins on it, printing the same progress figure, until the watchdog steps in.
  it.each([
    ['between pages', (job: ScanJob) => untilPageDone(job, 2)],
    ['mid-page', (job: ScanJob) => new Promise<void>((resolve) => job.onEvent((e) => e.type === 'progress' && e.page === 3 && e.percent >= 20 && resolve()))],
  ])('unplugged %s: a link-lost error, the whole pages kept, and scanning again once the scanner is back', async (_when, unplugPoint) => {
    // A scanner left unplugged by an earlier failed case is plugged back first.
    if (daemon?.exitCode !== null || daemon.signalCode !== null) await startSaned();
    const device = `net:${host}:test:0`;
    const s = new SaneDocumentScanner({ id: 'doc', device, env: { SANE_CONFIG_DIR: clientConfig }, workDir, stallTimeoutMs: 6000, pollIntervalMs: 0 });
    await s.start();
    expect(s.status().state).toBe('ready');
    const job = s.scan({ resolution: 150, mode: 'gray', source: 'adf', format: 'png', maxPages: 10, backendOptions: slowPages });
    await unplugPoint(job);
    killSaned();

    const e = await failure(job);
    expect(e.code).toBe('scanner.io');
    const kept = job.pagesSoFar.length;
    expect(kept).toBeGreaterThanOrEqual(2);
    expect(kept).toBeLessThan(10);
    await expectWholePages(job, 150);
    expect(e.citizenMessage).toBe(`Máy quét bị mất kết nối. ${kept} trang đã quét vẫn được giữ lại. Xin vui lòng thử lại hoặc nhờ cán bộ kiểm tra máy.`);
    expect(e.retryable).toBe(true);
    // Depending on where scanimage was, it reports an I/O error, dies of SIGPIPE (both read from
    // its stderr) or spins on the dead socket (the watchdog kills it; SANE no longer lists it).
    expect(e.technicianMessage).toMatch(/disappeared mid-batch|link to the device broke|I\/O error/);
    // The net backend spins on its dead socket; the driver must not leave that process running.
    expect(scanimageGroups(workDir)).toEqual([]);
    expect(s.status()).toMatchObject({ state: 'error', alarm: { code: 'scanner.io' } });

    // While it is gone, a retry is a clear "not found", not a hang or a crash.
    const gone = await failure(s.scan({ resolution: 25, mode: 'gray', source: 'flatbed', format: 'png' }));
    expect(gone.code).toBe('scanner.absent');

    // Scanner back: the rest of the stack scans without a restart.
    await startSaned();
    const rest = await s.scan({ resolution: 25, mode: 'gray', source: 'adf', format: 'png', maxPages: 2 }).result;
    expect(rest.pages.map((p) => p.index)).toEqual([1, 2]);
    expect(s.status().state).toBe('ready');
  }, 90_000);
});
