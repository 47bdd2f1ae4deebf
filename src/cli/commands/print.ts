// Runs in: Node (CLI). `kiosk print test|ticket|receipt|status --printer URI` — prints through the
// production driver (also against `kiosk sim printer`).
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import { parseArgs } from '../args';
import type { CliCommand } from '../types';
import { KioskError } from '../../shared/errors';
import { createPrinter } from '../../../hardware/printer/printer';
import { openJobStore } from '../../../hardware/printer/job-store';
import { getProfile } from '../../../hardware/printer/profiles';
import { printQueueTicket, printReceipt, printTestPage, type QueueTicketData, type ReceiptData } from '../../core/tickets/print';

const SAMPLE_RECEIPT: ReceiptData = {
  centreName: 'Trung tâm Phục vụ hành chính công (mẫu)',
  dossierCode: 'MAU-000.00.00.H00-000000-0001',
  procedureCode: '1.000000',
  procedureName: 'Thủ tục mẫu — in thử',
  applicantName: 'Nguyễn Văn Mẫu',
  applicantId: '000000000000',
  receivedAt: new Date().toISOString(),
  appointmentDate: new Date(Date.now() + 3 * 86_400_000).toISOString(),
  sourceSystem: 'MOTCUA-KIOSK-TEST',
};

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new KioskError({ code: 'cli.bad-data', technicianMessage: `cannot read --data ${file}: ${e instanceof Error ? e.message : String(e)}` });
  }
}

export const command: CliCommand = {
  name: 'print',
  summary: 'print a test page, queue ticket or receipt, or read paper status (ESC/POS)',
  usage: `kiosk print test|ticket|receipt|status --printer URI [--profile ID] [--data FILE] [--timeout MS]
  URI: serial:/dev/ttyUSB0?baud=115200 | usblp:/dev/usb/lp0 | tcp://host:9100 | cups:QUEUE
  --profile  generic-80 (default), generic-58, epson-tm-t88-cp1258
  --data     JSON with ReceiptData / QueueTicketData fields (default: a sample)`,
  async run(args) {
    const { flags, positionals } = parseArgs(args, { printer: true, profile: true, data: true, timeout: true });
    const what = positionals[0];
    if (!what || !['test', 'ticket', 'receipt', 'status'].includes(what)) {
      throw new KioskError({ code: 'cli.bad-usage', technicianMessage: 'expected one of: test, ticket, receipt, status' });
    }
    if (typeof flags.printer !== 'string') throw new KioskError({ code: 'cli.missing-value', technicianMessage: '--printer URI is required' });
    const profile = getProfile(typeof flags.profile === 'string' ? flags.profile : 'generic-80');
    const timeout = typeof flags.timeout === 'string' ? Number(flags.timeout) : 30_000;
    // A throwaway job store: the CLI is a technician tool, not the kiosk's durable queue.
    const db = new Database(':memory:');
    const printer = createPrinter(flags.printer, profile, { store: openJobStore(db), reconnectMs: 500, pollIntervalMs: 300 });
    printer.onAlarm((alarms) => {
      for (const a of alarms) process.stderr.write(`ALARM ${a.code}: ${a.technicianMessage} — ${a.staffMessage}\n`);
    });
    await printer.start();
    try {
      if (what === 'status') {
        await new Promise((r) => setTimeout(r, 400));
        const s = printer.status();
        process.stdout.write(`${JSON.stringify({ ...s, paper: printer.paperStatus(), alarms: printer.alarms() }, null, 2)}\n`);
        return s.state === 'ready' || s.state === 'warning' ? 0 : 1;
      }
      const data = typeof flags.data === 'string' ? readJson<Record<string, unknown>>(flags.data) : undefined;
      let jobId: string;
      if (what === 'test') ({ jobId } = await printTestPage(printer));
      else if (what === 'receipt') ({ jobId } = await printReceipt(printer, { ...SAMPLE_RECEIPT, ...(data as Partial<ReceiptData>) }));
      else {
        const sample: QueueTicketData = { centreName: SAMPLE_RECEIPT.centreName, serviceCode: 'A', serviceName: 'Hộ tịch (mẫu)', number: 1, issuedAt: new Date().toISOString(), waitingAhead: 0 };
        ({ jobId } = await printQueueTicket(printer, { ...sample, ...(data as Partial<QueueTicketData>) }));
      }
      await printer.waitForJob(jobId, timeout);
      process.stdout.write(`printed ${jobId} on ${flags.printer}\n`);
      return 0;
    } finally {
      await printer.stop();
      db.close();
    }
  },
};
