// Runs in: Node (vitest). `npm start`'s simulated card reader chosen from the config: the
// `devices.cardReader.simulation` block (profile, faults) goes through startSimulators — the code
// `kiosk start` runs — and the chip it puts on the vpcd reader is read by the production stack
// (readDocument -> PC/SC driver -> pcscd -> vpcd). Each profile and fault must show in the result.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readDocument, type ReadKey } from '../../hardware/card-reader/reader';
import { createPcscCardReader, type PcscCardReader } from '../../hardware/card-reader/transport/pcsc';
import { verifyPassive } from '../../hardware/card-reader/pa/passive';
import { loadTrustStore, type TrustStore } from '../../hardware/card-reader/pa/trust-store';
import { parseDg1 } from '../../hardware/card-reader/lds/dg1';
import { buildSampleCccd, buildSamplePassport } from '../../hardware/card-reader/sample/documents';
import { pcscdAvailability } from '../../hardware/simulators/card/pcscd-harness';
import { kioskConfigSchema, type KioskConfigInput } from '../../src/core/config/schema';
import { startSimulators, type SimulatorSet } from '../../src/cli/runtime/simulators';

const availability = pcscdAvailability();
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cccd = buildSampleCccd();
const passport = buildSamplePassport();

/** Only the card reader is simulated; the other devices are real (and absent) so nothing else starts. */
function configWith(simulation: NonNullable<NonNullable<KioskConfigInput['devices']>['cardReader']>['simulation']) {
  return kioskConfigSchema.parse({
    devices: {
      cardReader: { driver: 'pcsc', reader: '', simulate: true, ...(simulation ? { simulation } : {}) },
      printer: { driver: 'escpos', uri: 'tcp://127.0.0.1:9', profile: '80mm', simulate: false },
    },
    upstream: { adapter: 'provincial-json', url: 'http://127.0.0.1:9', simulate: false },
  });
}

describe.skipIf(!availability.ok)(`simulated card chosen by config${availability.ok ? '' : ` (skipped: ${availability.reason})`}`, () => {
  let trustStore: TrustStore;
  let dataDir: string;
  let sims: SimulatorSet | null = null;
  let reader: PcscCardReader | null = null;

  beforeAll(() => {
    trustStore = loadTrustStore(path.join(repoRoot, 'resources', 'csca'), { includeTestAnchors: true });
    dataDir = mkdtempSync(path.join(tmpdir(), 'card-sim-config-'));
  });
  afterEach(async () => {
    await sims?.stop();
    sims = null;
    // vpcd polls for its card: wait until pcscd has seen this one leave, so the next test's chip on
    // the same slot is a fresh insertion and not mistaken for this card.
    for (let i = 0; i < 100 && reader && reader.atr !== null; i++) await new Promise((r) => setTimeout(r, 50));
    await reader?.stop();
    reader = null;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  /** startSimulators as `kiosk start` runs it, then the card put on the reader (Enter in the demo terminal). */
  async function start(simulation: Parameters<typeof configWith>[0]): Promise<PcscCardReader> {
    sims = await startSimulators(configWith(simulation), dataDir);
    const card = sims.running.find((s) => s.name === 'card');
    expect(card, 'card simulator started').toBeDefined();
    const readerName = sims.config.devices.cardReader!.reader;
    reader = createPcscCardReader({ readerName, simulated: true, retryIntervalMs: 200 });
    await reader.start();
    await (card!.controls as { insertCard(): Promise<void> }).insertCard();
    await reader.waitForCard(15_000);
    return reader;
  }
  const read = (r: PcscCardReader, key: ReadKey) => r.withCard((ch) => readDocument(ch, key, { maxReadLength: 65536 }));

  it('no simulation block: the fault-free sample CCCD, PACE, PA genuine', async () => {
    const r = await start(undefined);
    expect(sims!.running.find((s) => s.name === 'card')!.address).toContain('cccd chip, faults: none');
    const doc = await read(r, { can: cccd.can });
    expect(doc.access.protocol).toBe('PACE');
    expect(verifyPassive({ sod: doc.sod, dataGroups: doc.dataGroups, trustStore }).status).toBe('genuine');
  });

  it('profile passport: a TD3 chip reached by BAC only', async () => {
    const r = await start({ profile: 'passport' });
    const doc = await read(r, { mrz: passport.mrz });
    expect(doc.access.protocol).toBe('BAC');
    expect(doc.cardAccess).toBeUndefined();
    expect(parseDg1(doc.dataGroups.get(1)!).mrz.format).toBe('TD3');
    expect(verifyPassive({ sod: doc.sod, dataGroups: doc.dataGroups, trustStore }).status).toBe('genuine');
  });

  it('profile cccd-unknown-csca: data verifies, issuer does not — "issuer-unverified", not an error', async () => {
    const r = await start({ profile: 'cccd-unknown-csca' });
    const doc = await read(r, { can: cccd.can });
    const pa = verifyPassive({ sod: doc.sod, dataGroups: doc.dataGroups, trustStore });
    expect(pa.status).toBe('issuer-unverified');
    expect(pa.failedDataGroups).toEqual([]);
  });

  it('fault wrong-key: the sample CAN is refused with card.wrong-key', async () => {
    const r = await start({ profile: 'cccd', faults: ['wrong-key'] });
    await expect(read(r, { can: cccd.can })).rejects.toMatchObject({ code: 'card.wrong-key' });
  });

  it('fault removed-mid-read: card.removed while reading, then the re-inserted card reads', async () => {
    const r = await start({ faults: ['removed-mid-read=20'] });
    await expect(read(r, { can: cccd.can })).rejects.toMatchObject({ code: 'card.removed' });
    const card = sims!.running.find((s) => s.name === 'card')!.controls as { insertCard(): Promise<void>; cardInserted(): boolean };
    for (let i = 0; i < 100 && r.atr !== null; i++) await new Promise((res) => setTimeout(res, 50));
    await card.insertCard();
    await r.waitForCard(15_000);
    const doc = await read(r, { can: cccd.can });
    expect(doc.dataGroups.has(2)).toBe(true);
  });

  it('fault corrupt-mac (a tampered response): card.sm-integrity, never data', async () => {
    const r = await start({ faults: ['corrupt-mac=3'] });
    await expect(read(r, { can: cccd.can })).rejects.toMatchObject({ code: 'card.sm-integrity' });
  });
});
