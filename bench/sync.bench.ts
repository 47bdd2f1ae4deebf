// Runs in: Node (benchmark). Dossier store and upstream sync: submit latency with a 2 MB
// attachment, submit throughput, DB bytes per dossier, backlog drain rate to the loopback reference
// upstream without and with 30 % faults, and time to drain after the link returns.
// SYNC_BENCH_N sets the backlog size (default 10,000, as issue 7 asks). The code format's NNNN allows
// 9,999 dossiers per unit per day, so the backlog is accumulated over consecutive days — what a
// kiosk holds after a multi-day outage — with the store's injected clock.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DossierStore } from '../src/core/dossiers/store';
import { DvcAdapter } from '../src/core/sync/dvc-adapter';
import { sampleDossier } from '../src/core/sync/testing/fixtures';
import { SyncWorker } from '../src/core/sync/worker';
import { startUpstreamServer } from '../src/upstream-server/server';
import { percentile, round, type Benchmark, type BenchFigure } from './harness';

const UNIT = '000.00.01.H22';
const CREDS = { username: 'kiosk', password: 'kiosk-secret' };
const N = Number(process.env.SYNC_BENCH_N ?? 10_000);
const PER_DAY = 5_000;
const DAY_MS = 86_400_000;
const FAULTS_30 = '5xx=0.05,timeout=0.03,reset=0.05,reset-upload=0.04,lost-ack=0.06,duplicate=0.04,malformed=0.03,seed=9';

function dirBytes(dir: string, filter: (name: string) => boolean = () => true): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(f, filter);
    else if (filter(e.name)) total += statSync(f).size;
  }
  return total;
}

async function drainRun(faults: string, n: number, offlineFirst: boolean): Promise<{ seconds: number; perSecond: number; submitSeconds: number }> {
  const server = await startUpstreamServer({ faults, credentials: CREDS });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-sync-'));
  // Days back from today while the backlog accumulates; 0 (real time) once delivery starts.
  let offset = -Math.ceil(n / PER_DAY) * DAY_MS;
  const store = DossierStore.open({ dataDir, unitCode: UNIT, now: () => Date.now() + offset });
  const adapter = new DvcAdapter({ baseUrl: server.url, unitCode: UNIT, credentials: async () => CREDS, timeoutMs: 500 });
  const worker = new SyncWorker({ store, adapter, concurrency: 8, backoff: { baseMs: 20, capMs: 1000 }, idlePollMs: 50, probeMs: 100, statusPollMs: 0 });
  try {
    if (offlineFirst) {
      server.setOnline(false);
      worker.start();
    }
    const submitStarted = performance.now();
    for (let i = 0; i < n; i++) {
      if (i > 0 && i % PER_DAY === 0) offset += DAY_MS;
      store.submitDossier(sampleDossier(i, { attachmentBytes: 2000 }));
    }
    const submitSeconds = (performance.now() - submitStarted) / 1000;
    offset = 0;
    if (offlineFirst) {
      worker.kick();
      await new Promise((r) => setTimeout(r, 300));
    }
    const start = performance.now();
    if (offlineFirst) server.setOnline(true);
    else worker.start();
    await worker.drained(30 * 60_000);
    const seconds = (performance.now() - start) / 1000;
    if (server.dossiers().length !== n) throw new Error(`upstream holds ${server.dossiers().length} of ${n}`);
    return { seconds, perSecond: n / seconds, submitSeconds };
  } finally {
    await worker.stop();
    await server.stop();
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const bench: Benchmark = {
  name: 'sync',
  description: 'dossier store submit latency/throughput, DB bytes per dossier, backlog drain to the loopback upstream with/without 30 % faults',
  async run() {
    const figures: BenchFigure[] = [];
    const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-store-'));
    const store = DossierStore.open({ dataDir, unitCode: UNIT });
    try {
      const big: number[] = [];
      for (let i = 0; i < 30; i++) {
        const input = sampleDossier(10_000 + i, { attachmentBytes: 2 * 1024 * 1024 });
        const t = performance.now();
        store.submitDossier(input);
        big.push(performance.now() - t);
      }
      figures.push({ metric: 'submit latency p50, 2 MB attachment', value: round(percentile(big, 50)), unit: 'ms', note: '30 submits; encrypt + fsync file + durable commit' });
      figures.push({ metric: 'submit latency p99, 2 MB attachment', value: round(percentile(big, 99)), unit: 'ms', note: '30 submits' });
      const small = 300;
      const before = performance.now();
      for (let i = 0; i < small; i++) store.submitDossier(sampleDossier(i, { attachmentBytes: 2000 }));
      const secs = (performance.now() - before) / 1000;
      figures.push({ metric: 'submits into the store (2 kB attachment)', value: round(small / secs), unit: 'dossiers/s', note: `${small} sequential submits, each fsynced` });
      store.db.pragma('wal_checkpoint(TRUNCATE)');
      const dbBytes = dirBytes(dataDir, (f) => f.startsWith('kiosk.db'));
      figures.push({ metric: 'DB bytes per dossier (excluding attachment files)', value: Math.round(dbBytes / (small + 30)), unit: 'B', note: `${small + 30} dossiers, after WAL checkpoint` });
    } finally {
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    const clean = await drainRun('', N, false);
    figures.push({ metric: `backlog build-up, ${N} dossiers over ${Math.ceil(N / PER_DAY)} days`, value: round(N / clean.submitSeconds), unit: 'dossiers/s', note: `${round(clean.submitSeconds, 1)} s of sequential fsynced submits while offline` });
    figures.push({ metric: `backlog drain, ${N} dossiers, no faults`, value: round(clean.perSecond), unit: 'dossiers/s', note: 'loopback reference upstream, concurrency 8' });
    const faulty = await drainRun(FAULTS_30, N, false);
    figures.push({ metric: `backlog drain, ${N} dossiers, 30 % faults`, value: round(faulty.perSecond), unit: 'dossiers/s', note: FAULTS_30 });
    const relink = await drainRun('', N, true);
    figures.push({ metric: `time to drain ${N} dossiers after the link returns`, value: round(relink.seconds, 2), unit: 's', note: 'from link up (probe period 100 ms) to empty outbox' });
    return figures;
  },
};

export default bench;
