// Runs in: Node (tests). The SANE driver against SANE's `test` backend: real scanimage, real
// libsane, a virtual device. Our own dll.conf enables the backend (Debian ships it commented out).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SaneDocumentScanner } from '../../hardware/scanner/document/sane';
import type { ScanEvent } from '../../hardware/scanner/document/types';
import { isKioskError } from '../../src/shared/errors';

const hasScanimage = spawnSync('scanimage', ['--version'], { stdio: 'ignore' }).status === 0;
let configDir = '';
let workDir = '';

function scanner(device = 'test:0'): SaneDocumentScanner {
  return new SaneDocumentScanner({ id: 'document-scanner', device, env: { SANE_CONFIG_DIR: configDir }, workDir });
}

async function expectKioskError(p: Promise<unknown>, code: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isKioskError(err), String(err)).toBe(true);
  expect((err as { code: string }).code).toBe(code);
}

describe.skipIf(!hasScanimage)('SANE document scanner (test backend)', () => {
  beforeAll(() => {
    configDir = mkdtempSync(path.join(tmpdir(), 'kiosk-sane-'));
    writeFileSync(path.join(configDir, 'dll.conf'), 'test\n');
    workDir = path.join(configDir, 'work');
    mkdirSync(workDir);
  });
  afterAll(() => rmSync(configDir, { recursive: true, force: true }));

  it('discovers the test devices and reports ready', async () => {
    const s = scanner();
    const devices = await s.listDevices();
    expect(devices.map((d) => d.id)).toEqual(expect.arrayContaining(['test:0', 'test:1']));
    expect(devices[0]!.vendor).toBe('Noname');
    const statuses: string[] = [];
    s.onStatus((st) => statuses.push(st.state));
    await s.start();
    expect(s.status()).toMatchObject({ state: 'ready', driver: 'sane', port: 'test:0', simulated: true, kind: 'document-scanner' });
    expect(statuses).toEqual(['ready']);
    const caps = await s.capabilities();
    expect(caps.modes).toEqual(expect.arrayContaining(['gray', 'color']));
    expect(caps.sources).toEqual(['flatbed', 'adf']);
    expect(caps.resolutions).toEqual({ min: 1, max: 1200 });
  });

  it('scans grey and colour at the requested resolution', async () => {
    const s = scanner();
    await s.start();
    const gray = await s.scan({ resolution: 50, mode: 'gray', source: 'flatbed', format: 'png', backendOptions: { 'test-picture': 'Grid' } }).result;
    expect(gray.pages).toHaveLength(1);
    const gm = await sharp(gray.pages[0]!.data).metadata();
    expect(gm.format).toBe('png');
    expect(gm.channels).toBe(1);
    // The test device's default area is 80 x 100 mm.
    expect(gm.width).toBeCloseTo((80 / 25.4) * 50, -1);
    const color = await s.scan({ resolution: 100, mode: 'color', source: 'flatbed', format: 'tiff' }).result;
    const cm = await sharp(color.pages[0]!.data).metadata();
    expect(cm.channels).toBe(3);
    expect(cm.width! / gm.width!).toBeCloseTo(2, 1);
    // The Grid picture really is a black/white grid, not a blank page.
    const stats = await sharp(gray.pages[0]!.data).stats();
    expect(stats.channels[0]!.min).toBe(0);
    expect(stats.channels[0]!.max).toBe(255);
    expect(s.status().state).toBe('ready');
  });

  it('feeds ADF pages one by one with progress events', async () => {
    const s = scanner();
    await s.start();
    const job = s.scan({ resolution: 25, mode: 'gray', source: 'adf', format: 'png', maxPages: 3 });
    const events: ScanEvent[] = [];
    job.onEvent((e) => events.push(e));
    const r = await job.result;
    expect(r.pages.map((p) => p.index)).toEqual([1, 2, 3]);
    expect(r.feederEmpty).toBe(false);
    expect(events.filter((e) => e.type === 'page-started').map((e) => e.page)).toEqual([1, 2, 3]);
    expect(events.filter((e) => e.type === 'page-done').map((e) => e.page)).toEqual([1, 2, 3]);
    expect(events.some((e) => e.type === 'progress' && e.percent === 100)).toBe(true);
    // Each page is announced before it is delivered, and delivered pages are the real images.
    const order = events.filter((e) => e.type !== 'progress').map((e) => `${e.type}:${e.page}`);
    for (const n of [1, 2, 3]) expect(order.indexOf(`page-started:${n}`)).toBeLessThan(order.indexOf(`page-done:${n}`));
    for (const p of r.pages) expect((await sharp(p.data).metadata()).height).toBeCloseTo((100 / 25.4) * 25, -1);
  });

  it('runs the feeder until it is empty (the test ADF holds 10 sheets)', async () => {
    const s = scanner('test:1');
    await s.start();
    const r = await s.scan({ resolution: 10, mode: 'gray', source: 'adf', format: 'pnm' }).result;
    expect(r.pages).toHaveLength(10);
    expect(r.feederEmpty).toBe(true);
  });

  it('cancel kills scanimage, discards the partial page and leaves no files', async () => {
    const s = scanner();
    await s.start();
    const job = s.scan({
      resolution: 200,
      mode: 'color',
      source: 'flatbed',
      format: 'png',
      backendOptions: { 'read-delay': 'yes', 'read-delay-duration': '100000', 'read-limit': 'yes', 'read-limit-size': '4096' },
    });
    await new Promise<void>((resolve) => job.onEvent((e) => e.type === 'page-started' && resolve()));
    job.cancel();
    await expectKioskError(job.result, 'scanner.cancelled');
    expect(job.pagesSoFar).toHaveLength(0);
    expect(readdirSync(workDir)).toEqual([]);
    expect(s.status().state).toBe('ready');
    // The device is free again.
    const again = await s.scan({ resolution: 25, mode: 'gray', source: 'flatbed', format: 'png' }).result;
    expect(again.pages).toHaveLength(1);
  });

  it('refuses what the device does not offer, before scanning', async () => {
    const s = scanner();
    await s.start();
    await expectKioskError(s.scan({ resolution: 300, mode: 'lineart', source: 'flatbed', format: 'png' }).result, 'scanner.option-unsupported');
    await expectKioskError(s.scan({ resolution: 5000, mode: 'gray', source: 'flatbed', format: 'png' }).result, 'scanner.option-unsupported');
    await expectKioskError(s.scan({ resolution: 50, mode: 'gray', source: 'flatbed', format: 'png', backendOptions: { 'no-such-option': '1' } }).result, 'scanner.option-unsupported');
  });

  it('absent, busy and jammed devices give KioskErrors and status changes', async () => {
    const absent = scanner('test:7');
    await absent.start();
    expect(absent.status().state).toBe('absent');
    const ghost = new SaneDocumentScanner({ id: 'x', device: 'epson2:libusb:009:009', env: { SANE_CONFIG_DIR: configDir }, workDir });
    await expectKioskError(ghost.scan({ resolution: 50, mode: 'gray', source: 'flatbed', format: 'png' }).result, 'scanner.absent');
    expect(ghost.status().state).toBe('absent');

    const s = scanner();
    await s.start();
    // After DEVICE_BUSY the test backend sometimes never lets scanimage exit (about one run in
    // three): the driver's watchdog kills it, and the verdict still comes from what the device said.
    const busy = s.scan({ resolution: 50, mode: 'gray', source: 'flatbed', format: 'png', backendOptions: { 'read-return-value': 'SANE_STATUS_DEVICE_BUSY' } });
    await expectKioskError(busy.result, 'scanner.busy');
    expect(busy.pagesSoFar).toHaveLength(0);
    const jam = s.scan({ resolution: 50, mode: 'gray', source: 'flatbed', format: 'png', backendOptions: { 'read-return-value': 'SANE_STATUS_JAMMED' } });
    await expectKioskError(jam.result, 'scanner.jammed');
    expect(s.status()).toMatchObject({ state: 'error', alarm: { code: 'scanner.jammed' } });
    // Five scanimage runs, two of them probing for absent devices: a generous budget on a loaded
    // 2-core CI machine (a budget, not a timing assertion).
  }, 120_000);

  it('polls while idle: unplug and replug show as absent then ready', async () => {
    // A private config dir: removing the backend from dll.conf is SANE's view of an unplug.
    const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-sane-plug-'));
    writeFileSync(path.join(dir, 'dll.conf'), 'test\n');
    const s = new SaneDocumentScanner({ id: 'plug', device: 'test:0', env: { SANE_CONFIG_DIR: dir }, workDir, pollIntervalMs: 150 });
    const states: string[] = [];
    s.onStatus((st) => states.push(st.state));
    const reach = (state: string) =>
      new Promise<void>((resolve) => {
        const off = s.onStatus((st) => {
          if (st.state === state) {
            off();
            resolve();
          }
        });
      });
    try {
      await s.start();
      expect(s.status().state).toBe('ready');
      writeFileSync(path.join(dir, 'dll.conf'), '\n');
      await reach('absent');
      expect(s.status().alarm?.code).toBe('scanner.absent');
      writeFileSync(path.join(dir, 'dll.conf'), 'test\n');
      await reach('ready');
      expect(states).toEqual(['ready', 'absent', 'ready']);
    } finally {
      await s.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a second scan while one runs is refused as busy', async () => {
    const s = scanner();
    await s.start();
    const first = s.scan({ resolution: 100, mode: 'color', source: 'flatbed', format: 'png', backendOptions: { 'read-delay': 'yes', 'read-delay-duration': '20000' } });
    await expectKioskError(s.scan({ resolution: 50, mode: 'gray', source: 'flatbed', format: 'png' }).result, 'scanner.busy');
    first.cancel();
    await expectKioskError(first.result, 'scanner.cancelled');
  });
});
