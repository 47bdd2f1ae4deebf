// The procedure journey through the engine's contract, with real parts only: the sample CCCD read
// through pcscd + vpcd, the shipped forms/ catalogue, the encrypted dossier store in a temp dataDir
// and the ESC/POS driver printing to the virtual printer over TCP, whose decoded QR must carry the
// dossier code the store committed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drivers } from '../../hardware/drivers';
import { SAMPLE_CITIZEN, buildSampleCccd } from '../../hardware/card-reader/sample/documents';
import { createSampleCccdApplet } from '../../hardware/simulators/card/emrtd';
import { acquireVirtualReader, type VirtualReaderLease } from '../../hardware/simulators/card/pcscd-harness';
import { startVirtualCard, type VirtualCard } from '../../hardware/simulators/card/vpcd';
import { startVirtualPrinter, type VirtualPrinter } from '../../hardware/simulators/printer/virtual-printer';
import { parseConfig } from '../../src/core/config/load';
import { DossierStore } from '../../src/core/dossiers/store';
import { createEngine, type Engine } from '../../src/core/engine';
import { parseReceiptQrPayload } from '../../src/core/tickets/receipt-qr';
import type { DraftView, ProcedureEntry, ProcedureReview, DossierSubmitted } from '../../src/shared/contract';
import { createDispatcher, type Dispatch } from '../../src/shared/transport/dispatcher';

const sample = buildSampleCccd();
const UNIT = '000.00.01.H26';
let lease: VirtualReaderLease;
let card: VirtualCard;
let printer: VirtualPrinter;
let engine: Engine;
let dispatch: Dispatch;
let dir: string;
let cardPresent = false;

async function until(predicate: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const r = await dispatch(channel, payload);
  if (!r.ok) throw new Error(`${channel} failed: ${JSON.stringify(r.error)}`);
  return r.result as T;
}

async function failure(channel: string, payload: unknown): Promise<{ code: string; citizenMessage?: string }> {
  const r = await dispatch(channel, payload);
  expect(r.ok, `${channel} should fail`).toBe(false);
  return (r as { error: { code: string; citizenMessage?: string } }).error;
}

const field = (view: DraftView, p: string) => view.sections.flatMap((s) => s.fields).find((f) => f.path === p);

async function readCard(): Promise<void> {
  await call('identity.readCard', { idNumber: sample.idNumber });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kiosk-procedures-'));
  lease = await acquireVirtualReader();
  card = startVirtualCard({ applet: createSampleCccdApplet(), port: lease.port });
  printer = await startVirtualPrinter({ transport: 'tcp', port: 0 });
  const config = parseConfig(
    `centre: { name: "Trung tâm Phục vụ hành chính công thử nghiệm", unitCode: "${UNIT}" }\n` +
      `devices:\n  cardReader: { driver: pcsc, reader: ${JSON.stringify(lease.readerName)}, simulate: true }\n` +
      `  printer: { driver: escpos, uri: ${JSON.stringify(printer.uri)}, profile: 80mm, simulate: false }\n`,
    'test',
  );
  engine = createEngine({ config, dataDir: dir, version: 'test', drivers, resourcesDir: path.resolve('resources') });
  dispatch = createDispatcher(engine.handlers);
  engine.subscribe((event) => {
    if (event === 'card.inserted') cardPresent = true;
  });
  await engine.start();
  await until(() => engine.devices.list().some((d) => d.id === 'card-reader' && d.state === 'ready'));
  await card.insert();
  await until(() => cardPresent);
}, 90_000);

afterAll(async () => {
  await engine?.stop();
  await printer?.stop();
  await card?.close();
  await lease?.release();
  rmSync(dir, { recursive: true, force: true });
});

describe('procedures.search', () => {
  it('finds "Đăng ký khai tử" typed without diacritics, and explains the group in one sentence', async () => {
    const hits = await call<ProcedureEntry[]>('procedures.search', { query: 'khai tu' });
    expect(hits[0]).toMatchObject({ id: 'khai-tu', kind: 'procedure', name: { vi: 'Đăng ký khai tử' } });
    const group = hits.find((h) => h.id === 'lien-thong-khai-tu');
    expect(group?.kind).toBe('group');
    expect(group?.explanation).toEqual({
      vi: 'Khai một lần, làm cùng lúc 3 việc: đăng ký khai tử, xóa đăng ký thường trú và hỗ trợ chi phí mai táng.',
      en: 'Fill in one form and get 3 things done at once: death registration, deregistration of permanent residence and funeral allowance.',
    });
    expect(hits.every((h) => h.kind === 'group' || h.explanation === undefined)).toBe(true);
  });

  it('lists the whole catalogue for an empty query, groups first', async () => {
    const all = await call<ProcedureEntry[]>('procedures.search', { query: '' });
    expect(all.map((e) => e.id)).toEqual(expect.arrayContaining(['lien-thong-khai-sinh', 'lien-thong-khai-tu', 'ly-lich-tu-phap', 'thay-doi-thong-tin-cu-tru', 'ho-kinh-doanh']));
    expect(all[0]!.kind).toBe('group');
    expect(all.every((e) => e.sector.vi.length > 0 && e.sector.en.length > 0)).toBe(true);
  });

  it('finds procedures by their English names too (a citizen reading the kiosk in English)', async () => {
    const hits = await call<ProcedureEntry[]>('procedures.search', { query: 'death registration' });
    expect(hits[0]).toMatchObject({ id: 'khai-tu', name: { en: 'Death registration' } });
  });

  it('lists the 2025 provinces, then one province\'s communes', async () => {
    const provinces = await call<Array<{ code: string; name: string }>>('procedures.places', {});
    expect(provinces).toHaveLength(34);
    const hanoi = provinces.find((p) => p.name.includes('Hà Nội'))!;
    const communes = await call<Array<{ code: string; name: string }>>('procedures.places', { provinceCode: hanoi.code });
    expect(communes.length).toBeGreaterThan(50);
    expect(communes.some((c) => c.name.includes('Văn Miếu'))).toBe(true);
  });
});

describe('the journey: chip identity -> draft -> review -> submit -> receipt', () => {
  it('refuses to start a draft before an identity is confirmed', async () => {
    engine.session.end('staff');
    expect((await failure('procedures.start', { id: 'thay-doi-thong-tin-cu-tru' })).code).toBe('procedures.no-identity');
  });

  it('fills what the chip knows, explains what is missing, stores once and prints the QR with the code', async () => {
    await readCard();
    let view = await call<DraftView>('procedures.start', { id: 'thay-doi-thong-tin-cu-tru' });
    expect(view.name).toEqual({ vi: 'Điều chỉnh thông tin về cư trú', en: 'Residence information change' });
    expect(field(view, 'requester.fullName')).toMatchObject({ value: SAMPLE_CITIZEN.fullName, source: 'chip' });
    expect(field(view, 'person.personalId')).toMatchObject({ value: sample.idNumber, source: 'chip' });
    expect(field(view, 'person.sex')).toMatchObject({ value: 'female', display: { vi: 'Nữ', en: 'Female' }, source: 'chip' });
    expect(field(view, 'requester.residence')?.source).toBe('chip');
    // The chip says "Phường Văn Miếu, Quận Đống Đa" (before the 2024 ward merger): the 2025 ward is
    // Văn Miếu - Quốc Tử Giám (00226), not Phường Đống Đa (00235) that took the district's name.
    expect(field(view, 'requester.residence')).toMatchObject({ value: { provinceCode: '01', communeCode: '00226' }, display: { vi: expect.stringContaining('Phường Văn Miếu - Quốc Tử Giám, Thành phố Hà Nội'), en: expect.stringContaining('Phường Văn Miếu - Quốc Tử Giám') } });
    expect(field(view, 'requester.phone')).toMatchObject({ value: null, source: 'none', required: true });
    // Nothing is shouted at the citizen before they try to continue.
    expect(view.sections.flatMap((s) => s.fields).some((f) => f.error)).toBe(false);
    expect(view.complete).toBe(false);
    expect(view.missingCount).toBe(5);

    // Continuing too early: every problem is now shown next to its field.
    const early = await call<ProcedureReview>('procedures.review', {});
    expect(early.ready).toBe(false);
    if (early.ready) return;
    expect(field(early.draft, 'requester.phone')?.error).toEqual({ vi: 'Mục này chưa điền. Xin chạm vào đây để điền.', en: 'Not filled in yet. Please tap here to fill it in.' });
    expect(early.message.en).toMatch(/marked in red/);
    expect(field(early.draft, 'requester.fullName')?.error).toBeUndefined();
    expect((await failure('dossier.submit', { consent: true })).code).toBe('procedures.incomplete');

    // A wrong phone number gets a plain Vietnamese reason, not "invalid".
    view = await call<DraftView>('procedures.edit', { path: 'requester.phone', value: '12345' });
    expect(field(view, 'requester.phone')?.error?.vi).toMatch(/[ăâđêôơư]/);
    expect(field(view, 'requester.phone')?.error?.en).toMatch(/^Invalid phone number/);
    expect(field(view, 'requester.phone')?.source).toBe('citizen');
    // An unknown field is an error, not a silent no-op.
    expect((await failure('procedures.edit', { path: 'nobody.there', value: 'x' })).code).toBe('forms.unknown-field');

    for (const [p, v] of [
      ['requester.phone', '0912345678'],
      ['household.headName', 'Lê Đức Thắng'],
      ['household.relationshipToHead', 'Con'],
      ['household.headPersonalId', '001088054321'],
      // NFD input is stored NFC.
      ['change.content', 'Điều chỉnh nghề nghiệp trong Cơ sở dữ liệu về cư trú'.normalize('NFD')],
    ] as const) {
      view = await call<DraftView>('procedures.edit', { path: p, value: v });
    }
    expect(view.sections.flatMap((s) => s.fields).filter((f) => f.error)).toEqual([]);
    expect(view.complete).toBe(true);
    expect(field(view, 'change.content')?.value).toBe('Điều chỉnh nghề nghiệp trong Cơ sở dữ liệu về cư trú'.normalize('NFC'));

    // CT01 item 11: a household member changing too is a row, added, filled and removed through procedures.edit.
    const members = () => view.sections.find((s) => s.id === 'members')!.repeat!;
    expect(members()).toMatchObject({ rows: [], canAdd: true, canRemove: false, addLabel: { vi: 'Thêm người cùng thay đổi' } });
    view = await call<DraftView>('procedures.edit', { addRow: 'members' });
    view = await call<DraftView>('procedures.edit', { addRow: 'members' });
    expect(members().rows.map((r) => r.title.vi)).toEqual(['Người cùng thay đổi 1', 'Người cùng thay đổi 2']);
    expect(members().rows[1]!.title.en).toMatch(/ 2$/);
    expect(members().rows[1]!.fields.map((f) => f.path)).toEqual(['members[1].fullName', 'members[1].dateOfBirth', 'members[1].sex', 'members[1].personalId', 'members[1].relationshipToHead']);
    // An empty row is unfinished business: it blocks submission until filled or removed.
    expect(view.complete).toBe(false);
    for (const [p, v] of [
      ['fullName', 'Lê Thị Ợn'],
      ['dateOfBirth', '05/06/2015'],
      ['sex', 'female'],
      ['personalId', '001315006789'],
      ['relationshipToHead', 'Con'],
    ] as const) {
      view = await call<DraftView>('procedures.edit', { path: `members[1].${p}`, value: v });
    }
    expect(members().rows[1]!.fields.find((f) => f.path === 'members[1].sex')).toMatchObject({ display: { vi: 'Nữ', en: 'Female' }, source: 'citizen' });
    // Removing the empty first row moves the filled one up.
    view = await call<DraftView>('procedures.edit', { removeRow: 'members', index: 0 });
    expect(members().rows).toHaveLength(1);
    expect(members().rows[0]!.fields[0]).toMatchObject({ path: 'members[0].fullName', value: 'Lê Thị Ợn' });
    expect(view.complete).toBe(true);
    expect((await failure('procedures.edit', { path: 'members[1].fullName', value: 'x' })).code).toBe('forms.unknown-field');
    expect((await failure('procedures.edit', { removeRow: 'members', index: 3 })).code).toBe('forms.unknown-field');
    expect((await failure('procedures.edit', { addRow: 'change' })).code).toBe('forms.unknown-field');
    expect((await failure('procedures.edit', { addRow: 'members', path: 'x.y' })).code).toBe('contract.invalid-request');

    const review = await call<ProcedureReview>('procedures.review', {});
    expect(review.ready).toBe(true);
    if (!review.ready) return;
    expect(review.feeText).toEqual({ vi: 'Không mất lệ phí', en: 'No fee' });
    expect(review.appointmentDate).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(review.consentText.vi).toContain('Nghị định 13/2023/NĐ-CP');
    expect(review.consentText.vi).toContain('Điều chỉnh thông tin về cư trú');
    expect(review.consentText.en).toContain('"Residence information change"');
    expect(review.documents).toEqual([{ id: expect.any(String), name: { vi: 'Giấy tờ chứng minh thông tin thay đổi', en: 'Proof of the changed information' }, required: true }]);
    const rows = review.summary.flatMap((s) => s.rows);
    expect(rows.find((r) => r.label.vi === 'Số điện thoại')).toEqual({ label: { vi: 'Số điện thoại', en: 'Phone number' }, value: { vi: '0912345678', en: '0912345678' }, fromCard: false });
    expect(rows.find((r) => r.value.vi === SAMPLE_CITIZEN.fullName)?.fromCard).toBe(true);
    expect(rows.find((r) => r.label.vi === 'Giới tính')?.value).toEqual({ vi: 'Nữ', en: 'Female' });
    expect(review.summary.find((s) => s.section.vi.endsWith('Người cùng thay đổi 1'))?.rows).toContainEqual({
      label: expect.objectContaining({ vi: 'Số định danh cá nhân' }),
      value: { vi: '001315006789', en: '001315006789' },
      fromCard: false,
    });

    // Consent is not optional: the contract itself refuses a submit without it.
    expect((await failure('dossier.submit', {})).code).toBe('contract.invalid-request');
    expect((await failure('dossier.submit', { consent: false })).code).toBe('contract.invalid-request');

    // The printer runs out of paper just before: the dossier is filed all the same, the citizen is
    // told at once why there is no receipt (not after the whole print wait), and the receipt comes
    // out, once, when the paper is back.
    const jobsBefore = printer.jobs().length;
    printer.paperOut(true);
    const paperOut = async () => (await call<{ active: Array<{ code: string }> }>('alarms.active', {})).active.some((a) => a.code === 'printer.paper-out');
    for (let i = 0; i < 200 && !(await paperOut()); i++) await new Promise((r) => setTimeout(r, 50));
    const done = await call<DossierSubmitted>('dossier.submit', { consent: true });
    expect(done.dossierCode).toMatch(new RegExp(`^${UNIT.replace(/\./g, '\\.')}-\\d{6}-\\d{4}$`));
    expect(done.appointmentDate).toBe(review.appointmentDate);
    expect(done.receipt).toBe('pending');
    expect(done.receiptMessage).toEqual({
      vi: 'Máy in đang hết giấy. Cán bộ sẽ hỗ trợ trong giây lát, xin vui lòng chờ. Hồ sơ đã được nhận; xin ông/bà ghi lại mã hồ sơ trên màn hình.',
      en: 'The printer is out of paper. A staff member will help you shortly; please wait. Your dossier has been received; please write down the dossier code shown on the screen.',
    });
    expect(done.procedureName).toEqual(review.name);
    printer.paperOut(false);
    // A retried call (double tap) answers the same dossier, it does not file a second one.
    const again = await call<DossierSubmitted>('dossier.submit', { consent: true });
    expect(again.dossierCode).toBe(done.dossierCode);
    expect((await failure('procedures.edit', { path: 'requester.phone', value: '0987654321' })).code).toBe('procedures.already-submitted');

    // The receipt came out once, and its QR carries the code the store committed.
    const jobs = await printer.waitForJobs(jobsBefore + 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(printer.jobs()).toHaveLength(jobsBefore + 1);
    const receipt = jobs.at(-1)!;
    expect(receipt.complete).toBe(true);
    expect(receipt.qrPayloads).toHaveLength(1);
    const qr = parseReceiptQrPayload(Buffer.from(receipt.qrPayloads[0]!).toString('utf8'));
    expect(qr.dossierCode).toBe(done.dossierCode);
    expect(qr.applicantId).toBe(sample.idNumber);

    const store = DossierStore.open({ dataDir: dir, unitCode: UNIT });
    try {
      const row = store.getDossier(done.dossierCode)!;
      expect(row.procedureName).toBe('Điều chỉnh thông tin về cư trú');
      expect(row.promisedAt).not.toBeNull();
      expect(store.listOutbox('pending').filter((o) => o.dossierCode === done.dossierCode)).toHaveLength(1);
      const personal = store.readPersonalData(done.dossierCode, 'test', 'journey test')!;
      expect(personal.ownerIdNumber).toBe(sample.idNumber);
      expect(personal.phone).toBe('0912345678');
      const members = (personal.form as { members: Array<{ fields: Record<string, unknown> }> }).members;
      expect(members[0]!.fields.SoDinhDanh).toBe(sample.idNumber);
      expect(members[0]!.fields.NoiDungDeNghi).toBe('Điều chỉnh nghề nghiệp trong Cơ sở dữ liệu về cư trú');
      expect(members[0]!.fields.ThanhVienCungThayDoi).toEqual([expect.objectContaining({ HoVaTen: 'LÊ THỊ ỢN', SoDinhDanh: '001315006789', QuanHeChuHo: 'Con' })]);
    } finally {
      store.close();
    }

    // Finishing forgets the draft along with the identity.
    expect(engine.session.size).toBeGreaterThan(0);
    await call('session.end', { reason: 'finished' });
    expect(engine.session.size).toBe(0);
    expect((await failure('procedures.review', {})).code).toBe('procedures.no-draft');
  }, 60_000);

  it('an interconnected group asks shared data once and shows only the sections that apply', async () => {
    await readCard();
    const view = await call<DraftView>('procedures.start', { id: 'lien-thong-khai-tu' });
    expect(view.kind).toBe('group');
    const paths = view.sections.flatMap((s) => s.fields.map((f) => f.path));
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toContain('deceased.fullName');
    // The deregistration member's person.{name,id,dob,sex} are bound to deceased.*: not asked twice.
    for (const p of ['person.fullName', 'person.personalId', 'person.dateOfBirth', 'person.sex']) expect(paths).not.toContain(p);
    // Three members, one requester: the citizen's own details come once, from the chip.
    expect(view.sections.filter((s) => s.id === 'requester')).toHaveLength(1);
    expect(field(view, 'requester.fullName')).toMatchObject({ value: SAMPLE_CITIZEN.fullName, source: 'chip' });
    await call('session.end', { reason: 'cancelled' });
    expect(engine.session.size).toBe(0);
  });

  it('every text a procedure shows has a real English: every shipped procedure and group, every problem shown, a row added', async () => {
    const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/iu;
    const QUOTED = /"[^"]*"|“[^”]*”/gu;
    const bad: string[] = [];
    let checked = 0;
    /** Every { vi, en } under `node`; values the citizen's data fill (display) may be the same words in both. */
    const walk = (node: unknown, where: string, key = ''): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`, key));
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (typeof o.vi === 'string' && typeof o.en === 'string' && Object.keys(o).length === 2) {
        checked++;
        const data = key === 'display' || key === 'value';
        if (data && o.en === o.vi) return;
        if ((o.en.trim() === '' && o.vi.trim() !== '') || VIETNAMESE.test(o.en.replace(QUOTED, ''))) bad.push(`${where}: ${JSON.stringify(o)}`);
        return;
      }
      for (const [k, v] of Object.entries(o)) walk(v, `${where}.${k}`, k);
    };
    await readCard();
    const entries = await call<ProcedureEntry[]>('procedures.search', { query: '' });
    expect(entries.length).toBeGreaterThanOrEqual(11);
    walk(entries, 'search');
    for (const entry of entries) {
      let view = await call<DraftView>('procedures.start', { id: entry.id });
      for (const s of view.sections) if (s.repeat?.canAdd) view = await call<DraftView>('procedures.edit', { addRow: s.id });
      walk(view, entry.id);
      // Continuing now shows every problem next to its field.
      const review = await call<ProcedureReview>('procedures.review', {});
      expect(review.ready, entry.id).toBe(false);
      walk(review, `${entry.id} review`);
    }
    expect(checked).toBeGreaterThan(500);
    expect(bad).toEqual([]);
    await call('session.end', { reason: 'cancelled' });
  }, 90_000);
});
