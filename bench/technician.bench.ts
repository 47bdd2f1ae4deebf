// Runs in: Node (bench). Staff/technician costs: one PIN verification at the default scrypt cost
// (what an unlock, and each guess, costs), the technician's printer test through the virtual
// printer over TCP, the low-dpi scanner test through SANE's test backend, and a logs export.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { median, percentile, round, timeRuns, type Benchmark, type BenchFigure } from './harness';
import { createPrinter } from '../hardware/printer/printer';
import { openJobStore } from '../hardware/printer/job-store';
import { getProfile } from '../hardware/printer/profiles';
import { SaneDocumentScanner } from '../hardware/scanner/document/sane';
import { startVirtualPrinter } from '../hardware/simulators/printer/virtual-printer';
import { AuthService } from '../src/core/technician/auth';
import { hashPin, verifyPin } from '../src/core/technician/pin';
import { TechnicianService } from '../src/core/technician/service';

const benchmark: Benchmark = {
  name: 'technician',
  description: 'PIN verification cost, technician device tests (printer, scanner), logs export',
  async run() {
    const figures: BenchFigure[] = [];
    const hash = await hashPin('24681357');
    const verify = await timeRuns(() => verifyPin('24681357', hash), 10);
    figures.push({ metric: 'PIN verification, scrypt N=16384 r=8 p=1 (median of 10)', value: round(median(verify)), unit: 'ms' });

    const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-bench-tech-'));
    const vp = await startVirtualPrinter({ transport: 'tcp', port: 0 });
    const db = new Database(':memory:');
    const printer = createPrinter(vp.uri, getProfile('generic-80'), { store: openJobStore(db), simulated: true, pollIntervalMs: 1000 });
    await printer.start();
    const hasScanimage = spawnSync('scanimage', ['--version'], { stdio: 'ignore' }).status === 0;
    let scanner: SaneDocumentScanner | undefined;
    if (hasScanimage) {
      mkdirSync(path.join(dir, 'sane', 'work'), { recursive: true });
      writeFileSync(path.join(dir, 'sane', 'dll.conf'), 'test\n');
      scanner = new SaneDocumentScanner({ id: 'document-scanner', device: 'test:0', env: { SANE_CONFIG_DIR: path.join(dir, 'sane') }, workDir: path.join(dir, 'sane', 'work') });
      await scanner.start();
    }
    mkdirSync(path.join(dir, 'logs'));
    writeFileSync(path.join(dir, 'logs', 'kiosk.log'), Buffer.alloc(10 * 1024 * 1024, '{"level":30,"msg":"device status"}\n'));
    const service = new TechnicianService({
      auth: new AuthService({ hashes: { technician: hash } }),
      devices: { cardReader: () => undefined, printer: () => printer, documentScanner: () => scanner, qrScanner: () => undefined },
      kioskId: 'BENCH',
      logDir: path.join(dir, 'logs'),
      dataDir: dir,
      demoPins: false,
    });
    try {
      await service.unlock('technician', '24681357');
      const print = await timeRuns(async () => {
        const r = await service.deviceTest('printer');
        if (!r.ok) throw new Error(r.detail);
      }, 5);
      figures.push({ metric: 'printer test: test page to confirmed, virtual printer over TCP (median of 5)', value: round(median(print)), unit: 'ms', note: `p90 ${round(percentile(print, 90))} ms` });
      if (scanner) {
        const scan = await timeRuns(async () => {
          const r = await service.deviceTest('document-scanner');
          if (!r.ok) throw new Error(r.detail);
        }, 5);
        figures.push({ metric: 'scanner test: 75 dpi grey scan + thumbnail, SANE test backend (median of 5)', value: round(median(scan)), unit: 'ms' });
      }
      const exp = await timeRuns(() => service.logsExport(), 3);
      figures.push({ metric: 'logs export of 10 MB of logs to .tar.gz (median of 3)', value: round(median(exp)), unit: 'ms' });
    } finally {
      await printer.stop();
      await scanner?.stop();
      db.close();
      await vp.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};

export default benchmark;
