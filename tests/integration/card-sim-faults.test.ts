// Runs in: Node (vitest). The virtual chip's faults on demand, end to end: `--fault` values parsed
// by the simulator's fault module, the chip built and connected the way `kiosk sim card` does it,
// then read by the production stack: readDocument -> PC/SC driver -> pcscd -> vpcd -> the chip.
// Each fault must surface as its own KioskError code or passive-authentication result.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocument, type RawDocumentRead, type ReadKey } from '../../hardware/card-reader/reader';
import { createPcscCardReader, type PcscCardReader } from '../../hardware/card-reader/transport/pcsc';
import { verifyPassive } from '../../hardware/card-reader/pa/passive';
import { loadTrustStore, type TrustStore } from '../../hardware/card-reader/pa/trust-store';
import { parseDg1 } from '../../hardware/card-reader/lds/dg1';
import { buildSampleCccd, buildSamplePassport } from '../../hardware/card-reader/sample/documents';
import { acquireVirtualReader, pcscdAvailability, type VirtualReaderLease } from '../../hardware/simulators/card/pcscd-harness';
import { parseFaults, parseProfile } from '../../hardware/simulators/card/faults';
import { loadApplet, startVirtualCardWithFaults } from '../../hardware/simulators/card/simulated-reader';
import type { VirtualCard } from '../../hardware/simulators/card/vpcd';

const availability = pcscdAvailability();
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cccd = buildSampleCccd();
const passport = buildSamplePassport();

describe.skipIf(!availability.ok)(`virtual chip faults through pcscd + vpcd${availability.ok ? '' : ` (skipped: ${availability.reason})`}`, () => {
  let lease: VirtualReaderLease;
  let reader: PcscCardReader;
  let card: VirtualCard | null = null;
  let trustStore: TrustStore;

  beforeAll(async () => {
    trustStore = loadTrustStore(path.join(repoRoot, 'resources', 'csca'), { includeTestAnchors: true });
    lease = await acquireVirtualReader();
    reader = createPcscCardReader({ readerName: lease.readerName, simulated: true, retryIntervalMs: 200 });
    await reader.start();
  });

  afterAll(async () => {
    await card?.close();
    await reader?.stop();
    await lease?.release();
  });

  /** What `kiosk sim card --profile P --fault F...` does, on this test's own vpcd slot. */
  async function insert(profile: string, ...faultArgs: string[]): Promise<VirtualCard> {
    if (card) {
      await card.close();
      // vpcd polls for the card; wait until pcscd has seen the old one leave.
      for (let i = 0; i < 100 && reader.atr !== null; i++) await new Promise((r) => setTimeout(r, 50));
    }
    const faults = parseFaults(faultArgs);
    const applet = await loadApplet('emrtd', { profile: parseProfile(profile), faults });
    const c = startVirtualCardWithFaults({ applet, port: lease.port, faults });
    card = c;
    await c.insert();
    await reader.waitForCard(10_000);
    return c;
  }

  const read = (key: ReadKey, maxReadLength = 65536): Promise<RawDocumentRead> =>
    reader.withCard((ch) => readDocument(ch, key, { maxReadLength }));
  const failure = (key: ReadKey): Promise<unknown> => read(key).then(
    () => new Error('read succeeded'),
    (e: unknown) => e,
  );

  let baselineApdus = 0;

  it('no fault: CCCD by PACE-CAN, PA genuine against resources/csca (test anchors)', async () => {
    await insert('cccd');
    const r = await read({ can: cccd.can });
    expect(r.access).toMatchObject({ protocol: 'PACE', paceParameterId: 13 });
    const pa = verifyPassive({ sod: r.sod, dataGroups: r.dataGroups, trustStore });
    expect(pa.status).toBe('genuine');
    expect(pa.failedDataGroups).toEqual([]);
    baselineApdus = r.stats.apdus;
  });

  it('removed-mid-read: card.removed, retryable; the same card reads after re-insert', async () => {
    const c = await insert('cccd', 'removed-mid-read=20');
    const err = await failure({ can: cccd.can });
    expect(err).toMatchObject({ code: 'card.removed', retryable: true });
    expect(c.inserted).toBe(false);
    expect(c.commandCount).toBe(20);
    // The fault fires once per card: putting it back gives a full read.
    await c.insert();
    await reader.waitForCard(10_000);
    const r = await read({ can: cccd.can });
    expect(r.dataGroups.get(13)).toEqual(cccd.dataGroups.get(13));
  });

  it('corrupt-mac: card.sm-integrity', async () => {
    await insert('cccd', 'corrupt-mac=3');
    expect(await failure({ can: cccd.can })).toMatchObject({ code: 'card.sm-integrity' });
  });

  it('wrong-key: the printed CAN (PACE) and MRZ (BAC) are refused as card.wrong-key', async () => {
    await insert('cccd', 'wrong-key');
    expect(await failure({ can: cccd.can })).toMatchObject({ code: 'card.wrong-key' });
    await insert('passport', 'wrong-key');
    expect(await failure({ mrz: passport.mrz })).toMatchObject({ code: 'card.wrong-key' });
  });

  it('bad-hash=13: the read completes but PA is failed, naming DG13 and only DG13', async () => {
    await insert('cccd', 'bad-hash=13');
    const r = await read({ can: cccd.can });
    expect(r.dataGroups.get(13)).not.toEqual(buildSampleCccd().dataGroups.get(13));
    const pa = verifyPassive({ sod: r.sod, dataGroups: r.dataGroups, trustStore });
    expect(pa.status).toBe('failed');
    expect(pa.failedDataGroups).toEqual([13]);
    expect(pa.verifiedDataGroups).not.toContain(13);
    expect(pa.reasons.join('\n')).toContain('DG13');
  });

  it('small-reads=200: same bytes, more APDUs, read size backed off', async () => {
    await insert('cccd', 'small-reads=200');
    const r = await read({ can: cccd.can });
    for (const dg of [1, 2, 13, 14, 15]) expect(r.dataGroups.get(dg)).toEqual(cccd.dataGroups.get(dg));
    expect(r.stats.readBackoffs).toBeGreaterThan(0);
    expect(baselineApdus).toBeGreaterThan(0);
    // DG2 alone is 13 KB: at <= 200 bytes per READ BINARY that is dozens more exchanges.
    expect(r.stats.apdus).toBeGreaterThan(baselineApdus + 40);
    expect(verifyPassive({ sod: r.sod, dataGroups: r.dataGroups, trustStore }).status).toBe('genuine');
  });

  it('slow=15: the read still succeeds and verifies', async () => {
    await insert('cccd', 'slow=15');
    const r = await read({ can: cccd.can });
    expect(r.dataGroups.get(1)).toEqual(cccd.dataGroups.get(1));
    expect(verifyPassive({ sod: r.sod, dataGroups: r.dataGroups, trustStore }).status).toBe('genuine');
  });

  it('passport profile: BAC read of a TD3 document, PA genuine', async () => {
    await insert('passport');
    const r = await read({ mrz: passport.mrz });
    expect(r.access.protocol).toBe('BAC');
    expect(r.cardAccess).toBeUndefined();
    const dg1 = parseDg1(r.dataGroups.get(1)!);
    expect(dg1.mrz.format).toBe('TD3');
    expect(dg1.mrz.valid).toBe(true);
    expect(dg1.mrz.documentNumber).toBe(passport.mrz.documentNumber);
    const pa = verifyPassive({ sod: r.sod, dataGroups: r.dataGroups, trustStore });
    expect(pa.status).toBe('genuine');
    expect(pa.verifiedDataGroups.sort((a, b) => a - b)).toEqual([...passport.dataGroups.keys()].sort((a, b) => a - b));
  });

  it('a bad-hash on a data group the profile lacks is a clear KioskError, not a crash', async () => {
    await expect(loadApplet('emrtd', { profile: 'passport', faults: parseFaults(['bad-hash=13']) })).rejects.toMatchObject({ code: 'sim.bad-fault' });
    await expect(loadApplet('fs', { faults: parseFaults(['wrong-key']) })).rejects.toMatchObject({ code: 'sim.bad-combination' });
  });
});
