// Runs in: Node (vitest). The sample CCCD and passport chips (generated personalisation, SOD signed
// by a test DS under a test CSCA) read by the production stack in process, then passive and active
// authentication on what was read: the reader's output is what PA verifies.
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../hardware/card-reader/reader';
import { parseDg1 } from '../../hardware/card-reader/lds/dg1';
import { parseDg13 } from '../../hardware/card-reader/lds/dg13';
import { parseCertificate } from '../../hardware/card-reader/lds/x509';
import { verifyPassive } from '../../hardware/card-reader/pa/passive';
import { trustStoreFromCertificates } from '../../hardware/card-reader/pa/trust-store';
import { buildSampleCccd, buildSamplePassport, testCscaCertificate } from '../../hardware/card-reader/sample/documents';
import { createSampleCccdApplet, createSamplePassportApplet } from '../../hardware/simulators/card/emrtd';
import type { CardApplet } from '../../hardware/simulators/card/applet';

const channel = (applet: CardApplet) => ({ atr: applet.atr, transmit: async (c: Uint8Array) => applet.process(c) });

function trust() {
  return trustStoreFromCertificates([parseCertificate(testCscaCertificate())], 'test');
}

describe('sample CCCD chip', () => {
  const doc = buildSampleCccd();

  it.each([
    ['PACE with CAN', { can: doc.can }, 'PACE'],
    ['PACE with the MRZ key', { mrz: doc.mrz }, 'PACE'],
  ] as const)('%s: identity, genuine per PA, AA verified', async (_label, key, protocol) => {
    const read = await readDocument(channel(createSampleCccdApplet()), key);
    expect(read.access.protocol).toBe(protocol);
    expect(read.access.paceParameterId).toBe(13);
    expect(parseDg1(read.dataGroups.get(1)!).mrz.documentNumber).toBe(doc.mrz.documentNumber);
    expect(parseDg13(read.dataGroups.get(13)!).idNumber).toBe(doc.idNumber);
    const pa = verifyPassive({ sod: read.sod, dataGroups: read.dataGroups, trustStore: trust() });
    expect(pa.status).toBe('genuine');
    expect(pa.verifiedDataGroups.sort((a, b) => a - b)).toEqual([1, 2, 13, 14, 15]);
    expect(read.activeAuthentication).toMatchObject({ status: 'verified', keyType: 'rsa' });
    expect(read.chipAuthentication).toMatchObject({ status: 'verified', oid: '0.4.0.127.0.7.2.2.3.2.2' });
  });

  it('BAC with the MRZ key (last 9 digits of the ID) when PACE is skipped', async () => {
    const read = await readDocument(channel(createSampleCccdApplet()), { mrz: doc.mrz }, { forceBac: true });
    expect(read.access.protocol).toBe('BAC');
    expect(doc.mrz.documentNumber).toBe(doc.idNumber.slice(3));
    expect(read.dataGroups.get(2)).toEqual(doc.dataGroups.get(2));
  });

  it('a DG whose hash does not match the SOD is read faithfully and fails PA', async () => {
    const read = await readDocument(channel(createSampleCccdApplet({ tamperDataGroup: 13 })), { can: doc.can });
    const pa = verifyPassive({ sod: read.sod, dataGroups: read.dataGroups, trustStore: trust() });
    expect(pa.status).toBe('failed');
    expect(pa.failedDataGroups).toContain(13);
  });
});

describe('sample passport chip (TD3, BAC only)', () => {
  it('reads via BAC, PA genuine, ECDSA AA verified', async () => {
    const doc = buildSamplePassport();
    const read = await readDocument(channel(createSamplePassportApplet()), { mrz: doc.mrz });
    expect(read.access).toMatchObject({ protocol: 'BAC', smCipher: '3DES' });
    expect(parseDg1(read.dataGroups.get(1)!).mrz.format).toBe('TD3');
    const pa = verifyPassive({ sod: read.sod, dataGroups: read.dataGroups, trustStore: trust() });
    expect(pa.status).toBe('genuine');
    expect(read.activeAuthentication).toMatchObject({ status: 'verified', keyType: 'ec' });
  });
});
