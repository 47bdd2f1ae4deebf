// Runs in: Node (engine). Active Authentication (9303-11 §6.1): the chip signs a fresh 8-byte
// challenge with the private key matching DG15, proving the chip is not a clone. ECDSA (plain
// r||s, TR-03111; hash from DG14's ActiveAuthenticationInfo) and RSA with ISO/IEC 9796-2 digital
// signature scheme 1 (message recovery; trailer BC = SHA-1 or xxCC = explicit hash).
// The result is a status, not an exception: a failed AA is reported, never silently dropped.
import { isKioskError } from '../../../src/shared/errors';
import { bytesToBigint, bigintToBytes, concat, equalBytes } from '../crypto/bytes';
import { hash, type HashName } from '../crypto/hash';
import type { Iso7816Card } from '../iso7816/card';
import { integer, sequence } from '../lds/asn1';
import { parseDg14 } from '../lds/securityInfos';
import { parseDg15 } from '../lds/dg15';
import { OID } from '../lds/oids';
import { readSingle } from '../lds/tlv';
import { ecdsaVerifyDigest, ecPublicKeyFromSpki } from '../pa/ec';

export interface ActiveAuthenticationResult {
  status: 'verified' | 'failed' | 'not-supported';
  keyType?: 'rsa' | 'ec';
  detail: string;
}

const ECDSA_HASH: Record<string, HashName> = {
  [OID.ecdsaWithSha1]: 'SHA-1',
  [OID.ecdsaWithSha224]: 'SHA-224',
  [OID.ecdsaWithSha256]: 'SHA-256',
  [OID.ecdsaWithSha384]: 'SHA-384',
  [OID.ecdsaWithSha512]: 'SHA-512',
};

/** ISO/IEC 10118-3 hash identifiers used in the 9796-2 two-byte trailer. */
const TRAILER_HASH: Record<number, HashName> = { 0x33: 'SHA-1', 0x34: 'SHA-256', 0x35: 'SHA-512', 0x36: 'SHA-384', 0x38: 'SHA-224' };
const HASH_LEN: Record<HashName, number> = { 'SHA-1': 20, 'SHA-224': 28, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

/** Verifies an ISO 9796-2 scheme 1 (partial recovery) RSA signature over M = M1 || challenge. */
export function verifyRsa9796(rsaPublicKeyDer: Uint8Array, challenge: Uint8Array, signature: Uint8Array): boolean {
  let n: bigint;
  let e: bigint;
  try {
    const [nT, eT] = sequence(readSingle(rsaPublicKeyDer, 0x30));
    if (!nT || !eT) return false;
    n = integer(nT);
    e = integer(eT);
  } catch {
    return false;
  }
  const k = Math.ceil(n.toString(16).length / 2);
  const s = bytesToBigint(signature);
  if (s <= 0n || s >= n) return false;
  let m = modPow(s, e, n);
  // ISO 9796-2 allows the signer to send min(s, n - s): the representative then ends in 0xC.
  if ((m & 0x0fn) !== 0x0cn) m = n - m;
  const f = bigintToBytes(m, k);
  if ((f[0]! & 0xc0) !== 0x40) return false;
  let hashName: HashName;
  let trailerLen: number;
  if (f[k - 1] === 0xbc) {
    hashName = 'SHA-1';
    trailerLen = 1;
  } else if (f[k - 1] === 0xcc && TRAILER_HASH[f[k - 2]!]) {
    hashName = TRAILER_HASH[f[k - 2]!]!;
    trailerLen = 2;
  } else return false;
  const hLen = HASH_LEN[hashName];
  const m1 = f.subarray(1, k - trailerLen - hLen);
  const h = f.subarray(k - trailerLen - hLen, k - trailerLen);
  if (m1.length < 0 || f[0] !== 0x6a) return false; // 0x6A: partial recovery, the only form 9303 uses
  return equalBytes(hash(hashName, concat(m1, challenge)), h);
}

export async function activeAuthenticate(card: Iso7816Card, dg15: Uint8Array, dg14?: Uint8Array): Promise<ActiveAuthenticationResult> {
  const key = parseDg15(dg15);
  const challenge = new Uint8Array(8);
  globalThis.crypto.getRandomValues(challenge);
  const resp = await card.transmit({ cla: 0x00, ins: 0x88, p1: 0x00, p2: 0x00, data: challenge, le: 256 });
  if (resp.sw !== 0x9000) {
    return { status: 'failed', keyType: key.keyType, detail: `INTERNAL AUTHENTICATE answered SW ${resp.sw.toString(16)}` };
  }
  if (key.keyType === 'rsa') {
    const ok = verifyRsa9796(key.publicKey, challenge, resp.data);
    return { status: ok ? 'verified' : 'failed', keyType: 'rsa', detail: ok ? 'RSA ISO 9796-2 signature verified' : 'RSA ISO 9796-2 signature does not verify' };
  }
  let hashName: HashName = 'SHA-256';
  if (dg14) {
    try {
      const info = parseDg14(dg14).find((i) => i.kind === 'ActiveAuthenticationInfo');
      const alg = info && 'signatureAlgorithm' in info ? info.signatureAlgorithm : undefined;
      if (alg && ECDSA_HASH[alg]) hashName = ECDSA_HASH[alg]!;
    } catch (e) {
      return { status: 'failed', keyType: 'ec', detail: `DG14 unreadable for the AA hash: ${isKioskError(e) ? e.code : 'error'}` };
    }
  }
  let pub;
  try {
    pub = ecPublicKeyFromSpki(key.subjectPublicKeyInfo);
  } catch {
    return { status: 'not-supported', keyType: 'ec', detail: 'DG15 EC key uses a curve this reader does not know' };
  }
  const ok = ecdsaVerifyDigest(pub, hash(hashName, challenge), resp.data, true);
  return { status: ok ? 'verified' : 'failed', keyType: 'ec', detail: ok ? `ECDSA (${hashName}) signature verified` : 'ECDSA signature does not verify' };
}
