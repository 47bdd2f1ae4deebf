// Runs in: Node (vitest). Every LDS parser against thousands of mutated real files: each call must
// return a value or throw a KioskError, never anything else, and never hang.
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../../src/shared/errors';
import { verifyPassive } from '../pa/passive';
import { trustStoreFromCertificates } from '../pa/trust-store';
import { buildSampleCccd, buildSamplePassport, FID } from '../sample/documents';
import { parseEfCom } from './com';
import { parseDg1 } from './dg1';
import { parseDg13 } from './dg13';
import { parseDg2 } from './dg2';
import { parseDg15 } from './dg15';
import { parseCardAccess, parseDg14 } from './securityInfos';
import { parseSod } from './sod';
import { parseCertificate } from './x509';
import { parseMasterList } from './masterlist';
import { buildMasterList } from '../sample/lds-builder';
import { signerFor } from '../sample/pki';
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const passportSigner = () =>
  signerFor(createPrivateKey(readFileSync(join(__dirname, '..', 'sample', 'fixtures', 'ds-passport.key.pem'))), 'rsa-pkcs1');

let seed = 1234567;
const rnd = (n: number): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0xff, 0x30, 0x31, 0x04, 0x06, 0x0c, 0x5f, 0x7f];

/** Byte flips, length-byte edits, insertions, deletions, truncation, and splices of other files. */
function mutate(src: Uint8Array, donors: Uint8Array[]): Uint8Array {
  let b = Uint8Array.from(src);
  const n = 1 + rnd(4);
  for (let i = 0; i < n; i++) {
    const pos = rnd(Math.max(1, b.length));
    switch (rnd(6)) {
      case 0:
        b[pos] = rnd(256);
        break;
      case 1:
        b[pos] = INTERESTING[rnd(INTERESTING.length)]!;
        break;
      case 2:
        b = Uint8Array.from([...b.subarray(0, pos), ...b.subarray(pos + 1 + rnd(8))]);
        break;
      case 3:
        b = Uint8Array.from([...b.subarray(0, pos), INTERESTING[rnd(INTERESTING.length)]!, ...b.subarray(pos)]);
        break;
      case 4:
        b = b.subarray(0, rnd(b.length + 1));
        break;
      default: {
        const d = donors[rnd(donors.length)]!;
        const at = rnd(Math.max(1, d.length));
        b = Uint8Array.from([...b.subarray(0, pos), ...d.subarray(at, at + 1 + rnd(40))]);
      }
    }
  }
  return b;
}

function fuzz(name: string, input: Uint8Array, parse: (b: Uint8Array) => unknown, runs: number, donors: Uint8Array[]): void {
  it(`${name}: ${runs} mutations give a value or a KioskError`, () => {
    let parsed = 0;
    for (let i = 0; i < runs; i++) {
      const m = mutate(input, donors);
      try {
        parse(m);
        parsed++;
      } catch (err) {
        if (!(err instanceof KioskError)) throw new Error(`${name}: non-Kiosk error ${String(err)} on ${Buffer.from(m).toString('hex').slice(0, 400)}`);
      }
    }
    // Sanity: the mutator must not be so destructive that nothing ever parses.
    expect(parsed).toBeGreaterThan(0);
  });
}

describe('parser fuzz', () => {
  const cccd = buildSampleCccd();
  const passport = buildSamplePassport();
  const donors = [...cccd.files.values()];
  fuzz('EF.COM', cccd.files.get(FID.com)!, parseEfCom, 3000, donors);
  fuzz('EF.CardAccess', cccd.files.get(FID.cardAccess)!, parseCardAccess, 3000, donors);
  fuzz('DG1 TD1', cccd.dataGroups.get(1)!, parseDg1, 3000, donors);
  fuzz('DG1 TD3', passport.dataGroups.get(1)!, parseDg1, 2000, donors);
  fuzz('DG2', cccd.dataGroups.get(2)!, parseDg2, 1500, donors);
  fuzz('DG13', cccd.dataGroups.get(13)!, parseDg13, 4000, donors);
  fuzz('DG14', cccd.dataGroups.get(14)!, parseDg14, 3000, donors);
  fuzz('DG15 RSA', cccd.dataGroups.get(15)!, parseDg15, 2000, donors);
  fuzz('DG15 EC', passport.dataGroups.get(15)!, parseDg15, 2000, donors);
  fuzz('EF.SOD', cccd.files.get(FID.sod)!, parseSod, 3000, donors);
  fuzz('X.509', cccd.documentSignerCertificate, parseCertificate, 3000, donors);
  const ml = buildMasterList([cccd.cscaCertificate], passportSigner(), passport.documentSignerCertificate);
  fuzz('CSCA master list', ml, parseMasterList, 2000, donors);

  it('verifyPassive never throws on mutated SODs and never calls one genuine', () => {
    const store = trustStoreFromCertificates([parseCertificate(cccd.cscaCertificate)]);
    const sod = cccd.files.get(FID.sod)!;
    for (let i = 0; i < 600; i++) {
      const m = mutate(sod, donors);
      const r = verifyPassive({ sod: m, dataGroups: cccd.dataGroups, trustStore: store, now: new Date(Date.UTC(2026, 0, 1)) });
      // A mutation that leaves every signed byte intact (e.g. in the unsigned certificate
      // signature padding) can still verify; anything genuine must then re-encode the same content.
      if (r.status === 'genuine') expect(parseSod(m).eContent).toEqual(parseSod(sod).eContent);
    }
  });

  it('random garbage through every parser', () => {
    const parsers = [parseEfCom, parseCardAccess, parseDg1, parseDg2, parseDg13, parseDg14, parseDg15, parseSod, parseCertificate, parseMasterList];
    for (let i = 0; i < 3000; i++) {
      const b = new Uint8Array(rnd(80));
      for (let j = 0; j < b.length; j++) b[j] = rnd(3) === 0 ? INTERESTING[rnd(INTERESTING.length)]! : rnd(256);
      for (const p of parsers) {
        try {
          p(b);
        } catch (err) {
          expect(err).toBeInstanceOf(KioskError);
        }
      }
    }
  });
});
