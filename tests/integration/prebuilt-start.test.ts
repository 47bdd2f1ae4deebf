// Runs in: Node (vitest). `kiosk start` runs from the bundle bin/prebuilt-start.mjs keeps in
// dist/cli/: real processes, the real bundle. It must follow the sources (rebuilt when one of them
// changed), keep node_modules' native packages outside, and never be the only way to start.
import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const stampFile = path.join(root, 'dist/cli/start.stamp.json');
const bundleFile = path.join(root, 'dist/cli/start.mjs');

async function startHelp(env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/kiosk.mjs', 'start', '--help'], { cwd: root, timeout: 120_000, env: { ...process.env, KIOSK_CONFIG: '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const stamp = () => JSON.parse(readFileSync(stampFile, 'utf8')) as { inputs: Record<string, string> };
const stateOf = (rel: string) => {
  const st = statSync(path.join(root, rel));
  return `${st.mtimeMs}:${st.size}`;
};

describe('prebuilt kiosk start bundle', () => {
  it('runs start from the bundle, built from the sources it records, native packages left outside', async () => {
    const res = await startHelp();
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^kiosk start \[--config FILE\]/);
    const { inputs } = stamp();
    for (const rel of ['src/cli/commands/start.ts', 'src/core/engine.ts', 'src/host/server.ts', 'hardware/drivers.ts']) expect(inputs[rel], rel).toBe(stateOf(rel));
    const packages = Object.keys(inputs).filter((f) => f.includes('node_modules/'));
    expect(packages.some((f) => /node_modules\/zod\//.test(f))).toBe(true);
    for (const name of ['better-sqlite3-multiple-ciphers', 'sharp', 'serialport', 'pino', 'pdf-lib']) expect(packages.filter((f) => f.includes(`node_modules/${name}/`))).toEqual([]);
    // Each module keeps its own file's URL, so forms/, resources/ and fonts are found as under tsx.
    const bundle = readFileSync(bundleFile, 'utf8');
    expect(bundle.match(/import\.meta\.url/g)).toHaveLength(1); // the banner's require only
    expect(bundle).toContain(JSON.stringify(`file://${path.join(root, 'src/core/forms/loader.ts')}`));
  });

  it('rebuilds when a recorded source no longer matches what the bundle was built from', async () => {
    await startHelp();
    const entry = 'src/cli/start-entry.ts';
    const before = stamp();
    writeFileSync(stampFile, JSON.stringify({ ...before, inputs: { ...before.inputs, [entry]: 'edited since' } }));
    const res = await startHelp();
    expect(res.code).toBe(0);
    expect(stamp().inputs[entry]).toBe(stateOf(entry));
  });

  it('KIOSK_NO_PREBUILT=1 runs the TypeScript sources through tsx instead, leaving the bundle alone', async () => {
    await startHelp();
    const entry = 'src/cli/start-entry.ts';
    const before = stamp();
    writeFileSync(stampFile, JSON.stringify({ ...before, inputs: { ...before.inputs, [entry]: 'edited since' } }));
    const res = await startHelp({ KIOSK_NO_PREBUILT: '1' });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^kiosk start \[--config FILE\]/);
    expect(stamp().inputs[entry]).toBe('edited since'); // not rebuilt: the bundle was not used
    await startHelp();
    expect(stamp().inputs[entry]).toBe(stateOf(entry));
  });
});
