// Runs in: Node (CLI). `kiosk dossier status CODE`: a dossier's progress as the kiosk knows it,
// found through the kiosk's own config (data folder, unit code, upstream) so a technician types
// only the code printed on the receipt.
import { loadConfig } from '../../core/config/load';
import { parseArgs } from '../args';
import type { CliCommand } from '../types';
import { command as outbox } from './outbox';

export const command: CliCommand = {
  name: 'dossier',
  summary: "a dossier's status timeline by its code (no personal data)",
  usage: `kiosk dossier status CODE [--config FILE] [--refresh]
  CODE       the dossier code on the receipt (ours, or the upstream's)
  --refresh  ask the configured upstream for the latest status first`,
  async run(args) {
    const { flags, positionals } = parseArgs(args, { config: true, refresh: false });
    const [action, code] = positionals;
    if (action !== 'status' || !code) {
      process.stderr.write('usage: kiosk dossier status CODE [--config FILE] [--refresh]\n');
      return 2;
    }
    const { config, dataDir } = loadConfig(typeof flags.config === 'string' ? flags.config : undefined);
    const upstream =
      flags.refresh && config.upstream.credentialsRef ? ['--upstream', config.upstream.url, '--credentials', config.upstream.credentialsRef] : [];
    return outbox.run(['status', code, '--data', dataDir, '--unit', config.centre.unitCode, ...upstream]);
  },
};
