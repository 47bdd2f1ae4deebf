// Runs in: Node (CLI `start`, tests, benchmarks). Starts the simulator of every device the config
// marks `simulate: true`, each on the same OS interface a real device would use, and returns the
// config the engine should use to reach them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulatedCardReader } from '../../../hardware/simulators/card/simulated-reader';
import { describeFaults, parseFaults } from '../../../hardware/simulators/card/faults';
import { startVirtualPrinter } from '../../../hardware/simulators/printer/virtual-printer';
import { startVirtualQrScanner } from '../../../hardware/simulators/qr-scanner/virtual';
import { startUpstreamServer } from '../../upstream-server/server';
import type { KioskConfig } from '../../core/config/schema';
import { getLogger } from '../../core/log';

const log = getLogger('simulators');

export interface RunningSimulator {
  name: string;
  /** Where it listens, for the technician's log line. */
  address: string;
  stop(): Promise<void>;
  /** Test/demo controls, e.g. { insertCard, removeCard, paperOut }. */
  controls: Record<string, (...args: never[]) => unknown>;
}

export interface SimulatorSet {
  config: KioskConfig;
  running: RunningSimulator[];
  stop(): Promise<void>;
}

/**
 * Each starter reaches only its own device's (or the upstream's) part of the config: `apply` sets
 * where the engine finds the simulator, so all of them start at once and their changes add up.
 */
type Starter = (config: KioskConfig, dataDir: string) => Promise<{ apply(config: KioskConfig): KioskConfig; simulator: RunningSimulator } | null>;

/**
 * The chip card: pcscd with vsmartcard's vpcd driver, a free vpcd slot, and the sample chip chosen
 * by `cardReader.simulation` (profile, faults; default the fault-free CCCD) connected to it on
 * demand. The engine's production PC/SC driver reads it through pcscd.
 */
const startCard: Starter = async (config) => {
  const conf = config.devices.cardReader;
  if (!conf?.simulate) return null;
  const profile = conf.simulation?.profile ?? 'cccd';
  const faults = parseFaults(conf.simulation?.faults ?? []);
  const sim = await startSimulatedCardReader({ inserted: false, profile, faults });
  return {
    apply: (c) => ({ ...c, devices: { ...c.devices, cardReader: { ...conf, reader: sim.readerName } } }),
    simulator: {
      name: 'card',
      address: `${sim.readerName} (vpcd 127.0.0.1:${sim.port}; ${profile} chip, faults: ${describeFaults(faults)})`,
      stop: () => sim.stop(),
      controls: {
        insertCard: () => sim.card.insert(),
        removeCard: () => sim.card.remove(),
        cardInserted: () => sim.card.inserted,
      },
    },
  };
};

/** The ticket printer: an ESC/POS printer on TCP 9100-style raw socket, rendering each ticket to PNG. */
const startPrinter: Starter = async (config, dataDir) => {
  const conf = config.devices.printer;
  if (!conf?.simulate) return null;
  const outDir = path.join(dataDir, 'virtual-printer');
  const printer = await startVirtualPrinter({ transport: 'tcp', port: 0, outDir, widthDots: conf.profile === '58mm' ? 384 : 576 });
  return {
    apply: (c) => ({ ...c, devices: { ...c.devices, printer: { ...conf, uri: printer.uri } } }),
    simulator: {
      name: 'printer',
      address: `${printer.uri} (tickets as PNG in ${outDir})`,
      stop: () => printer.stop(),
      controls: {
        paperOut: (out: boolean) => printer.paperOut(out),
        coverOpen: (open: boolean) => printer.coverOpen(open),
        jobs: () => printer.jobs(),
      },
    },
  };
};

/** The QR scanner: a serial scanner on the far side of a socat pty pair. */
const startQrScanner: Starter = async (config) => {
  const conf = config.devices.qrScanner;
  if (!conf?.simulate || conf.driver !== 'serial') return null;
  const scanner = await startVirtualQrScanner({ terminator: conf.terminator });
  return {
    apply: (c) => ({ ...c, devices: { ...c.devices, qrScanner: { ...conf, port: scanner.path } } }),
    simulator: {
      name: 'qr-scanner',
      address: scanner.path,
      stop: () => scanner.close(),
      controls: { scan: (text: string) => scanner.send(text) },
    },
  };
};

/**
 * The document scanner: SANE's own `test` backend is a real SANE device (Debian ships it disabled
 * in dll.conf). A private SANE_CONFIG_DIR enables it for scanimage runs started by this process.
 */
const startDocumentScanner: Starter = async (config) => {
  const conf = config.devices.documentScanner;
  if (!conf?.simulate) return null;
  const dir = mkdtempSync(path.join(tmpdir(), 'motcua-sane-'));
  writeFileSync(path.join(dir, 'dll.conf'), 'test\n');
  const previous = process.env.SANE_CONFIG_DIR;
  process.env.SANE_CONFIG_DIR = dir;
  return {
    apply: (c) => ({ ...c, devices: { ...c.devices, documentScanner: { ...conf, device: 'test:0' } } }),
    simulator: {
      name: 'document-scanner',
      address: `SANE test:0 (SANE_CONFIG_DIR=${dir})`,
      async stop() {
        if (previous === undefined) delete process.env.SANE_CONFIG_DIR;
        else process.env.SANE_CONFIG_DIR = previous;
        rmSync(dir, { recursive: true, force: true });
      },
      controls: {},
    },
  };
};

/** Environment variable through which the simulated upstream's demo login reaches the engine. */
export const SIM_UPSTREAM_CREDENTIALS = 'KIOSK_SIM_UPSTREAM_CREDENTIALS';
/** Tests and demos: how often (ms) the simulated provincial system moves each dossier on; default 20 s. */
export const SIM_UPSTREAM_ADVANCE_MS = 'KIOSK_SIM_UPSTREAM_ADVANCE_MS';

/**
 * The provincial procedure system: the reference upstream server (same JSON API, its own SQLite
 * store), advancing each dossier's status every 20 s so progress lookups show movement.
 */
const startUpstream: Starter = async (config, dataDir) => {
  if (!config.upstream.simulate) return null;
  const credentials = { username: 'kiosk', password: 'kiosk-secret' };
  const advanceEveryMs = Number(process.env[SIM_UPSTREAM_ADVANCE_MS]) || 20_000;
  const server = await startUpstreamServer({ port: 0, dbFile: path.join(dataDir, 'upstream-simulator.db'), credentials, advanceEveryMs });
  process.env[SIM_UPSTREAM_CREDENTIALS] = JSON.stringify(credentials);
  return {
    apply: (c) => ({ ...c, upstream: { ...c.upstream, url: server.url, credentialsRef: `env:${SIM_UPSTREAM_CREDENTIALS}` } }),
    simulator: {
      name: 'upstream',
      address: server.url,
      stop: () => server.stop(),
      controls: { setOnline: (online: boolean) => server.setOnline(online) },
    },
  };
};

/** One entry per simulated device; each returns null when its device is real or absent. */
const starters: Starter[] = [startCard, startPrinter, startQrScanner, startDocumentScanner, startUpstream];

export async function startSimulators(config: KioskConfig, dataDir: string): Promise<SimulatorSet> {
  const running: RunningSimulator[] = [];
  let current = config;
  // Side by side: the card's pcscd lease and sample chip, the printer's socket, the QR scanner's
  // pty pair and the upstream's database each wait on something else, and a boot waits for all.
  const outcomes = await Promise.allSettled(starters.map((start) => start(config, dataDir)));
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') {
      // A simulator that cannot start leaves its device absent; the kiosk still starts.
      log.error({ err: outcome.reason }, 'simulator failed to start');
      continue;
    }
    const started = outcome.value;
    if (!started) continue;
    current = started.apply(current);
    running.push(started.simulator);
    log.info({ simulator: started.simulator.name, address: started.simulator.address }, 'simulator running');
  }
  return {
    config: current,
    running,
    async stop() {
      await Promise.allSettled(running.map((s) => s.stop()));
    },
  };
}
