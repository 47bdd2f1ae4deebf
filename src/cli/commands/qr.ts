// Runs in: Node (CLI). `kiosk qr decode FILE… [--json] [--decoder D]`: the QR/barcode texts in image files.
import { createQrScanner, type QrScannerConfig } from '../../../hardware/scanner/qr';
import { decodeImage, type DecodedCode, type DecoderId } from '../../core/qr/decode';
import { classifyPayload } from '../../core/qr/payloads';
import { isKioskError, toKioskError } from '../../shared/errors';
import { parseArgs } from '../args';
import type { CliCommand } from '../types';

const DECODERS: DecoderId[] = ['combined', 'zxing-cpp', 'zxing-js'];

interface FileResult {
  file: string;
  codes: DecodedCode[];
  error?: { code: string; message: string };
}

export const command: CliCommand = {
  name: 'qr',
  summary: 'decode QR codes and barcodes in image files',
  usage: `kiosk qr decode FILE… [--json] [--decoder combined|zxing-cpp|zxing-js] [--fast]
kiosk qr listen (--serial PATH [--baud N] [--terminator CR|LF|CRLF|none] | --hid-pos [--vendor ID] [--product ID]) [--show-text]

decode:
  Prints, per file, every decoded code as "FILE: FORMAT TEXT" (one line per code; "FILE: (none)" when
  the image holds no readable code).
  --json     print [{"file":…,"codes":[{"format":…,"text":…}]}]; an unreadable file also gets
             "error":{"code":…,"message":…}
  --decoder  which decoder (default combined, the one chosen by bench/qr.bench.ts)
  --fast     combined decoder without its slow fallback passes (camera-frame setting)
Exit code: 0 when every file could be read (even if it held no code: "no code" is an answer, not a
failure); 1 when at least one file was missing, corrupt or too large, so scripts notice bad input;
2 on a usage error.

listen: a technician's scanner test. Starts the driver, prints status changes and, per scan, its
symbology, length and what the kiosk recognises it as (cccd / receipt / unknown). The scanned text
itself is personal data and is printed only with --show-text. Ctrl-C stops.`,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub === 'listen') return listen(rest);
    if (sub !== 'decode') {
      process.stderr.write(`${this.usage}\n`);
      return 2;
    }
    const { flags, positionals } = parseArgs(rest, { json: false, decoder: true, fast: false });
    const decoder = (flags.decoder ?? 'combined') as DecoderId;
    if (!DECODERS.includes(decoder)) {
      process.stderr.write(`unknown decoder "${String(decoder)}"; use ${DECODERS.join(', ')}\n`);
      return 2;
    }
    if (positionals.length === 0) {
      process.stderr.write('kiosk qr decode: give at least one image file\n');
      return 2;
    }
    const results: FileResult[] = [];
    for (const file of positionals) {
      try {
        results.push({ file, codes: await decodeImage(file, { decoder, effort: flags.fast ? 'fast' : 'thorough' }) });
      } catch (error) {
        const e = isKioskError(error) ? error : toKioskError(error, 'qr.decode-failed');
        results.push({ file, codes: [], error: { code: e.code, message: e.technicianMessage } });
      }
    }
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(results)}\n`);
    } else {
      for (const r of results) {
        if (r.error) process.stderr.write(`${r.file}: error ${r.error.code}: ${r.error.message}\n`);
        else if (r.codes.length === 0) process.stdout.write(`${r.file}: (none)\n`);
        // One line per code: texts with newlines are escaped so each code stays one line.
        else for (const c of r.codes) process.stdout.write(`${r.file}: ${c.format} ${JSON.stringify(c.text).slice(1, -1)}\n`);
      }
    }
    return results.some((r) => r.error) ? 1 : 0;
  },
};

async function listen(args: string[]): Promise<number> {
  const { flags } = parseArgs(args, { serial: true, baud: true, terminator: true, 'hid-pos': false, vendor: true, product: true, 'show-text': false });
  let config: QrScannerConfig;
  if (typeof flags.serial === 'string') {
    config = {
      id: 'qr-scanner',
      driver: 'serial',
      path: flags.serial,
      baudRate: flags.baud ? Number(flags.baud) : 9600,
      terminator: (typeof flags.terminator === 'string' ? flags.terminator.toUpperCase() : 'CR') as 'CR',
    };
  } else if (flags['hid-pos']) {
    const num = (v: unknown) => (typeof v === 'string' ? Number(v) : undefined);
    config = { id: 'qr-scanner', driver: 'hid-pos', vendorId: num(flags.vendor), productId: num(flags.product) };
  } else {
    process.stderr.write('kiosk qr listen: give --serial PATH or --hid-pos\n');
    return 2;
  }
  const scanner = createQrScanner(config);
  scanner.onStatus((s) => process.stdout.write(`status: ${s.state} — ${s.detail}\n`));
  scanner.onScan((scan) => {
    const kind = classifyPayload(scan.text).kind;
    const text = flags['show-text'] ? ` ${JSON.stringify(scan.text)}` : '';
    process.stdout.write(`scan: ${kind}, ${scan.text.length} chars${scan.symbology ? `, ${scan.symbology}` : ''}${text}\n`);
  });
  await scanner.start();
  // The drivers' timers are unref'ed (they must not hold the engine open); this one holds the CLI.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  clearInterval(keepAlive);
  await scanner.stop();
  return 0;
}
