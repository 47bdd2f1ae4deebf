// Runs in: Node (vitest). End to end through the real PC/SC stack: readDocument -> PC/SC driver
// -> pcscd -> vpcd (virtual reader driver) -> TCP -> the virtual eMRTD chip. Starts pcscd itself
// (through the shared harness) and cleans up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocument } from '../../hardware/card-reader/reader';
import { createPcscCardReader, type PcscCardReader } from '../../hardware/card-reader/transport/pcsc';
import { acquireVirtualReader, pcscdAvailability, type VirtualReaderLease } from '../../hardware/simulators/card/pcscd-harness';
import { startVirtualCard, type VirtualCard } from '../../hardware/simulators/card/vpcd';
import { createEmrtdApplet, FID_SOD, fidForDg, type EmrtdDocument } from '../../hardware/simulators/card/emrtd/applet';
import { protocolFixtureFiles } from '../../hardware/simulators/card/emrtd/protocol-fixture';
import type { CardApplet } from '../../hardware/simulators/card/applet';
import { createSampleCccdApplet, createSamplePassportApplet } from '../../hardware/simulators/card/emrtd';
import { buildSampleCccd, buildSamplePassport, testCscaCertificate } from '../../hardware/card-reader/sample/documents';
import { verifyPassive } from '../../hardware/card-reader/pa/passive';
import { trustStoreFromCertificates } from '../../hardware/card-reader/pa/trust-store';
import { parseCertificate } from '../../hardware/card-reader/lds/x509';

const MRZ = { documentNumber: '093047064', dateOfBirth: '930105', dateOfExpiry: '330105' };
const CAN = '047064';
const availability = pcscdAvailability();

describe.skipIf(!availability.ok)('card read through pcscd + vpcd', () => {
  let lease: VirtualReaderLease;
  let reader: PcscCardReader;
  let card: VirtualCard | null = null;

  beforeAll(async () => {
    lease = await acquireVirtualReader();
    reader = createPcscCardReader({ readerName: lease.readerName, simulated: true, retryIntervalMs: 200 });
    await reader.start();
  });

  afterAll(async () => {
    await card?.close();
    await reader?.stop();
    await lease?.release();
  });

  async function insert(applet: CardApplet, faultAfter?: number): Promise<void> {
    if (card) {
      await card.close();
      // vpcd polls for the card; wait until pcscd has seen the old one leave.
      for (let i = 0; i < 100 && reader.atr !== null; i++) await new Promise((r) => setTimeout(r, 50));
    }
    const c = startVirtualCard({
      applet,
      port: lease.port,
      ...(faultAfter !== undefined ? { onCommand: (_cmd: Uint8Array, i: number) => { if (i === faultAfter) void c.remove(); } } : {}),
    });
    card = c;
    await c.insert();
    await reader.waitForCard(10_000);
  }

  const files = (): Map<number, Uint8Array> => protocolFixtureFiles({ listedButAbsent: [3] });
  const doc = (extra: Partial<EmrtdDocument> = {}): EmrtdDocument => ({ files: files(), can: CAN, mrzKey: MRZ, ...extra });

  it('sample CCCD: PACE-CAN, then PA genuine, AA and CA verified', async () => {
    const sample = buildSampleCccd();
    await insert(createSampleCccdApplet());
    const read = await reader.withCard((ch) => readDocument(ch, { can: sample.can }, { maxReadLength: 65536 }));
    expect(read.access).toMatchObject({ protocol: 'PACE', paceParameterId: 13 });
    const pa = verifyPassive({ sod: read.sod, dataGroups: read.dataGroups, trustStore: trustStoreFromCertificates([parseCertificate(testCscaCertificate())], 'test') });
    expect(pa.status).toBe('genuine');
    expect(read.activeAuthentication?.status).toBe('verified');
    expect(read.chipAuthentication?.status).toBe('verified');
  });

  it('sample CCCD via BAC (MRZ key), sample passport (TD3) via BAC', async () => {
    const cccd = buildSampleCccd();
    await insert(createSampleCccdApplet());
    const a = await reader.withCard((ch) => readDocument(ch, { mrz: cccd.mrz }, { forceBac: true, maxReadLength: 65536 }));
    expect(a.access.protocol).toBe('BAC');
    expect(a.dataGroups.get(13)).toEqual(cccd.dataGroups.get(13));
    const passport = buildSamplePassport();
    await insert(createSamplePassportApplet());
    const b = await reader.withCard((ch) => readDocument(ch, { mrz: passport.mrz }, { maxReadLength: 65536 }));
    expect(b.access.protocol).toBe('BAC');
    expect(b.dataGroups.get(1)).toEqual(passport.dataGroups.get(1));
  });

  it('CCCD profile: PACE-CAN, brainpoolP256r1, AES-128, 0xDF reads', async () => {
    const d = doc({ paceParams: { oid: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 13 } });
    await insert(createEmrtdApplet(d));
    const read = await reader.withCard((ch) => readDocument(ch, { can: CAN }));
    expect(read.access).toMatchObject({ protocol: 'PACE', paceParameterId: 13, smCipher: 'AES-128' });
    expect(read.dataGroups.get(2)).toEqual(d.files.get(fidForDg(2)));
    expect(read.sod).toEqual(d.files.get(FID_SOD));
  });

  it('BAC with the MRZ key', async () => {
    const d = doc();
    await insert(createEmrtdApplet(d));
    const read = await reader.withCard((ch) => readDocument(ch, { mrz: MRZ }, { maxReadLength: 65536 }));
    expect(read.access.protocol).toBe('BAC');
    expect(read.dataGroups.get(1)).toEqual(d.files.get(fidForDg(1)));
    expect(read.dataGroups.get(13)).toEqual(d.files.get(fidForDg(13)));
  });

  it('wrong CAN through PC/SC is card.wrong-key', async () => {
    await insert(createEmrtdApplet(doc({ paceParams: { oid: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 13 } })));
    await expect(reader.withCard((ch) => readDocument(ch, { can: '111111' }))).rejects.toMatchObject({ code: 'card.wrong-key' });
  });

  it('corrupted response MAC through PC/SC is card.sm-integrity', async () => {
    await insert(createEmrtdApplet(doc({ paceParams: { oid: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 13 }, faults: { corruptResponseMacAt: 5 } })));
    await expect(reader.withCard((ch) => readDocument(ch, { can: CAN }))).rejects.toMatchObject({ code: 'card.sm-integrity' });
  });

  it('card pulled mid-read is card.removed', async () => {
    await insert(createEmrtdApplet(doc({ paceParams: { oid: '0.4.0.127.0.7.2.2.4.2.2', parameterId: 13 } })), 25);
    // Through vpcd a pulled card shows up as an empty response APDU; the PC/SC layer maps it.
    const err = await reader.withCard((ch) => readDocument(ch, { can: CAN })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'card.removed', retryable: true });
  });
});
