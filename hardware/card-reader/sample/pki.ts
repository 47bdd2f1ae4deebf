// Runs in: Node (tests, simulator, fixture generator). TEST public-key infrastructure for sample
// documents: X.509 certificates written with our DER writer and signed with node:crypto or
// (for brainpool, deterministically) @noble/curves. Nothing here is ever a trusted anchor.

import { constants, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { octetString, sequence } from '../lds/asn1';
import * as der from '../lds/der';
import { HASH_OIDS, OID, type HashName } from '../lds/oids';
import { children, readSingle } from '../lds/tlv';
import { ecdsaSignDigest, ecPublicKeyFromSpki, NAMED_CURVES } from '../pa/ec';

/** Something that signs: the algorithm identifier it produces and the signing function. */
export interface Signer {
  /** DER AlgorithmIdentifier of the signature. */
  algorithm: Uint8Array;
  hash: HashName;
  /** DER SubjectPublicKeyInfo of the verifying key. */
  spki: Uint8Array;
  sign(data: Uint8Array): Uint8Array;
}

export type KeyKind = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa-p256' | 'ecdsa-brainpoolP256r1';

const NULL = der.nul();

function hashAlgId(hash: HashName): Uint8Array {
  return der.algId(HASH_OIDS[hash], NULL);
}

function rsaSigAlg(hash: HashName): Uint8Array {
  const oid = { sha1: OID.sha1WithRsa, sha224: OID.sha224WithRsa, sha256: OID.sha256WithRsa, sha384: OID.sha384WithRsa, sha512: OID.sha512WithRsa }[hash];
  return der.algId(oid, NULL);
}

function pssSigAlg(hash: HashName, saltLength: number): Uint8Array {
  return der.seq(
    der.oid(OID.rsassaPss),
    der.seq(der.ctx(0, hashAlgId(hash)), der.ctx(1, der.seq(der.oid(OID.mgf1), hashAlgId(hash))), der.ctx(2, der.int(saltLength))),
  );
}

function ecdsaSigAlg(hash: HashName): Uint8Array {
  const oid = { sha1: OID.ecdsaWithSha1, sha224: OID.ecdsaWithSha224, sha256: OID.ecdsaWithSha256, sha384: OID.ecdsaWithSha384, sha512: OID.ecdsaWithSha512 }[hash];
  return der.seq(der.oid(oid));
}

export function spkiOf(key: KeyObject): Uint8Array {
  return new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }));
}

/** The private scalar inside a PKCS#8 EC key (PrivateKeyInfo -> ECPrivateKey -> privateKey). */
export function ecPrivateScalar(key: KeyObject): Uint8Array {
  const pkcs8 = new Uint8Array(key.export({ type: 'pkcs8', format: 'der' }));
  const [, , inner] = sequence(readSingle(pkcs8));
  const ecPrivateKey = readSingle(octetString(inner!));
  return octetString(children(ecPrivateKey)[1]!);
}

/** A Signer around a private key. Brainpool signs with RFC 6979 nonces so fixtures are reproducible. */
export function signerFor(key: KeyObject, kind: KeyKind, hash: HashName = 'sha256'): Signer {
  const spki = spkiOf(key);
  switch (kind) {
    case 'rsa-pkcs1':
      return { algorithm: rsaSigAlg(hash), hash, spki, sign: (d) => new Uint8Array(sign(hash, d, key)) };
    case 'rsa-pss': {
      const saltLength = createHash(hash).digest().length;
      return {
        algorithm: pssSigAlg(hash, saltLength),
        hash,
        spki,
        sign: (d) => new Uint8Array(sign(hash, d, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength })),
      };
    }
    case 'ecdsa-p256':
      return { algorithm: ecdsaSigAlg(hash), hash, spki, sign: (d) => new Uint8Array(sign(hash, d, { key, dsaEncoding: 'der' })) };
    case 'ecdsa-brainpoolP256r1': {
      const scalar = ecPrivateScalar(key);
      const curve = ecPublicKeyFromSpki(spki).curve;
      return {
        algorithm: ecdsaSigAlg(hash),
        hash,
        spki,
        sign: (d) => ecdsaSignDigest(curve, scalar, new Uint8Array(createHash(hash).update(d).digest())),
      };
    }
  }
}

export function generateKey(kind: KeyKind, rsaBits = 2048): KeyObject {
  if (kind === 'rsa-pkcs1' || kind === 'rsa-pss') return generateKeyPairSync('rsa', { modulusLength: rsaBits }).privateKey;
  return generateKeyPairSync('ec', { namedCurve: kind === 'ecdsa-p256' ? 'prime256v1' : 'brainpoolP256r1' }).privateKey;
}

export function loadPrivateKey(pem: string): KeyObject {
  return createPrivateKey(pem);
}

const ATTR: Record<string, string> = { C: '2.5.4.6', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3', serialNumber: '2.5.4.5' };

/** X.501 Name from [attribute, value] pairs (C as PrintableString, the rest UTF8String). */
export function name(parts: [keyof typeof ATTR, string][]): Uint8Array {
  return der.seq(
    ...parts.map(([k, v]) => der.setOf(der.seq(der.oid(ATTR[k]!), k === 'C' || k === 'serialNumber' ? der.printable(v) : der.utf8(v)))),
  );
}

export interface CertificateRequest {
  serial: bigint;
  issuer: Uint8Array;
  subject: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  spki: Uint8Array;
  isCa: boolean;
  /** Issuer's key identifier (authorityKeyIdentifier). */
  issuerKeyId?: Uint8Array;
}

export function keyIdentifier(spki: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha1').update(spki).digest());
}

/** Issues an X.509 v3 certificate; returns its DER. */
export function issueCertificate(req: CertificateRequest, signer: Signer): Uint8Array {
  const ext = (oid: string, critical: boolean, value: Uint8Array): Uint8Array =>
    critical ? der.seq(der.oid(oid), der.bool(true), der.octets(value)) : der.seq(der.oid(oid), der.octets(value));
  const extensions = [
    ext(OID.subjectKeyIdentifier, false, der.octets(keyIdentifier(req.spki))),
    ext(OID.keyUsage, true, der.tlv(0x03, req.isCa ? Uint8Array.of(0x01, 0x06) : Uint8Array.of(0x07, 0x80))),
  ];
  if (req.isCa) extensions.push(ext(OID.basicConstraints, true, der.seq(der.bool(true), der.int(0))));
  if (req.issuerKeyId) extensions.push(ext(OID.authorityKeyIdentifier, false, der.seq(der.ctxPrim(0, req.issuerKeyId))));
  const tbs = der.seq(
    der.ctx(0, der.int(2)),
    der.int(req.serial),
    signer.algorithm,
    req.issuer,
    der.seq(der.utcTime(req.notBefore), der.utcTime(req.notAfter)),
    req.subject,
    req.spki,
    der.ctx(3, der.seq(...extensions)),
  );
  return der.seq(tbs, signer.algorithm, der.bits(signer.sign(tbs)));
}

export function toPem(derBytes: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(derBytes).toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

export interface TestPki {
  cscaCertificate: Uint8Array;
  dsCertificate: Uint8Array;
  /** Signs SODs as the Document Signer. */
  dsSigner: Signer;
}

/** A fresh throw-away CSCA -> DS pair (tests: untrusted issuers, other signature schemes). */
export function generateTestPki(dsKind: KeyKind, options: { cscaKind?: KeyKind; country?: string; now?: Date } = {}): TestPki {
  const now = options.now ?? new Date(Date.UTC(2024, 0, 1));
  const cscaKind = options.cscaKind ?? 'rsa-pkcs1';
  const cscaKey = generateKey(cscaKind);
  const cscaSigner = signerFor(cscaKey, cscaKind);
  const country = options.country ?? 'VN';
  const cscaName = name([['C', country], ['O', 'TEST ONLY'], ['CN', 'Throw-away test CSCA']]);
  const years = (n: number): Date => new Date(now.getTime() + n * 365.25 * 86400_000);
  const cscaCertificate = issueCertificate(
    { serial: 1n, issuer: cscaName, subject: cscaName, notBefore: now, notAfter: years(15), spki: cscaSigner.spki, isCa: true },
    cscaSigner,
  );
  const dsKey = generateKey(dsKind);
  const dsSigner = signerFor(dsKey, dsKind);
  const dsCertificate = issueCertificate(
    {
      serial: 2n,
      issuer: cscaName,
      subject: name([['C', country], ['O', 'TEST ONLY'], ['CN', 'Throw-away test Document Signer']]),
      notBefore: now,
      notAfter: years(11),
      spki: dsSigner.spki,
      isCa: false,
      issuerKeyId: keyIdentifier(cscaSigner.spki),
    },
    cscaSigner,
  );
  return { cscaCertificate, dsCertificate, dsSigner };
}

export { NAMED_CURVES };
