// Runs in: Node (vitest). The production reader stack (readDocument -> Iso7816Card -> SM ->
// BAC/PACE) against the virtual eMRTD chip, in process: a CardChannel that hands each command
// APDU to applet.process(). Covers BAC, PACE on both curves with AES and 3DES, CAN and MRZ
// passwords, tampered MACs, wrong keys and a card pulled mid-read.
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../hardware/card-reader/reader';
import type { CardChannel } from '../../hardware/card-reader/transport/types';
import { KioskError } from '../../src/shared/errors';
import type { CardApplet } from '../../hardware/simulators/card/applet';
import { cardAccessFor, createEmrtdApplet, FID_COM, FID_SOD, fidForDg, type EmrtdDocument } from '../../hardware/simulators/card/emrtd/applet';
import { protocolFixtureFiles } from '../../hardware/simulators/card/emrtd/protocol-fixture';
import { curveByParamId } from '../../hardware/card-reader/crypto/ec';
import { bits, int, oid, seq, setOf, tlv } from '../../hardware/card-reader/lds/der';

const MRZ = { documentNumber: '093047064', dateOfBirth: '930105', dateOfExpiry: '330105' };
const CAN = '047064';
const GM = '0.4.0.127.0.7.2.2.4.2';

function channelFor(applet: CardApplet, opts: { removeAfter?: number } = {}): CardChannel & { count: number } {
  const ch = {
    atr: applet.atr,
    count: 0,
    async transmit(cmd: Uint8Array): Promise<Uint8Array> {
      ch.count++;
      if (opts.removeAfter !== undefined && ch.count > opts.removeAfter) {
        throw new KioskError({ code: 'card.removed', technicianMessage: 'card removed (in-process test channel)', retryable: true });
      }
      return applet.process(cmd);
    },
  };
  return ch;
}

function doc(extra: Partial<EmrtdDocument> = {}): EmrtdDocument {
  return { files: protocolFixtureFiles({ listedButAbsent: [3] }), can: CAN, mrzKey: MRZ, ...extra };
}

function expectFiles(read: Awaited<ReturnType<typeof readDocument>>, d: EmrtdDocument): void {
  expect(read.com).toEqual(d.files.get(FID_COM));
  expect(read.sod).toEqual(d.files.get(FID_SOD));
  for (const dg of [1, 2, 13, 14]) expect(read.dataGroups.get(dg), `DG${dg}`).toEqual(d.files.get(fidForDg(dg)));
  expect(read.skipped.map((s) => s.dg).sort()).toEqual([15, 3].sort());
}

describe('full read, in process', () => {
  it('BAC (3DES SM) when the chip offers no PACE', async () => {
    const d = doc();
    const read = await readDocument(channelFor(createEmrtdApplet(d)), { mrz: MRZ });
    expect(read.access).toMatchObject({ protocol: 'BAC', smCipher: '3DES', keyKind: 'mrz' });
    expect(read.cardAccess).toBeUndefined();
    expectFiles(read, d);
  });

  it.each([
    [`${GM}.2`, 13, 'AES-128'],
    [`${GM}.4`, 13, 'AES-256'],
    [`${GM}.3`, 12, 'AES-192'],
    [`${GM}.2`, 12, 'AES-128'],
    [`${GM}.1`, 13, '3DES'],
    [`${GM}.1`, 12, '3DES'],
  ])('PACE %s on parameter %i with CAN (%s SM)', async (oid, parameterId, cipher) => {
    const d = doc({ paceParams: { oid, parameterId } });
    const read = await readDocument(channelFor(createEmrtdApplet(d)), { can: CAN });
    expect(read.access).toMatchObject({ protocol: 'PACE', smCipher: cipher, paceOid: oid, paceParameterId: parameterId, keyKind: 'can' });
    expectFiles(read, d);
  });

  it('PACE with the MRZ password, identity groups handed out before DG2', async () => {
    const d = doc({ paceParams: { oid: `${GM}.2`, parameterId: 13 } });
    const order: string[] = [];
    const read = await readDocument(channelFor(createEmrtdApplet(d)), { mrz: MRZ }, { onFile: (f) => order.push(f.name) });
    expect(read.access.keyKind).toBe('mrz');
    expect(order.indexOf('dg1')).toBeLessThan(order.indexOf('dg2'));
    expect(order.indexOf('dg13')).toBeLessThan(order.indexOf('dg2'));
    expect(order.indexOf('sod')).toBeLessThan(order.indexOf('dg2'));
    expect(read.timings.identityMs).toBeDefined();
  });

  it('extended-length reads bring a 20 KB DG2 in at most 10 READ BINARYs', async () => {
    const d = doc({ paceParams: { oid: `${GM}.2`, parameterId: 13 } });
    const applet = createEmrtdApplet(d);
    let dg2Reads = 0;
    let inDg2 = false;
    const ch = channelFor(applet);
    const inner = ch.transmit.bind(ch);
    ch.transmit = async (c) => {
      if (c[1] === 0xa4) inDg2 = false;
      if (c[1] === 0xb0 && inDg2) dg2Reads++;
      return inner(c);
    };
    const read = await readDocument(ch, { can: CAN }, {
      maxReadLength: 65536,
      onProgress: (stage) => {
        inDg2 = stage === 'dg2';
      },
    });
    expect(read.dataGroups.get(2)).toEqual(d.files.get(fidForDg(2)));
    expect(dg2Reads).toBeLessThanOrEqual(10);
  });

  it('PACE refused for a non-key reason falls back to BAC with the MRZ key (never with a CAN)', async () => {
    // EF.CardAccess advertises P-256 but the chip runs brainpool: MSE:Set AT gets 6A80.
    const d = doc({ paceParams: { oid: `${GM}.2`, parameterId: 13 } });
    d.files.set(0x011c, cardAccessFor({ oid: `${GM}.2`, parameterId: 12 }));
    const read = await readDocument(channelFor(createEmrtdApplet(d)), { mrz: MRZ });
    expect(read.access.protocol).toBe('BAC');
    expectFiles(read, d);
    await expect(readDocument(channelFor(createEmrtdApplet(d)), { can: CAN })).rejects.toMatchObject({ code: 'card.protocol' });
  });

  it('CAN given but chip is BAC-only: clear error, no guessing', async () => {
    await expect(readDocument(channelFor(createEmrtdApplet(doc())), { can: CAN })).rejects.toMatchObject({ code: 'card.protocol' });
  });
});

describe('Chip Authentication (DG14)', () => {
  const curve = curveByParamId(13);
  const staticKey = 0xc0ffee1234567890n;
  function dg14(oidSuffix: string, publicKeyScalar: bigint): Uint8Array {
    const spki = seq(seq(oid('1.2.840.10045.2.1'), oid('1.3.36.3.3.2.8.1.1.7')), bits(curve.Point.BASE.multiply(publicKeyScalar).toBytes(false)));
    return tlv(0x6e, setOf(seq(oid('0.4.0.127.0.7.2.2.1.2'), spki), seq(oid(`0.4.0.127.0.7.2.2.3.2.${oidSuffix}`), int(1))));
  }
  function withDg14(bytes: Uint8Array, chipScalar: bigint): EmrtdDocument {
    const files = protocolFixtureFiles();
    files.set(fidForDg(14), bytes);
    return { files, can: CAN, mrzKey: MRZ, paceParams: { oid: `${GM}.2`, parameterId: 13 }, caPrivateKey: { paramId: 13, scalar: chipScalar } };
  }
  it.each([
    ['1', '3DES'],
    ['2', 'AES-128'],
    ['4', 'AES-256'],
  ])('CA suite .%s (%s) switches the session and the rest of the read succeeds', async (suffix) => {
    const d = withDg14(dg14(suffix, staticKey), staticKey);
    const read = await readDocument(channelFor(createEmrtdApplet(d)), { can: CAN });
    expect(read.chipAuthentication).toMatchObject({ status: 'verified', oid: `0.4.0.127.0.7.2.2.3.2.${suffix}` });
    expect(read.dataGroups.get(2)).toEqual(d.files.get(fidForDg(2)));
  });
  it('a clone (DG14 key without its private half) fails with card.sm-integrity', async () => {
    const d = withDg14(dg14('2', staticKey), staticKey + 1n);
    await expect(readDocument(channelFor(createEmrtdApplet(d)), { can: CAN })).rejects.toMatchObject({ code: 'card.sm-integrity' });
  });
  it('a DG14 without a CA suite we run is reported as not offered', async () => {
    const read = await readDocument(channelFor(createEmrtdApplet(doc({ paceParams: { oid: `${GM}.2`, parameterId: 13 } }))), { can: CAN });
    expect(read.chipAuthentication?.status).toMatch(/not-offered|failed/);
  });
});

describe('failures', () => {
  it('wrong CAN is card.wrong-key with the Vietnamese citizen message, after one attempt only', async () => {
    const applet = createEmrtdApplet(doc({ paceParams: { oid: `${GM}.2`, parameterId: 13 } }));
    const ch = channelFor(applet);
    const err = await readDocument(ch, { can: '000000' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KioskError);
    expect(err).toMatchObject({ code: 'card.wrong-key' });
    expect((err as KioskError).citizenMessage).toMatch(/không khớp/);
    // EF.CardAccess select+reads, the extended-length probe, MSE, 4 x GA: no second PACE attempt.
    expect(ch.count).toBeLessThanOrEqual(9);
  });

  it('wrong MRZ under BAC is card.wrong-key', async () => {
    await expect(readDocument(channelFor(createEmrtdApplet(doc())), { mrz: { ...MRZ, dateOfBirth: '930106' } })).rejects.toMatchObject({ code: 'card.wrong-key' });
  });

  it.each([1, 3, 7])('a corrupted response MAC (protected response #%i) is card.sm-integrity, never data', async (n) => {
    const applet = createEmrtdApplet(doc({ paceParams: { oid: `${GM}.2`, parameterId: 13 }, faults: { corruptResponseMacAt: n } }));
    await expect(readDocument(channelFor(applet), { can: CAN })).rejects.toMatchObject({ code: 'card.sm-integrity' });
  });

  it('a corrupted MAC under BAC too', async () => {
    const applet = createEmrtdApplet(doc({ faults: { corruptResponseMacAt: 4 } }));
    await expect(readDocument(channelFor(applet), { mrz: MRZ })).rejects.toMatchObject({ code: 'card.sm-integrity' });
  });

  it('card pulled mid-read is card.removed', async () => {
    const applet = createEmrtdApplet(doc({ paceParams: { oid: `${GM}.2`, parameterId: 13 } }));
    await expect(readDocument(channelFor(applet, { removeAfter: 20 }), { can: CAN })).rejects.toMatchObject({ code: 'card.removed' });
  });

  it('no key at all is card.key-missing', async () => {
    await expect(readDocument(channelFor(createEmrtdApplet(doc())), {})).rejects.toMatchObject({ code: 'card.key-missing' });
  });
});

describe('fuzz: a chip answering garbage', () => {
  it('mutated or random responses at any point give a KioskError (or, if untouched, the right data), never another exception', async () => {
    let seed = 4242;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const d = doc();
    let completed = 0;
    for (let i = 0; i < 150; i++) {
      const applet = createEmrtdApplet(d);
      const target = 1 + rnd(40);
      let n = 0;
      const ch: CardChannel = {
        atr: applet.atr,
        async transmit(cmd) {
          const r = applet.process(cmd);
          if (++n !== target) return r;
          const mode = rnd(3);
          if (mode === 0) return Uint8Array.from({ length: rnd(300) }, () => rnd(256));
          const m = Uint8Array.from(r);
          if (mode === 1 && m.length > 0) { const at = rnd(m.length); m[at] = m[at]! ^ (1 << rnd(8)); }
          return mode === 2 ? m.subarray(0, rnd(m.length + 1)) : m;
        },
      };
      try {
        const read = await readDocument(ch, { mrz: MRZ });
        // A mutation that did not matter (e.g. a flipped bit in an ignored status byte) may pass:
        // then every byte must still be right.
        expectFiles(read, d);
        completed++;
      } catch (e) {
        expect(e, String(e)).toBeInstanceOf(KioskError);
      }
    }
    expect(completed).toBeLessThan(150);
  });
});

describe('read size: extended length when card and reader carry it', () => {
  it('a chip with extended length is read in far fewer APDUs, probed before secure messaging', async () => {
    const d = doc({ paceParams: { oid: `${GM}.2`, parameterId: 13 } });
    const auto = await readDocument(channelFor(createEmrtdApplet(d)), { can: CAN });
    const short = await readDocument(channelFor(createEmrtdApplet(d)), { can: CAN }, { maxReadLength: 0xdf });
    expectFiles(auto, d);
    expectFiles(short, d);
    expect(auto.stats.apdus).toBeLessThan(short.stats.apdus - 20);
    expect(auto.stats.readBackoffs).toBe(0);
  });

  it('a chip without extended length answers the probe 6700 and is read with short APDUs, same bytes', async () => {
    const d = doc({ paceParams: { oid: `${GM}.2`, parameterId: 13 }, extendedLength: false });
    const auto = await readDocument(channelFor(createEmrtdApplet(d)), { can: CAN });
    const short = await readDocument(channelFor(createEmrtdApplet(d)), { can: CAN }, { maxReadLength: 0xdf });
    expectFiles(auto, d);
    // One extra APDU (the probe), no back-off ladder, and secure messaging never out of step.
    expect(auto.stats.apdus).toBe(short.stats.apdus + 1);
    expect(auto.stats.readBackoffs).toBe(0);
  });

  it('a reader that cannot transmit extended APDUs (transport error on the probe) falls back the same way', async () => {
    const d = doc({ paceParams: { oid: `${GM}.2`, parameterId: 13 } });
    const applet = createEmrtdApplet(d);
    const ch = channelFor(applet);
    const plain = ch.transmit.bind(ch);
    // Like a CCID reader limited to short APDUs: any extended command fails in the reader, never reaching the chip.
    ch.transmit = async (cmd: Uint8Array) => {
      const extended = cmd.length > 5 && cmd[4] === 0 && (cmd.length === 7 || cmd.length > 7);
      if (extended) throw new KioskError({ code: 'card.transmit-failed', technicianMessage: 'SCardTransmit: extended APDU not supported by reader' });
      return plain(cmd);
    };
    const read = await readDocument(ch, { can: CAN });
    expectFiles(read, d);
    expect(read.access).toMatchObject({ protocol: 'PACE' });
  });
});
