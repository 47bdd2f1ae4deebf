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

export interface KioskRuntimeOptions {
  configFile?: string;
  port?: number;
  stderrLog?: boolean;
  /**
   * Called once the host serves the page, before the engine has started: a browser opened now
   * loads and paints the attract screen while the engine opens its database and devices (its
   * requests wait for the engine).
   */
  onServing?: (host: Host) => void;
}

export async function startKioskRuntime(options: KioskRuntimeOptions = {}): Promise<KioskRuntime> {
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
  let engineUp!: () => void;
  let engineFailed!: (error: unknown) => void;
  const engineStarted = new Promise<void>((resolve, reject) => {
    engineUp = resolve;
    engineFailed = reject;
  });
  engineStarted.catch(() => undefined); // the failure is thrown below; the host only waits on it
  const host = await startHost({ engine, staticDir: rendererDist, port: options.port ?? loaded.config.host.port, engineStarted });
  startup.mark('host');
  options.onServing?.(host);
  try {
    await engine.start();
    engineUp();
  } catch (error) {
    engineFailed(error);
    await host.close();
    throw error;
  }
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
