// Runs in: Node (vitest). The real store, worker and DVC adapter against the reference upstream
// server over real HTTP on 127.0.0.1, with injected faults. No mocks.
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DossierStore } from '../../src/core/dossiers/store';
import { DvcAdapter, hoSoFingerprint, toHoSo } from '../../src/core/sync/dvc-adapter';
import { ownerId, ownerName, sampleBytes, sampleDossier } from '../../src/core/sync/testing/fixtures';
import { SyncWorker } from '../../src/core/sync/worker';
import { FAULT_KINDS } from '../../src/upstream-server/faults';
import { startUpstreamServer, type RunningUpstreamServer } from '../../src/upstream-server/server';

const UNIT = '000.00.01.H22';
const CREDS = { username: 'kiosk', password: 'kiosk-secret' };

interface Rig {
  server: RunningUpstreamServer;
  store: DossierStore;
  adapter: DvcAdapter;
  worker: SyncWorker;
  submitted: Map<string, number>;
}

const rigs: Rig[] = [];

async function rig(faults: string, opts: { concurrency?: number; server?: Parameters<typeof startUpstreamServer>[0] } = {}): Promise<Rig> {
  const server = await startUpstreamServer({ faults, credentials: CREDS, ...opts.server });
  const store = DossierStore.open({ dataDir: mkdtempSync(path.join(tmpdir(), 'kiosk-sync-')), unitCode: UNIT });
  const adapter = new DvcAdapter({ baseUrl: server.url, unitCode: UNIT, credentials: async () => CREDS, timeoutMs: 250, chunkBytes: 16 * 1024 });
  const worker = new SyncWorker({ store, adapter, concurrency: opts.concurrency ?? 8, backoff: { baseMs: 10, capMs: 300 }, idlePollMs: 50, probeMs: 50, statusPollMs: 0 });
  const r = { server, store, adapter, worker, submitted: new Map<string, number>() };
  rigs.push(r);
  return r;
}

afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.worker.stop();
    await r.server.stop();
    r.store.close();
  }
});

function submit(r: Rig, from: number, count: number, opts: Parameters<typeof sampleDossier>[1] = {}): string[] {
  const codes: string[] = [];
  for (let i = from; i < from + count; i++) {
    // Every fifth dossier carries a multi-chunk file so mid-upload faults have something to cut.
    const { code } = r.store.submitDossier(sampleDossier(i, { attachmentBytes: i % 5 === 0 ? 50_000 : 3000, ...opts }));
    r.submitted.set(code, i);
    codes.push(code);
  }
  return codes;
}

/** The upstream holds each submitted dossier exactly once, with exactly the submitted content. */
function expectExactlyOnce(r: Rig): void {
  const held = r.server.dossiers();
  const byCode = new Map(held.map((h) => [h.maHoSo, h]));
  expect(held.length).toBe(r.submitted.size);
  expect(byCode.size).toBe(held.length);
  for (const [code, i] of r.submitted) {
    const h = byCode.get(code);
    expect(h, code).toBeDefined();
    expect(h!.data.ChuHoSo).toBe(ownerName(i));
    expect(h!.data.SoGiayToChuHoSo).toBe(ownerId(i));
    expect(h!.data.DuLieuBieuMau).toEqual(sampleDossier(i).personal.form);
    const files = h!.data.TaiLieuNop as { TepDinhKemId: string; DuongDanTaiTepTin: string }[];
    const expected = createHash('sha256').update(sampleBytes(i * 31, i % 5 === 0 ? 50_000 : 3000)).digest('hex');
    expect(files.map((f) => f.TepDinhKemId)).toEqual([expected]);
    // What the upstream holds is byte-for-byte what the kiosk would send now.
    const d = r.store.getDossier(code)!;
    expect(d.deliveredAt).not.toBeNull();
    expect(hoSoFingerprint(h!.data)).toBe(hoSoFingerprint(toHoSo(outgoingOf(r, code))));
  }
  expect(r.store.outboxCounts()).toEqual({ pending: 0, delivered: r.submitted.size, dead: 0 });
}

function outgoingOf(r: Rig, code: string) {
  const d = r.store.getDossier(code)!;
  const p = r.store.readPersonalData(code, 'sync', 'test')!;
  return {
    code,
    unitCode: d.unitCode,
    procedureCode: d.procedureCode,
    procedureName: d.procedureName,
    sectorCode: d.sectorCode,
    receivedAt: d.receivedAt,
    promisedAt: d.promisedAt,
    ownerName: p.ownerName,
    ownerIdNumber: p.ownerIdNumber,
    ownerType: p.ownerType ?? 1,
    phone: p.phone ?? null,
    email: p.email ?? null,
    summary: p.summary,
    form: p.form,
    attachments: r.store.getAttachments(code).map((a) => ({ name: a.name, componentCode: a.componentCode, sha256: a.sha256, size: a.size, url: a.upstreamUrl! })),
  };
}

describe('sync to the reference upstream', () => {
  it('delivers without faults with exactly one write per dossier (lookup-then-create)', async () => {
    const r = await rig('');
    submit(r, 0, 30);
    r.worker.start();
    await r.worker.drained(20_000);
    expectExactlyOnce(r);
    expect(r.server.dossiers().every((h) => h.writes === 1)).toBe(true);
    expect(r.server.stats().updates).toBe(0);
  });

  for (const kind of FAULT_KINDS) {
    it(`exactly once under fault "${kind}" at 30 %`, { timeout: 30_000 }, async () => {
      const r = await rig(`${kind}=0.3,seed=${kind.length * 7}`);
      submit(r, 0, 40);
      r.worker.start();
      await r.worker.drained(25_000);
      expectExactlyOnce(r);
      expect(r.server.stats().faults[kind]).toBeGreaterThan(0);
    });
  }

  it('exactly once with 30 % of calls faulted across all kinds, plus latency and session expiry', { timeout: 45_000 }, async () => {
    const r = await rig('latency=0ms..5ms,5xx=0.05,timeout=0.03,reset=0.05,reset-upload=0.04,lost-ack=0.06,duplicate=0.04,malformed=0.03,session-ttl=400ms,seed=11');
    submit(r, 0, 100);
    r.worker.start();
    await new Promise((res) => setTimeout(res, 300));
    submit(r, 100, 100); // more arrive while the worker is busy
    r.worker.kick();
    await r.worker.drained(40_000);
    expectExactlyOnce(r);
    const s = r.server.stats();
    for (const k of FAULT_KINDS) expect(s.faults[k], k).toBeGreaterThan(0);
  });

  it('session expiry: logs in again and carries on', async () => {
    const r = await rig('session-ttl=150ms');
    r.worker.start();
    for (let wave = 0; wave < 3; wave++) {
      submit(r, wave * 5, 5);
      r.worker.kick();
      await r.worker.drained(10_000);
      await new Promise((res) => setTimeout(res, 200));
    }
    expectExactlyOnce(r);
    expect(r.server.stats().sessionsExpired).toBeGreaterThan(0);
    expect(r.adapter.relogins).toBeGreaterThan(0);
    expect(r.server.stats().logins).toBeGreaterThan(1);
  });

  it('permanent rejection → dead-letter with the upstream reason; staff resubmit after the fix delivers it once', async () => {
    const r = await rig('', { server: { unknownProcedures: ['2.000488'] } });
    const good = submit(r, 0, 5);
    const { code: bad } = r.store.submitDossier(sampleDossier(99, { procedureCode: '2.000488' }));
    const dead: { code: string; reason: string }[] = [];
    r.worker.on('dead-letter', (e) => dead.push(e));
    r.worker.start();
    await r.worker.drained(10_000);
    expect(dead).toEqual([{ code: bad, outboxId: expect.any(Number), reason: 'Thủ tục 2.000488 không có trong danh mục' }]);
    expect(r.store.listDeadLetters().map((x) => [x.dossierCode, x.deadReason])).toEqual([[bad, 'Thủ tục 2.000488 không có trong danh mục']]);
    expect(r.server.dossiers().map((h) => h.maHoSo).sort()).toEqual(good.sort());
    r.server.setUnknownProcedures([]);
    r.store.resubmit(r.store.listDeadLetters()[0]!.id, 'staff:7');
    r.worker.kick();
    await r.worker.drained(10_000);
    expect(r.store.listDeadLetters()).toEqual([]);
    expect(r.server.dossiers().filter((h) => h.maHoSo === bad)).toHaveLength(1);
    expect(r.store.auditLog(bad).map((a) => a.action)).toEqual(['submit', 'dead-letter', 'resubmit', 'delivered']);
  });

  it('link down: goes offline, keeps accepting, drains promptly when the link returns', async () => {
    const r = await rig('');
    const events: string[] = [];
    r.worker.on('offline', () => events.push('offline'));
    r.worker.on('online', () => events.push('online'));
    r.worker.start();
    r.server.setOnline(false);
    submit(r, 0, 20);
    r.worker.kick();
    await new Promise((res) => setTimeout(res, 400));
    expect(r.worker.state().online).toBe(false);
    expect(r.server.dossiers()).toHaveLength(0);
    r.server.setOnline(true);
    await r.worker.drained(10_000);
    expect(events).toEqual(['offline', 'online']);
    expectExactlyOnce(r);
  });

  it('pulls statuses of open dossiers and emits change events; tracking shows the timeline', async () => {
    const r = await rig('');
    const [a, b] = submit(r, 0, 2) as [string, string];
    r.worker.start();
    await r.worker.drained(10_000);
    const changes: [string, number, number][] = [];
    r.worker.on('status', (e) => changes.push([e.code, e.previous, e.status]));
    r.server.setStatus(a, 4);
    expect(await r.worker.pullStatuses()).toBe(1);
    r.server.setStatus(a, 10);
    r.server.setStatus(b, 3);
    expect(await r.worker.pullStatuses()).toBe(2);
    expect(changes.slice(0, 1)).toEqual([[a, 1, 4]]);
    expect(changes.slice(1).sort()).toEqual([
      [a, 4, 10],
      [b, 1, 3],
    ]);
    // Final statuses are no longer polled.
    expect(r.store.openDossiers()).toEqual([]);
    const t = r.store.timeline(a)!;
    expect(t.events.map((e) => [e.status, e.source])).toEqual([
      [1, 'kiosk'],
      [4, 'upstream'],
      [10, 'upstream'],
    ]);
    expect(JSON.stringify(t)).not.toContain(ownerName(0));
  });

  it('status advances upstream over time and an amendment is delivered as an update, in order', async () => {
    const r = await rig('', { server: { advanceEveryMs: 100 } });
    const [a] = submit(r, 0, 1) as [string];
    r.worker.start();
    await r.worker.drained(10_000);
    r.store.amendDossier(a, { ...sampleDossier(0).personal, summary: 'Bổ sung giấy tờ' }, 'staff:3');
    r.worker.kick();
    await r.worker.drained(10_000);
    const held = r.server.dossiers()[0]!;
    expect(held.data.TrichYeuHoSo).toBe('Bổ sung giấy tờ');
    expect(held.writes).toBe(2);
    await new Promise((res) => setTimeout(res, 250));
    await r.worker.pullStatuses();
    expect(r.store.getDossier(a)!.status).toBeGreaterThan(1);
  });

  it('the reference upstream moves a dossier one status step per tick: 1 → 2 → 4 → 9 → 10', async () => {
    const r = await rig('');
    const [a] = submit(r, 0, 1) as [string];
    r.worker.start();
    await r.worker.drained(10_000);
    const seen: number[] = [];
    for (let tick = 0; tick < 5; tick++) {
      seen.push(r.server.dossiers().find((h) => h.maHoSo === a)!.status);
      r.server.advanceStatuses();
    }
    expect(seen).toEqual([1, 2, 4, 9, 10]);
    await r.worker.pullStatuses();
    expect(r.store.getDossier(a)!.status).toBe(10);
  });

  it('maps to an upstream-assigned code when the prefix lacks the province id', async () => {
    const r = await rig('lost-ack=0.2,seed=3', { server: { provinceId: 'H56' } });
    const codes = submit(r, 0, 10);
    r.worker.start();
    await r.worker.drained(10_000);
    for (const code of codes) {
      const held = r.server.dossiers().find((h) => h.maHoSo === code)!;
      expect(held.maHoSoKhac).toMatch(/^H56-\d{6}-\d{5}$/);
      expect(r.store.getDossier(code)!.upstreamCode).toBe(held.maHoSoKhac);
      expect(r.store.timeline(held.maHoSoKhac!)!.code).toBe(code);
    }
    expect(r.server.dossiers()).toHaveLength(10);
  });

  it('wrong credentials: retried with backoff, nothing lost, delivered once credentials are fixed', async () => {
    const r = await rig('');
    let password = 'wrong';
    const adapter = new DvcAdapter({ baseUrl: r.server.url, unitCode: UNIT, credentials: async () => ({ username: 'kiosk', password }) });
    const worker = new SyncWorker({ store: r.store, adapter, backoff: { baseMs: 10, capMs: 50 }, idlePollMs: 20, statusPollMs: 0 });
    const kinds = new Set<string>();
    worker.on('retry', (e) => kinds.add(e.kind));
    submit(r, 0, 3);
    worker.start();
    await new Promise((res) => setTimeout(res, 300));
    expect(r.server.dossiers()).toHaveLength(0);
    expect(kinds).toEqual(new Set(['auth']));
    expect(r.store.listOutbox('pending')[0]!.lastError).toMatch(/refused the kiosk credentials/);
    password = CREDS.password;
    await worker.drained(10_000);
    await worker.stop();
    expectExactlyOnce(r);
  });
});
