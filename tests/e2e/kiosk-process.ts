// Starts `kiosk start` as a real child process, exactly as `npm start` does (without opening a
// browser), and hands its URL to the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface KioskProcess {
  url: string;
  /** The kiosk's data folder (database, key, logs). */
  dataDir: string;
  origin: string;
  /** The engine + host process, for memory figures (bench/ui.bench.ts). */
  pid: number;
  /** Date.now() when the process printed "ready:" (engine started); useful when it resolved on "serving:". */
  ready: Promise<number>;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * `reuseDir`: a folder of the caller's, left in place on stop, so a later kiosk process starts on
 * the database, key and logs an earlier one left (as a kiosk does every morning after its first boot).
 * `options.until`: 'ready' (default) resolves once the engine has started; 'serving' as soon as the
 * host serves the page, which a browser may load while the engine starts (bench/ui.bench.ts cold start).
 * `options.nodeArgs`: options for Node itself, before the script (bench/ui.bench.ts: `--inspect=127.0.0.1:0`).
 */
export async function startKioskProcess(
  configYaml: string,
  timeoutMs = 60_000,
  reuseDir?: string,
  { until = 'ready', nodeArgs = [] }: { until?: 'ready' | 'serving'; nodeArgs?: string[] } = {},
): Promise<KioskProcess> {
  const dir = reuseDir ?? mkdtempSync(path.join(tmpdir(), 'kiosk-e2e-'));
  const configFile = path.join(dir, 'kiosk.config.yaml');
  writeFileSync(configFile, `dataDir: ${JSON.stringify(path.join(dir, 'data'))}\n${configYaml}`);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, 'bin/kiosk.mjs', 'start', '--ui', 'none', '--config', configFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KIOSK_CONFIG: '' },
  });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  const ready = new Promise<number>((resolve) => {
    const check = () => /^ready: /m.test(out) && resolve(Date.now());
    child.stdout!.on('data', check);
  });
  child.stderr!.on('data', (c) => (out += c));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk did not become ready in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = (until === 'serving' ? /^serving: (\S+)$/m : /^ready: (\S+)$/m).exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk exited with ${code}:\n${out}`));
    });
  });
  return {
    url,
    dataDir: path.join(dir, 'data'),
    origin: new URL(url).origin,
    pid: child.pid!,
    ready,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!reuseDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
