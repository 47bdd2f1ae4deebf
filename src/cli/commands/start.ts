// Runs in: Node (CLI). `npm start` = `kiosk start`: build what is stale, start the simulators the
// config asks for, the engine, and the UI — in Electron when its binary is installed, else in
// Chromium `--app=`, else print the URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import readline from 'node:readline';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isKioskError } from '../../shared/errors';
import { loadConfig } from '../../core/config/load';
import { parseArgs } from '../args';
import { buildElectron, buildRenderer } from '../runtime/build';
import { chromiumKioskArgs, findChromium, findElectronBinary, hasDisplay } from '../runtime/browsers';
import { startKioskRuntime } from '../runtime/kiosk-runtime';
import { projectRoot } from '../runtime/paths';
import { startSimulators, type RunningSimulator } from '../runtime/simulators';
import type { CliCommand } from '../types';

type UiChoice = 'auto' | 'electron' | 'chromium' | 'none';

function waitForSignal(children: ChildProcess[]): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    for (const child of children) child.once('exit', done);
  });
}

/**
 * Demo controls in the terminal running `npm start`, for the simulated devices: Enter puts the
 * sample card on the reader or takes it off; `qr TEXT` scans TEXT; `paper` runs the printer out
 * of paper or refills it. The whole citizen journey without hardware.
 */
function demoControls(running: RunningSimulator[]): () => void {
  if (!process.stdin.isTTY) return () => undefined;
  const find = (name: string) => running.find((s) => s.name === name)?.controls as Record<string, (...a: never[]) => unknown> | undefined;
  const card = find('card') as { insertCard(): Promise<void>; removeCard(): Promise<void>; cardInserted(): boolean } | undefined;
  const qr = find('qr-scanner') as { scan(text: string): Promise<void> | void } | undefined;
  const printer = find('printer') as { paperOut(out: boolean): void } | undefined;
  const upstream = find('upstream') as { setOnline(online: boolean): void } | undefined;
  if (!card && !qr && !printer && !upstream) return () => undefined;
  const help = [
    card ? 'Enter = put the sample CCCD on the reader / take it off' : null,
    qr ? '"qr TEXT" = scan TEXT (e.g. qr 001195012345||Trần Thị Minh Thư|14031995|Nữ||01072021)' : null,
    printer ? '"paper" = printer out of paper / refilled' : null,
    upstream ? '"link" = cut / restore the link to the provincial system' : null,
  ].filter(Boolean);
  process.stdout.write(`Demo controls: ${help.join('; ')}.\n`);
  let paperOut = false;
  let linkUp = true;
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const text = line.trim();
    const report = (p: Promise<unknown> | unknown, done: () => string) =>
      Promise.resolve(p).then(
        () => process.stdout.write(`${done()}\n`),
        (error: unknown) => process.stdout.write(`simulator: ${(error as Error).message}\n`),
      );
    if (text === '' && card) void report(card.cardInserted() ? card.removeCard() : card.insertCard(), () => (card.cardInserted() ? 'card inserted' : 'card removed'));
    else if (text.startsWith('qr ') && qr) void report(qr.scan(text.slice(3)), () => 'scanned');
    else if (text === 'paper' && printer) {
      paperOut = !paperOut;
      printer.paperOut(paperOut);
      process.stdout.write(paperOut ? 'printer: out of paper\n' : 'printer: paper refilled\n');
    } else if (text === 'link' && upstream) {
      linkUp = !linkUp;
      upstream.setOnline(linkUp);
      process.stdout.write(linkUp ? 'upstream: link restored\n' : 'upstream: link cut\n');
    } else process.stdout.write(`${help.join('\n')}\n`);
  });
  return () => rl.close();
}

async function runElectron(binary: string, configFile: string | undefined): Promise<number> {
  const loaded = loadConfig(configFile);
  await buildRenderer();
  await buildElectron();
  const simulators = await startSimulators(loaded.config, loaded.dataDir);
  const child = spawn(binary, [path.join(projectRoot, 'dist/main/main.cjs')], {
    stdio: 'inherit',
    env: {
      ...process.env,
      // The simulators may have moved devices to free ports: Electron's engine gets that config.
      KIOSK_RUNTIME_CONFIG: JSON.stringify(simulators.config),
      KIOSK_DATA_DIR: loaded.dataDir,
      // The file itself, for the technician's config edit (the runtime config above is derived from it).
      KIOSK_CONFIG_FILE: loaded.file ?? '',
    },
  });
  process.stdout.write('Motcua Kiosk is running in Electron. Close the window or press Ctrl+C to stop.\n');
  await waitForSignal([child]);
  child.kill('SIGTERM');
  await simulators.stop();
  return 0;
}

export const command: CliCommand = {
  name: 'start',
  summary: 'run the kiosk (engine + simulators for simulated devices + UI)',
  usage: `kiosk start [--config FILE] [--port N] [--ui auto|electron|chromium|none] [--kiosk]
  --config FILE  configuration file (default ./kiosk.config.yaml, else built-in defaults: all simulated)
  --port N       browser-host port on 127.0.0.1 (default: config host.port, 0 = any free port)
  --ui WHICH     auto (default): Electron if its binary is installed, else Chromium --app, else print the URL
  --kiosk        full-screen kiosk window (Chromium --kiosk); default is a normal app window for development`,
  async run(args) {
    const { flags } = parseArgs(args, { config: true, port: true, ui: true, kiosk: false, 'no-open': false });
    const configFile = typeof flags.config === 'string' ? flags.config : undefined;
    const ui = (flags['no-open'] ? 'none' : (flags.ui ?? 'auto')) as UiChoice;
    if (!['auto', 'electron', 'chromium', 'none'].includes(ui)) {
      process.stderr.write(`kiosk start: --ui must be auto, electron, chromium or none\n`);
      return 2;
    }

    const electron = ui === 'auto' || ui === 'electron' ? findElectronBinary() : null;
    if (ui === 'electron' && !electron) {
      process.stderr.write('kiosk start: the Electron binary is not installed (run `npx install-electron` where the network allows).\n');
      return 1;
    }
    if (electron && hasDisplay()) return runElectron(electron, configFile);

    const children: ChildProcess[] = [];
    const browser: { profileDir: string | null } = { profileDir: null };
    const chromium = ui === 'none' ? null : findChromium();
    const openBrowser = chromium !== null && hasDisplay();
    let runtime;
    try {
      runtime = await startKioskRuntime({
        configFile,
        port: flags.port ? Number(flags.port) : undefined,
        // The browser starts as soon as the page is served: it loads and paints the attract screen
        // while the engine opens its database and devices.
        onServing: (served) => {
          process.stdout.write(`serving: ${served.url}\n`);
          if (!openBrowser) return;
          browser.profileDir = mkdtempSync(path.join(tmpdir(), 'motcua-kiosk-chromium-'));
          children.push(spawn(chromium, chromiumKioskArgs(served.url, browser.profileDir, Boolean(flags.kiosk)), { stdio: 'ignore' }));
        },
      });
    } catch (error) {
      for (const child of children) child.kill('SIGTERM');
      if (browser.profileDir) rmSync(browser.profileDir, { recursive: true, force: true });
      if (isKioskError(error)) {
        process.stderr.write(`kiosk start: ${error.technicianMessage}\n`);
        return 1;
      }
      throw error;
    }
    const { host } = runtime;
    if (openBrowser) {
      process.stdout.write(`Motcua Kiosk is running in Chromium.\n`);
    } else {
      const why = ui === 'none' ? '' : chromium ? ' (no display: open it from a desktop session)' : ' (no Electron or Chromium found)';
      process.stdout.write(`Motcua Kiosk is running. Open this address in a browser on this machine${why}:\n`);
    }
    // Machine-readable line for tests and benchmarks; the secret in it only works from this host.
    process.stdout.write(`ready: ${host.url}\n`);
    process.stdout.write(`startup: ready ${runtime.startup}\n`);
    const devices = runtime.engine.devices.list();
    for (const d of devices) process.stdout.write(`  ${d.id.padEnd(17)} ${d.state.padEnd(7)} ${d.simulated ? '(simulated) ' : ''}${d.detail}\n`);
    // Devices settle after start-up (readers are announced asynchronously): show each change.
    const stopStatus = runtime.engine.subscribe((event, payload) => {
      if (event !== 'device.status') return;
      const d = payload as { id: string; state: string; detail: string };
      process.stdout.write(`device ${d.id}: ${d.state} — ${d.detail}\n`);
    });
    const stopDemo = demoControls(runtime.simulators.running);
    process.stdout.write('Press Ctrl+C to stop.\n');
    await waitForSignal(children);
    stopDemo();
    stopStatus();
    for (const child of children) child.kill('SIGTERM');
    await runtime.stop();
    if (browser.profileDir) rmSync(browser.profileDir, { recursive: true, force: true });
    return 0;
  },
};
