// Runs in: Node (bench). What the staff panel costs: the outbox view it polls every 3 s, on a
// store with a realistic backlog (waiting, retrying, rejected and delivered rows), and a receipt
// reprint from the click to the printer's confirmation (virtual printer over TCP).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { median, percentile, round, timeRuns, type Benchmark, type BenchFigure } from './harness';
import { createPrinter } from '../hardware/printer/printer';
import { openJobStore } from '../hardware/printer/job-store';
import { getProfile } from '../hardware/printer/profiles';
import { startVirtualPrinter } from '../hardware/simulators/printer/virtual-printer';
import { DossierStore } from '../src/core/dossiers/store';
import { EventBus } from '../src/core/events';
import { CitizenSession } from '../src/core/session/session';
import { StaffService } from '../src/core/staff/service';
import { sampleDossier } from '../src/core/sync/testing/fixtures';
import { AuthService } from '../src/core/technician/auth';
import { hashPin } from '../src/core/technician/pin';

const DOSSIERS = 3000;

const benchmark: Benchmark = {
  name: 'staff',
  description: `staff panel: outbox view over ${DOSSIERS} dossiers, receipt reprint to the virtual printer`,
  async run() {
    const figures: BenchFigure[] = [];
    const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-bench-staff-'));
    const store = DossierStore.open({ dataDir: dir, unitCode: '000.00.00.H00' });
    const vp = await startVirtualPrinter({ transport: 'tcp', port: 0 });
    const jobDb = new Database(':memory:');
    const queueDb = new Database(':memory:');
    const printer = createPrinter(vp.uri, getProfile('generic-80'), { store: openJobStore(jobDb), simulated: true, pollIntervalMs: 1000 });
    await printer.start();
    try {
      const codes: string[] = [];
      for (let i = 0; i < DOSSIERS; i++) codes.push(store.submitDossier({ ...sampleDossier(i, { attachments: 0 }), promisedAt: Date.now() + 5 * 86_400_000 }).code);
      // 80 % delivered, 5 % rejected, 10 % retrying, 5 % waiting.
      for (const row of store.listOutbox('pending')) {
        const k = row.id % 20;
        if (k < 16) store.markDelivered(row.id, { upstreamCode: row.dossierCode });
        else if (k === 16) store.markDead(row.id, 'Thủ tục không có trong danh mục');
        else if (k < 19) store.markRetry(row.id, 'upstream.server-error: HTTP 503', Date.now() + 60_000);
      }
      const auth = new AuthService({ hashes: { staff: await hashPin('2468', { N: 1024, r: 8, p: 1 }) } });
      await auth.unlock('staff', '2468');
      const staff = new StaffService({
        auth,
        config: { centre: { name: 'Bench', unitCode: '000.00.00.H00' }, queue: { services: [{ code: 'HT', name: 'Hộ tịch' }] } },
        session: new CitizenSession(new EventBus()),
        store: () => store,
        sync: () => null,
        queueDb: () => queueDb,
        printer: () => printer,
      });
      let rows = 0;
      const view = await timeRuns(() => {
        rows = staff.outbox().rows.length;
      }, 30);
      figures.push({ metric: `outbox view (counts + ${rows} rows) over ${DOSSIERS} dossiers (median of 30)`, value: round(median(view), 2), unit: 'ms', note: `p90 ${round(percentile(view, 90), 2)} ms` });
      let n = 0;
      const reprint = await timeRuns(async () => {
        const r = await staff.reprint(codes[n++]!);
        if (r.print !== 'printed') throw new Error(r.message?.en);
      }, 5);
      figures.push({ metric: 'reprint: audited read + render + print confirmed, virtual printer over TCP (median of 5)', value: round(median(reprint)), unit: 'ms', note: `p90 ${round(percentile(reprint, 90))} ms` });
      staff.stop();
    } finally {
      await printer.stop();
      jobDb.close();
      queueDb.close();
      await vp.stop();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};

export default benchmark;
