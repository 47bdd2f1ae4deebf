// Runs in: Node (CLI). `kiosk qr decode FILE… [--json] [--decoder D]`: the QR/barcode texts in image files.
import { decodeImage, type DecodedCode, type DecoderId } from '../../core/qr/decode';
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
  usage: `kiosk qr decode FILE… [--json] [--decoder combined|zxing-cpp|zxing-js]
  Prints, per file, every decoded code as "FILE: FORMAT TEXT" (one line per code; "FILE: (none)" when
  the image holds no readable code).
  --json     print [{"file":…,"codes":[{"format":…,"text":…}]}]; an unreadable file also gets
             "error":{"code":…,"message":…}
  --decoder  which decoder (default combined, the one chosen by bench/qr.bench.ts)
Exit code: 0 when every file could be read (even if it held no code: "no code" is an answer, not a
failure); 1 when at least one file was missing, corrupt or too large, so scripts notice bad input;
2 on a usage error.`,
  async run(args) {
    const [sub, ...rest] = args;
    if (sub !== 'decode') {
      process.stderr.write(`${this.usage}\n`);
      return 2;
    }
    const { flags, positionals } = parseArgs(rest, { json: false, decoder: true });
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
        results.push({ file, codes: await decodeImage(file, { decoder }) });
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
