// Runs in: Node (vitest). The technician service's device tests against real parts: the ESC/POS
// driver printing to the virtual printer over TCP, SANE's test backend through scanimage, and the
// PC/SC driver on pcscd + vpcd with the virtual chip. Only the PIN cost is lowered (fast scrypt).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import sharp from 'sharp';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPcscCardReader, type PcscCardReader } from '../../hardware/card-reader/transport/pcsc';
import { createPrinter, type Printer } from '../../hardware/printer/printer';
import { openJobStore } from '../../hardware/printer/job-store';
import { getProfile } from '../../hardware/printer/profiles';
import { SaneDocumentScanner } from '../../hardware/scanner/document/sane';
import { acquireVirtualReader, pcscdAvailability, type VirtualReaderLease } from '../../hardware/simulators/card/pcscd-harness';
import { createFileSystemApplet } from '../../hardware/simulators/card/fs-applet';
import { EMRTD_AID, sampleFiles } from '../../hardware/simulators/card/sample-files';
import { startVirtualCard, type VirtualCard } from '../../hardware/simulators/card/vpcd';
import { startVirtualPrinter, type VirtualPrinter } from '../../hardware/simulators/printer/virtual-printer';
import { AuthService } from '../../src/core/technician/auth';
import { hashPin } from '../../src/core/technician/pin';
import { TechnicianService, type TechnicianDevices } from '../../src/core/technician/service';
import { deviceTestResultSchema } from '../../src/shared/contract';
import { kioskConfigSchema } from '../../src/core/config/schema';

const hasScanimage = spawnSync('scanimage', ['--version'], { stdio: 'ignore' }).status === 0;
const pcsc = pcscdAvailability();
const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-technician-'));
const saneDir = path.join(dir, 'sane');
let vp: VirtualPrinter;
let printer: Printer;
let db: Database.Database;
let scanner: SaneDocumentScanner | undefined;
let reader: PcscCardReader | undefined;
const devices: TechnicianDevices = { cardReader: () => reader, printer: () => printer, documentScanner: () => scanner, qrScanner: () => undefined };
let service: TechnicianService;

beforeAll(async () => {
  vp = await startVirtualPrinter({ transport: 'tcp', port: 0 });
  db = new Database(':memory:');
  printer = createPrinter(vp.uri, getProfile('generic-80'), { store: openJobStore(db), simulated: true, pollIntervalMs: 50, reconnectMs: 100 });
  await printer.start();
  if (hasScanimage) {
    mkdirSync(path.join(saneDir, 'work'), { recursive: true });
    writeFileSync(path.join(saneDir, 'dll.conf'), 'test\n');
    scanner = new SaneDocumentScanner({ id: 'document-scanner', device: 'test:0', env: { SANE_CONFIG_DIR: saneDir }, workDir: path.join(saneDir, 'work') });
    await scanner.start();
  }
  mkdirSync(path.join(dir, 'logs'));
  writeFileSync(path.join(dir, 'logs', 'kiosk.log'), '{"msg":"engine started"}\n');
  service = new TechnicianService({
    auth: new AuthService({ hashes: { technician: await hashPin('135790', { N: 1024, r: 8, p: 1 }), staff: await hashPin('2468', { N: 1024, r: 8, p: 1 }) } }),
    devices,
    kioskId: 'K1',
    logDir: path.join(dir, 'logs'),
    dataDir: dir,
    demoPins: false,
    scanOptions: { backendOptions: { 'test-picture': 'Grid' } },
  });
});

afterAll(async () => {
  await printer?.stop();
  await scanner?.stop();
  await vp?.stop();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('technician service', () => {
  it('refuses device tests and logs export until the technician PIN is given; the staff PIN is not enough', async () => {
    await expect(service.deviceTest('printer')).rejects.toMatchObject({ code: 'auth.required' });
    await expect(service.logsExport()).rejects.toMatchObject({ code: 'auth.required' });
    await service.unlock('staff', '2468');
    await expect(service.deviceTest('printer')).rejects.toMatchObject({ code: 'auth.required' });
    await expect(service.unlock('technician', '000000')).rejects.toMatchObject({ code: 'auth.wrong-pin', citizenMessage: 'Mã PIN không đúng. Còn 4 lần thử.' });
    const grant = await service.unlock('technician', '135790');
    expect(grant).toMatchObject({ ok: true, role: 'technician' });
    expect(service.status()).toMatchObject({ role: 'technician', available: ['staff', 'technician'], demoPins: false });
  });

  it('printer test prints the test page on the virtual printer and reports paper state', async () => {
    const before = vp.jobs().length;
    const result = await service.deviceTest('printer');
    expect(deviceTestResultSchema.parse(result)).toEqual(result);
    expect(result, result.detail).toMatchObject({ device: 'printer', ok: true, figures: { paper: 'ok', profile: 'generic-80' } });
    const jobs = await vp.waitForJobs(before + 1);
    expect(jobs).toHaveLength(before + 1);
    expect(jobs.at(-1)!.complete).toBe(true);
    expect(jobs.at(-1)!.heightDots).toBeGreaterThan(300);
  });

  it('printer test with paper out: no page, the alarm named; after the refill it prints again', async () => {
    vp.paperOut(true);
    await expect.poll(() => printer.alarms().map((a) => a.code), { timeout: 10_000 }).toContain('printer.paper-out');
    const before = vp.jobs().length;
    const result = await service.deviceTest('printer');
    expect(result.ok).toBe(false);
    expect(result.detail).toContain('printer.paper-out');
    expect(result.figures.paper).toBe('out');
    vp.paperOut(false);
    await expect.poll(() => printer.alarms().length, { timeout: 10_000 }).toBe(0);
    expect(vp.jobs().length).toBe(before); // nothing was queued behind the fault
    expect((await service.deviceTest('printer')).ok).toBe(true);
  });

  it.skipIf(!hasScanimage)('scanner test: a low-dpi scan through SANE with a real thumbnail and its time', async () => {
    const result = await service.deviceTest('document-scanner');
    expect(result, result.detail).toMatchObject({ device: 'document-scanner', ok: true, figures: { resolution: 75 } });
    // The test device's default area is 80 x 100 mm: at 75 dpi about 236 x 295 px.
    expect(result.figures.widthPx).toBeCloseTo((80 / 25.4) * 75, -1);
    expect(result.figures.scanMs).toBeGreaterThan(0);
    const png = Buffer.from(result.thumbnail!.replace('data:image/png;base64,', ''), 'base64');
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBeLessThanOrEqual(240);
    const stats = await sharp(png).stats();
    // The Grid picture: black and white lines, not a blank page.
    expect(stats.channels[0]!.min).toBeLessThan(60);
    expect(stats.channels[0]!.max).toBeGreaterThan(200);
  });

  it('QR scanner test without a configured scanner says so (not ok)', async () => {
    const result = await service.deviceTest('qr-scanner');
    expect(result).toMatchObject({ ok: false, detail: 'no QR scanner configured' });
  });

  it('config view: the effective config as YAML with PIN hashes masked, technician only', async () => {
    const hash = await hashPin('135790', { N: 1024, r: 8, p: 1 });
    const withConfig = new TechnicianService({
      auth: new AuthService({ hashes: { technician: hash } }),
      devices,
      kioskId: 'K1',
      logDir: dir,
      dataDir: dir,
      demoPins: false,
      config: kioskConfigSchema.parse({ technician: { pinHash: hash }, devices: { printer: { uri: 'tcp://10.1.2.3:9100', simulate: false } } }),
    });
    expect(() => withConfig.config()).toThrow(expect.objectContaining({ code: 'auth.required' }));
    await withConfig.unlock('technician', '135790');
    const { yaml } = withConfig.config();
    expect(yaml).not.toContain(hash);
    expect(yaml).not.toContain('scrypt');
    const parsed = YAML.parse(yaml) as { technician: unknown; staff: unknown; devices: { printer: { uri: string } } };
    expect(parsed.technician).toEqual({ pinHash: '(set)' });
    expect(parsed.staff).toEqual({});
    expect(parsed.devices.printer.uri).toBe('tcp://10.1.2.3:9100');
  });

  it('logs export writes a .tar.gz under the data folder', async () => {
    const out = await service.logsExport();
    expect(path.dirname(out.path)).toBe(path.join(dir, 'exports'));
    expect(out.files).toBe(1);
    const list = spawnSync('tar', ['-tzf', out.path], { encoding: 'utf8' });
    expect(list.stdout.trim()).toBe('logs/kiosk.log');
  });

  it('after lock, device tests are refused again', async () => {
    expect(service.lock()).toEqual({ locked: true });
    await expect(service.deviceTest('printer')).rejects.toMatchObject({ code: 'auth.required' });
    await service.unlock('technician', '135790');
  });
});

describe.skipIf(!pcsc.ok)(`technician card-reader test through pcscd + vpcd${pcsc.ok ? '' : ` (skipped: ${pcsc.reason})`}`, () => {
  let lease: VirtualReaderLease;
  let card: VirtualCard | null = null;
  const atr = Uint8Array.of(0x3b, 0x88, 0x80, 0x01, 0x4d, 0x4f, 0x54, 0x43, 0x55, 0x41, 0x2d, 0x54, 0x54 ^ 0x88 ^ 0x80 ^ 0x01 ^ 0x4d ^ 0x4f ^ 0x54 ^ 0x43 ^ 0x55 ^ 0x41 ^ 0x2d);

  beforeAll(async () => {
    lease = await acquireVirtualReader();
    reader = createPcscCardReader({ readerName: lease.readerName, simulated: true, retryIntervalMs: 200 });
    await reader.start();
  });

  it('sees the vpcd reader', async () => {
    await expect.poll(() => reader!.readerName, { timeout: 10_000 }).toBe(lease.readerName);
  });

  afterAll(async () => {
    await card?.close();
    await reader?.stop();
    reader = undefined;
    await lease?.release();
  });

  it('reader present without a card: ok, and it asks for a card', async () => {
    const result = await service.deviceTest('card-reader');
    expect(result).toMatchObject({ ok: true, figures: { reader: lease.readerName } });
    expect(result.detail).toContain('no card inserted');
    expect(result.figures.atr).toBeUndefined();
    expect(String(result.figures.readerNames).split(' | ')).toContain(lease.readerName);
  });

  it('with the virtual chip: the ATR as pcscd reports it, and SELECT eMRTD answered 9000 with timings', async () => {
    const f = sampleFiles();
    card = startVirtualCard({ applet: createFileSystemApplet({ atr, files: f.mf, applications: [{ aid: EMRTD_AID, files: f.app, sfi: f.sfi }] }), port: lease.port });
    await card.insert();
    await reader!.waitForCard(5000);
    await expect.poll(() => reader!.atr?.[11], { timeout: 5000 }).toBe(0x54);
    const result = await service.deviceTest('card-reader');
    expect(result, result.detail).toMatchObject({ ok: true, figures: { atr: Buffer.from(atr).toString('hex').toUpperCase(), selectSw: '9000' } });
    expect(result.figures.selectMs).toBeGreaterThan(0);
    // Each step timed: connect, EF.CardAccess (read in the clear), SELECT eMRTD.
    // 6282 (end of file before Le) is how a short file answers READ BINARY with Le = 00.
    expect(['9000', '6282']).toContain(result.figures.cardAccessSw);
    expect(result.figures.cardAccessBytes).toBe(f.mf.get(0x011c)!.length);
    expect(Object.keys(result.figures).filter((k) => k.endsWith('Ms')).sort()).toEqual(['cardAccessMs', 'connectMs', 'selectMs', 'totalMs']);
    // Nothing a data group holds leaves the test: no DG read, no bytes dumped.
    const dg1 = Buffer.from(f.app.get(0x0101)!).toString('hex').toUpperCase();
    expect(JSON.stringify(result).toUpperCase()).not.toContain(dg1.slice(8, 40));
  });
});
