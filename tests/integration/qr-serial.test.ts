// Runs in: Node (vitest). The production serial driver against the simulated scanner through a real
// pty pair (socat): scans, every suffix, Vietnamese UTF-8, unplug/replug with automatic reconnect.
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { SerialQrScanner } from '../../hardware/scanner/qr/serial';
import type { ScanEvent } from '../../hardware/scanner/qr/types';
import { startVirtualQrScanner, type VirtualQrScanner } from '../../hardware/simulators/qr-scanner/virtual';
import type { DeviceStatus } from '../../hardware/device';
import { classifyPayload } from '../../src/core/qr/payloads';

const hasSocat = (() => {
  try {
    execFileSync('socat', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function until<T>(get: () => T | undefined, what: string, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function rig(terminator: 'CR' | 'LF' | 'CRLF' | 'none') {
  const sim: VirtualQrScanner = await startVirtualQrScanner({ terminator });
  // With no suffix a pause ends a scan; 200 ms keeps a loaded CI machine from splitting one burst.
  const idleTimeoutMs = terminator === 'none' ? 200 : undefined;
  const driver = new SerialQrScanner({ id: 'qr-scanner', driver: 'serial', path: sim.path, terminator, idleTimeoutMs, reconnectIntervalMs: 50, simulated: true });
  const scans: ScanEvent[] = [];
  const states: DeviceStatus['state'][] = [];
  driver.onScan((s) => scans.push(s));
  driver.onStatus((s) => states.push(s.state));
  cleanups.push(async () => {
    await driver.stop();
    await sim.close();
  });
  await driver.start();
  return { sim, driver, scans, states };
}

describe.skipIf(!hasSocat)('serial QR scanner over a socat pty', () => {
  it('delivers a CCCD scan with Vietnamese text intact, and it classifies', async () => {
    const { sim, driver, scans } = await rig('CR');
    expect(driver.status()).toMatchObject({ state: 'ready', driver: 'serial', simulated: true });
    const text = '001099012345|013456789|Nguyễn Văn An|15081999|Nam|Phố Huế, Hà Nội|20042021';
    sim.send(text);
    const scan = await until(() => scans[0], 'scan');
    expect(scan).toEqual({ text, device: 'qr-scanner' });
    expect(classifyPayload(scan.text)).toMatchObject({ kind: 'cccd', can: '012345' });
  });

  for (const terminator of ['LF', 'CRLF', 'none'] as const) {
    it(`frames scans with suffix ${terminator}`, async () => {
      const { sim, scans } = await rig(terminator);
      sim.send('FIRST-CODE');
      await until(() => scans[0], 'first');
      // Let the idle gap pass for `none`, so the two scans are distinct bursts.
      await new Promise((r) => setTimeout(r, terminator === 'none' ? 500 : 5));
      sim.send('SECOND-CODE');
      await until(() => scans[1], 'second');
      expect(scans.map((s) => s.text)).toEqual(['FIRST-CODE', 'SECOND-CODE']);
    });
  }

  it('reports the AIM symbology when the scanner prefixes it', async () => {
    const sim = await startVirtualQrScanner();
    const driver = new SerialQrScanner({ id: 'aim', driver: 'serial', path: sim.path, aimPrefix: true });
    const scans: ScanEvent[] = [];
    driver.onScan((s) => scans.push(s));
    cleanups.push(async () => {
      await driver.stop();
      await sim.close();
    });
    await driver.start();
    sim.send(']E08934563123451');
    expect(await until(() => scans[0], 'scan')).toEqual({ text: '8934563123451', symbology: ']E0', device: 'aim' });
  });

  it('reassembles a scan written in small pieces', async () => {
    const { sim, scans } = await rig('CR');
    const bytes = new TextEncoder().encode('MCHS1|000.00.01.H01-230315-0001|x\r');
    for (let i = 0; i < bytes.length; i += 7) sim.sendRaw(bytes.subarray(i, i + 7));
    expect((await until(() => scans[0], 'scan')).text).toBe('MCHS1|000.00.01.H01-230315-0001|x');
  });

  it('unplug -> absent, replug -> ready again and scanning, without restarting the driver', async () => {
    const { sim, driver, scans, states } = await rig('CR');
    await sim.unplug();
    await until(() => (driver.status().state === 'absent' ? true : undefined), 'absent');
    expect(driver.status().alarm?.code).toBe('qr-scanner.absent');
    await sim.replug();
    await until(() => (driver.status().state === 'ready' ? true : undefined), 'ready again');
    sim.send('AFTER-REPLUG');
    expect((await until(() => scans[0], 'scan after replug')).text).toBe('AFTER-REPLUG');
    expect(states).toEqual(['ready', 'absent', 'ready']);
  });

  it('starts while the scanner is absent and picks it up when it appears', async () => {
    const sim = await startVirtualQrScanner();
    const path = sim.path;
    await sim.unplug();
    const driver = new SerialQrScanner({ id: 'late', driver: 'serial', path, reconnectIntervalMs: 50 });
    cleanups.push(async () => {
      await driver.stop();
      await sim.close();
    });
    await driver.start();
    expect(driver.status().state).toBe('absent');
    await sim.replug();
    await until(() => (driver.status().state === 'ready' ? true : undefined), 'ready');
  });

  it('rejects a corrupt config with a KioskError', () => {
    expect(() => new SerialQrScanner({ id: 'x', driver: 'serial', path: '/dev/x', baudRate: -5 })).toThrow(/baudRate/);
  });
});
