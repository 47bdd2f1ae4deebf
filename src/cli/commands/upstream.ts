// Runs in: Node (CLI; the reference upstream server as its own process).
import { KioskError } from '../../shared/errors';
import { parseDuration } from '../../upstream-server/faults';
import { startUpstreamServer } from '../../upstream-server/server';
import { parseArgs } from '../args';
import type { CliCommand } from '../types';

export const command: CliCommand = {
  name: 'upstream',
  summary: 'run the reference provincial upstream server (JSON API, own SQLite store, fault injection)',
  usage: `kiosk upstream [--port N] [--faults SPEC] [--db FILE] [--advance DURATION] [--province ID]
  --port N            listen on 127.0.0.1:N (default 8790; 0 = any free port)
  --faults SPEC       comma-separated faults, e.g. latency=20ms..80ms,5xx=0.1,reset=0.05,
                      reset-upload=0.05,lost-ack=0.1,duplicate=0.05,malformed=0.02,timeout=0.02,
                      session-ttl=30s,seed=7  (probabilities in [0,1] or %, summing to <= 1)
  --db FILE           SQLite file for the upstream's store (default: in memory)
  --advance DURATION  move each open dossier one status step this often (default 30s; 0 = never)
  --province ID       dossier codes without ID in their prefix get an upstream code (MaHoSoKhac)
Credentials: username/password from UPSTREAM_USERNAME / UPSTREAM_PASSWORD (default kiosk / kiosk-secret).
Prints "listening URL" on stdout when ready; stops on SIGINT/SIGTERM.`,
  async run(args) {
    const { flags } = parseArgs(args, { port: true, faults: true, db: true, advance: true, province: true });
    const port = flags.port === undefined ? 8790 : Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new KioskError({ code: 'cli.bad-port', technicianMessage: `--port ${String(flags.port)} is not a port number` });
    const server = await startUpstreamServer({
      port,
      faults: typeof flags.faults === 'string' ? flags.faults : undefined,
      dbFile: typeof flags.db === 'string' ? flags.db : undefined,
      advanceEveryMs: typeof flags.advance === 'string' ? parseDuration(flags.advance) : 30_000,
      provinceId: typeof flags.province === 'string' ? flags.province : undefined,
      credentials: { username: process.env.UPSTREAM_USERNAME ?? 'kiosk', password: process.env.UPSTREAM_PASSWORD ?? 'kiosk-secret' },
    });
    process.stdout.write(`listening ${server.url}\n`);
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    const s = server.stats();
    await server.stop();
    process.stderr.write(`upstream: ${s.requests} requests, ${s.creates} creates, ${s.updates} updates, faults ${JSON.stringify(s.faults)}\n`);
    return 0;
  },
};
