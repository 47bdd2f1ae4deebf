// Runs in: Node (vitest). Paper runs out in the middle of a ticket: the driver pauses, raises the
// alarm, and after the refill prints the interrupted ticket again whole — each ticket appears on
// the virtual printer's output exactly once, in order.
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { startVirtualPrinter, type VirtualPrinter } from '../../hardware/simulators/printer/virtual-printer';
import { PrinterModel, type Page } from '../../hardware/simulators/printer/model';
import { renderPagePng } from '../../hardware/simulators/printer/render';
import { createPrinter, type JobEvent, type Printer } from '../../hardware/printer/printer';
import { openJobStore, type JobStore } from '../../hardware/printer/job-store';
import { compileDocument } from '../../hardware/printer/document';
import { getProfile } from '../../hardware/printer/profiles';
import type { PrinterAlarm } from '../../hardware/printer/status';
import { queueTicketDocument, type QueueTicketData } from '../../src/core/tickets/print';
import { deviceStatusSchema } from '../../src/shared/contract/devices';

const profile = getProfile('generic-80');
const ticket = (n: number): QueueTicketData => ({ centreName: 'UBND xã Đông Anh', serviceCode: 'A', serviceName: 'Chứng thực', number: n, issuedAt: '2026-11-23T02:00:00Z', waitingAhead: n - 1 });

/** What a correct printer renders for one job: the reference image to count against. */
async function expectedPage(n: number): Promise<Page> {
  const chunks = await compileDocument(await queueTicketDocument(ticket(n), profile.widthDots), profile);
  const pages: Page[] = [];
  const m = new PrinterModel(() => {}, (p) => pages.push(p), profile.widthDots);
  for (const c of chunks) m.receive(c);
  return pages[0]!;
}
const expectedPng = async (n: number): Promise<Buffer> => renderPagePng(await expectedPage(n), profile.widthDots);

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function setup(vp: VirtualPrinter, db = new Database(':memory:'), ackTimeoutMs = 10_000): Promise<{ printer: Printer; store: JobStore; alarms: PrinterAlarm[][]; events: JobEvent[] }> {
  const store = openJobStore(db);
  const printer = createPrinter(vp.uri, profile, { store, simulated: true, pollIntervalMs: 50, reconnectMs: 100, ackTimeoutMs });
  const alarms: PrinterAlarm[][] = [];
  const events: JobEvent[] = [];
  printer.onAlarm((a) => alarms.push(a));
  printer.onJob((e) => events.push(e));
  await printer.start();
  cleanup.push(async () => {
    await printer.stop();
    db.close();
  });
  return { printer, store, alarms, events };
}

const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('paper-out mid-job', () => {
  it('pauses, alarms, and after refill prints every ticket exactly once', async () => {
    const vp = await startVirtualPrinter({ transport: 'tcp', port: 0 });
    cleanup.push(() => vp.stop());
    const { printer, store, alarms, events } = await setup(vp);
    const one = await expectedPng(1);
    // Roll long enough for ticket 1 and part of ticket 2.
    vp.setPaperLeft(650);
    const docs = await Promise.all([1, 2, 3].map(async (n) => queueTicketDocument(ticket(n), profile.widthDots)));
    for (const [i, d] of docs.entries()) await printer.submit(`q-${i + 1}`, 'queue-ticket', d);
    await until(() => alarms.some((a) => a.some((x) => x.code === 'printer.paper-out')));
    const alarm = alarms.flat().find((a) => a.code === 'printer.paper-out')!;
    expect(alarm).toMatchObject({ severity: 'alarm', staffMessage: expect.stringContaining('hết giấy') });
    expect(printer.status()).toMatchObject({ state: 'alarm', alarm: { code: 'printer.paper-out' } });
    expect(deviceStatusSchema.parse(printer.status())).toMatchObject({ kind: 'printer', driver: 'escpos', simulated: true });
    expect(events).toContainEqual({ jobId: 'q-2', type: 'interrupted', reason: 'printer.paper-out' });
    expect(store.get('q-1')!.state).toBe('done');
    expect(store.get('q-2')!.state).toBe('queued');
    // While out of paper nothing more is printed, however long we wait.
    await new Promise((r) => setTimeout(r, 300));
    expect(store.get('q-3')!.state).toBe('queued');
    const before = vp.jobs();
    expect(before.map((j) => j.complete)).toEqual([true, false]);

    vp.paperOut(false); // refill
    await printer.waitForJob('q-3');
    await printer.waitForJob('q-2');
    const pages = await vp.waitForJobs(4);
    await new Promise((r) => setTimeout(r, 200)); // would reveal a late duplicate
    const complete = vp.jobs().filter((j) => j.complete);
    const expected = [one, await expectedPng(2), await expectedPng(3)];
    expect(complete).toHaveLength(3);
    complete.forEach((j, i) => expect(j.png.equals(expected[i]!)).toBe(true));
    expect(pages.filter((j) => !j.complete)).toHaveLength(1); // the torn stub of ticket 2
    expect(store.get('q-2')!.attempts).toBe(2);
    expect(printer.alarms().some((a) => a.code === 'printer.paper-out')).toBe(false);
    expect(printer.status().state).toBe('ready');
  });

  it('paper ends during the final feed: no confirmation, so the ticket is printed again whole, once', async () => {
    const vp = await startVirtualPrinter({ transport: 'tcp', port: 0 });
    cleanup.push(() => vp.stop());
    const { printer, store, events } = await setup(vp, new Database(':memory:'), 400);
    const full = await expectedPng(1);
    // Everything but the last ~40 dots of the feed before the cut fits on the roll.
    const { heightDots } = await expectedPage(1);
    expect(heightDots).toBeGreaterThan(profile.feedBeforeCutDots + 100);
    vp.setPaperLeft(heightDots - 40);
    await printer.submit('q-1', 'queue-ticket', await queueTicketDocument(ticket(1), profile.widthDots));
    await until(() => events.some((e) => e.type === 'interrupted'));
    expect(store.get('q-1')!.state).toBe('queued');
    expect(store.get('q-1')!.lastError).toContain('printer.paper-out');
    vp.paperOut(false);
    await printer.waitForJob('q-1');
    await vp.waitForJobs(2);
    await new Promise((r) => setTimeout(r, 200));
    expect(vp.jobs().map((j) => j.complete)).toEqual([false, true]);
    expect(vp.jobs()[1]!.png.equals(full)).toBe(true);
  });

  it('cover open before a job: nothing is sent until it closes, then the ticket prints once', async () => {
    const vp = await startVirtualPrinter({ transport: 'tcp', port: 0 });
    cleanup.push(() => vp.stop());
    vp.coverOpen(true);
    const { printer, store } = await setup(vp);
    await until(() => printer.status().alarm?.code === 'printer.cover-open');
    await printer.submit('q-1', 'queue-ticket', await queueTicketDocument(ticket(1), profile.widthDots));
    await new Promise((r) => setTimeout(r, 300));
    expect(store.get('q-1')!.state).toBe('queued');
    vp.coverOpen(false);
    await printer.waitForJob('q-1');
    await vp.waitForJobs(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(vp.jobs().map((j) => j.complete)).toEqual([true]);
    expect(vp.jobs()[0]!.png.equals(await expectedPng(1))).toBe(true);
  });

  it('near end is a warning, not a stop', async () => {
    const vp = await startVirtualPrinter({ transport: 'tcp', port: 0 });
    cleanup.push(() => vp.stop());
    vp.nearEnd(true);
    const { printer } = await setup(vp);
    await until(() => printer.status().state === 'warning');
    expect(printer.status().alarm?.code).toBe('printer.paper-near-end');
    await printer.submit('q-1', 'queue-ticket', await queueTicketDocument(ticket(1), profile.widthDots));
    await printer.waitForJob('q-1');
    expect(await vp.waitForJobs(1)).toHaveLength(1);
  });

  it('after a restart: a delivered job is not reprinted, an unconfirmed one waits for staff', async () => {
    const vp = await startVirtualPrinter({ transport: 'tcp', port: 0 });
    cleanup.push(() => vp.stop());
    const db = new Database(':memory:');
    const store = openJobStore(db);
    const chunks = await compileDocument(await queueTicketDocument(ticket(1), profile.widthDots), profile);
    // State left behind by a crashed kiosk process.
    store.enqueue({ id: 'delivered', printerId: 'printer', kind: 'queue-ticket', chunks });
    store.markSending('delivered');
    store.markSent('delivered');
    store.markDone('delivered');
    store.enqueue({ id: 'unconfirmed', printerId: 'printer', kind: 'queue-ticket', chunks });
    store.markSending('unconfirmed');
    store.markSent('unconfirmed');
    const { printer, alarms } = await setup(vp, db);
    expect(alarms.flat().find((a) => a.code === 'printer.job-uncertain')).toMatchObject({ jobId: 'unconfirmed' });
    await expect(printer.waitForJob('unconfirmed')).rejects.toMatchObject({ code: 'printer.job-uncertain' });
    await new Promise((r) => setTimeout(r, 300));
    expect(vp.jobs()).toHaveLength(0);
    printer.resolveJob('unconfirmed', 'reprint'); // staff: the citizen has no ticket
    await printer.waitForJob('unconfirmed');
    await vp.waitForJobs(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(vp.jobs()).toHaveLength(1);
  });
});
