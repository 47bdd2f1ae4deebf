import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportLogs, tarHeader } from './logs-export';

const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-logs-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('logs export', () => {
  it('writes a .tar.gz that GNU tar lists and extracts byte for byte', async () => {
    const logs = path.join(dir, 'logs');
    mkdirSync(logs);
    const big = Buffer.from(Array.from({ length: 3000 }, (_, i) => `{"level":30,"msg":"line ${i}"}\n`).join(''));
    writeFileSync(path.join(logs, 'kiosk.log'), big);
    writeFileSync(path.join(logs, '20261123-0000-01-kiosk.log'), '{"msg":"rotated"}\n');
    writeFileSync(path.join(logs, 'empty.log'), '');
    const out = await exportLogs(logs, path.join(dir, 'data', 'exports'), 'KIOSK/01', new Date('2026-11-23T10:11:12.345Z'));
    expect(out.path).toBe(path.join(dir, 'data', 'exports', 'kiosk-logs-KIOSK_01-20261123T101112Z.tar.gz'));
    expect(out.files).toBe(3);
    expect(statSync(out.path).mode & 0o777).toBe(0o600);
    expect(out.bytes).toBe(statSync(out.path).size);
    const list = spawnSync('tar', ['-tzvf', out.path], { encoding: 'utf8' });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout.trim().split('\n').map((l) => l.split(/\s+/).pop())).toEqual(['logs/20261123-0000-01-kiosk.log', 'logs/empty.log', 'logs/kiosk.log']);
    const x = path.join(dir, 'x');
    mkdirSync(x);
    expect(spawnSync('tar', ['-xzf', out.path, '-C', x]).status).toBe(0);
    expect(readFileSync(path.join(x, 'logs', 'kiosk.log')).equals(big)).toBe(true);
    expect(readFileSync(path.join(x, 'logs', '20261123-0000-01-kiosk.log'), 'utf8')).toBe('{"msg":"rotated"}\n');
  });

  it('header checksum follows ustar (sum of bytes with the field as spaces)', () => {
    const h = tarHeader('logs/a.log', 1234, new Date(0));
    const stored = parseInt(h.subarray(148, 154).toString('ascii'), 8);
    const copy = Buffer.from(h);
    copy.fill(0x20, 148, 156);
    expect(stored).toBe(copy.reduce((a, b) => a + b, 0));
    expect(parseInt(h.subarray(124, 135).toString('ascii'), 8)).toBe(1234);
  });

  it('keeps the five newest exports', async () => {
    const logs = path.join(dir, 'logs');
    const out = path.join(dir, 'prune');
    const paths: string[] = [];
    for (let i = 0; i < 7; i++) paths.push((await exportLogs(logs, out, 'K', new Date(Date.UTC(2026, 10, 23, 10, 0, i)))).path);
    writeFileSync(path.join(out, 'notes.txt'), 'kept');
    await exportLogs(logs, out, 'K', new Date(Date.UTC(2026, 10, 23, 10, 0, 7)));
    const left = readdirSync(out).sort();
    expect(left).toEqual([...paths.slice(3).map((p) => path.basename(p)), 'kiosk-logs-K-20261123T100007Z.tar.gz', 'notes.txt'].sort());
  });

  it('a missing log folder is a KioskError', async () => {
    await expect(exportLogs(path.join(dir, 'nope'), dir, 'K')).rejects.toMatchObject({ code: 'logs.unavailable' });
  });
});
