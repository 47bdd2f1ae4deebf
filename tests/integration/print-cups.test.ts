// Runs in: Node (vitest). CUPS raw queue: the driver runs `lp -o raw` against a private cupsd this
// test starts (its own ServerRoot, domain socket, and a one-line backend that copies the job to the
// virtual printer's pty), so the bytes go driver -> lp -> cupsd -> backend -> tty -> printer.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVirtualPrinter, type VirtualPrinter } from '../../hardware/simulators/printer/virtual-printer';
import { createPrinter } from '../../hardware/printer/printer';
import { openJobStore } from '../../hardware/printer/job-store';
import { getProfile } from '../../hardware/printer/profiles';
import { decodeImage } from '../../src/core/qr/decode';
import { printReceipt, receiptValues, type ReceiptData } from '../../src/core/tickets/print';

const hasCupsd = existsSync('/usr/sbin/cupsd') && spawnSync('lpadmin', ['-h', '/nonexistent', '-x', 'x']).error === undefined;
let dir = '';
let cupsd: ChildProcess | null = null;
let vp: VirtualPrinter | null = null;

beforeAll(async () => {
  if (!hasCupsd) return;
  vp = await startVirtualPrinter({ transport: 'pty' });
  dir = mkdtempSync(path.join(tmpdir(), 'kiosk-cups-'));
  for (const d of ['spool', 'tmp', 'cache', 'state', 'log', 'bin/backend']) mkdirSync(path.join(dir, d), { recursive: true });
  writeFileSync(path.join(dir, 'cupsd.conf'), `Listen ${dir}/cups.sock\nLogLevel warn\nWebInterface No\nBrowsing No\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n`);
  writeFileSync(
    path.join(dir, 'cups-files.conf'),
    `ServerRoot ${dir}\nServerBin ${dir}/bin\nRequestRoot ${dir}/spool\nTempDir ${dir}/tmp\nCacheDir ${dir}/cache\nStateDir ${dir}/state\nAccessLog ${dir}/log/access_log\nErrorLog ${dir}/log/error_log\nPageLog ${dir}/log/page_log\n`,
  );
  // A backend named "ttycopy": copies the job file to the tty in DEVICE_URI (0700 -> runs as root).
  const backend = path.join(dir, 'bin/backend/ttycopy');
  writeFileSync(backend, '#!/bin/sh\n[ $# -eq 0 ] && { echo \'direct ttycopy "Unknown" "tty copy"\'; exit 0; }\nexec cat "${6:-/dev/stdin}" > "${DEVICE_URI#ttycopy:}"\n');
  chmodSync(backend, 0o700);
  // cupsd starts backends through ServerBin/daemon/cups-exec.
  symlinkSync('/usr/lib/cups/daemon', path.join(dir, 'bin/daemon'));
  cupsd = spawn('/usr/sbin/cupsd', ['-f', '-c', path.join(dir, 'cupsd.conf'), '-s', path.join(dir, 'cups-files.conf')], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!existsSync(path.join(dir, 'cups.sock'))) {
    if (Date.now() > deadline) throw new Error('cupsd did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  const hostTty = (vp.address as { path: string }).path;
  const r = spawnSync('lpadmin', ['-h', `${dir}/cups.sock`, '-p', 'kiosk_receipt', '-E', '-v', `ttycopy:${hostTty}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`lpadmin failed: ${r.stderr}`);
});

afterAll(async () => {
  if (process.env.KIOSK_DEBUG_CUPS) spawnSync('sh', ['-c', `cat ${dir}/log/error_log >&2`], { stdio: 'inherit' });
  cupsd?.kill();
  await vp?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const receipt: ReceiptData = {
  centreName: 'Bộ phận Một cửa UBND xã Tân Lập',
  dossierCode: 'H01.22-261123-0099',
  procedureCode: '2.000908',
  procedureName: 'Chứng thực bản sao từ bản chính',
  applicantName: 'Lê Văn Bình',
  applicantId: '031090004321',
  receivedAt: '2026-11-23T04:00:00Z',
  appointmentDate: '2026-11-23',
};

describe.skipIf(!hasCupsd)('CUPS raw queue (needs cupsd: Debian cups-daemon)', () => {
  it('prints a receipt through lp -o raw; the QR decodes from the rendered page', async () => {
    const db = new Database(':memory:');
    const printer = createPrinter(`cups:kiosk_receipt?server=${dir}/cups.sock`, getProfile('generic-80'), { store: openJobStore(db), simulated: true, pollIntervalMs: 50 });
    await printer.start();
    try {
      const { jobId } = await printReceipt(printer, receipt);
      await printer.waitForJob(jobId, 15_000);
      const [page] = await vp!.waitForJobs(1, 15_000);
      expect(page!.complete).toBe(true);
      const codes = await decodeImage(page!.png);
      expect(codes.map((c) => c.text)).toContain(String(receiptValues(receipt).qrPayload));
    } finally {
      await printer.stop();
      db.close();
    }
  });
});
