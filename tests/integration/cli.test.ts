// The technician CLI as a technician runs it: a real process, real files.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function kiosk(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['bin/kiosk.mjs', ...args], { timeout: 60_000, env: { ...process.env, KIOSK_CONFIG: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('kiosk CLI', () => {
  it('--help lists every command with a summary', async () => {
    const { code, stdout } = await kiosk('--help');
    expect(code).toBe(0);
    for (const cmd of ['start', 'devices', 'config', 'sim', 'bench', 'build']) expect(stdout).toMatch(new RegExp(`^  ${cmd}\\s+\\S`, 'm'));
  });

  it('config check accepts a good file and names the bad key of a bad one', async () => {
    const good = path.join(dir, 'good.yaml');
    writeFileSync(good, 'kioskId: K-01\ndevices:\n  printer: { uri: "tcp://10.0.0.5:9100", simulate: false }\n');
    const ok = await kiosk('config', 'check', good);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('OK');

    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'devices:\n  cardReader: { driver: nfc }\n');
    const res = await kiosk('config', 'check', bad);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('devices.cardReader.driver');
    expect(res.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace for a technician
  });

  it('unknown commands and options are errors, not silently ignored', async () => {
    expect((await kiosk('frobnicate')).code).toBe(2);
    const res = await kiosk('devices', '--colour');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('unknown option --colour');
  });

  it('start refuses an invalid config with the key and the reason', async () => {
    const bad = path.join(dir, 'bad-start.yaml');
    writeFileSync(bad, 'language: fr\n');
    const res = await kiosk('start', '--config', bad, '--ui', 'none');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('language');
  });
});
