// Runs in: Node (bench). Technician tools and alarms: a device alarm from the driver's status to the
// monitoring webhook's receipt (real HTTP on loopback), a config save (validate + backup + atomic
// write + fsync), and a scanner calibration test scan through SANE's test backend.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, percentile, round, timeRuns, type Benchmark, type BenchFigure } from './harness';
import { SaneDocumentScanner } from '../hardware/scanner/document/sane';
import { AlarmNotifier } from '../src/core/alarms/notifier';
import { alarmsConfigSchema } from '../src/core/config/schema';
import { loadConfig } from '../src/core/config/load';
import { AuthService } from '../src/core/technician/auth';
import { hashPin } from '../src/core/technician/pin';
import { DeviceEventLog, TechnicianTools } from '../src/core/technician/tools';
import type { DeviceStatus } from '../src/shared/contract';

const benchmark: Benchmark = {
  name: 'alarms',
  description: 'Alarm to webhook latency, technician config save, scanner calibration scan',
  async run() {
    const figures: BenchFigure[] = [];
    const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-bench-alarms-'));
    let received: (() => void) | null = null;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = 204;
        res.end();
        received?.();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/alarms`;
    const notifier = new AlarmNotifier({ config: alarmsConfigSchema.parse({ notify: ['webhook'], webhook: { url } }), kioskId: 'BENCH', unitCode: 'U', emit: () => {} });
    let n = 0;
    const status = (alarm: boolean): DeviceStatus => ({
      id: 'printer',
      kind: 'printer',
      driver: 'escpos',
      port: 'tcp',
      simulated: true,
      state: alarm ? 'alarm' : 'ready',
      detail: `run ${n++}`,
      ...(alarm ? { alarm: { code: 'printer.paper-out', message: 'Máy in hết giấy.' } } : {}),
      updatedAt: new Date().toISOString(),
    });
    // Raise then clear, each timed from the status to the receiver's end of request.
    const raise: number[] = [];
    const clear: number[] = [];
    for (let i = 0; i < 21; i++) {
      for (const [alarm, into] of [[true, raise], [false, clear]] as const) {
        const got = new Promise<void>((r) => (received = r));
        const t = performance.now();
        notifier.onStatus(status(alarm));
        await got;
        if (i > 0) into.push(performance.now() - t); // the first pair opens the connection
      }
    }
    figures.push({ metric: 'paper-out status → webhook POST received, loopback HTTP (median of 20)', value: round(median(raise)), unit: 'ms', note: `p90 ${round(percentile(raise, 90))} ms; cleared: median ${round(median(clear))} ms` });
    notifier.stop();
    await new Promise((r) => server.close(r));

    const file = path.join(dir, 'kiosk.config.yaml');
    const hash = await hashPin('24681357', { N: 1024, r: 8, p: 1 });
    writeFileSync(file, `# bench\nkioskId: BENCH\ndevices:\n  documentScanner: { device: "test:0", simulate: true }\ntechnician: { pinHash: "${hash}" }\n`);
    const auth = new AuthService({ hashes: { technician: hash } });
    await auth.unlock('technician', '24681357');
    const hasScanimage = spawnSync('scanimage', ['--version'], { stdio: 'ignore' }).status === 0;
    let scanner: SaneDocumentScanner | undefined;
    if (hasScanimage) {
      mkdirSync(path.join(dir, 'sane', 'work'), { recursive: true });
      writeFileSync(path.join(dir, 'sane', 'dll.conf'), 'test\n');
      scanner = new SaneDocumentScanner({ id: 'document-scanner', device: 'test:0', env: { SANE_CONFIG_DIR: path.join(dir, 'sane') }, workDir: path.join(dir, 'sane', 'work') });
      await scanner.start();
    }
    const tools = new TechnicianTools({ auth, events: new DeviceEventLog(), configFile: file, config: loadConfig(file).config, printer: () => undefined, documentScanner: () => scanner, scanOptions: { backendOptions: { 'test-picture': 'Grid' } } });
    try {
      let i = 0;
      const save = await timeRuns(() => tools.configSave(tools.configSource().yaml.replace(/kioskId: \S+/, `kioskId: BENCH-${i++}`)), 10);
      figures.push({ metric: 'config save: validate whole file + dated backup + atomic write + fsync (median of 10)', value: round(median(save)), unit: 'ms' });
      if (scanner) {
        const cal = { marginMm: { top: 3, right: 3, bottom: 3, left: 3 }, deskew: true, maxDeskewDeg: 5, autoCrop: true };
        const scan = await timeRuns(() => tools.scanCalibration({ calibration: cal, scan: true }), 3);
        figures.push({ metric: 'calibration test scan: 150 dpi grey + trim/deskew/crop + 2 previews, SANE test backend (median of 3)', value: round(median(scan)), unit: 'ms' });
      }
    } finally {
      await scanner?.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};

export default benchmark;
