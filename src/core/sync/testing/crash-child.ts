// Runs in: Node (child process of the crash-safety test). A kiosk engine reduced to its storage and
// sync: submits dossiers and prints `ACK <code> <index>` only after each commit, while the sync
// worker delivers upstream. The test kills it with SIGKILL at random points.
// argv: dataDir upstreamUrl firstIndex count [drain]
import { DossierStore } from '../../dossiers/store';
import { DvcAdapter } from '../dvc-adapter';
import { SyncWorker } from '../worker';
import { sampleDossier } from './fixtures';

const [dataDir, url, first, count, mode] = process.argv.slice(2);
const store = DossierStore.open({ dataDir: dataDir!, unitCode: '000.00.01.H22' });
const adapter = new DvcAdapter({ baseUrl: url!, unitCode: '000.00.01.H22', credentials: async () => ({ username: 'kiosk', password: 'kiosk-secret' }), timeoutMs: 300, chunkBytes: 8 * 1024 });
const worker = new SyncWorker({ store, adapter, concurrency: 4, backoff: { baseMs: 5, capMs: 100 }, idlePollMs: 20, probeMs: 50, statusPollMs: 0 });
worker.start();
process.stdout.write('READY\n');
for (let i = Number(first); i < Number(first) + Number(count); i++) {
  const { code } = store.submitDossier(sampleDossier(i, { attachmentBytes: i % 3 === 0 ? 30_000 : 1500 }));
  process.stdout.write(`ACK ${code} ${i}\n`);
  worker.kick();
  await new Promise((r) => setTimeout(r, Math.random() * 15));
}
if (mode === 'drain') {
  await worker.drained(120_000);
  await worker.stop();
  store.close();
  process.stdout.write('DRAINED\n');
  process.exit(0);
}
// Otherwise keep syncing until killed.
