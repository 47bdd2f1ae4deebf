// Runs in: Node (CLI). `kiosk scan …`: list SANE scanners, show what one offers, scan pages to
// files (optionally compressed as the kiosk stores them). For technicians' test scans.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SaneDocumentScanner } from '../../../hardware/scanner/document/sane';
import type { ColorMode, ScanFormat, ScanSource } from '../../../hardware/scanner/document/types';
import { compressPage } from '../../core/imaging';
import { KioskError } from '../../shared/errors';
import { parseArgs } from '../args';
import type { CliCommand } from '../types';

const usage = `kiosk scan list [--sane-config DIR]
kiosk scan options [--device DEV] [--sane-config DIR]
kiosk scan run --out DIR [--device DEV] [--resolution 300] [--mode gray|color|lineart]
               [--source flatbed|adf] [--pages N] [--format png|pnm|tiff] [--compress] [--sane-config DIR]
  --device       SANE device name (default: the first one found), e.g. test:0
  --compress     also write each page as the kiosk stores it (greyscale, <= 300 KB)
  --sane-config  SANE_CONFIG_DIR to use (e.g. a dll.conf enabling the 'test' backend)`;

function oneOf<T extends string>(flag: string, value: string | boolean | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    throw new KioskError({ code: 'cli.bad-value', technicianMessage: `--${flag} must be one of ${allowed.join(', ')}` });
  }
  return value as T;
}

export const command: CliCommand = {
  name: 'scan',
  summary: 'list SANE document scanners and make test scans',
  usage,
  async run(args) {
    const { flags, positionals } = parseArgs(args, {
      device: true,
      resolution: true,
      mode: true,
      source: true,
      pages: true,
      format: true,
      out: true,
      compress: false,
      'sane-config': true,
    });
    const env = typeof flags['sane-config'] === 'string' ? { SANE_CONFIG_DIR: path.resolve(flags['sane-config']) } : undefined;
    const scanner = new SaneDocumentScanner({ id: 'document-scanner', device: typeof flags.device === 'string' ? flags.device : undefined, env });
    const sub = positionals[0];
    if (sub === 'list') {
      const devices = await scanner.listDevices();
      if (devices.length === 0) process.stdout.write('no SANE scanner found\n');
      for (const d of devices) process.stdout.write(`${d.id}\t${d.vendor} ${d.model} (${d.type})\n`);
      return 0;
    }
    await scanner.start();
    const st = scanner.status();
    if (st.state !== 'ready') throw new KioskError({ code: 'scanner.absent', technicianMessage: `scanner not ready: ${st.detail}` });
    if (sub === 'options') {
      process.stdout.write(`${JSON.stringify({ device: st.port, detail: st.detail, ...(await scanner.capabilities()) }, null, 2)}\n`);
      return 0;
    }
    if (sub !== 'run' || typeof flags.out !== 'string') throw new KioskError({ code: 'cli.usage', technicianMessage: usage });
    const resolution = Number(flags.resolution ?? 300);
    const pages = flags.pages === undefined ? undefined : Number(flags.pages);
    const job = scanner.scan({
      resolution,
      mode: oneOf<ColorMode>('mode', flags.mode, ['gray', 'color', 'lineart'], 'gray'),
      source: oneOf<ScanSource>('source', flags.source, ['flatbed', 'adf'], 'flatbed'),
      format: oneOf<ScanFormat>('format', flags.format, ['png', 'pnm', 'tiff'], 'png'),
      ...(pages === undefined ? {} : { maxPages: pages }),
    });
    const out = path.resolve(flags.out);
    await mkdir(out, { recursive: true });
    job.onEvent((e) => {
      if (e.type === 'page-started') process.stderr.write(`page ${e.page}: scanning\n`);
      if (e.type === 'page-done') process.stderr.write(`page ${e.page}: ${e.bytes} bytes\n`);
    });
    const onSigint = () => job.cancel();
    process.once('SIGINT', onSigint);
    try {
      const result = await job.result.catch(async (err: unknown) => {
        // Pages finished before a jam or an unplug are still the citizen's: save them, then fail.
        for (const page of job.pagesSoFar) {
          const file = path.join(out, `page-${page.index}.${page.format}`);
          await writeFile(file, page.data);
          process.stdout.write(`${file} (kept)\n`);
        }
        throw err;
      });
      for (const page of result.pages) {
        const file = path.join(out, `page-${page.index}.${page.format}`);
        await writeFile(file, page.data);
        process.stdout.write(`${file}\n`);
        if (flags.compress) {
          const c = await compressPage(page.data, { name: path.basename(file), dpi: resolution });
          const cfile = path.join(out, `page-${page.index}.stored.${c.format}`);
          await writeFile(cfile, c.data);
          process.stdout.write(`${cfile} (${c.encoding}, ${c.bytes} bytes)\n`);
        }
      }
      if (result.feederEmpty) process.stderr.write('feeder empty\n');
      return 0;
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};
