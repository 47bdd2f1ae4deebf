// Runs in: Node (CLI). `kiosk sim card`: a virtual chip card in vsmartcard's vpcd reader, driven
// from stdin (insert / remove / quit), so the kiosk's PC/SC path can be exercised by hand.
import readline from 'node:readline';
import type { SimulatorCli } from '../../../src/cli/types';
import { parseArgs } from '../../../src/cli/args';
import { KioskError } from '../../../src/shared/errors';
import { acquireVirtualReader, ensurePcscdWithVpcd, isPcscdRunning, type PcscdHandle, type VirtualReaderLease } from './pcscd-harness';
import { describeFaults, faultUsage, parseFaults, parseProfile, takeRepeatedFlag } from './faults';
import { emrtdAppletAvailable, loadApplet, startVirtualCardWithFaults, type AppletKind } from './simulated-reader';
import { VPCD_DEFAULT_PORT } from './vpcd';

const usage = `kiosk sim card [options]
  --profile cccd|passport|cccd-unknown-csca  sample document on the chip: the CCCD (TD1, PACE +
                      BAC; default), a passport (TD3, BAC only), or the CCCD signed under a
                      throw-away CSCA no trust store holds (PA: issuer unverified)
  --fault NAME[=VALUE]  fault on demand; repeat the option or separate with commas:
${faultUsage('                        ')}
                      removed-mid-read and corrupt-mac fire once per started card, so a re-insert reads
  --applet emrtd|fs   card to simulate: the sample eMRTD chip (default when present) or a generic
                      ISO 7816-4 file-system card with CCCD-sized files
  --vpcd HOST:PORT    vpcd to connect to; the caller coordinates who uses that slot
  --vpcd-port N       vpcd port on 127.0.0.1 (35963 = "Virtual PCD 00 00", 35964 = "Virtual PCD 00 01")
                      without either: starts pcscd if needed and claims a free vpcd slot (the
                      same slot locks the tests use), printing the reader name
  --remove-after S    pull the card out S seconds after each insert
  --slow MS           delay every response by MS milliseconds (same as --fault slow=MS)
  --start-pcscd       with --vpcd/--vpcd-port: start pcscd (with vpcd) if it is not running
stdin commands: insert | remove | quit`;

export const simulator: SimulatorCli = {
  name: 'card',
  summary: 'virtual chip card (CCCD, passport or file-system; faults on demand) in the vpcd reader of pcscd',
  usage,
  async run(args) {
    const repeated = takeRepeatedFlag(args, 'fault');
    const { flags } = parseArgs(repeated.rest, { applet: true, profile: true, vpcd: true, 'vpcd-port': true, 'remove-after': true, slow: true, 'start-pcscd': false });
    const faults = parseFaults(repeated.values);
    const profile = parseProfile(typeof flags.profile === 'string' ? flags.profile : undefined);
    const kind = (flags.applet ?? (emrtdAppletAvailable() ? 'emrtd' : 'fs')) as string;
    if (kind !== 'emrtd' && kind !== 'fs') throw new KioskError({ code: 'cli.bad-value', technicianMessage: `--applet must be emrtd or fs, got ${kind}` });
    let host = '127.0.0.1';
    let port = VPCD_DEFAULT_PORT;
    if (typeof flags.vpcd === 'string') {
      const m = /^([^:]+):(\d+)$/.exec(flags.vpcd);
      if (!m) throw new KioskError({ code: 'cli.bad-value', technicianMessage: '--vpcd must be HOST:PORT' });
      host = m[1]!;
      port = Number(m[2]);
    }
    if (typeof flags['vpcd-port'] === 'string') port = Number(flags['vpcd-port']);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new KioskError({ code: 'cli.bad-value', technicianMessage: 'vpcd port must be 1..65535' });
    const removeAfter = typeof flags['remove-after'] === 'string' ? Number(flags['remove-after']) : null;
    if (removeAfter !== null && !(removeAfter > 0)) throw new KioskError({ code: 'cli.bad-value', technicianMessage: '--remove-after must be a positive number of seconds' });
    const slow = typeof flags.slow === 'string' ? Number(flags.slow) : 0;
    if (!(slow >= 0)) throw new KioskError({ code: 'cli.bad-value', technicianMessage: '--slow must be milliseconds >= 0' });

    // Load the applet first: a missing eMRTD module must not leave a claimed slot behind.
    const applet = await loadApplet(kind as AppletKind, { profile, faults });
    let pcscd: PcscdHandle | null = null;
    let lease: VirtualReaderLease | null = null;
    const explicitPort = typeof flags.vpcd === 'string' || typeof flags['vpcd-port'] === 'string';
    if (!explicitPort) {
      lease = await acquireVirtualReader();
      port = lease.port;
      process.stdout.write(`reader "${lease.readerName}" (vpcd port ${port})\n`);
    } else if (flags['start-pcscd']) pcscd = await ensurePcscdWithVpcd();
    else if (!(await isPcscdRunning())) process.stderr.write('warning: pcscd does not seem to be running; use --start-pcscd\n');

    const card = startVirtualCardWithFaults({ applet, host, port, responseDelayMs: slow, faults });
    const label = kind === 'fs' ? 'fs applet' : `${profile} profile`;
    let removeTimer: NodeJS.Timeout | null = null;
    const say = (line: string) => process.stdout.write(`${line}\n`);

    async function insert(): Promise<void> {
      try {
        await card.insert();
        say(`inserted (${label}, faults: ${describeFaults(faults)}, vpcd ${host}:${port})`);
        if (removeAfter !== null) {
          if (removeTimer) clearTimeout(removeTimer);
          removeTimer = setTimeout(() => void card.remove().then(() => say('removed (timer)')), removeAfter * 1000);
        }
      } catch (error) {
        say(`insert failed: ${error instanceof KioskError ? error.technicianMessage : String(error)}`);
      }
    }

    await insert();
    const rl = readline.createInterface({ input: process.stdin });
    return new Promise<number>((resolve) => {
      let quitting = false;
      const quit = async () => {
        if (quitting) return;
        quitting = true;
        rl.close();
        if (removeTimer) clearTimeout(removeTimer);
        await card.close();
        await pcscd?.stop();
        await lease?.release();
        say('bye');
        resolve(0);
      };
      rl.on('line', (line) => {
        const cmd = line.trim().toLowerCase();
        if (cmd === 'insert') void insert();
        else if (cmd === 'remove') void card.remove().then(() => say('removed'));
        else if (cmd === 'quit' || cmd === 'exit') void quit();
        else if (cmd) say('commands: insert | remove | quit');
      });
      rl.on('close', () => void quit());
      process.once('SIGINT', () => void quit());
      process.once('SIGTERM', () => void quit());
    });
  },
};
