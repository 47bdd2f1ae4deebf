// Runs in: Node (vitest). `kiosk qr decode` and `kiosk sim qr-scanner` as a technician runs them.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SerialQrScanner } from '../../hardware/scanner/qr/serial';
import { startVirtualQrScanner } from '../../hardware/simulators/qr-scanner/virtual';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const kiosk = path.join(root, 'bin/kiosk.mjs');
const fixtures = path.join(root, 'tests/fixtures/qr');

describe('kiosk qr decode', () => {
  it('prints JSON per file, with every code of a multi-code page', async () => {
    const { stdout } = await run('node', [kiosk, 'qr', 'decode', '--json', path.join(fixtures, 'multi-page.png'), path.join(fixtures, 'ean13-clean.png')]);
    const out = JSON.parse(stdout) as { file: string; codes: { format: string; text: string }[] }[];
    expect(out).toHaveLength(2);
    expect(out[0]!.codes.map((c) => c.format).sort()).toEqual(['Code128', 'QRCode', 'QRCode', 'QRCode']);
    expect(out[1]!.codes).toEqual([{ format: 'EAN13', text: '8934563123451' }]);
  }, 90_000);

  it('names a corrupt file, still decodes the good one, and exits 1', async () => {
    const bad = path.join(mkdtempSync(path.join(tmpdir(), 'qrcli-')), 'broken.png');
    writeFileSync(bad, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
    const err = (await run('node', [kiosk, 'qr', 'decode', '--json', bad, path.join(fixtures, 'clean-url.png')]).catch((e: unknown) => e)) as { code: number; stdout: string };
    expect(err.code).toBe(1);
    const out = JSON.parse(err.stdout) as { file: string; codes: unknown[]; error?: { code: string } }[];
    expect(out[0]).toMatchObject({ file: bad, codes: [], error: { code: 'qr.image-corrupt' } });
    expect(out[1]!.codes).toHaveLength(1);
  }, 90_000);
});

describe('kiosk sim qr-scanner --pty --send', () => {
  it('delivers the payload to the driver on the printed tty', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qrsim-'));
    const driver = new SerialQrScanner({ id: 'qr', driver: 'serial', path: path.join(dir, 'host'), reconnectIntervalMs: 20 });
    const got = new Promise<string>((resolve, reject) => {
      driver.onScan((s) => resolve(s.text));
      setTimeout(() => reject(new Error('no scan within 10 s')), 10_000).unref();
    });
    await driver.start();
    const sim = run('node', [kiosk, 'sim', 'qr-scanner', '--pty', '--dir', dir, '--terminator', 'CRLF', '--wait', '1500', '--send', 'Trần Thị Bích']);
    try {
      expect(await got).toBe('Trần Thị Bích');
      expect((await sim).stdout).toContain(path.join(dir, 'host'));
    } finally {
      await driver.stop();
    }
  }, 60_000);
});

describe('kiosk qr listen', () => {
  it('reports what a scan is without printing its personal data', async () => {
    const sim = await startVirtualQrScanner();
    const child = spawn('node', [kiosk, 'qr', 'listen', '--serial', sim.path], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      const until = async (needle: string) => {
        const end = Date.now() + 15_000;
        while (!out.includes(needle)) {
          if (Date.now() > end) throw new Error(`no "${needle}" in: ${out}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await until('status: ready');
      sim.send('001099012345||Nguyễn Văn An|15081999|Nam|Hà Nội|20042021');
      await until('scan: cccd');
      expect(out).not.toContain('Nguyễn');
      expect(out).not.toContain('001099012345');
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
      await sim.close();
    }
  }, 60_000);
});
