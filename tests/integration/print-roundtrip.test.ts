// Runs in: Node (vitest). Production driver -> real OS interface (socat pty with serialport, TCP,
// a usblp-style device file) -> virtual printer -> PNG -> the project's QR decoder.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import { startVirtualPrinter, type VirtualPrinter } from '../../hardware/simulators/printer/virtual-printer';
import { PrinterModel, type Page } from '../../hardware/simulators/printer/model';
import { createPrinter, type Printer } from '../../hardware/printer/printer';
import { openJobStore } from '../../hardware/printer/job-store';
import { getProfile } from '../../hardware/printer/profiles';
import { decodeImage } from '../../src/core/qr/decode';
import { printQueueTicket, printReceipt, printTestPage, receiptValues, type ReceiptData } from '../../src/core/tickets/print';
import { parseReceiptQrPayload } from '../../src/core/tickets/receipt-qr';

const receipt: ReceiptData = {
  centreName: 'Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh',
  dossierCode: '000.00.10.H01-261123-0042',
  procedureCode: '1.001193',
  procedureName: 'Đăng ký khai sinh',
  applicantName: 'Trần Thị Ngọc Ánh',
  applicantId: '027198001234',
  receivedAt: '2026-11-23T03:10:00Z',
  appointmentDate: '2026-11-26',
  sourceSystem: 'DVC-BACNINH',
};

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function setup(vp: VirtualPrinter, profileId = 'generic-80'): Promise<Printer> {
  const db = new Database(':memory:');
  const printer = createPrinter(vp.uri, getProfile(profileId), { store: openJobStore(db), simulated: true, pollIntervalMs: 100, reconnectMs: 200 });
  await printer.start();
  cleanups.push(async () => {
    await printer.stop();
    db.close();
  });
  return printer;
}

describe('print round trip', () => {
  it('receipt over a socat pty at 115200 baud: the QR in the rendered PNG decodes to the dossier payload', async () => {
    const vp = await startVirtualPrinter({ transport: 'pty' });
    cleanups.push(() => vp.stop());
    expect(vp.uri).toMatch(/^serial:\/.*\?baud=115200$/);
    const printer = await setup(vp);
    expect(printer.status().state).toBe('ready');
    const { jobId } = await printReceipt(printer, receipt);
    await printer.waitForJob(jobId, 20_000);
    const [page] = await vp.waitForJobs(1);
    expect(page!.complete).toBe(true);
    const expected = String(receiptValues(receipt).qrPayload);
    const codes = await decodeImage(page!.png);
    const qr = codes.filter((c) => c.format.toLowerCase().includes('qr'));
    expect(qr.map((c) => c.text)).toEqual([expected]);
    expect(parseReceiptQrPayload(qr[0]!.text)).toMatchObject({ dossierCode: receipt.dossierCode, procedureCode: receipt.procedureCode, applicantId: receipt.applicantId, sourceSystem: 'DVC-BACNINH' });
    // The bytes the printer stored are exactly the payload's bytes (length field on bytes).
    expect(Buffer.from(page!.qrPayloads[0]!).toString('utf8')).toBe(expected);
  });

  it('test page over TCP: a non-ASCII QR payload arrives byte-exact and decodes to the same text', async () => {
    const vp = await startVirtualPrinter({ transport: 'tcp', port: 0 });
    cleanups.push(() => vp.stop());
    const printer = await setup(vp);
    const { jobId } = await printTestPage(printer, new Date('2026-11-23T03:00:00Z'));
    await printer.waitForJob(jobId);
    const [page] = await vp.waitForJobs(1);
    const text = 'Kiểm tra QR: Một cửa – ĂÂÊÔƠƯĐ';
    expect(Buffer.from(page!.qrPayloads[0]!).equals(Buffer.from(text, 'utf8'))).toBe(true);
    const codes = await decodeImage(page!.png);
    expect(codes.some((c) => c.text === text)).toBe(true);
  });

  it('code-page (CP1258) profile: the printer decodes Vietnamese text from the bytes', async () => {
    const vp = await startVirtualPrinter({ transport: 'tcp', port: 0 });
    cleanups.push(() => vp.stop());
    const printer = await setup(vp, 'epson-tm-t88-cp1258');
    const { jobId } = await printQueueTicket(printer, { centreName: 'UBND phường Hàng Bạc', serviceCode: 'HT', serviceName: 'Hộ tịch', number: 7, issuedAt: '2026-11-23T03:00:00Z', waitingAhead: 2 });
    await printer.waitForJob(jobId);
    const [page] = await vp.waitForJobs(1);
    expect(page!.texts).toEqual(expect.arrayContaining(['UBND phường Hàng Bạc', 'PHIẾU SỐ THỨ TỰ', 'Hộ tịch', 'HT-007', 'Số người đang chờ trước bạn: 2']));
  });

  it('usblp: a write-only device file receives the whole job once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'usblp-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dev = path.join(dir, 'lp0');
    const db = new Database(':memory:');
    const printer = createPrinter(`usblp:${dev}`, getProfile('generic-58'), { store: openJobStore(db), pollIntervalMs: 50 });
    await printer.start();
    const { jobId } = await printReceipt(printer, receipt);
    await printer.waitForJob(jobId);
    expect(printer.status().detail).toContain('write-only');
    await printer.stop();
    const pages: Page[] = [];
    const model = new PrinterModel(() => {}, (p) => pages.push(p), 384);
    model.receive(new Uint8Array(readFileSync(dev)));
    // generic-58 has no cutter: the job ends with a feed; ESC @ of a next job would close the page.
    model.receive(Uint8Array.of(0x1b, 0x40));
    expect(pages).toHaveLength(1);
    expect(Buffer.from(pages[0]!.qrPayloads[0]!).toString()).toBe(String(receiptValues(receipt).qrPayload));
  });

  it('an unreachable printer is reported offline with the reason, and nothing crashes', async () => {
    for (const uri of ['tcp://127.0.0.1:1', 'serial:/dev/ttyNOSUCH0?baud=9600', 'cups:kiosk_no_such_queue']) {
      const db = new Database(':memory:');
      const printer = createPrinter(uri, getProfile('generic-80'), { store: openJobStore(db), pollIntervalMs: 50, reconnectMs: 50 });
      const alarms: string[] = [];
      printer.onAlarm((a) => alarms.push(...a.map((x) => x.code)));
      await printer.start();
      if (uri.startsWith('cups:')) {
        // CUPS is write-only: the failure shows on the first job (no cupsd here, or no such queue).
        await printReceipt(printer, receipt);
        await expect(printer.waitForJob(`receipt:${receipt.dossierCode}`, 1500)).rejects.toMatchObject({ code: 'printer.job-timeout' });
      }
      expect(alarms).toContain('printer.offline');
      expect(printer.status().alarm?.code).toBe('printer.offline');
      expect(printer.status().detail.length).toBeGreaterThan(10);
      await printer.stop();
      db.close();
    }
  });
});
