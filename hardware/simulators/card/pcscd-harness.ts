// Runs in: Node (tests, `npm start` with a simulated reader, benchmarks). Makes sure pcscd is
// running with vsmartcard's vpcd driver, hands out vpcd slots (one virtual reader each) to
// parallel users across processes, and stops pcscd when the last user of an instance it
// started lets go. Works without systemd or udev: pcscd runs in the foreground as our child.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import path from 'node:path';
import { KioskError } from '../../../src/shared/errors';
import { getLogger } from '../../../src/core/log';
import { pcscdReachable } from '../../card-reader/transport/pcsc';

const log = getLogger('pcscd-harness');

/** Where libpcsclite looks for the daemon (same override variable as libpcsclite). */
export const PCSCD_SOCKET = process.env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm';
const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const VPCD_CONF = '/etc/reader.conf.d/vpcd';
const STATE_DIR = path.join(process.env.TMPDIR ?? '/tmp', 'motcua-pcscd');

/** One vpcd slot: the PC/SC reader name and the TCP port the virtual card connects to. */
export interface VpcdSlot {
  readerName: string;
  port: number;
}

/**
 * Debian's /etc/reader.conf.d/vpcd (CHANNELID 0x8C7B) makes vpcd open two slots, named by pcscd
 * "<FRIENDLYNAME> 00 <slot>", listening on 35963 + slot.
 */
export function vpcdSlotsFromConfig(conf: string): VpcdSlot[] {
  const name = /FRIENDLYNAME\s+"([^"]+)"/.exec(conf)?.[1] ?? 'Virtual PCD';
  const device = /DEVICENAME\s+\S*?:(0x[0-9a-f]+|\d+)/i.exec(conf)?.[1];
  const channel = /CHANNELID\s+(0x[0-9a-f]+|\d+)/i.exec(conf)?.[1];
  const base = Number(device ?? channel ?? 35963);
  return [0, 1].map((slot) => ({ readerName: `${name} 00 0${slot}`, port: base + slot }));
}

export interface PcscdAvailability {
  ok: boolean;
  /** Why pcscd + vpcd cannot run here (missing package), for test skips. */
  reason?: string;
}

/** Whether this machine has pcscd and the vpcd driver installed. */
export function pcscdAvailability(): PcscdAvailability {
  if (!findPcscd()) return { ok: false, reason: 'pcscd is not installed (apt-get install pcscd)' };
  if (!existsSync(VPCD_DRIVER) || !existsSync(VPCD_CONF)) return { ok: false, reason: 'vpcd driver is not installed (apt-get install vsmartcard-vpcd)' };
  return { ok: true };
}

function findPcscd(): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/sbin', '/sbin']) {
    if (dir && existsSync(path.join(dir, 'pcscd'))) return path.join(dir, 'pcscd');
  }
  return null;
}

/** True when something accepts connections on pcscd's socket (the driver's own check). */
export const isPcscdRunning = pcscdReachable;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number {
  try {
    return Number.parseInt(readFileSync(file, 'utf8'), 10);
  } catch {
    return Number.NaN;
  }
}

/** Cross-process mutex (mkdir is atomic); a holder that died leaves a lock we may break. */
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  mkdirSync(STATE_DIR, { recursive: true });
  const lock = path.join(STATE_DIR, 'lifecycle.lock');
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      const holder = readPid(path.join(lock, 'pid'));
      if (!Number.isNaN(holder) && !pidAlive(holder)) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new KioskError({ code: 'card.pcscd-harness', technicianMessage: `pcscd harness lock ${lock} held by pid ${holder} for 30 s` });
      else await sleep(50);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const usersDir = () => path.join(STATE_DIR, 'users');
const ownerFile = () => path.join(STATE_DIR, 'pcscd.pid');

function liveUsers(): string[] {
  if (!existsSync(usersDir())) return [];
  return readdirSync(usersDir()).filter((f) => {
    const alive = pidAlive(readPid(path.join(usersDir(), f)));
    if (!alive) rmSync(path.join(usersDir(), f), { force: true });
    return alive;
  });
}

async function startPcscd(): Promise<number> {
  const bin = findPcscd();
  const availability = pcscdAvailability();
  if (!bin || !availability.ok) {
    throw new KioskError({ code: 'card.pcscd-missing', technicianMessage: availability.reason ?? 'pcscd not found', citizenMessage: 'Đầu đọc thẻ chưa sẵn sàng. Xin vui lòng nhờ cán bộ hỗ trợ.' });
  }
  mkdirSync(STATE_DIR, { recursive: true });
  const logFd = openSync(path.join(STATE_DIR, 'pcscd.log'), 'w');
  // Foreground: no fork, so the pid we get is the daemon's and stop() can signal it.
  const child = spawn(bin, ['--foreground'], { detached: true, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new KioskError({ code: 'card.pcscd-start', technicianMessage: 'could not spawn pcscd' });
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 10_000;
  while (!(await isPcscdRunning())) {
    if (exited || Date.now() > deadline) {
      const tail = existsSync(path.join(STATE_DIR, 'pcscd.log')) ? readFileSync(path.join(STATE_DIR, 'pcscd.log'), 'utf8').slice(-400) : '';
      throw new KioskError({ code: 'card.pcscd-start', technicianMessage: `pcscd did not come up (${exited ? 'exited' : 'timeout'}): ${tail}` });
    }
    await sleep(50);
  }
  writeFileSync(ownerFile(), String(pid));
  log.info({ daemonPid: pid }, 'started pcscd');
  return pid;
}

async function stopPcscd(pid: number): Promise<void> {
  if (!pidAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 100 && pidAlive(pid); i++) await sleep(50);
  if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
  log.info({ daemonPid: pid }, 'stopped pcscd');
}

export interface PcscdHandle {
  /** True when this call started pcscd (rather than finding one running). */
  readonly startedHere: boolean;
  /** The vpcd slots of the running pcscd. */
  readonly slots: VpcdSlot[];
  /** Lets go; pcscd is stopped when it was started by this harness and no other user is left. */
  stop(): Promise<void>;
}

/**
 * Makes sure pcscd runs with the vpcd driver (starting it when needed) and registers a user.
 * For `npm start` with a simulated card reader, and for tests (through acquireVirtualReader).
 */
export async function ensurePcscdWithVpcd(): Promise<PcscdHandle> {
  const availability = pcscdAvailability();
  if (!availability.ok) {
    throw new KioskError({ code: 'card.pcscd-missing', technicianMessage: availability.reason!, citizenMessage: 'Đầu đọc thẻ chưa sẵn sàng. Xin vui lòng nhờ cán bộ hỗ trợ.' });
  }
  const userFile = path.join(usersDir(), `${process.pid}-${Math.random().toString(36).slice(2)}`);
  const startedHere = await withLock(async () => {
    let started = false;
    if (!(await isPcscdRunning())) {
      await startPcscd();
      started = true;
    }
    mkdirSync(usersDir(), { recursive: true });
    writeFileSync(userFile, String(process.pid));
    return started;
  });
  const slots = vpcdSlotsFromConfig(readFileSync(VPCD_CONF, 'utf8'));
  let stopped = false;
  return {
    startedHere,
    slots,
    async stop() {
      if (stopped) return;
      stopped = true;
      await withLock(async () => {
        rmSync(userFile, { force: true });
        if (liveUsers().length > 0) return;
        // Only a pcscd this harness started is ours to stop; a system one stays.
        const pid = readPid(ownerFile());
        rmSync(ownerFile(), { force: true });
        if (!Number.isNaN(pid)) await stopPcscd(pid);
      });
    },
  };
}

export interface VirtualReaderLease {
  readerName: string;
  port: number;
  /** Frees the slot and lets go of pcscd (see PcscdHandle.stop). */
  release(): Promise<void>;
}

/**
 * pcscd + vpcd, plus exclusive use of one vpcd slot, so test files running in parallel
 * processes never drive the same virtual reader. Waits for a free slot.
 */
export async function acquireVirtualReader(options: { timeoutMs?: number } = {}): Promise<VirtualReaderLease> {
  const handle = await ensurePcscdWithVpcd();
  const deadline = Date.now() + (options.timeoutMs ?? 50_000);
  for (;;) {
    for (const slot of handle.slots) {
      const lock = path.join(STATE_DIR, `slot-${slot.port}.lock`);
      let fd: number;
      try {
        fd = openSync(lock, 'wx');
      } catch {
        // A holder that died frees its slot; a lock whose pid is not written yet is not stale.
        const holder = readPid(lock);
        if (!Number.isNaN(holder) && !pidAlive(holder)) rmSync(lock, { force: true });
        continue;
      }
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        ...slot,
        async release() {
          if (released) return;
          released = true;
          rmSync(lock, { force: true });
          await handle.stop();
        },
      };
    }
    if (Date.now() > deadline) {
      await handle.stop();
      throw new KioskError({ code: 'card.vpcd-busy', technicianMessage: 'every vpcd slot stayed in use by other processes' });
    }
    await sleep(100);
  }
}

/**
 * Test hook: stops a pcscd this harness started, keeps it down for `downMs`, and starts it again
 * — the "pcscd crashed and came back" case. Only when every registered user is this process
 * (others are never disturbed; they wait on the lock meanwhile). Returns whether it happened.
 */
export async function restartPcscd(options: { downMs?: number; onDown?: () => Promise<void> } = {}): Promise<boolean> {
  return withLock(async () => {
    const pid = readPid(ownerFile());
    const users = liveUsers();
    if (Number.isNaN(pid) || !pidAlive(pid) || users.length === 0) return false;
    if (users.some((f) => readPid(path.join(usersDir(), f)) !== process.pid)) return false;
    await stopPcscd(pid);
    await sleep(options.downMs ?? 1000);
    await options.onDown?.();
    await startPcscd();
    return true;
  });
}
