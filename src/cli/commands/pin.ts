// Runs in: Node (CLI). `kiosk pin hash`: turns a PIN typed on stdin into the scrypt hash the config
// stores (`staff.pinHash`, `technician.pinHash`). The PIN is read from stdin, never from argv, so it
// stays out of shell history and the process list.
import { createInterface } from 'node:readline';
import { hashPin, verifyPin } from '../../core/technician/pin';
import { parseArgs } from '../args';
import type { CliCommand } from '../types';

async function readLines(count: number): Promise<string[]> {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const lines: string[] = [];
  for await (const line of rl) {
    lines.push(line.trim());
    if (lines.length >= count) break;
  }
  rl.close();
  return lines;
}

export const command: CliCommand = {
  name: 'pin',
  summary: 'make the scrypt hash of a staff/technician PIN for the config file',
  usage: `kiosk pin hash [--role staff|technician]
  Reads the PIN (4-12 digits) from stdin, twice when stdin is a terminal, and prints the YAML
  line to paste into the config, e.g.  technician: { pinHash: "scrypt$16384$8$1$..." }
  echo 24681357 | npx kiosk pin hash --role technician`,
  async run(args) {
    const { flags, positionals } = parseArgs(args, { role: true });
    if (positionals[0] !== 'hash' || positionals.length !== 1) {
      process.stderr.write(`usage: ${command.usage}\n`);
      return 2;
    }
    const role = flags.role ?? 'technician';
    if (role !== 'staff' && role !== 'technician') {
      process.stderr.write('--role is staff or technician\n');
      return 2;
    }
    const interactive = process.stdin.isTTY === true;
    if (interactive) process.stderr.write('PIN (4-12 digits), then again to confirm:\n');
    const [pin, again] = await readLines(interactive ? 2 : 1);
    if (!pin) {
      process.stderr.write('no PIN on stdin\n');
      return 1;
    }
    if (interactive && pin !== again) {
      process.stderr.write('the two PINs differ\n');
      return 1;
    }
    const hash = await hashPin(pin); // KioskError auth.invalid-pin for a malformed PIN
    if (!(await verifyPin(pin, hash))) throw new Error('hash self-check failed');
    process.stdout.write(`${role}: { pinHash: "${hash}" }\n`);
    return 0;
  },
};
