// Runs in: Node (CLI). `kiosk sim printer` — the virtual receipt printer on TCP or a socat pty.
import path from 'node:path';
import { parseArgs } from '../../../src/cli/args';
import { KioskError } from '../../../src/shared/errors';
import type { SimulatorCli } from '../../../src/cli/types';
import { startVirtualPrinter } from './virtual-printer';

export const simulator: SimulatorCli = {
  name: 'printer',
  summary: 'virtual ESC/POS receipt printer (TCP or pty), renders each ticket to PNG',
  usage: `kiosk sim printer [--pty | --tcp PORT] [--out DIR] [--paper-out-after N] [--width DOTS]
  --tcp PORT            listen on 127.0.0.1:PORT (default 9100; 0 = any free port)
  --pty                 create a socat pty pair instead; prints the serial: URI for the driver
  --out DIR             write job-0001.png… here (default ./printer-out)
  --paper-out-after N   the roll runs out after N dot rows (8 rows per mm at 203 dpi)
  --width DOTS          head width, 576 (80 mm) or 384 (58 mm)
Keys while running: p = toggle paper out, c = toggle cover, n = toggle near end, q = quit.`,
  async run(args) {
    const { flags } = parseArgs(args, { pty: false, tcp: true, out: true, 'paper-out-after': true, width: true });
    const num = (name: string, v: string | boolean | undefined): number | undefined => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new KioskError({ code: 'cli.bad-value', technicianMessage: `--${name} needs a non-negative integer` });
      return n;
    };
    const width = num('width', flags.width) ?? 576;
    const paper = num('paper-out-after', flags['paper-out-after']);
    const vp = await startVirtualPrinter({
      transport: flags.pty ? 'pty' : 'tcp',
      port: num('tcp', flags.tcp) ?? 9100,
      outDir: path.resolve(typeof flags.out === 'string' ? flags.out : 'printer-out'),
      widthDots: width,
      ...(paper !== undefined ? { paperOutAfterDots: paper } : {}),
    });
    process.stdout.write(`virtual printer ready: ${vp.uri}\n`);
    const state = { paper: false, cover: false, near: false };
    let seen = 0;
    const timer = setInterval(() => {
      for (const j of vp.jobs().slice(seen)) process.stdout.write(`job ${j.index}${j.complete ? '' : ' (torn: paper/cover)'} -> ${j.file ?? ''}\n`);
      seen = vp.jobs().length;
    }, 250);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      if (process.stdin.isTTY) {
        process.stdin.setRawMode(true);
        process.stdin.resume();
        process.stdin.on('data', (d: Buffer) => {
          const k = d.toString();
          if (k === 'q' || k === '\u0003') stop();
          if (k === 'p') vp.paperOut((state.paper = !state.paper));
          if (k === 'c') vp.coverOpen((state.cover = !state.cover));
          if (k === 'n') vp.nearEnd((state.near = !state.near));
          if ('pcn'.includes(k)) process.stdout.write(`paper out: ${state.paper}, cover open: ${state.cover}, near end: ${state.near}\n`);
        });
      }
    });
    clearInterval(timer);
    if (process.stdin.isTTY) process.stdin.setRawMode(false);
    process.stdin.pause();
    await vp.stop();
    return 0;
  },
};
