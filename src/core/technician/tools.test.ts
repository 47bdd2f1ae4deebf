// Runs in: Node (vitest). Config edit from the technician page against real files: validated whole,
// written atomically with a dated backup, PIN hashes never shown yet kept; printer darkness/cut
// applied to the real ESC/POS driver (virtual printer over TCP) and saved to the file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrinter, type Printer } from '../../../hardware/printer/printer';
import { openJobStore } from '../../../hardware/printer/job-store';
import { getProfile } from '../../../hardware/printer/profiles';
import { startVirtualPrinter, type VirtualPrinter } from '../../../hardware/simulators/printer/virtual-printer';
import { SaneDocumentScanner } from '../../../hardware/scanner/document/sane';
import { loadConfig } from '../config/load';
import { printTestPage } from '../tickets/print';
import { AuthService } from './auth';
import { BACKUPS_KEPT, maskedSource, prepareSave, writeConfigAtomically } from './config-file';
import { hashPin } from './pin';
import { DeviceEventLog, TechnicianTools } from './tools';

const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-tools-'));
const file = path.join(dir, 'kiosk.config.yaml');
let vp: VirtualPrinter;
let printer: Printer;
let db: Database.Database;
let tools: TechnicianTools;
let auth: AuthService;
let techHash: string;
const hasScanimage = spawnSync('scanimage', ['--version'], { stdio: 'ignore' }).status === 0;
let scanner: SaneDocumentScanner | undefined;

function original(): string {
  return [
    '# Kiosk of the Bắc Ninh centre — edited by hand, keep this comment',
    'kioskId: KIOSK-BN-03',
    'centre: { name: "Trung tâm PVHCC tỉnh Bắc Ninh", unitCode: H01.10 }',
    'devices:',
    '  printer:',
    `    uri: ${vp.uri}`,
    '    profile: 80mm',
    '    simulate: true',
    '  documentScanner: { device: "test:0", resolution: 150, simulate: true }',
    `technician: { pinHash: "${techHash}" }`,
    '',
  ].join('\n');
}

beforeAll(async () => {
  vp = await startVirtualPrinter({ transport: 'tcp', port: 0 });
  db = new Database(':memory:');
  printer = createPrinter(vp.uri, getProfile('generic-80'), { store: openJobStore(db), simulated: true, pollIntervalMs: 50, reconnectMs: 100 });
  await printer.start();
  techHash = await hashPin('135790', { N: 1024, r: 8, p: 1 });
  writeFileSync(file, original());
  auth = new AuthService({ hashes: { technician: techHash } });
  if (hasScanimage) {
    // SANE's own test backend through scanimage: the real driver path, a generated grid picture.
    const saneDir = path.join(dir, 'sane');
    mkdirSync(path.join(saneDir, 'work'), { recursive: true });
    writeFileSync(path.join(saneDir, 'dll.conf'), 'test\n');
    scanner = new SaneDocumentScanner({ id: 'document-scanner', device: 'test:0', env: { SANE_CONFIG_DIR: saneDir }, workDir: path.join(saneDir, 'work') });
    await scanner.start();
  }
  tools = new TechnicianTools({
    auth,
    events: new DeviceEventLog(),
    configFile: file,
    config: loadConfig(file).config,
    printer: () => printer,
    documentScanner: () => scanner,
    scanOptions: { backendOptions: { 'test-picture': 'Grid' } },
  });
});

afterAll(async () => {
  await scanner?.stop();
  await printer?.stop();
  await vp?.stop();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('technician tools', () => {
  it('closed without the technician PIN', async () => {
    expect(() => tools.configSource()).toThrow(expect.objectContaining({ code: 'auth.required' }));
    expect(() => tools.configSave('kioskId: X')).toThrow(expect.objectContaining({ code: 'auth.required' }));
    expect(() => tools.printerSettings({ darkness: 2 })).toThrow(expect.objectContaining({ code: 'auth.required' }));
    expect(() => tools.events()).toThrow(expect.objectContaining({ code: 'auth.required' }));
    await auth.unlock('technician', '135790');
  });

  it('shows the file as written, comments kept, the PIN hash masked', () => {
    const { file: shown, yaml } = tools.configSource();
    expect(shown).toBe(file);
    expect(yaml).toContain('# Kiosk of the Bắc Ninh centre — edited by hand, keep this comment');
    expect(yaml).toMatch(/pinHash: "?\(set\)"?/);
    expect(yaml).not.toContain('scrypt');
  });

  it('rejects an invalid config naming each bad key, and leaves the file untouched', () => {
    const before = readFileSync(file, 'utf8');
    const edited = tools.configSource().yaml.replace('profile: 80mm', 'profile: 76mm').replace('kioskId: KIOSK-BN-03', 'kioskId: KIOSK-BN-03\nlanguge: vi');
    let error: unknown;
    try {
      tools.configSave(edited);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'config.invalid' });
    const message = (error as { technicianMessage: string }).technicianMessage;
    expect(message).toContain('devices.printer.profile');
    expect(message).toContain('languge: unknown key (misspelt?)');
    expect(() => tools.configSave('devices: [unclosed')).toThrow(expect.objectContaining({ code: 'config.syntax' }));
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((n) => n.endsWith('.bak') || n.endsWith('.tmp'))).toEqual([]);
  });

  it('saves a valid edit atomically with a backup; the hash comes back from the old file; the printer change applies at once', async () => {
    const before = readFileSync(file, 'utf8');
    const edited = tools.configSource().yaml.replace('    profile: 80mm', '    profile: 80mm\n    darkness: 3\n    cut: full').replace('kioskId: KIOSK-BN-03', 'kioskId: KIOSK-BN-04');
    const saved = tools.configSave(edited);
    expect(saved).toMatchObject({ file, restartRequired: true });
    expect(saved.appliedNow.sort()).toEqual(['devices.printer.cut', 'devices.printer.darkness']);
    expect(readFileSync(saved.backup, 'utf8')).toBe(before);
    const now = readFileSync(file, 'utf8');
    expect(now).toContain(techHash);
    expect(now).toContain('keep this comment');
    // The kiosk would start from it tomorrow.
    expect(loadConfig(file).config).toMatchObject({ kioskId: 'KIOSK-BN-04', devices: { printer: { darkness: 3, cut: 'full' } }, technician: { pinHash: techHash } });
    expect(printer.printSettings()).toMatchObject({ darkness: 3, cut: 'full' });
    const { jobId } = await printTestPage(printer);
    await printer.waitForJob(jobId);
    const [page] = await vp.waitForJobs(1);
    expect(page).toMatchObject({ density: 115, cut: 'full', complete: true });
  });

  it('printer settings: read, change (applied to the next ticket and saved), reset to the printer\'s own', async () => {
    expect(tools.printerSettings({})).toEqual({ darkness: 3, cut: 'full', savedTo: null });
    expect(tools.printerSettings({ darkness: -2, cut: 'partial' })).toEqual({ darkness: -2, cut: 'partial', savedTo: file });
    expect(loadConfig(file).config.devices.printer).toMatchObject({ darkness: -2, cut: 'partial' });
    const { jobId } = await printTestPage(printer);
    await printer.waitForJob(jobId);
    const pages = await vp.waitForJobs(2);
    expect(pages[1]).toMatchObject({ density: 90, cut: 'partial' });
    expect(tools.printerSettings({ darkness: null })).toEqual({ darkness: null, cut: 'partial', savedTo: file });
    expect(loadConfig(file).config.devices.printer?.darkness).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toContain('keep this comment');
  });

  it('a save that changes only darkness/cut needs no restart', () => {
    const saved = tools.configSave(tools.configSource().yaml.replace('cut: partial', 'cut: none'));
    expect(saved).toMatchObject({ restartRequired: false, appliedNow: ['devices.printer.cut'] });
    expect(printer.printSettings().cut).toBe('none');
  });
});

describe.skipIf(!hasScanimage)('scanner calibration through SANE', () => {
  it('a test scan before/after: margins trimmed in mm at the scan dpi; saved to the file and used from then on', async () => {
    const none = { marginMm: { top: 0, right: 0, bottom: 0, left: 0 }, deskew: false, maxDeskewDeg: 5, autoCrop: false };
    expect((await tools.scanCalibration({})).calibration).toEqual({ marginMm: { top: 0, right: 0, bottom: 0, left: 0 }, deskew: true, maxDeskewDeg: 5, autoCrop: true });
    const whole = await tools.scanCalibration({ calibration: none, scan: true });
    expect(whole.before).toMatch(/^data:image\/png;base64,/);
    expect(whole.figures).toMatchObject({ resolution: 150, trimmedPx: '0/0/0/0', cropped: 'no' });
    const [w, h] = String(whole.figures.outputPx).split('×').map(Number);
    const trimmed = { ...none, marginMm: { top: 10, right: 10, bottom: 5, left: 0 } };
    const tried = await tools.scanCalibration({ calibration: trimmed, scan: true });
    // 150 dpi: 10 mm = 59 px, 5 mm = 30 px.
    expect(tried.figures).toMatchObject({ trimmedPx: '59/59/30/0', outputPx: `${w! - 59}×${h! - 89}` });
    expect(tried.savedTo).toBeNull();
    expect(tools.currentCalibration()).not.toEqual(trimmed); // only tried, not saved
    const saved = await tools.scanCalibration({ calibration: trimmed, save: true });
    expect(saved).toMatchObject({ savedTo: file, calibration: trimmed });
    expect(loadConfig(file).config.devices.documentScanner?.calibration).toEqual(trimmed);
    expect(tools.currentCalibration()).toEqual(trimmed);
    expect(readFileSync(file, 'utf8')).toContain('keep this comment');
  });
});

describe('config file helpers', () => {
  it('"(set)" without a saved hash is refused with the reason', () => {
    expect(() => prepareSave('staff: { pinHash: "(set)" }\n', 'kioskId: A\n', 'x.yaml')).toThrow(/staff\.pinHash: "\(set\)" stands for the hash already saved/);
  });

  it('masks both roles and leaves a file without hashes as it is', () => {
    expect(maskedSource('kioskId: A # id\n', 'x')).toBe('kioskId: A # id\n');
    const masked = maskedSource('staff:\n  pinHash: "scrypt$16384$8$1$abc$def"\ntechnician: { pinHash: "scrypt$1$1$1$a$b" }\n', 'x');
    expect(masked.match(/\(set\)/g)).toHaveLength(2);
    expect(masked).not.toContain('scrypt');
  });

  it(`keeps the ${BACKUPS_KEPT} newest backups`, () => {
    const d = mkdtempSync(path.join(tmpdir(), 'kiosk-bak-'));
    const f = path.join(d, 'k.yaml');
    writeFileSync(f, 'kioskId: A0\n');
    for (let i = 1; i <= 8; i++) writeConfigAtomically(f, `kioskId: A${i}\n`, new Date(Date.UTC(2026, 10, 23, 8, 0, i)));
    const backups = readdirSync(d).filter((n) => n.endsWith('.bak')).sort();
    expect(backups).toHaveLength(BACKUPS_KEPT);
    expect(readFileSync(path.join(d, backups.at(-1)!), 'utf8')).toBe('kioskId: A7\n');
    expect(readFileSync(f, 'utf8')).toBe('kioskId: A8\n');
    expect(readdirSync(d).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    rmSync(d, { recursive: true, force: true });
  });
});

describe('scanner calibration without a scanner in the config', () => {
  it('is refused instead of adding a scanner section', async () => {
    const d = mkdtempSync(path.join(tmpdir(), 'kiosk-noscan-'));
    const f = path.join(d, 'kiosk.config.yaml');
    writeFileSync(f, 'kioskId: K-NOSCAN\n');
    const a = new AuthService({ hashes: { technician: techHash } });
    await a.unlock('technician', '135790');
    const t = new TechnicianTools({ auth: a, events: new DeviceEventLog(), configFile: f, config: loadConfig(f).config, printer: () => undefined });
    await expect(t.scanCalibration({ save: true })).rejects.toMatchObject({ code: 'technician.no-scanner' });
    await expect(t.scanCalibration({ scan: true })).rejects.toMatchObject({ code: 'technician.no-scanner' });
    expect(readFileSync(f, 'utf8')).toBe('kioskId: K-NOSCAN\n');
    rmSync(d, { recursive: true, force: true });
  });
});
