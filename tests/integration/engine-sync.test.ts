// The engine delivers what the kiosk accepted: an outbox row committed in the kiosk's database
// reaches the reference provincial server through the engine's own sync worker, configured only
// by the config file (URL + a credentials reference), exactly once — even across a link cut.
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drivers } from '../../hardware/drivers';
import { parseConfig } from '../../src/core/config/load';
import { DossierStore } from '../../src/core/dossiers/store';
import { createEngine, type Engine } from '../../src/core/engine';
import { startUpstreamServer, type RunningUpstreamServer } from '../../src/upstream-server/server';

let dir: string;
let upstream: RunningUpstreamServer;
let engine: Engine;
let store: DossierStore;
const UNIT = '000.00.00.H99';

async function until(predicate: () => boolean, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

function submit(n: number) {
  return store.submitDossier({
    procedureCode: '1.004222',
    procedureName: 'Đăng ký thường trú',
    personal: { ownerName: `Công dân thử ${n}`, ownerIdNumber: '001195012345', summary: `Hồ sơ thử ${n}`, form: { n } },
    attachments: [{ name: 'to-khai.pdf', componentCode: 'CT01', mime: 'application/pdf', bytes: Buffer.from(`%PDF-1.4 test ${n}`) }],
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kiosk-engine-sync-'));
  upstream = await startUpstreamServer({ port: 0, credentials: { username: 'kiosk', password: 'pw-test' } });
  process.env.KIOSK_TEST_UPSTREAM = JSON.stringify({ username: 'kiosk', password: 'pw-test' });
  const config = parseConfig(
    `centre: { name: "Trung tâm thử", unitCode: "${UNIT}" }\ndevices: {}\nupstream: { url: "${upstream.url}", credentialsRef: "env:KIOSK_TEST_UPSTREAM", simulate: false }\n`,
    'test',
  );
  engine = createEngine({ config, dataDir: dir, version: 'test', drivers, resourcesDir: path.resolve('resources') });
  await engine.start();
  store = DossierStore.open({ dataDir: dir, unitCode: UNIT });
});

afterAll(async () => {
  store?.close();
  await engine?.stop();
  await upstream?.stop();
  delete process.env.KIOSK_TEST_UPSTREAM;
  rmSync(dir, { recursive: true, force: true });
});

describe('engine sync hookup', () => {
  it('delivers accepted dossiers upstream exactly once, and again after the link returns', async () => {
    const first = [submit(1), submit(2)];
    await until(() => upstream.dossiers().length === 2);
    upstream.setOnline(false);
    const later = [submit(3), submit(4), submit(5)];
    await new Promise((r) => setTimeout(r, 1500));
    upstream.setOnline(true);
    await until(() => upstream.dossiers().length === 5, 60_000);
    const codes = upstream.dossiers().map((d) => d.maHoSo).sort();
    expect(new Set(codes).size).toBe(5);
    expect(codes).toEqual([...first, ...later].map((r) => r.code).sort());
    await until(() => store.outboxCounts().pending === 0);
  }, 90_000);
});

describe('engine start housekeeping', () => {
  it('purges personal data past the configured retention and removes orphan attachment files', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-engine-purge-'));
    const DAY = 86_400_000;
    try {
      // The kiosk's history before this start: one dossier confirmed upstream 10 days ago, one
      // confirmed yesterday, and an attachment file a crash left behind two hours ago.
      let clock = Date.now() - 10 * DAY;
      const before = DossierStore.open({ dataDir, unitCode: UNIT, now: () => clock });
      const old = before.submitDossier(dossierInput('cũ'));
      const recent = before.submitDossier(dossierInput('mới'));
      const [oldRow, recentRow] = [old.code, recent.code].map((c) => before.listOutbox().find((o) => o.dossierCode === c)!);
      before.markDelivered(oldRow!.id, { upstreamCode: old.code });
      clock = Date.now() - DAY;
      before.markDelivered(recentRow!.id, { upstreamCode: recent.code });
      const orphan = path.join(before.blobs.dir, 'f'.repeat(64));
      writeFileSync(orphan, 'left by a crash');
      utimesSync(orphan, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000));
      const keptBlob = before.getAttachments(recent.code)[0]!.blobName!;
      before.close();

      const config = parseConfig(
        `centre: { name: "Trung tâm thử", unitCode: "${UNIT}" }\ndevices: {}\n` +
          `upstream: { url: "${upstream.url}", credentialsRef: "env:KIOSK_TEST_UPSTREAM", purgePersonalDataAfterDays: 7, simulate: false }\n`,
        'test',
      );
      const second = createEngine({ config, dataDir, version: 'test', drivers, resourcesDir: path.resolve('resources') });
      await second.start();
      await second.stop();

      const after = DossierStore.open({ dataDir, unitCode: UNIT });
      try {
        expect(after.readPersonalData(old.code, 'test', 'check purge')).toBeNull();
        expect(after.readPersonalData(recent.code, 'test', 'check purge')?.ownerName).toBe('Công dân mới');
        expect(after.timeline(old.code)?.code).toBe(old.code);
        expect(existsSync(orphan)).toBe(false);
        expect(existsSync(path.join(after.blobs.dir, keptBlob))).toBe(true);
      } finally {
        after.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

function dossierInput(tag: string) {
  return {
    procedureCode: '1.004222',
    procedureName: 'Đăng ký thường trú',
    personal: { ownerName: `Công dân ${tag}`, ownerIdNumber: '001195012345', summary: `Hồ sơ ${tag}`, form: {} },
    attachments: [{ name: 'to-khai.pdf', componentCode: 'CT01', mime: 'application/pdf', bytes: Buffer.from(`%PDF-1.4 ${tag}`) }],
  };
}
