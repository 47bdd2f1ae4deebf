// The engine's PIN wiring as the UI sees it through the handlers: demo PINs on the all-simulated
// default config, nothing unlockable once a real device is configured without hashes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drivers } from '../../../hardware/drivers';
import { createDispatcher } from '../../shared/transport/dispatcher';
import { kioskConfigSchema, type KioskConfigInput } from '../config/schema';
import { createEngine } from '../engine';

const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-engine-pins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dispatch(input: KioskConfigInput) {
  const engine = createEngine({ config: kioskConfigSchema.parse(input), dataDir: dir, version: 'test', drivers, resourcesDir: path.join(dir, 'res') });
  return createDispatcher(engine.handlers);
}

describe('engine PIN wiring', () => {
  it('fully simulated: the demo PINs unlock, and privileged calls follow the grant', async () => {
    const call = dispatch({});
    expect(await call('auth.status', {})).toEqual({ ok: true, result: { role: null, expiresAt: null, available: ['staff', 'technician'], demoPins: true } });
    expect(await call('technician.logsExport', {})).toMatchObject({ ok: false, error: { code: 'auth.required' } });
    expect(await call('auth.unlock', { role: 'technician', pin: '2468' })).toMatchObject({ ok: false, error: { code: 'auth.wrong-pin' } });
    const grant = await call('auth.unlock', { role: 'technician', pin: '1357' });
    expect(grant).toMatchObject({ ok: true, result: { ok: true, role: 'technician' } });
    expect(await call('auth.status', {})).toMatchObject({ ok: true, result: { role: 'technician' } });
    expect(await call('auth.lock', {})).toEqual({ ok: true, result: { locked: true } });
    expect(await call('auth.status', {})).toMatchObject({ ok: true, result: { role: null } });
  });

  it('a real device without hashes: no role can be unlocked, not even with the demo PIN', async () => {
    const call = dispatch({ devices: { printer: { uri: 'tcp://127.0.0.1:9', simulate: false } } });
    expect(await call('auth.status', {})).toMatchObject({ ok: true, result: { available: [], demoPins: false } });
    expect(await call('auth.unlock', { role: 'technician', pin: '1357' })).toMatchObject({ ok: false, error: { code: 'auth.not-configured' } });
  });

  it('a PIN that is not 4-12 digits is refused at the contract boundary', async () => {
    const call = dispatch({});
    expect(await call('auth.unlock', { role: 'technician', pin: '13a7' })).toMatchObject({ ok: false, error: { code: 'contract.invalid-request' } });
    expect(await call('auth.unlock', { role: 'root', pin: '1357' })).toMatchObject({ ok: false, error: { code: 'contract.invalid-request' } });
  });
});
