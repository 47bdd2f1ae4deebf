// Runs in: Node (CLI). `kiosk sim qr-scanner --pty`: a serial QR scanner on a pty pair.
import { createInterface } from 'node:readline';
import { parseArgs } from '../../../src/cli/args';
import type { SimulatorCli } from '../../../src/cli/types';
import type { Terminator } from '../../scanner/qr/framing';
import { startVirtualQrScanner } from './virtual';

const TERMINATORS: Terminator[] = ['CR', 'LF', 'CRLF', 'none'];

export const simulator: SimulatorCli = {
  name: 'qr-scanner',
  summary: 'serial QR/barcode scanner on a socat pty pair',
  usage: `kiosk sim qr-scanner --pty [--terminator CR|LF|CRLF|none] [--dir DIR] [--send TEXT [--wait MS]]
  Prints the tty to configure as the scanner's path (driver "serial", path DIR/host), then sends
  every line typed on stdin as one scan. With --send, waits MS (default 1500: a driver polling for
  the tty every second opens it meanwhile), sends TEXT once and exits.`,
  async run(args) {
    const { flags } = parseArgs(args, { pty: false, terminator: true, dir: true, send: true, wait: true });
    if (!flags.pty) {
      process.stderr.write('only --pty is supported: the scanner speaks serial over a pseudo-terminal\n');
      return 2;
    }
    const terminator = (typeof flags.terminator === 'string' ? flags.terminator.toUpperCase() : 'CR') as Terminator;
    if (!TERMINATORS.includes(terminator)) {
      process.stderr.write(`--terminator must be one of ${TERMINATORS.join(', ')}\n`);
      return 2;
    }
    const sim = await startVirtualQrScanner({ terminator, dir: typeof flags.dir === 'string' ? flags.dir : undefined });
    process.stdout.write(`qr-scanner: tty ${sim.path} (suffix ${terminator})\n`);
    if (typeof flags.send === 'string') {
      const wait = Number(flags.wait ?? 1500);
      if (!Number.isFinite(wait) || wait < 0) {
        await sim.close();
        process.stderr.write('--wait must be a number of milliseconds\n');
        return 2;
      }
      await new Promise((r) => setTimeout(r, wait));
      sim.send(flags.send);
      await new Promise((r) => setTimeout(r, 300));
      await sim.close();
      return 0;
    }
    process.stdout.write('type a payload and press Enter to scan it; Ctrl-D to stop\n');
    const rl = createInterface({ input: process.stdin });
    const stop = async () => {
      rl.close();
      await sim.close();
    };
    process.once('SIGINT', () => void stop().then(() => process.exit(0)));
    for await (const line of rl) if (line.length) sim.send(line);
    await sim.close();
    return 0;
  },
};
