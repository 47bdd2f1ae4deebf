// Runs in: Node (vitest). Crash safety: the kiosk side runs as a child process and is killed with
// SIGKILL at random points during submit and sync (including between the upstream write and the
// local "delivered" mark, via lost acknowledgements). After each kill every acknowledged dossier
// must be in the store; at the end the upstream holds every stored dossier exactly once.
// SYNC_CRASH_KILLS sets the number of kills (default 10 to fit the CI budget; run with 200 for the
// full soak).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DossierStore } from '../../src/core/dossiers/store';
import { hoSoFingerprint, toHoSo } from '../../src/core/sync/dvc-adapter';
import { startUpstreamServer } from '../../src/upstream-server/server';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const child = path.join(root, 'src/core/sync/testing/crash-child.ts');
const KILLS = Number(process.env.SYNC_CRASH_KILLS ?? 10);

interface Run {
  acked: Map<string, number>;
  drained: boolean;
}

function runChild(dataDir: string, url: string, first: number, count: number, killAfterMs: number | null): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, dataDir, url, String(first), String(count), killAfterMs === null ? 'drain' : 'live'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const run: Run = { acked: new Map(), drained: false };
    let buf = '';
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const m = /^ACK (\S+) (\d+)$/.exec(line);
        if (m) run.acked.set(m[1]!, Number(m[2]));
        if (line === 'DRAINED') run.drained = true;
        if (line === 'READY' && killAfterMs !== null) setTimeout(() => p.kill('SIGKILL'), killAfterMs);
      }
    });
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      if (killAfterMs === null && code !== 0) reject(new Error(`drain child exited ${code}: ${err.slice(-2000)}`));
      else if (killAfterMs !== null && signal !== 'SIGKILL') reject(new Error(`child exited ${code}/${signal} before the kill: ${err.slice(-2000)}`));
      else resolve(run);
    });
  });
}

describe('crash safety (SIGKILL loop)', () => {
  it(`every acknowledged dossier survives ${KILLS} kills; upstream holds each exactly once`, { timeout: 60_000 + KILLS * 3000 }, async () => {
    const server = await startUpstreamServer({ faults: 'lost-ack=0.15,reset=0.05,reset-upload=0.05,duplicate=0.05,seed=5', credentials: { username: 'kiosk', password: 'kiosk-secret' } });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-crash-'));
    const acked = new Map<string, number>();
    try {
      for (let k = 0; k < KILLS; k++) {
        const run = await runChild(dataDir, server.url, k * 100, 100, 50 + Math.floor(Math.random() * 700));
        for (const [c, i] of run.acked) {
          expect(acked.has(c), `code ${c} reused after restart`).toBe(false);
          acked.set(c, i);
        }
        const store = DossierStore.open({ dataDir, unitCode: '000.00.01.H22' });
        for (const [c, i] of acked) {
          const d = store.readPersonalData(c, 'sync', 'test');
          expect(d?.form.stt, c).toBe(i);
        }
        store.close();
      }
      const final = await runChild(dataDir, server.url, 1_000_000, 3, null);
      expect(final.drained).toBe(true);
      for (const [c, i] of final.acked) acked.set(c, i);

      const store = DossierStore.open({ dataDir, unitCode: '000.00.01.H22' });
      const stored = store.listOutbox();
      const codes = new Set(stored.map((o) => o.dossierCode));
      for (const c of acked.keys()) expect(codes.has(c)).toBe(true);
      expect(store.outboxCounts()).toEqual({ pending: 0, delivered: codes.size, dead: 0 });
      const held = server.dossiers();
      expect(held.map((h) => h.maHoSo).sort()).toEqual([...codes].sort());
      for (const h of held) {
        const d = store.getDossier(h.maHoSo)!;
        const p = store.readPersonalData(h.maHoSo, 'sync', 'test')!;
        const atts = store.getAttachments(h.maHoSo);
        const mine = toHoSo({
          code: d.code, unitCode: d.unitCode, procedureCode: d.procedureCode, procedureName: d.procedureName, sectorCode: d.sectorCode,
          receivedAt: d.receivedAt, promisedAt: d.promisedAt, ownerName: p.ownerName, ownerIdNumber: p.ownerIdNumber, ownerType: p.ownerType ?? 1,
          phone: p.phone ?? null, email: p.email ?? null, summary: p.summary, form: p.form,
          attachments: atts.map((a) => ({ name: a.name, componentCode: a.componentCode, sha256: a.sha256, size: a.size, url: a.upstreamUrl! })),
        });
        expect(hoSoFingerprint(h.data), h.maHoSo).toBe(hoSoFingerprint(mine));
      }
      expect(acked.size).toBeGreaterThan(KILLS);
      store.close();
    } finally {
      await server.stop();
    }
  });
});
