// Runs in: Node (CLI). `kiosk devices`: the configured devices with their live status, then what
// is detected on this machine's interfaces.
import { drivers } from '../../../hardware/drivers';
import { detectDevices } from '../../../hardware/detect';
import { loadConfig } from '../../core/config/load';
import { openDatabase } from '../../core/db';
import { DeviceManager } from '../../core/devices/manager';
import { dossierMigrations } from '../../core/dossiers/schema';
import { EventBus } from '../../core/events';
import { parseArgs } from '../args';
import { startSimulators } from '../runtime/simulators';
import type { CliCommand } from '../types';

export const command: CliCommand = {
  name: 'devices',
  summary: 'list configured devices with their status, and the devices detected on this machine',
  usage: `kiosk devices [--config FILE] [--with-simulators] [--json]
  --with-simulators  start the simulators of devices marked simulate: true first
  --json             machine-readable output`,
  async run(args) {
    const { flags } = parseArgs(args, { config: true, 'with-simulators': false, json: false });
    const loaded = loadConfig(typeof flags.config === 'string' ? flags.config : undefined);
    const sims = flags['with-simulators'] ? await startSimulators(loaded.config, loaded.dataDir) : null;
    const config = sims?.config ?? loaded.config;
    const db = openDatabase({ dataDir: loaded.dataDir, migrations: dossierMigrations });
    const manager = new DeviceManager(config.devices, drivers, new EventBus(), () => ({ db }));
    const [, detected] = await Promise.all([manager.start(), detectDevices()]);
    const configured = manager.list();
    await manager.stop();
    db.close();
    await sims?.stop();

    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ configFile: loaded.file, configured, detected }, null, 2)}\n`);
      return 0;
    }
    const out: string[] = [`Configured devices (${loaded.file ?? 'built-in defaults'}):`];
    for (const d of configured) {
      out.push(`  ${d.id.padEnd(17)} ${d.state.padEnd(7)} ${d.driver.padEnd(8)} ${d.simulated ? 'simulated ' : ''}${d.port}`);
      out.push(`  ${''.padEnd(17)} ${d.detail}`);
    }
    if (configured.length === 0) out.push('  (none)');
    out.push('', 'Detected on this machine:');
    for (const probe of detected) {
      if (probe.unavailable) out.push(`  ${probe.interface.padEnd(7)} probe unavailable: ${probe.unavailable}`);
      else if (probe.devices.length === 0) out.push(`  ${probe.interface.padEnd(7)} none`);
      for (const d of probe.devices) out.push(`  ${probe.interface.padEnd(7)} ${d.address}  ${d.description}`);
    }
    process.stdout.write(`${out.join('\n')}\n`);
    return 0;
  },
};
