// Runs in: Node (CLI). `kiosk build [--electron] [--force]`.
import { parseArgs } from '../args';
import { buildElectron, buildRenderer } from '../runtime/build';
import type { CliCommand } from '../types';

export const command: CliCommand = {
  name: 'build',
  summary: 'build the renderer (and with --electron the main/preload bundles) when stale',
  usage: `kiosk build [--electron] [--force]
  --electron  also bundle src/main and src/preload into dist/ for Electron / electron-builder
  --force     rebuild even when nothing changed`,
  async run(args) {
    const { flags } = parseArgs(args, { electron: false, force: false });
    const force = Boolean(flags.force);
    const renderer = await buildRenderer(force);
    process.stdout.write(`renderer: ${renderer ? 'built' : 'up to date'}\n`);
    if (flags.electron) {
      const electron = await buildElectron(force);
      process.stdout.write(`electron main/preload: ${electron ? 'built' : 'up to date'}\n`);
    }
    return 0;
  },
};
