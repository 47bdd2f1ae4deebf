// Runs in: Node (vitest). StaffService against real parts: the encrypted dossier store in a temp
// dir, the sync worker talking to the reference upstream server over HTTP, the ESC/POS driver
// printing to the virtual printer over TCP, the PIN gate and the citizen session.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPrinter, type Printer } from '../../../hardware/printer/printer';
import { openJobStore } from '../../../hardware/printer/job-store';
import { getProfile } from '../../../hardware/printer/profiles';
import { startVirtualPrinter, type VirtualPrinter } from '../../../hardware/simulators/printer/virtual-printer';
import { startUpstreamServer, type RunningUpstreamServer } from '../../upstream-server/server';
import { isKioskError } from '../../shared/errors';
import { staffRequests } from '../../shared/contract/staff';
import { procedureNames } from '../dossiers/procedure-names';
import { DossierStore } from '../dossiers/store';
import { EventBus } from '../events';
import { loadCatalogue } from '../forms';
import { decodeImage } from '../qr/decode';
import { CitizenSession } from '../session/session';
import { createAdapter } from '../sync/config';
import { ownerId, ownerName, sampleDossier } from '../sync/testing/fixtures';
import { SyncWorker } from '../sync/worker';
import { AuthService } from '../technician/auth';
import { hashPin } from '../technician/pin';
import { openQueueNumbers } from '../tickets/queue-numbers';
import { receiptDocument, type ReceiptData } from '../tickets/print';
import { parseReceiptQrPayload } from '../tickets/receipt-qr';
import { StaffService } from './service';

const UNIT = '000.00.01.H29';
const PIN = '2468';
/** A valid code the reference upstream's catalogue lacks until the test "adds" it. */
const MISSING_PROCEDURE = '1.000777';
const CREDS_ENV = 'STAFF_TEST_UPSTREAM_CREDENTIALS';
const CENTRE = { name: 'Trung tâm Phục vụ hành chính công thử nghiệm', unitCode: UNIT };
// One service named in both languages, one the old way (Vietnamese only).
const SERVICES = [
  { code: 'HT', name: { vi: 'Hộ tịch', en: 'Civil status' } },
  { code: 'DD', name: 'Đất đai' },
];

let dir: string;
let store: DossierStore;
let upstream: RunningUpstreamServer;
let sync: SyncWorker;
let vp: VirtualPrinter;
let printer: Printer;
let printerDb: Database.Database;
let queueDb: Database.Database;
let auth: AuthService;
let session: CitizenSession;
let staff: StaffService;

async function until(predicate: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function errorOf(fn: () => unknown): { code: string; citizenMessage?: string } {
  try {
    fn();
  } catch (error) {
    if (isKioskError(error)) return error;
    throw error;
  }
  throw new Error('expected a KioskError');
}

const rowOf = (code: string) => staff.outbox().rows.find((r) => r.dossierCode === code);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kiosk-staff-'));
  store = DossierStore.open({ dataDir: dir, unitCode: UNIT });
  const credentials = { username: 'kiosk', password: 'staff-test' };
  process.env[CREDS_ENV] = JSON.stringify(credentials);
  upstream = await startUpstreamServer({ port: 0, credentials, unknownProcedures: [MISSING_PROCEDURE] });
  const adapter = createAdapter({ kind: 'dvc', baseUrl: upstream.url, unitCode: UNIT, credentialsRef: `env:${CREDS_ENV}` });
  sync = new SyncWorker({ store, adapter, idlePollMs: 100, statusPollMs: 0, probeMs: 200 });
  sync.start();
  vp = await startVirtualPrinter({ transport: 'tcp', port: 0 });
  printerDb = new Database(':memory:');
  printer = createPrinter(vp.uri, getProfile('generic-80'), { store: openJobStore(printerDb), simulated: true, pollIntervalMs: 100, reconnectMs: 200 });
  await printer.start();
  queueDb = new Database(':memory:');
  // Cheap scrypt parameters: the gate's logic is under test here, not its cost.
  auth = new AuthService({ hashes: { staff: await hashPin(PIN, { N: 1024, r: 8, p: 1 }) } });
  session = new CitizenSession(new EventBus());
  staff = new StaffService({
    auth,
    config: { centre: CENTRE, queue: { services: SERVICES } },
    session,
    store: () => store,
    sync: () => sync,
    queueDb: () => queueDb,
    printer: () => printer,
    procedureNames: procedureNames(() => loadCatalogue()),
    assistLapseMs: 300,
  });
}, 60_000);

afterAll(async () => {
  staff?.stop();
  await sync?.stop();
  await printer?.stop();
  printerDb?.close();
  queueDb?.close();
  await vp?.stop();
  await upstream?.stop();
  store?.close();
  delete process.env[CREDS_ENV];
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  if (!auth.active()) await auth.unlock('staff', PIN);
});

describe('StaffService', () => {
  it('answers nothing without the staff PIN', async () => {
    auth.lock();
    for (const call of [() => staff.outbox(), () => staff.queueToday(), () => staff.retry({ all: true }), () => staff.resubmit(1), () => staff.assist('status')]) {
      expect(errorOf(call).code).toBe('auth.required');
    }
    await expect(staff.reprint('H29-000000-0001')).rejects.toMatchObject({ code: 'auth.required' });
    await auth.unlock('staff', PIN);
    expect(staff.outbox().link).toBe('online');
  });

  it('shows a rejected dossier with the upstream reason; resubmitted after the fix, it is delivered exactly once and audited', async () => {
    const input = { ...sampleDossier(11, { procedureCode: MISSING_PROCEDURE }), promisedAt: Date.parse('2026-12-01T10:00:00+07:00') };
    const { code } = store.submitDossier(input);
    sync.kick();
    await until(() => rowOf(code)?.state === 'dead');
    const view = staff.outbox();
    const row = rowOf(code)!;
    expect(view.counts.dead).toBeGreaterThanOrEqual(1);
    expect(view.rows[0]!.state).toBe('dead'); // what needs a person comes first
    expect(row.reason).toContain(`Thủ tục ${MISSING_PROCEDURE} không có trong danh mục`);
    // Advice and name in both languages: a staff member may have switched the screen to English.
    expect(row.advice?.vi).toContain('Gửi lại hồ sơ');
    expect(row.advice?.en).toContain('Send the application again');
    expect(row.procedureName).toEqual({ vi: 'Đăng ký thường trú', en: 'Permanent residence registration' });
    expect(row.assisted).toBe(false);
    // The staff list never carries the citizen's personal data.
    const json = JSON.stringify(view);
    for (const secret of [ownerName(11), ownerId(11), 'Lê Lợi', 'cong.dan.11@example.vn']) expect(json).not.toContain(secret);
    expect(() => staffRequests['staff.outbox'].response.parse(view)).not.toThrow();

    // Retrying now is for rows still in line; a dead letter needs a deliberate resubmit.
    expect(errorOf(() => staff.retry({ id: row.id })).code).toBe('staff.not-pending');

    upstream.setUnknownProcedures([]); // the province adds the procedure to its catalogue
    const result = staff.resubmit(row.id);
    expect(result.rescheduled).toBe(1);
    expect(result.link).toBe('online');
    await until(() => rowOf(code)?.state === 'delivered');
    expect(staff.outbox().counts.deliveredToday).toBeGreaterThanOrEqual(1);
    expect(upstream.dossiers().filter((d) => d.maHoSo === code)).toHaveLength(1);
    const audit = store.auditLog(code);
    expect(audit.find((e) => e.action === 'resubmit')).toMatchObject({ actor: 'staff', detail: expect.stringContaining('không có trong danh mục') });
    // Resubmitting a row that is not dead-lettered (here: delivered) is refused, not repeated.
    expect(errorOf(() => staff.resubmit(row.id)).code).toBe('staff.not-dead');
  });

  it('"retry now" makes a row waiting out its backoff go at once, and says so', async () => {
    await sync.stop(); // hold deliveries while the row is put into backoff, as after a failed attempt
    const { code } = store.submitDossier(sampleDossier(12));
    const id = store.listOutbox('pending').find((r) => r.dossierCode === code)!.id;
    store.markRetry(id, 'upstream.server-error: HTTP 503', Date.now() + 3600_000);
    const before = rowOf(code)!;
    expect(before.state).toBe('retrying');
    expect(before.advice?.vi).toContain('Máy tự gửi lại');
    expect(before.advice?.en).toContain('The province\'s system is overloaded');
    expect(Date.parse(before.nextAttemptAt!)).toBeGreaterThan(Date.now() + 3000_000);
    sync.start();
    const result = staff.retry({ id });
    expect(result.rescheduled).toBe(1);
    expect(result.message).toEqual({ vi: 'Đang gửi lại 1 hồ sơ lên hệ thống của tỉnh.', en: "Sending 1 application to the province's system again." });
    await until(() => rowOf(code)?.state === 'delivered');
    expect(store.auditLog(code).some((e) => e.action === 'retry-now' && e.actor === 'staff')).toBe(true);
  });

  it('reprints a receipt marked as a reprint, numbered, with the dossier QR; the read of personal data is audited', async () => {
    const { code } = store.submitDossier({ ...sampleDossier(13), promisedAt: Date.parse('2026-12-03T10:00:00+07:00') });
    const pagesBefore = vp.jobs().length;
    const first = await staff.reprint(code);
    expect(first).toMatchObject({ dossierCode: code, reprint: 1, print: 'printed' });
    const [page] = (await vp.waitForJobs(pagesBefore + 1)).slice(pagesBefore);
    expect(page!.complete).toBe(true);
    const qr = (await decodeImage(page!.png)).filter((c) => c.format.toLowerCase().includes('qr'));
    expect(qr).toHaveLength(1);
    expect(parseReceiptQrPayload(qr[0]!.text)).toMatchObject({ dossierCode: code, applicantId: ownerId(13) });
    expect((await staff.reprint(` ${code} `)).reprint).toBe(2);
    const reads = store.auditLog(code).filter((e) => e.action === 'read-personal');
    expect(reads.map((e) => [e.actor, e.detail])).toEqual([
      ['staff', 'reprint receipt #1'],
      ['staff', 'reprint receipt #2'],
    ]);
    await expect(staff.reprint(`${UNIT}-991231-9999`)).rejects.toMatchObject({ code: 'dossier.not-found' });
  });

  it('with the paper out, a reprint answers at once with what to fix, and prints once paper is back', async () => {
    const { code } = store.submitDossier({ ...sampleDossier(15), promisedAt: Date.parse('2026-12-04T10:00:00+07:00') });
    const printedFor = () =>
      vp.jobs().filter((j) => j.complete && j.qrPayloads.some((q) => parseReceiptQrPayload(Buffer.from(q).toString('utf8')).dossierCode === code));
    vp.paperOut(true);
    await until(() => printer.alarms().some((a) => a.severity === 'alarm'));
    const r = await staff.reprint(code);
    expect(r).toMatchObject({ dossierCode: code, reprint: 1, print: 'pending' });
    expect(r.message?.vi).toContain('Bản in lại sẽ tự ra khi máy in sẵn sàng.');
    expect(r.message?.vi).toContain(printer.alarms().find((a) => a.severity === 'alarm')!.staffMessage);
    expect(r.message?.en).toBe('The printer is out of paper. Please load a new roll; the slip being printed will be printed again, exactly once. The reprint comes out by itself once the printer is ready.');
    expect(printedFor()).toHaveLength(0);
    vp.paperOut(false);
    await until(() => printedFor().length === 1);
    const qr = (await decodeImage(printedFor()[0]!.png)).filter((c) => c.format.toLowerCase().includes('qr'));
    expect(parseReceiptQrPayload(qr[0]!.text).dossierCode).toBe(code);
  });

  it('a reprint carries "BẢN IN LẠI" and which reprint it is; the original does not', async () => {
    const data: ReceiptData = {
      centreName: CENTRE.name,
      dossierCode: `${UNIT}-261123-0001`,
      procedureCode: '1.001193',
      procedureName: 'Đăng ký khai sinh',
      applicantName: 'Trần Thị Ngọc Ánh',
      applicantId: '027198001234',
      receivedAt: '2026-11-23T03:10:00Z',
      appointmentDate: '2026-11-26T03:00:00Z',
    };
    const texts = async (reprint?: { number: number; at: Date }) =>
      (await receiptDocument(data, 576, reprint)).blocks.flatMap((b) => ('text' in b && typeof b.text === 'string' ? [b.text] : []));
    expect((await texts()).join('\n')).not.toContain('BẢN IN LẠI');
    const marked = await texts({ number: 3, at: new Date('2026-11-24T02:05:00Z') });
    expect(marked).toContain('BẢN IN LẠI');
    expect(marked.join('\n')).toContain('BẢN IN LẠI lần 3, in lúc');
  });

  it('assisted mode: a fresh session whose dossier is filed as submitted by staff; the mark ends with the session', async () => {
    session.put('identity', { name: 'a previous citizen' });
    const status = staff.assist('start');
    expect(status).toMatchObject({ active: true, role: 'staff' });
    expect(session.get('identity')).toBeUndefined(); // nothing of the previous citizen carries over
    session.put('identity', { name: 'the assisted citizen' });
    expect(staff.assist('status').lapsesAt).toBeNull(); // a citizen is being served: no lapse
    const { code } = store.submitDossier(sampleDossier(14), staff.submitActor());
    expect(store.auditLog(code).find((e) => e.action === 'submit')?.actor).toBe('staff:assisted');
    expect(rowOf(code)?.assisted).toBe(true);
    session.end('finished');
    expect(staff.assist('status').active).toBe(false);
    expect(staff.submitActor()).toBe('citizen');

    // Started but no citizen came: the mark lapses, so the next walk-in is not filed as assisted.
    staff.assist('start');
    expect(staff.assist('status').lapsesAt).not.toBeNull();
    await until(() => !staff.assist('status').active);
    expect(staff.submitActor()).toBe('citizen');

    // Stop drops the mark but keeps the citizen's journey.
    staff.assist('start');
    session.put('identity', { name: 'another citizen' });
    expect(staff.assist('stop').active).toBe(false);
    expect(session.get('identity')).toEqual({ name: 'another citizen' });
    session.end('finished');
  });

  it("lists today's queue per configured service, with numbers still waiting", () => {
    const numbers = openQueueNumbers(queueDb);
    numbers.next('HT');
    numbers.next('HT');
    numbers.next('DD');
    numbers.markServed('HT', 1);
    const q = staff.queueToday();
    expect(q.totalIssued).toBe(3);
    expect(q.services).toEqual([
      expect.objectContaining({ code: 'HT', name: { vi: 'Hộ tịch', en: 'Civil status' }, issued: 2, lastNumber: 2, waiting: 1 }),
      expect.objectContaining({ code: 'DD', name: { vi: 'Đất đai', en: 'Đất đai' }, issued: 1, lastNumber: 1, waiting: 1 }),
    ]);
    expect(() => staffRequests['staff.queueToday'].response.parse(q)).not.toThrow();
  });
});
