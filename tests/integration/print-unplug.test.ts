// Runs in: Node (vitest). The printer disappears (pty closed, TCP peer gone): the driver reports
// offline with the reason, keeps its queue, never crashes, and prints the queued ticket once when
// the printer is back.
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { startVirtualPrinter } from '../../hardware/simulators/printer/virtual-printer';
import { createPrinter } from '../../hardware/printer/printer';
import { openJobStore } from '../../hardware/printer/job-store';
import { getProfile } from '../../hardware/printer/profiles';
import { queueTicketDocument } from '../../src/core/tickets/print';

const profile = getProfile('generic-80');
const doc = () => queueTicketDocument({ centreName: 'UBND xã Yên Bình', serviceCode: 'B', serviceName: 'Đất đai', number: 3, issuedAt: '2026-11-23T02:00:00Z', waitingAhead: 0 }, profile.widthDots);

const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('printer unplugged', () => {
  it('serial pty vanishes: offline alarm with the cause, job kept queued, no crash', async () => {
    const vp = await startVirtualPrinter({ transport: 'pty' });
    const db = new Database(':memory:');
    const printer = createPrinter(vp.uri, profile, { store: openJobStore(db), pollIntervalMs: 50, reconnectMs: 100, statusTimeoutMs: 300 });
    await printer.start();
    await until(() => printer.status().state === 'ready');
    await vp.stop(); // socat killed: the tty returns EIO / closes
    await until(() => printer.status().alarm?.code === 'printer.offline');
    await printer.submit('b-3', 'queue-ticket', await doc());
    await new Promise((r) => setTimeout(r, 500));
    expect(openJobStore(db).get('b-3')!.state).toBe('queued');
    expect(printer.status().detail).not.toBe('');
    await printer.stop();
    db.close();
  });

  it('TCP printer restarts: the driver reconnects and prints the queued ticket exactly once', async () => {
    const first = await startVirtualPrinter({ transport: 'tcp', port: 0 });
    const port = (first.address as { port: number }).port;
    const db = new Database(':memory:');
    const printer = createPrinter(first.uri, profile, { store: openJobStore(db), pollIntervalMs: 50, reconnectMs: 100, statusTimeoutMs: 300 });
    await printer.start();
    await until(() => printer.status().state === 'ready');
    await first.stop();
    await until(() => printer.status().alarm?.code === 'printer.offline');
    await printer.submit('b-3', 'queue-ticket', await doc());
    const second = await startVirtualPrinter({ transport: 'tcp', port });
    try {
      await printer.waitForJob('b-3', 15_000);
      await second.waitForJobs(1);
      await new Promise((r) => setTimeout(r, 200));
      expect(second.jobs().map((j) => j.complete)).toEqual([true]);
      expect(first.jobs()).toHaveLength(0);
      expect(printer.status().state).toBe('ready');
    } finally {
      await printer.stop();
      await second.stop();
      db.close();
    }
  });
});
