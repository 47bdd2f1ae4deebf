// Runs in: Node (vitest). The documents step on real parts: SANE's `test` backend through
// scanimage (a private SANE_CONFIG_DIR enables it, as the simulators do), the shipped forms/
// catalogue, the imaging pipeline, and the encrypted dossier store the files end up in.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SaneDocumentScanner } from '../../../hardware/scanner/document/sane';
import type { DocumentScanner } from '../../../hardware/scanner/document/types';
import type { EventOf } from '../../shared/contract';
import { KioskError, isKioskError } from '../../shared/errors';
import { DossierStore } from '../dossiers/store';
import { EventBus } from '../events';
import { createDraft, loadCatalogue, type Catalogue, type Draft } from '../forms';
import { CitizenSession } from '../session/session';
import { DocumentService, scanError } from './service';

const hasScanimage = spawnSync('scanimage', ['--version'], { stdio: 'ignore' }).status === 0;
const DOC = 'giay-to-chung-minh-thay-doi';
let configDir = '';
let catalogue: Catalogue;
const started: DocumentScanner[] = [];

async function scanner(device = 'test:0'): Promise<SaneDocumentScanner> {
  const s = new SaneDocumentScanner({ id: 'document-scanner', device, env: { SANE_CONFIG_DIR: configDir }, workDir: path.join(configDir, 'work'), pollIntervalMs: 0 });
  await s.start();
  started.push(s);
  return s;
}

interface Rig {
  service: DocumentService;
  session: CitizenSession;
  events: EventOf<'documents.progress'>[];
  draft: Draft;
  setDraft(d: Draft): void;
}

function rig(device: DocumentScanner | undefined, opts: { procedure?: string; picture?: string; resolution?: number; extra?: Record<string, string> } = {}): Rig {
  const bus = new EventBus();
  const session = new CitizenSession(bus);
  const events: EventOf<'documents.progress'>[] = [];
  bus.subscribe((event, payload) => {
    if (event === 'documents.progress') events.push(payload as EventOf<'documents.progress'>);
  });
  let draft: Draft | undefined = createDraft(catalogue, opts.procedure ?? 'thay-doi-thong-tin-cu-tru', new Date());
  bus.subscribe((event) => {
    if (event === 'session.ended') draft = undefined;
  });
  const r: Rig = {
    service: new DocumentService({
      session,
      bus,
      catalogue: () => catalogue,
      draft: () => (draft ? { draft, submitted: false } : undefined),
      scanner: () => device,
      // Small scans keep the test quick on a 2-core machine; the pipeline is the same at 300 dpi.
      resolution: opts.resolution ?? 150,
      backendOptions: { 'test-picture': opts.picture ?? 'Grid', ...opts.extra },
    }),
    session,
    events,
    get draft() {
      return draft!;
    },
    setDraft: (d) => (draft = d),
  };
  session.put('identity', { idNumber: '001195012345' });
  return r;
}

async function failure(p: Promise<unknown> | (() => unknown)): Promise<{ code: string; citizenMessage: string }> {
  let err: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    err = e;
  }
  expect(isKioskError(err), `expected a KioskError, got ${String(err)}`).toBe(true);
  return err as { code: string; citizenMessage: string };
}

beforeAll(() => {
  configDir = mkdtempSync(path.join(tmpdir(), 'kiosk-documents-'));
  writeFileSync(path.join(configDir, 'dll.conf'), 'test\n');
  mkdirSync(path.join(configDir, 'work'));
  catalogue = loadCatalogue();
});

afterAll(async () => {
  for (const s of started) await s.stop();
  rmSync(configDir, { recursive: true, force: true });
});

describe('scan errors for the citizen at the glass', () => {
  it('turns each driver failure into what to do now, and never shows a technician text', () => {
    const cases: Array<[string, string]> = [
      ['scanner.cover-open', 'đóng nắp lại'],
      ['scanner.io', 'ngắt kết nối'],
      ['scanner.busy', 'bận'],
      ['scanner.absent', 'không hoạt động'],
      ['scanner.feeder-empty', 'khay nạp giấy'],
      ['scanner.option-unsupported', 'nhờ cán bộ'],
    ];
    for (const [code, words] of cases) {
      const e = scanError(new KioskError({ code, technicianMessage: 'scanner test:0: raw detail', citizenMessage: 'generic' }));
      expect(e.code).toBe(code);
      expect(e.citizenMessage, code).toContain(words);
      expect(e.technicianMessage).toBe('scanner test:0: raw detail');
    }
    expect(scanError(new Error('boom')).citizenMessage).not.toContain('boom');
  });
});

describe.skipIf(!hasScanimage)('DocumentService on the SANE test device', () => {
  it('lists what the draft needs, scans it with progress, previews it, and unblocks the review', async () => {
    const r = rig(await scanner());
    const before = r.service.list();
    expect(before.scanner).toBe('ready');
    expect(before.complete).toBe(false);
    expect(before.message?.vi).toContain('Giấy tờ chứng minh thông tin thay đổi');
    expect(before.message?.en).toBe('1 required paper is not scanned yet: Proof of the changed information.');
    expect(before.documents).toEqual([
      expect.objectContaining({ id: DOC, required: true, scanRequired: true, state: 'missing', pages: [], bytes: 0, blocking: true }),
    ]);

    const after = await r.service.scan(DOC);
    expect(after.complete).toBe(true);
    expect(after.message).toBeUndefined();
    expect(after.scanned).toMatchObject({ id: DOC, state: 'scanned', blocking: false });
    expect(after.scanned.pages).toHaveLength(1);
    expect(after.scanned.bytes).toBeGreaterThan(0);
    expect(r.events.map((e) => e.stage)).toEqual(expect.arrayContaining(['starting', 'scanning', 'processing', 'done']));
    expect(r.events.at(-1)).toMatchObject({ documentId: DOC, stage: 'done', page: 1 });
    expect(r.events.findIndex((e) => e.stage === 'scanning')).toBeLessThan(r.events.findIndex((e) => e.stage === 'processing'));

    // The preview is the grid the device scanned (80 × 100 mm), not a placeholder.
    const page = after.scanned.pages[0]!;
    expect(page.thumbnail).toMatch(/^data:image\/jpeg;base64,/);
    const jpeg = Buffer.from(page.thumbnail.split(',')[1]!, 'base64');
    const meta = await sharp(jpeg).metadata();
    expect([meta.width, meta.height]).toEqual([page.width, page.height]);
    expect(page.height / page.width).toBeCloseTo(100 / 80, 1);
    const stats = await sharp(jpeg).stats();
    expect(stats.channels[0]!.min).toBeLessThan(60);
    expect(stats.channels[0]!.max).toBeGreaterThan(200);
    expect(r.service.list().documents[0]!.pages[0]!.thumbnail).toBe(page.thumbnail);
  });

  it('rescans (replace), adds a second sheet, removes one page or the whole paper', async () => {
    const r = rig(await scanner());
    await r.service.scan(DOC);
    expect((await r.service.scan(DOC)).scanned.pages).toHaveLength(1);
    const two = await r.service.scan(DOC, true);
    expect(two.scanned.pages.map((p) => p.number)).toEqual([1, 2]);
    const one = r.service.remove(DOC, 1);
    expect(one.documents[0]!.pages.map((p) => p.number)).toEqual([1]);
    expect(one.complete).toBe(true);
    const none = r.service.remove(DOC);
    expect(none.documents[0]).toMatchObject({ state: 'missing', pages: [], blocking: true });
    expect(none.complete).toBe(false);
  });

  it('refuses a blank glass in plain words and keeps nothing', async () => {
    const r = rig(await scanner(), { picture: 'Solid white' });
    const err = await failure(r.service.scan(DOC));
    expect(err.code).toBe('documents.blank-page');
    expect(err.citizenMessage).toContain('mặt chữ úp xuống');
    expect(r.service.list().documents[0]!.state).toBe('missing');
    expect(r.events.at(-1)).toMatchObject({ stage: 'done', page: 0 });
  });

  it('a paper jam mid-scan is said in plain words, nothing half-kept, and the next scan works', async () => {
    const s = await scanner();
    const r = rig(s, { extra: { 'read-return-value': 'SANE_STATUS_JAMMED' } });
    const err = await failure(r.service.scan(DOC));
    // The test backend's reader process sometimes dies of SIGPIPE on an error status, and
    // scanimage then exits 0 without the status text: the driver can only say "failed" then.
    // Either way the citizen is told to call staff, and nothing of the page is kept.
    expect(['scanner.jammed', 'scanner.failed']).toContain(err.code);
    expect(err.citizenMessage).toContain('nhờ cán bộ');
    if (err.code === 'scanner.jammed') expect(err.citizenMessage).toContain('Giấy bị kẹt');
    expect(r.service.list().documents[0]!.state).toBe('missing');
    expect((await rig(s).service.scan(DOC)).scanned.pages).toHaveLength(1);
  });

  it('"Dừng quét" stops a slow scan and keeps nothing of it', async () => {
    // The test device reading 1 KB per 0.2 s: a scan that would take about a minute.
    const r = rig(await scanner(), { extra: { 'read-limit': 'yes', 'read-limit-size': '1024', 'read-delay': 'yes', 'read-delay-duration': '200000' } });
    const job = r.service.scan(DOC);
    await expect.poll(() => r.events.some((e) => e.stage === 'scanning'), { timeout: 20_000 }).toBe(true);
    expect(r.service.list().scanner).toBe('busy');
    expect(r.service.cancel()).toEqual({ cancelled: true });
    const err = await failure(job);
    expect(err.code).toBe('scanner.cancelled');
    expect(err.citizenMessage).toContain('Đã dừng quét');
    expect(r.service.list().documents[0]!.state).toBe('missing');
    expect(r.service.cancel()).toEqual({ cancelled: false });
  });

  it('a citizen who leaves mid-scan takes the scan with them: stopped, nothing kept, no new session', async () => {
    const r = rig(await scanner(), { extra: { 'read-limit': 'yes', 'read-limit-size': '1024', 'read-delay': 'yes', 'read-delay-duration': '200000' } });
    const job = r.service.scan(DOC);
    await expect.poll(() => r.events.some((e) => e.stage === 'scanning'), { timeout: 20_000 }).toBe(true);
    r.session.end('card-removed');
    const err = await failure(job);
    expect(['scanner.cancelled', 'procedures.no-draft']).toContain(err.code);
    expect(r.session.size).toBe(0);
    expect(r.session.isActive).toBe(false);
    expect(r.session.get('document-scans')).toBeUndefined();
  });

  it('one scan at a time: a second tap while scanning is "busy", not a second job', async () => {
    const r = rig(await scanner());
    const first = r.service.scan(DOC);
    const second = await failure(r.service.scan(DOC, true));
    expect(second.code).toBe('scanner.busy');
    expect(second.citizenMessage).toContain('bận');
    expect((await first).scanned.pages).toHaveLength(1);
  });

  it('asks only for the papers the answers make necessary', async () => {
    const r = rig(await scanner(), { procedure: 'khai-sinh' });
    const ids = () => r.service.list().documents.map((d) => `${d.id}:${d.required}`);
    // Nothing answered yet: neither birth paper applies; the identity paper is not scanned here.
    expect(ids()).toEqual([]);
    r.setDraft({ ...r.draft, values: { ...r.draft.values, 'registration.hasBirthNotice': true } });
    expect(ids()).toEqual(['giay-chung-sinh:true']);
    r.setDraft({ ...r.draft, values: { ...r.draft.values, 'registration.hasBirthNotice': false } });
    expect(ids()).toEqual(['van-ban-lam-chung:true']);
    expect((await failure(r.service.scan('giay-chung-sinh'))).code).toBe('documents.unknown');
    expect((await failure(() => r.service.remove('giay-chung-sinh'))).code).toBe('documents.unknown');
  });

  it('files one PDF per paper at its real size, stored encrypted in the dossier store', async () => {
    const r = rig(await scanner());
    expect((await failure(r.service.attachments(r.draft))).code).toBe('documents.missing');
    await r.service.scan(DOC);
    await r.service.scan(DOC, true);
    const files = await r.service.attachments(r.draft);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ name: `${DOC}.pdf`, componentCode: DOC, mime: 'application/pdf' });
    const pdf = await PDFDocument.load(files[0]!.bytes);
    expect(pdf.getPageCount()).toBe(2);
    const { width, height } = pdf.getPage(0).getSize();
    // The test device's glass area is 80 × 100 mm; 72 points per inch.
    expect(width).toBeCloseTo((80 / 25.4) * 72, -1);
    expect(height).toBeCloseTo((100 / 25.4) * 72, -1);

    const dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-documents-store-'));
    const store = DossierStore.open({ dataDir, unitCode: '000.00.01.H26' });
    try {
      const { code } = store.submitDossier({
        procedureCode: '1.004222',
        procedureName: 'Điều chỉnh thông tin về cư trú',
        personal: { ownerName: 'Trần Thị Minh Thư', ownerIdNumber: '001195012345', ownerType: 1, summary: 'test', form: {} },
        attachments: files,
      });
      const [att] = store.getAttachments(code);
      expect(att).toMatchObject({ name: `${DOC}.pdf`, componentCode: DOC, mime: 'application/pdf', size: files[0]!.bytes.length });
      expect(store.readAttachment(att!)).toEqual(Buffer.from(files[0]!.bytes));
      // At rest the blob is ciphertext: no PDF header, no page stream.
      for (const f of readdirSync(path.join(dataDir, 'blobs'))) {
        const bytes = readFileSync(path.join(dataDir, 'blobs', f));
        expect(bytes.includes(Buffer.from('%PDF'))).toBe(false);
        expect(bytes.includes(Buffer.from(files[0]!.bytes).subarray(200, 264))).toBe(false);
      }
    } finally {
      store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('ending the session zeroes the scanned pages and forgets them', async () => {
    const r = rig(await scanner());
    await r.service.scan(DOC);
    const held = r.session.get<{ docs: Record<string, { pages: Array<{ data: Buffer; preview: Buffer }> }> }>('document-scans')!;
    const page = held.docs[DOC]!.pages[0]!;
    expect(page.data.some((b) => b !== 0)).toBe(true);
    r.session.end('timeout');
    expect(page.data.every((b) => b === 0)).toBe(true);
    expect(page.preview.every((b) => b === 0)).toBe(true);
    expect(r.session.size).toBe(0);
    expect((await failure(() => r.service.list())).code).toBe('procedures.no-draft');
  });

  it('an unplugged scanner does not trap the citizen: the papers go to the counter', async () => {
    const r = rig(await scanner('test:7'));
    const view = r.service.list();
    expect(view.scanner).toBe('offline');
    expect(view.complete).toBe(true);
    expect(view.documents[0]).toMatchObject({ required: true, state: 'missing', blocking: false });
    expect(view.message?.vi).toContain('đến quầy');
    expect(view.message?.en).toContain('to the counter');
    const err = await failure(r.service.scan(DOC));
    expect(err.code).toBe('scanner.absent');
    expect(err.citizenMessage).toMatch(/Máy quét đang không hoạt động/);
    expect(await r.service.attachments(r.draft)).toEqual([]);
  });

  it('a kiosk without a document scanner says so and lets the citizen go on', async () => {
    const r = rig(undefined);
    const view = r.service.list();
    expect(view).toMatchObject({ scanner: 'none', complete: true });
    expect(view.message?.vi).toContain('đến quầy');
    expect(view.message?.en).toMatch(/^This machine does not scan papers/);
    expect((await failure(r.service.scan(DOC))).code).toBe('documents.no-scanner');
  });
});
