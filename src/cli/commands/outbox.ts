// Runs in: Node (CLI). Staff/technician view of the dossier outbox: counts, dead letters with the
// upstream's reason, resubmission, and a one-shot drain to an upstream.
import path from 'node:path';
import { KioskError } from '../../shared/errors';
import { DossierStore } from '../../core/dossiers/store';
import { createAdapter } from '../../core/sync/config';
import { SyncWorker } from '../../core/sync/worker';
import { parseArgs } from '../args';
import type { CliCommand } from '../types';

const usage = `kiosk outbox <list|dead|resubmit ID|drain|status CODE> --data DIR --unit CODE [--key-file FILE]
           [--upstream URL --credentials REF] [--actor STAFF]
  list             counts per state and pending rows with their last error
  dead             dead-lettered rows with the upstream's reason
  resubmit ID      put dead-lettered row ID back in the queue (audited, --actor required)
  drain            deliver everything pending to --upstream, then exit
  status CODE      a dossier's status timeline (kiosk or upstream code; no personal data),
                   refreshed from --upstream when given
  --credentials    env:NAME or file:/path holding {"username","password"} (never inline)`;

export const command: CliCommand = {
  name: 'outbox',
  summary: 'show the dossier outbox and dead letters, resubmit, or drain to the upstream',
  usage,
  async run(args) {
    const { flags, positionals } = parseArgs(args, { data: true, unit: true, 'key-file': true, upstream: true, credentials: true, actor: true });
    const [action, id] = positionals;
    if (typeof flags.data !== 'string' || typeof flags.unit !== 'string') throw new KioskError({ code: 'cli.missing-value', technicianMessage: '--data and --unit are required' });
    const store = DossierStore.open({ dataDir: path.resolve(flags.data), unitCode: flags.unit, keyFile: typeof flags['key-file'] === 'string' ? flags['key-file'] : undefined });
    try {
      const out = (s: string) => process.stdout.write(`${s}\n`);
      if (action === 'list' || action === undefined) {
        out(JSON.stringify(store.outboxCounts()));
        for (const r of store.listOutbox('pending')) out(`${r.id}\t${r.dossierCode}\tv${r.dossierVersion}\tattempts=${r.attempts}\t${r.lastError ?? ''}`);
        return 0;
      }
      if (action === 'dead') {
        for (const r of store.listDeadLetters()) out(`${r.id}\t${r.dossierCode}\tv${r.dossierVersion}\t${r.deadReason ?? ''}`);
        return 0;
      }
      if (action === 'resubmit') {
        if (typeof flags.actor !== 'string') throw new KioskError({ code: 'cli.missing-value', technicianMessage: 'resubmit needs --actor (audited)' });
        store.resubmit(Number(id), flags.actor);
        out(`resubmitted ${id}`);
        return 0;
      }
      if (action === 'status') {
        let timeline = store.timeline(String(id ?? ''));
        if (timeline && typeof flags.upstream === 'string' && typeof flags.credentials === 'string') {
          const worker = new SyncWorker({ store, adapter: createAdapter({ kind: 'dvc', baseUrl: flags.upstream, unitCode: flags.unit, credentialsRef: flags.credentials }), statusPollMs: 0 });
          timeline = await worker.refresh(timeline.code);
        }
        if (!timeline) throw new KioskError({ code: 'dossier.not-found', technicianMessage: `no dossier ${String(id)}`, citizenMessage: 'Không tìm thấy hồ sơ.' });
        out(JSON.stringify(timeline, null, 2));
        return 0;
      }
      if (action === 'drain') {
        if (typeof flags.upstream !== 'string' || typeof flags.credentials !== 'string') throw new KioskError({ code: 'cli.missing-value', technicianMessage: 'drain needs --upstream and --credentials' });
        const adapter = createAdapter({ kind: 'dvc', baseUrl: flags.upstream, unitCode: flags.unit, credentialsRef: flags.credentials });
        const worker = new SyncWorker({ store, adapter, statusPollMs: 0 });
        worker.on('delivered', (e) => out(`delivered ${e.code} -> ${e.upstreamCode}`));
        worker.on('dead-letter', (e) => out(`dead ${e.code}: ${e.reason}`));
        worker.start();
        await worker.drained(24 * 3600_000);
        await worker.stop();
        out(JSON.stringify(store.outboxCounts()));
        return 0;
      }
      throw new KioskError({ code: 'cli.unknown-action', technicianMessage: `unknown outbox action ${String(action)}` });
    } finally {
      store.close();
    }
  },
};
