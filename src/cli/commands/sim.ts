// Runs in: Node (CLI). `kiosk sim <device> …` — each simulator lives beside the drivers in
// `hardware/simulators/<device>/cli.ts` and is discovered here.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CliCommand, SimulatorCli } from '../types';

const simulatorsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../hardware/simulators');

async function loadSimulators(): Promise<SimulatorCli[]> {
  const names = readdirSync(simulatorsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(simulatorsDir, d.name, 'cli.ts')))
    .map((d) => d.name)
    .sort();
  return Promise.all(
    names.map(async (n) => {
      const mod = (await import(pathToFileURL(path.join(simulatorsDir, n, 'cli.ts')).href)) as { simulator: SimulatorCli };
      return mod.simulator;
    }),
  );
}

export const command: CliCommand = {
  name: 'sim',
  summary: 'run a device simulator (speaks the real wire protocol on a real OS interface)',
  usage: 'kiosk sim <device> [options]   — `kiosk sim` lists the simulators',
  async run(args) {
    const sims = await loadSimulators();
    const [name, ...rest] = args;
    const sim = sims.find((s) => s.name === name);
    if (!sim) {
      const list = sims.map((s) => `  ${s.name.padEnd(10)} ${s.summary}`).join('\n');
      process.stdout.write(`Simulators:\n${list || '  (none)'}\n\nUsage: kiosk sim <device> [options]\n`);
      return name ? 2 : 0;
    }
    if (rest.includes('--help')) {
      process.stdout.write(`${sim.usage.trim()}\n`);
      return 0;
    }
    return sim.run(rest);
  },
};
