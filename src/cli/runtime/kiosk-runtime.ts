// Runs in: Node (CLI `start` in browser-host mode, e2e tests, benchmarks). Config -> logging ->
// simulators -> engine -> browser host, and the reverse on stop.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { drivers } from '../../../hardware/drivers';
import { loadConfig, type LoadedConfig } from '../../core/config/load';
import { createEngine, type Engine } from '../../core/engine';
import { configureLogging, defaultLogDir, getLogger, StartupPhases } from '../../core/log';
import { startHost, type Host } from '../../host/server';
import { buildRenderer } from './build';
import { projectRoot, rendererDist } from './paths';
import { startSimulators, type SimulatorSet } from './simulators';

export interface KioskRuntime {
  loaded: LoadedConfig;
  engine: Engine;
  host: Host;
  simulators: SimulatorSet;
  /** Where the boot's time went (also in the technician's log). */
  startup: StartupPhases;
  stop(): Promise<void>;
}

export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function startKioskRuntime(options: { configFile?: string; port?: number; stderrLog?: boolean } = {}): Promise<KioskRuntime> {
  const startup = new StartupPhases();
  const loaded = loadConfig(options.configFile);
  configureLogging({
    dir: defaultLogDir(loaded.dataDir),
    level: loaded.config.log.level,
    maxSize: loaded.config.log.maxSize,
    maxFiles: loaded.config.log.maxFiles,
    stderr: options.stderrLog ?? false,
  });
  const log = getLogger('runtime');
  startup.mark('config');
  await buildRenderer();
  startup.mark('renderer check');
  const simulators = await startSimulators(loaded.config, loaded.dataDir);
  startup.mark('simulators');
  const printerSim = simulators.running.find((s) => s.name === 'printer')?.controls as { jobs(): Array<{ png: Buffer; complete: boolean }> } | undefined;
  const engine = createEngine({
    config: simulators.config,
    dataDir: loaded.dataDir,
    version: packageVersion(),
    drivers,
    configFile: loaded.file,
    resourcesDir: path.join(projectRoot, 'resources'),
    startupPhases: startup,
    ...(printerSim ? { simulation: { lastPrintedTicket: () => printerSim.jobs().filter((j) => j.complete).at(-1)?.png ?? null } } : {}),
  });
  await engine.start();
  const host = await startHost({ engine, staticDir: rendererDist, port: options.port ?? loaded.config.host.port });
  startup.mark('host');
  log.info({ port: host.port, configFile: loaded.file ?? 'defaults', startupMs: startup.toJSON() }, `kiosk runtime ready ${startup}`);
  return {
    loaded,
    engine,
    host,
    simulators,
    startup,
    async stop() {
      await host.close();
      await engine.stop();
      await simulators.stop();
    },
  };
}
