// Runs in: Node (bench). Receipt printing costs: raster generation, bytes on the wire (raster vs
// CP1258 code-page mode), and request-to-confirmed time through the virtual printer over TCP and
// over a socat pty opened at 115200 baud.
import Database from 'better-sqlite3-multiple-ciphers';
import { median, percentile, round, timeRuns, type Benchmark, type BenchFigure } from './harness';
import { compileDocument } from '../hardware/printer/document';
import { concat } from '../hardware/printer/escpos';
import { getProfile } from '../hardware/printer/profiles';
import { createPrinter } from '../hardware/printer/printer';
import { openJobStore } from '../hardware/printer/job-store';
import { startVirtualPrinter } from '../hardware/simulators/printer/virtual-printer';
import { printReceipt, receiptDocument, type ReceiptData } from '../src/core/tickets/print';

const receipt = (n: number): ReceiptData => ({
  centreName: 'Trung tâm Phục vụ hành chính công tỉnh Bắc Ninh',
  dossierCode: `000.00.10.H01-261123-${String(n).padStart(4, '0')}`,
  procedureCode: '1.001193',
  procedureName: 'Đăng ký khai sinh',
  applicantName: 'Trần Thị Ngọc Ánh',
  applicantId: '027198001234',
  receivedAt: '2026-11-23T03:10:00Z',
  appointmentDate: '2026-11-26',
});

async function throughPrinter(transport: 'tcp' | 'pty', runs: number): Promise<number[]> {
  const vp = await startVirtualPrinter({ transport, port: 0 });
  const db = new Database(':memory:');
  const printer = createPrinter(vp.uri, getProfile('generic-80'), { store: openJobStore(db), simulated: true, pollIntervalMs: 1000 });
  await printer.start();
  let n = 0;
  try {
    return await timeRuns(async () => {
      const { jobId } = await printReceipt(printer, receipt(++n));
      await printer.waitForJob(jobId);
    }, runs);
  } finally {
    await printer.stop();
    db.close();
    await vp.stop();
  }
}

const bench: Benchmark = {
  name: 'print',
  description: 'dossier receipt: render+encode time, bytes per receipt, request-to-confirmed over TCP and pty',
  async run(): Promise<BenchFigure[]> {
    const raster = getProfile('generic-80');
    const cp = getProfile('epson-tm-t88-cp1258');
    const render = await timeRuns(async () => compileDocument(await receiptDocument(receipt(1), raster.widthDots), raster), 20, 2);
    const rasterBytes = concat(await compileDocument(await receiptDocument(receipt(1), raster.widthDots), raster)).length;
    const cpBytes = concat(await compileDocument(await receiptDocument(receipt(1), cp.widthDots), cp)).length;
    const tcp = await throughPrinter('tcp', 10);
    const pty = await throughPrinter('pty', 10);
    return [
      { metric: 'receipt render + ESC/POS encode, raster mode (median of 20)', value: round(median(render)), unit: 'ms', note: `p95 ${round(percentile(render, 95))} ms; Pango text via sharp + QR check` },
      { metric: 'bytes per receipt, raster mode (80 mm)', value: rasterBytes, unit: 'B' },
      { metric: 'bytes per receipt, CP1258 code-page mode', value: cpBytes, unit: 'B' },
      { metric: 'wire time of a raster receipt at 115200 baud 8N1 (computed)', value: round((rasterBytes * 10 * 1000) / 115200), unit: 'ms', note: 'what a real serial printer needs; a pty does not pace bytes' },
      { metric: 'request to confirmed print, TCP virtual printer (median of 10)', value: round(median(tcp)), unit: 'ms', note: `p95 ${round(percentile(tcp, 95))} ms; includes render, SQLite job store, DLE EOT polls per chunk, GS r 1 ack` },
      { metric: 'request to confirmed print, socat pty at 115200 (median of 10)', value: round(median(pty)), unit: 'ms', note: `p95 ${round(percentile(pty, 95))} ms; pty is not baud-paced` },
    ];
  },
};

export default bench;
