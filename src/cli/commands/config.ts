// Runs in: Node (CLI). `kiosk config check FILE` — validates a config file the way start-up does.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { parseConfig } from '../../core/config/load';
import { kioskConfigSchema } from '../../core/config/schema';
import { untranslatedWarning } from '../../core/tickets/service-names';
import { isKioskError } from '../../shared/errors';
import type { CliCommand } from '../types';

export const command: CliCommand = {
  name: 'config',
  summary: 'check a configuration file, or print the effective defaults',
  usage: `kiosk config check FILE    validate FILE; names each bad key and the reason; exit 1 if invalid
kiosk config defaults      print the built-in defaults (every device simulated) as YAML`,
  async run(args) {
    const [sub, file] = args;
    if (sub === 'defaults') {
      process.stdout.write(YAML.stringify(kioskConfigSchema.parse({})));
      return 0;
    }
    if (sub !== 'check' || !file) {
      process.stderr.write('usage: kiosk config check FILE | kiosk config defaults\n');
      return 2;
    }
    const full = path.resolve(file);
    if (!existsSync(full)) {
      process.stderr.write(`${full}: no such file\n`);
      return 1;
    }
    try {
      const config = parseConfig(readFileSync(full, 'utf8'), full);
      const devices = Object.entries(config.devices)
        .filter(([, d]) => d)
        .map(([k, d]) => `${k}=${d!.driver}${d!.simulate ? ' (simulated)' : ''}`);
      process.stdout.write(`${full}: OK — kiosk ${config.kioskId}, unit ${config.centre.unitCode}, devices: ${devices.join(', ') || 'none'}\n`);
      // Valid, but the English screen will show these names in Vietnamese.
      const untranslated = untranslatedWarning(config.queue.services);
      if (untranslated) process.stderr.write(`warning: ${untranslated}\n`);
      return 0;
    } catch (error) {
      if (isKioskError(error)) {
        process.stderr.write(`${error.technicianMessage}\n`);
        return 1;
      }
      throw error;
    }
  },
};
