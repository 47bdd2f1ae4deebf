// The engine reads the sample CCCD chip through the production path: PC/SC driver -> pcscd ->
// vsmartcard vpcd -> the virtual chip (PACE, secure messaging, LDS) -> parsing -> passive and
// active authentication -> the Identity the UI receives.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drivers } from '../../hardware/drivers';
import { buildSampleCccd } from '../../hardware/card-reader/sample/documents';
import { createSampleCccdApplet } from '../../hardware/simulators/card/emrtd';
import { acquireVirtualReader, type VirtualReaderLease } from '../../hardware/simulators/card/pcscd-harness';
import { startVirtualCard, type VirtualCard } from '../../hardware/simulators/card/vpcd';
import { parseConfig } from '../../src/core/config/load';
import { createEngine, type Engine } from '../../src/core/engine';
import type { EventName } from '../../src/shared/contract';
import { createDispatcher, type Dispatch } from '../../src/shared/transport/dispatcher';

const sample = buildSampleCccd();
let lease: VirtualReaderLease;
let card: VirtualCard;
let engine: Engine;
let dispatch: Dispatch;
let dir: string;
const events: Array<{ event: EventName; payload: unknown }> = [];

async function until(predicate: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kiosk-identity-'));
  lease = await acquireVirtualReader();
  card = startVirtualCard({ applet: createSampleCccdApplet(), port: lease.port });
  const config = parseConfig(`devices:\n  cardReader: { driver: pcsc, reader: ${JSON.stringify(lease.readerName)}, simulate: true }\n`, 'test');
  engine = createEngine({ config, dataDir: dir, version: 'test', drivers, resourcesDir: path.resolve('resources') });
  engine.subscribe((event, payload) => events.push({ event, payload }));
  dispatch = createDispatcher(engine.handlers);
  await engine.start();
  await until(() => engine.devices.list().some((d) => d.id === 'card-reader' && d.state === 'ready'));
}, 90_000);

afterAll(async () => {
  await engine?.stop();
  await card?.close();
  await lease?.release();
  rmSync(dir, { recursive: true, force: true });
});

describe('identity.readCard through pcscd + vpcd', () => {
  it('reads, verifies and shows the sample citizen; the identity lives only in the session', async () => {
    await card.insert();
    await until(() => events.some((e) => e.event === 'card.inserted'));
    events.length = 0;
    const result = await dispatch('identity.readCard', { idNumber: sample.idNumber });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    const identity = result.result as Record<string, unknown> & { verification: { status: string; activeAuthentication: string } };
    expect(identity.idNumber).toBe(sample.idNumber);
    expect(identity.source).toBe('chip');
    expect(String(identity.fullName).normalize('NFC')).toBe(identity.fullName);
    expect(identity.fullName).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
    expect(identity.dateOfBirth).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    expect(String(identity.faceImage)).toMatch(/^data:image\/(jpeg|png);base64,/);
    expect(identity.verification.status).toBe('genuine');
    expect(identity.verification.activeAuthentication).toBe('verified');

    const progress = events.filter((e) => e.event === 'identity.progress').map((e) => (e.payload as { percent: number }).percent);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);
    expect(engine.session.get('identity')).toMatchObject({ idNumber: sample.idNumber });
  });

  it('refuses a wrong CAN with a plain Vietnamese message, and the engine keeps running', async () => {
    const wrong = String((Number(sample.can) + 1) % 1_000_000).padStart(6, '0');
    const result = await dispatch('identity.readCard', { can: wrong });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('card.wrong-key');
    expect(result.error.citizenMessage).toMatch(/[ăâđêôơư]/);
    // …and the right key still works afterwards
    expect((await dispatch('identity.readCard', { can: sample.can })).ok).toBe(true);
  });

  it('a typed ID that opens the chip but is not its number is refused', async () => {
    const other = `${(Number(sample.idNumber.slice(0, 6)) + 1).toString().padStart(6, '0')}${sample.idNumber.slice(6)}`;
    const result = await dispatch('identity.readCard', { idNumber: other });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('card.id-mismatch');
  });

  it('taking the card away ends the session and wipes the identity', async () => {
    expect(engine.session.isActive).toBe(true);
    await card.remove();
    await until(() => events.some((e) => e.event === 'session.ended'));
    expect(engine.session.size).toBe(0);
    expect(engine.session.get('identity')).toBeUndefined();
  });
});
