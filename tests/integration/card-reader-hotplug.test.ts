// Runs in: Node (vitest). The card reader coming and going under the engine's device layer:
// DeviceManager + the production PC/SC driver (hardware/drivers.ts) against a PRIVATE pcscd with
// one vpcd reader, so stopping and starting it never disturbs other test files. Its reader appears
// when that pcscd starts and disappears when it stops (vpcd readers are static in reader.conf; this
// is the hot-plug a kiosk sees when the USB reader or pcscd goes away); the virtual chip connecting
// to / leaving the vpcd slot is the card inserted / removed. After each loss the engine must report
// it (device.status, card.removed), refuse reads with typed errors, and read again once back.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DeviceStatus } from '../../src/shared/contract';
import type { CardReaderDevice } from '../../hardware/registry';
import { drivers } from '../../hardware/drivers';
import { DeviceManager } from '../../src/core/devices/manager';
import { EventBus } from '../../src/core/events';
import { readDocument } from '../../hardware/card-reader/reader';
import { parseDg1 } from '../../hardware/card-reader/lds/dg1';
import { buildSampleCccd } from '../../hardware/card-reader/sample/documents';
import { pcscdAvailability } from '../../hardware/simulators/card/pcscd-harness';
import { loadApplet } from '../../hardware/simulators/card/simulated-reader';
import { startVirtualCard, type VirtualCard } from '../../hardware/simulators/card/vpcd';
import { kioskConfigSchema } from '../../src/core/config/schema';

// libpcsclite and the PC/SC driver read the daemon socket path from PCSCLITE_CSOCK_NAME when they
// load, so it is set (to this test's private pcscd) before any import runs. Files run in their own
// worker process (pool: forks), so no other test file sees it.
const dirs = await vi.hoisted(async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const p = await import('node:path');
  const dir = fs.mkdtempSync(p.join(os.tmpdir(), 'card-hotplug-'));
  const runDir = p.join(dir, 'run');
  const confDir = p.join(dir, 'reader.conf.d');
  fs.mkdirSync(runDir);
  fs.mkdirSync(confDir);
  const previousSocket = process.env.PCSCLITE_CSOCK_NAME;
  process.env.PCSCLITE_CSOCK_NAME = p.join(runDir, 'pcscd.comm');
  return { dir, runDir, confDir, previousSocket };
});

const availability = pcscdAvailability();
// A private mount namespace gives the second pcscd its own /run/pcscd (pid file); root only.
const canUnshare = availability.ok && spawnSync('unshare', ['-m', '--propagation', 'private', 'true']).status === 0;
const READER = 'Hotplug PCD 00 00';
const cccd = buildSampleCccd();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function until<T>(check: () => T | undefined | null | false, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = check();
      if (value) return resolve(value);
      if (Date.now() - start > timeoutMs) return reject(new Error(`${what} not met within ${timeoutMs} ms`));
      setTimeout(tick, 50);
    };
    tick();
  });
}

describe.skipIf(!canUnshare)(`card reader hot-plug under the device manager${canUnshare ? '' : ' (skipped: needs pcscd, vpcd and unshare as root)'}`, () => {
  const { dir, runDir, confDir, previousSocket } = dirs;
  let port: number;
  let daemon: ChildProcess | null = null;
  let manager: DeviceManager;
  let card: VirtualCard;
  const events: Array<{ event: string; payload: unknown }> = [];

  async function startDaemon(): Promise<void> {
    const child = spawn(
      'unshare',
      ['-m', '--propagation', 'private', 'sh', '-c', `mkdir -p /run/pcscd && mount --bind "${runDir}" /run/pcscd && exec pcscd --foreground -c "${confDir}"`],
      { stdio: 'ignore' },
    );
    daemon = child;
    await until(() => existsSync(path.join(runDir, 'pcscd.comm')), 10_000, 'private pcscd socket');
  }

  async function stopDaemon(): Promise<void> {
    const child = daemon;
    daemon = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(path.join(runDir, 'pcscd.comm'), { force: true });
  }

  const status = (): DeviceStatus | undefined => manager.list().find((s) => s.id === 'card-reader');
  const reader = (): CardReaderDevice => manager.get<CardReaderDevice>('cardReader')!;
  const seen = (event: string, after: number) => events.slice(after).some((e) => e.event === event);
  const readIdentity = () => reader().withCard((ch) => readDocument(ch, { can: cccd.can }, { maxReadLength: 65536, dataGroups: [1] }));

  beforeAll(async () => {
    port = await freePort();
    const channel = `0x${port.toString(16).toUpperCase()}`;
    writeFileSync(
      path.join(confDir, 'vpcd-hotplug'),
      `FRIENDLYNAME "Hotplug PCD"\nDEVICENAME   /dev/null:${channel}\nLIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID    ${channel}\n`,
    );
    const bus = new EventBus();
    bus.subscribe((event, payload) => events.push({ event, payload }));
    const config = kioskConfigSchema.parse({ devices: { cardReader: { driver: 'pcsc', reader: READER, simulate: true } } });
    manager = new DeviceManager(config.devices, drivers, bus, () => ({ db: null as never }));
    card = startVirtualCard({ applet: await loadApplet('emrtd'), port });
  });

  afterAll(async () => {
    await card?.close();
    await manager?.stop();
    await stopDaemon();
    if (previousSocket === undefined) delete process.env.PCSCLITE_CSOCK_NAME;
    else process.env.PCSCLITE_CSOCK_NAME = previousSocket;
    rmSync(dir, { recursive: true, force: true });
  });

  it('no pcscd, no reader: the engine starts anyway, reports the alarm, and refuses reads with a typed error', async () => {
    await manager.start();
    expect(status()).toMatchObject({ kind: 'card-reader', state: 'error', alarm: { code: 'card.pcscd-unavailable' } });
    await expect(readIdentity()).rejects.toMatchObject({ code: 'card.pcscd-unavailable' });
  });

  it('the reader appears: status goes ready without a restart', async () => {
    const mark = events.length;
    await startDaemon();
    await until(() => status()?.state === 'ready', 15_000, 'reader ready');
    expect(status()!.port).toContain(READER);
    expect(events.slice(mark).some((e) => e.event === 'device.status' && (e.payload as DeviceStatus).state === 'ready')).toBe(true);
    await expect(readIdentity()).rejects.toMatchObject({ code: 'card.absent' });
  });

  it('the chip connects to the vpcd slot: card.inserted, and the engine reads it; it leaves: card.removed', async () => {
    let mark = events.length;
    await card.insert();
    await until(() => seen('card.inserted', mark), 10_000, 'card.inserted');
    expect(events.slice(mark).find((e) => e.event === 'card.inserted')!.payload).toEqual({ reader: READER });
    const doc = await readIdentity();
    expect(parseDg1(doc.dataGroups.get(1)!).mrz.documentNumber).toBe(cccd.mrz.documentNumber);
    mark = events.length;
    await card.remove();
    await until(() => seen('card.removed', mark), 10_000, 'card.removed');
    expect(status()!.state).toBe('ready');
  });

  it('the reader disappears with a card in it: card.removed, error status, typed refusal — then it comes back and reads', async () => {
    await card.insert();
    await until(() => status()?.detail?.includes('card ATR'), 10_000, 'card present');
    const mark = events.length;
    await stopDaemon();
    await until(() => seen('card.removed', mark), 15_000, 'card.removed after the reader vanished');
    await until(() => status()?.state === 'error', 15_000, 'error status');
    expect(status()!.alarm?.code).toBe('card.pcscd-unavailable');
    await expect(readIdentity()).rejects.toMatchObject({ code: 'card.pcscd-unavailable' });

    await startDaemon();
    await until(() => status()?.state === 'ready', 15_000, 'reader ready again');
    // The vpcd socket died with its daemon: the chip is out until it connects again.
    await until(() => !card.inserted, 5000, 'virtual card disconnected');
    const again = events.length;
    await card.insert();
    await until(() => seen('card.inserted', again), 10_000, 'card.inserted after recovery');
    const doc = await readIdentity();
    expect(doc.access.protocol).toBe('PACE');
    expect(parseDg1(doc.dataGroups.get(1)!).mrz.documentNumber).toBe(cccd.mrz.documentNumber);
  });
});
