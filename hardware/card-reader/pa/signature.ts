// Runs in: Node or Electron main (engine). Verifies the signatures passive authentication meets:
// RSA PKCS#1 v1.5, RSA-PSS, ECDSA (X9.62 DER or BSI plain r||s). node:crypto first; when it
// cannot load the key or curve (brainpool under BoringSSL, explicit parameters), @noble/curves.

import { constants, createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { algorithmIdentifier, explicit, isContext, sequence, smallInt, type AlgorithmIdentifier } from '../lds/asn1';
import { hashNameForOid, OID, type HashName } from '../lds/oids';
import { children, ldsMalformed, readSingle } from '../lds/tlv';
import { ecdsaVerifyDigest, ecPublicKeyFromSpki } from './ec';

export type SignatureScheme = 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa' | 'ecdsa-plain';

export interface SignatureAlgorithm {
  scheme: SignatureScheme;
  hash: HashName;
  /** RSA-PSS salt length. */
  saltLength?: number;
}

const RSA_BY_OID: Record<string, HashName> = {
  [OID.sha1WithRsa]: 'sha1',
  [OID.sha224WithRsa]: 'sha224',
  [OID.sha256WithRsa]: 'sha256',
  [OID.sha384WithRsa]: 'sha384',
  [OID.sha512WithRsa]: 'sha512',
};
const ECDSA_BY_OID: Record<string, HashName> = {
  [OID.ecdsaWithSha1]: 'sha1',
  [OID.ecdsaWithSha224]: 'sha224',
  [OID.ecdsaWithSha256]: 'sha256',
  [OID.ecdsaWithSha384]: 'sha384',
  [OID.ecdsaWithSha512]: 'sha512',
};
const PLAIN_HASH: HashName[] = ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'];

function pssParams(alg: AlgorithmIdentifier): { hash: HashName; saltLength: number } {
  let hash: HashName = 'sha1';
  let saltLength = 20;
  if (!alg.parameters) return { hash, saltLength };
  for (const p of sequence(alg.parameters, 'RSASSA-PSS-params')) {
    if (isContext(p, 0)) {
      const h = hashNameForOid(algorithmIdentifier(explicit(p, 0)).oid);
      if (!h) throw ldsMalformed('RSA-PSS with an unknown hash');
      hash = h;
    } else if (isContext(p, 1)) {
      const mgf = algorithmIdentifier(explicit(p, 1));
      const mgfHash = mgf.parameters ? hashNameForOid(algorithmIdentifier(mgf.parameters).oid) : 'sha1';
      if (mgf.oid !== OID.mgf1 || mgfHash !== hash) throw ldsMalformed('RSA-PSS with an MGF other than MGF1 over the message hash');
    } else if (isContext(p, 2)) saltLength = smallInt(explicit(p, 2));
    else if (isContext(p, 3) && smallInt(explicit(p, 3)) !== 1) throw ldsMalformed('RSA-PSS trailer field other than 1');
  }
  return { hash, saltLength };
}

/**
 * Resolves a signature AlgorithmIdentifier. Bare rsaEncryption / ecPublicKey (seen in some SODs)
 * take the hash from the accompanying digest algorithm.
 */
export function resolveSignatureAlgorithm(alg: AlgorithmIdentifier, digestAlgorithm?: AlgorithmIdentifier): SignatureAlgorithm {
  const rsa = RSA_BY_OID[alg.oid];
  if (rsa) return { scheme: 'rsa-pkcs1', hash: rsa };
  const ec = ECDSA_BY_OID[alg.oid];
  if (ec) return { scheme: 'ecdsa', hash: ec };
  if (alg.oid === OID.rsassaPss) return { scheme: 'rsa-pss', ...pssParams(alg) };
  if (alg.oid.startsWith(OID.ecdsaPlain + '.')) {
    const h = PLAIN_HASH[Number(alg.oid.slice(OID.ecdsaPlain.length + 1)) - 1];
    if (h) return { scheme: 'ecdsa-plain', hash: h };
  }
  const digestHash = digestAlgorithm ? hashNameForOid(digestAlgorithm.oid) : undefined;
  if (digestHash && alg.oid === OID.rsaEncryption) return { scheme: 'rsa-pkcs1', hash: digestHash };
  if (digestHash && alg.oid === OID.ecPublicKey) return { scheme: 'ecdsa', hash: digestHash };
  throw ldsMalformed(`unsupported signature algorithm ${alg.oid}`);
}

export interface SignatureResult {
  valid: boolean;
  /** Which engine decided: node:crypto (OpenSSL/BoringSSL) or the JS fallback. */
  engine: 'node' | 'noble';
}

function isEcSpki(spki: Uint8Array): boolean {
  try {
    const [alg] = children(readSingle(spki));
    return alg !== undefined && algorithmIdentifier(alg).oid === OID.ecPublicKey;
  } catch {
    return false;
  }
}

/** Verifies `signature` over `data` with the key in a DER SubjectPublicKeyInfo. Never throws for a bad signature. */
export function verifySignature(spki: Uint8Array, algorithm: SignatureAlgorithm, data: Uint8Array, signature: Uint8Array): SignatureResult {
  let key: KeyObject | undefined;
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch {
    key = undefined;
  }
  const ec = algorithm.scheme === 'ecdsa' || algorithm.scheme === 'ecdsa-plain';
  if (ec !== isEcSpki(spki)) return { valid: false, engine: 'node' };
  if (key) {
    try {
      if (algorithm.scheme === 'rsa-pkcs1') return { valid: verify(algorithm.hash, data, key, signature), engine: 'node' };
      if (algorithm.scheme === 'rsa-pss') {
        return {
          valid: verify(algorithm.hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: algorithm.saltLength ?? 20 }, signature),
          engine: 'node',
        };
      }
      return {
        valid: verify(algorithm.hash, data, { key, dsaEncoding: algorithm.scheme === 'ecdsa-plain' ? 'ieee-p1363' : 'der' }, signature),
        engine: 'node',
      };
    } catch {
      if (!ec) return { valid: false, engine: 'node' };
      // fall through: the runtime could load the key but not use the curve
    }
  }
  if (!ec) return { valid: false, engine: 'node' };
  const digest = new Uint8Array(createHash(algorithm.hash).update(data).digest());
  return { valid: ecdsaVerifyDigest(ecPublicKeyFromSpki(spki), digest, signature, algorithm.scheme === 'ecdsa-plain'), engine: 'noble' };
}

/** Verifies with the JS engine only (tests use it to prove the BoringSSL-less path). */
export function verifyEcdsaWithNoble(spki: Uint8Array, algorithm: SignatureAlgorithm, data: Uint8Array, signature: Uint8Array): boolean {
  const digest = new Uint8Array(createHash(algorithm.hash).update(data).digest());
  return ecdsaVerifyDigest(ecPublicKeyFromSpki(spki), digest, signature, algorithm.scheme === 'ecdsa-plain');
}
