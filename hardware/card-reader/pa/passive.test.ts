// Runs in: Node (vitest). Passive authentication over the sample documents: genuine, tampered,
// untrusted and forged cases, every supported signature scheme, and the JS (noble) ECDSA path.
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSod } from '../lds/sod';
import { parseCertificate } from '../lds/x509';
import { buildSampleCccd, buildSamplePassport, FID, testCscaCertificate } from '../sample/documents';
import { buildMasterList, buildSod } from '../sample/lds-builder';
import { generateKey, generateTestPki, issueCertificate, name, signerFor, toPem, type KeyKind } from '../sample/pki';
import { ecPublicKeyFromSpki, NAMED_CURVES } from './ec';
import { checkDataGroupHash, verifyPassive, type PassiveResult } from './passive';
import { resolveSignatureAlgorithm, verifyEcdsaWithNoble, verifySignature } from './signature';
import { loadTrustStore, trustStoreFromCertificates } from './trust-store';
import { OID } from '../lds/oids';

const CSCA_DIR = join(__dirname, '..', '..', '..', 'resources', 'csca');
const testStore = loadTrustStore(CSCA_DIR, { includeTestAnchors: true });
const productionStore = loadTrustStore(CSCA_DIR);
const NOW = new Date(Date.UTC(2026, 0, 15));
const cccd = buildSampleCccd();
const passport = buildSamplePassport();

const statusOf = (r: PassiveResult, id: string): string[] => r.checks.filter((c) => c.id === id).map((c) => c.status);

describe('trust store', () => {
  it('keeps TEST anchors out unless asked', () => {
    expect(productionStore.anchors.some((a) => a.certificate.subjectText.includes('TEST CSCA'))).toBe(false);
    expect(testStore.anchors.map((a) => a.source)).toContain(join('test', 'TEST-ONLY-csca-vn.pem'));
  });
  const dir = mkdtempSync(join(tmpdir(), 'csca-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it('loads PEM and DER, reports unreadable files instead of failing', () => {
    mkdirSync(join(dir, 'vn'));
    writeFileSync(join(dir, 'vn', 'a.pem'), toPem(testCscaCertificate()));
    writeFileSync(join(dir, 'b.der'), testCscaCertificate());
    writeFileSync(join(dir, 'broken.cer'), 'not a certificate');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const store = loadTrustStore(dir);
    expect(store.anchors).toHaveLength(2);
    expect(store.rejected.map((r) => r.source)).toEqual(['broken.cer']);
    expect(() => loadTrustStore(join(dir, 'missing'))).toThrowError(expect.objectContaining({ code: 'config.trust-store-unreadable' }));
  });
  it('takes CSCAs from a master list only when its signature verifies and its signer chains to a listed CSCA', () => {
    const mlDir = mkdtempSync(join(tmpdir(), 'csca-ml-'));
    try {
      // A PKD participant's list: its own CSCA signs the Master List Signer; the list also carries another CSCA.
      const publisher = generateTestPki('ecdsa-p256', { country: 'DE' });
      const other = generateTestPki('rsa-pkcs1', { country: 'FR' });
      const ml = buildMasterList([publisher.cscaCertificate, other.cscaCertificate], publisher.dsSigner, publisher.dsCertificate);
      writeFileSync(join(mlDir, 'good.ml'), ml);
      // Same list, but signed by a signer whose CSCA is not in it.
      const stranger = generateTestPki('ecdsa-p256', { country: 'XX' });
      writeFileSync(join(mlDir, 'unchained.ml'), buildMasterList([other.cscaCertificate], stranger.dsSigner, stranger.dsCertificate));
      // Tampered content: flip a byte inside the signed certificate list.
      const tampered = Uint8Array.from(ml);
      tampered[200]! ^= 1;
      writeFileSync(join(mlDir, 'tampered.ml'), tampered);
      const store = loadTrustStore(mlDir);
      expect(store.anchors.map((a) => a.source)).toEqual(['good.ml', 'good.ml']);
      expect(store.rejected.map((r) => r.source).sort()).toEqual(['tampered.ml', 'unchained.ml']);
      expect(loadTrustStore(mlDir, { acceptUnverifiedMasterLists: true }).anchors.length).toBeGreaterThanOrEqual(3);
      // A document under a CSCA from the verified list is genuine.
      const doc = buildSampleCccd({ signer: { signer: other.dsSigner, certificate: other.dsCertificate } });
      expect(verifyPassive({ sod: doc.files.get(FID.sod)!, dataGroups: doc.dataGroups, trustStore: store, now: NOW }).status).toBe('genuine');
    } finally {
      rmSync(mlDir, { recursive: true, force: true });
    }
  });
});

describe('verifyPassive on the sample documents', () => {
  it('CCCD (ECDSA brainpoolP256r1 DS under the TEST CSCA) is genuine', () => {
    const r = verifyPassive({ sod: cccd.files.get(FID.sod)!, dataGroups: cccd.dataGroups, trustStore: testStore, now: NOW });
    expect(r.status).toBe('genuine');
    expect(r.reasons).toEqual([]);
    expect(r.verifiedDataGroups).toEqual([1, 2, 13, 14, 15]);
    for (const id of ['sod-structure', 'content-type', 'message-digest', 'ds-certificate', 'signature', 'ds-validity', 'chain', 'csca-validity']) {
      expect(statusOf(r, id), id).toEqual(['pass']);
    }
    expect(r.csca?.subject).toContain('TEST CSCA');
  });
  it('passport (RSA PKCS#1 v1.5 DS) is genuine', () => {
    expect(verifyPassive({ sod: passport.files.get(FID.sod)!, dataGroups: passport.dataGroups, trustStore: testStore, now: NOW }).status).toBe('genuine');
  });
  it('reports a good signature without a trusted CSCA as issuer-unverified', () => {
    const r = verifyPassive({ sod: cccd.files.get(FID.sod)!, dataGroups: cccd.dataGroups, trustStore: productionStore, now: NOW });
    expect(r.status).toBe('issuer-unverified');
    expect(statusOf(r, 'signature')).toEqual(['pass']);
    expect(statusOf(r, 'chain')).toEqual(['skipped']);
    expect(r.reasons.join()).toContain('no CSCA');
  });
  for (const dg of [1, 2, 13, 14, 15]) {
    it(`fails, naming DG${dg}, when DG${dg} was altered after signing`, () => {
      const t = buildSampleCccd({ tamperDataGroup: dg });
      const r = verifyPassive({ sod: t.files.get(FID.sod)!, dataGroups: t.dataGroups, trustStore: testStore, now: NOW });
      expect(r.status).toBe('failed');
      expect(r.failedDataGroups).toEqual([dg]);
      expect(r.reasons).toEqual([`DG${dg} hash does not match the SOD`]);
      expect(r.verifiedDataGroups).not.toContain(dg);
    });
  }
  it('fails on a data group the SOD does not cover', () => {
    const groups = new Map(cccd.dataGroups).set(11, Uint8Array.of(0x6b, 0x00));
    const r = verifyPassive({ sod: cccd.files.get(FID.sod)!, dataGroups: groups, trustStore: testStore, now: NOW });
    expect(r.status).toBe('failed');
    expect(r.failedDataGroups).toEqual([11]);
  });
  it('fails when the signature bytes are altered', () => {
    const sod = parseSod(cccd.files.get(FID.sod)!);
    const si = sod.signerInfos[0]!;
    const bad = { ...sod, signerInfos: [{ ...si, signature: Uint8Array.from(si.signature, (b, i) => (i === 10 ? b ^ 1 : b)) }] };
    const r = verifyPassive({ sod: bad, dataGroups: cccd.dataGroups, trustStore: testStore, now: NOW });
    expect(r.status).toBe('failed');
    expect(statusOf(r, 'signature')).toEqual(['fail']);
  });
  it('fails when the LDSSecurityObject no longer matches the signed messageDigest', () => {
    const sod = parseSod(cccd.files.get(FID.sod)!);
    const eContent = Uint8Array.from(sod.eContent);
    eContent[eContent.length - 1]! ^= 1;
    const r = verifyPassive({ sod: { ...sod, eContent }, dataGroups: new Map(), trustStore: testStore, now: NOW });
    expect(r.status).toBe('failed');
    expect(statusOf(r, 'message-digest')).toEqual(['fail']);
  });
  it('fails on an unparseable SOD with the structure check', () => {
    const r = verifyPassive({ sod: Uint8Array.of(0x77, 0x03, 0x30, 0x01, 0x00), dataGroups: cccd.dataGroups, trustStore: testStore, now: NOW });
    expect(r.status).toBe('failed');
    expect(r.checks[0]).toMatchObject({ id: 'sod-structure', status: 'fail' });
  });
  it('does not call an expired Document Signer genuine', () => {
    const r = verifyPassive({ sod: cccd.files.get(FID.sod)!, dataGroups: cccd.dataGroups, trustStore: testStore, now: new Date(Date.UTC(2040, 0, 1)) });
    expect(r.status).toBe('issuer-unverified');
    expect(statusOf(r, 'ds-validity')).toEqual(['fail']);
  });
  it('fails a DS certificate that names a trusted CSCA it was not signed by', () => {
    const forger = signerFor(generateKey('rsa-pkcs1'), 'rsa-pkcs1');
    const dsKey = generateKey('ecdsa-p256');
    const ds = signerFor(dsKey, 'ecdsa-p256');
    const cert = issueCertificate(
      { serial: 99n, issuer: parseCertificate(testCscaCertificate()).subject, subject: name([['C', 'VN'], ['CN', 'forged DS']]), notBefore: new Date(Date.UTC(2024, 0, 1)), notAfter: new Date(Date.UTC(2035, 0, 1)), spki: ds.spki, isCa: false },
      forger,
    );
    const doc = buildSampleCccd({ signer: { signer: ds, certificate: cert } });
    const r = verifyPassive({ sod: doc.files.get(FID.sod)!, dataGroups: doc.dataGroups, trustStore: testStore, now: NOW });
    expect(statusOf(r, 'signature')).toEqual(['pass']);
    expect(statusOf(r, 'chain')).toEqual(['fail']);
    expect(r.status).toBe('failed');
  });
});

describe('signature schemes (throw-away PKIs)', () => {
  const kinds: KeyKind[] = ['rsa-pkcs1', 'rsa-pss', 'ecdsa-p256', 'ecdsa-brainpoolP256r1'];
  for (const kind of kinds) {
    it(`${kind}: issuer-unverified when its CSCA is unknown, genuine once trusted`, () => {
      const pki = generateTestPki(kind, { cscaKind: kind === 'rsa-pss' ? 'rsa-pss' : 'ecdsa-p256' });
      const doc = buildSampleCccd({ signer: { signer: pki.dsSigner, certificate: pki.dsCertificate } });
      const sod = doc.files.get(FID.sod)!;
      expect(verifyPassive({ sod, dataGroups: doc.dataGroups, trustStore: testStore, now: NOW }).status).toBe('issuer-unverified');
      const trusted = trustStoreFromCertificates([parseCertificate(pki.cscaCertificate)]);
      const r = verifyPassive({ sod, dataGroups: doc.dataGroups, trustStore: trusted, now: NOW });
      expect(r.status, r.reasons.join('; ')).toBe('genuine');
    });
  }
  it('accepts SHA-384 hashes and SODs without signed attributes', () => {
    const pki = generateTestPki('ecdsa-p256');
    const trusted = trustStoreFromCertificates([parseCertificate(pki.cscaCertificate)]);
    for (const options of [{ hash: 'sha384' as const }, { noSignedAttributes: true }]) {
      const sod = buildSod(cccd.dataGroups, pki.dsSigner, pki.dsCertificate, options);
      const r = verifyPassive({ sod, dataGroups: cccd.dataGroups, trustStore: trusted, now: NOW });
      expect(r.status, JSON.stringify(options)).toBe('genuine');
    }
  });
});

describe('JS ECDSA path (for runtimes without brainpool)', () => {
  it('verifies the CCCD SOD signature with @noble/curves and rejects a modified one', () => {
    const sod = parseSod(cccd.files.get(FID.sod)!);
    const si = sod.signerInfos[0]!;
    const alg = resolveSignatureAlgorithm(si.signatureAlgorithm, si.digestAlgorithm);
    const spki = sod.certificates[0]!.subjectPublicKeyInfo;
    expect(verifyEcdsaWithNoble(spki, alg, si.signedAttributesDer!, si.signature)).toBe(true);
    const other = Uint8Array.from(si.signedAttributesDer!);
    other[other.length - 1]! ^= 1;
    expect(verifyEcdsaWithNoble(spki, alg, other, si.signature)).toBe(false);
  });
  it('reads explicit-parameter brainpool keys as the same curve', () => {
    const { publicKey: pk2, privateKey } = generateKeyPairSync('ec', { namedCurve: 'brainpoolP384r1', paramEncoding: 'explicit' });
    const spki = new Uint8Array(pk2.export({ type: 'spki', format: 'der' }));
    const k = ecPublicKeyFromSpki(spki);
    expect(k.curveOid).toBeUndefined();
    expect(k.curve).toEqual(NAMED_CURVES[OID.brainpoolP384r1]);
    // A signature by that key verifies through the JS path from the explicit parameters alone.
    const data = new TextEncoder().encode('signed attributes');
    const sig = new Uint8Array(sign('sha384', data, privateKey));
    const alg = { scheme: 'ecdsa' as const, hash: 'sha384' as const };
    expect(verifyEcdsaWithNoble(spki, alg, data, sig)).toBe(true);
    expect(verifySignature(spki, alg, data, sig).valid).toBe(true);
    expect(verifyEcdsaWithNoble(spki, alg, data.subarray(1), sig)).toBe(false);
  });
});

describe('checkDataGroupHash (early hand-off of DG1/DG13)', () => {
  it('confirms a matching group and refuses an altered or unlisted one', () => {
    const sod = parseSod(cccd.files.get(FID.sod)!);
    expect(checkDataGroupHash(sod, 13, cccd.dataGroups.get(13)!)).toBe(true);
    expect(checkDataGroupHash(sod, 13, buildSampleCccd({ tamperDataGroup: 13 }).dataGroups.get(13)!)).toBe(false);
    expect(checkDataGroupHash(sod, 11, cccd.dataGroups.get(13)!)).toBe(false);
  });
});
