// Runs in: Node or Electron main (engine). Elliptic-curve ECDSA in JS (@noble/curves) for curves
// the runtime's crypto may lack: Electron's BoringSSL has no brainpool, and eMRTD certificates
// often carry explicit curve parameters. Used when node:crypto cannot verify a key.

import { ecdsa, weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bitString, oid, sequence, TAG, unsignedBytes, octetString, algorithmIdentifier } from '../lds/asn1';
import { OID } from '../lds/oids';
import { children, ldsMalformed, readSingle, value, type Tlv } from '../lds/tlv';

export interface CurveParams {
  p: bigint;
  a: bigint;
  b: bigint;
  Gx: bigint;
  Gy: bigint;
  n: bigint;
  h: bigint;
}

const big = (hex: string): bigint => BigInt('0x' + hex);

function fromUncompressed(p: bigint, a: string, b: string, g: string, n: string, h = 1n): CurveParams {
  const half = (g.length - 2) / 2;
  return { p, a: big(a), b: big(b), Gx: big(g.slice(2, 2 + half)), Gy: big(g.slice(2 + half)), n: big(n), h };
}

// RFC 5639 domain parameters (cross-checked against OpenSSL's explicit encoding of the named curves).
export const NAMED_CURVES: Record<string, CurveParams> = {
  [OID.brainpoolP256r1]: fromUncompressed(
    big('a9fb57dba1eea9bc3e660a909d838d726e3bf623d52620282013481d1f6e5377'),
    '7d5a0975fc2c3057eef67530417affe7fb8055c126dc5c6ce94a4b44f330b5d9',
    '26dc5c6ce94a4b44f330b5d9bbd77cbf958416295cf7e1ce6bccdc18ff8c07b6',
    '048bd2aeb9cb7e57cb2c4b482ffc81b7afb9de27e1e3bd23c23a4453bd9ace3262547ef835c3dac4fd97f8461a14611dc9c27745132ded8e545c1d54c72f046997',
    'a9fb57dba1eea9bc3e660a909d838d718c397aa3b561a6f7901e0e82974856a7',
  ),
  [OID.brainpoolP384r1]: fromUncompressed(
    big('8cb91e82a3386d280f5d6f7e50e641df152f7109ed5456b412b1da197fb71123acd3a729901d1a71874700133107ec53'),
    '7bc382c63d8c150c3c72080ace05afa0c2bea28e4fb22787139165efba91f90f8aa5814a503ad4eb04a8c7dd22ce2826',
    '04a8c7dd22ce28268b39b55416f0447c2fb77de107dcd2a62e880ea53eeb62d57cb4390295dbc9943ab78696fa504c11',
    '041d1c64f068cf45ffa2a63a81b7c13f6b8847a3e77ef14fe3db7fcafe0cbd10e8e826e03436d646aaef87b2e247d4af1e8abe1d7520f9c2a45cb1eb8e95cfd55262b70b29feec5864e19c054ff99129280e4646217791811142820341263c5315',
    '8cb91e82a3386d280f5d6f7e50e641df152f7109ed5456b31f166e6cac0425a7cf3ab6af6b7fc3103b883202e9046565',
  ),
  [OID.brainpoolP512r1]: fromUncompressed(
    big('aadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca703308717d4d9b009bc66842aecda12ae6a380e62881ff2f2d82c68528aa6056583a48f3'),
    '7830a3318b603b89e2327145ac234cc594cbdd8d3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94ca',
    '3df91610a83441caea9863bc2ded5d5aa8253aa10a2ef1c98b9ac8b57f1117a72bf2c7b9e7c1ac4d77fc94cadc083e67984050b75ebae5dd2809bd638016f723',
    '0481aee4bdd82ed9645a21322e9c4c6a9385ed9f70b5d916c1b43b62eef4d0098eff3b1f78e2d0d48d50d1687b93b97d5f7c6d5047406a5e688b352209bcb9f8227dde385d566332ecc0eabfa9cf7822fdf209f70024a57b1aa000c55b881f8111b2dcde494a5f485e5bca4bd88a2763aed1ca2b2fa8f0540678cd1e0f3ad80892',
    'aadd9db8dbe9c48b3fd4e6ae33c9fc07cb308db3b3c9d20ed6639cca70330870553e5c414ca92619418661197fac10471db1d381085ddaddb58796829ca90069',
  ),
  [OID.prime256v1]: fromUncompressed(
    big('ffffffff00000001000000000000000000000000ffffffffffffffffffffffff'),
    'ffffffff00000001000000000000000000000000fffffffffffffffffffffffc',
    '5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b',
    '046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5',
    'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551',
  ),
};

const bytesToBig = (b: Uint8Array): bigint => (b.length ? BigInt('0x' + Buffer.from(b).toString('hex')) : 0n);

/** ECParameters (explicit, RFC 3279 §2.3.5) -> curve constants. */
function explicitParams(t: Tlv): CurveParams {
  const [, fieldIdT, curveT, baseT, orderT, cofactorT] = sequence(t, 'ECParameters');
  if (!fieldIdT || !curveT || !baseT || !orderT) throw ldsMalformed('ECParameters incomplete');
  const [fieldType, primeT] = sequence(fieldIdT, 'FieldID');
  if (!fieldType || !primeT || oid(fieldType) !== '1.2.840.10045.1.1') throw ldsMalformed('only prime-field curves are supported');
  const [aT, bT] = sequence(curveT, 'Curve');
  if (!aT || !bT) throw ldsMalformed('Curve incomplete');
  const g = octetString(baseT);
  if (g[0] !== 0x04 || g.length % 2 !== 1) throw ldsMalformed('base point is not uncompressed');
  const half = (g.length - 1) / 2;
  return {
    p: bytesToBig(unsignedBytes(primeT)),
    a: bytesToBig(value(aT)),
    b: bytesToBig(value(bT)),
    Gx: bytesToBig(g.subarray(1, 1 + half)),
    Gy: bytesToBig(g.subarray(1 + half)),
    n: bytesToBig(unsignedBytes(orderT)),
    h: cofactorT ? bytesToBig(unsignedBytes(cofactorT)) : 1n,
  };
}

export interface EcPublicKey {
  curve: CurveParams;
  /** Named-curve OID, when the key names its curve. */
  curveOid?: string;
  /** Encoded point (04 || X || Y, or compressed). */
  point: Uint8Array;
}

/** Reads an EC SubjectPublicKeyInfo with a named or explicit curve. */
export function ecPublicKeyFromSpki(spki: Uint8Array): EcPublicKey {
  const [algT, keyT] = sequence(readSingle(spki, TAG.SEQUENCE), 'SubjectPublicKeyInfo');
  if (!algT || !keyT) throw ldsMalformed('SubjectPublicKeyInfo incomplete');
  const alg = algorithmIdentifier(algT);
  if (alg.oid !== OID.ecPublicKey || !alg.parameters) throw ldsMalformed('not an EC public key');
  const point = bitString(keyT);
  if (alg.parameters.tag === TAG.OID) {
    const curveOid = oid(alg.parameters);
    const curve = NAMED_CURVES[curveOid];
    if (!curve) throw ldsMalformed(`named curve ${curveOid} is not supported`);
    return { curve, curveOid, point };
  }
  return { curve: explicitParams(alg.parameters), point };
}

const cache = new Map<string, ReturnType<typeof ecdsa>>();

function ecdsaFor(c: CurveParams): ReturnType<typeof ecdsa> {
  const key = `${c.p}:${c.a}:${c.b}:${c.Gx}:${c.n}`;
  let e = cache.get(key);
  if (!e) {
    // sha256 only drives RFC 6979 nonces when signing; verification takes our own digest.
    e = ecdsa(weierstrass({ p: c.p, n: c.n, h: c.h, a: c.a, b: c.b, Gx: c.Gx, Gy: c.Gy }), sha256);
    cache.set(key, e);
  }
  return e;
}

/** r||s (plain, TR-03111) from a DER ECDSA-Sig-Value; both halves left-padded to the order size. */
export function derSignatureToPlain(der: Uint8Array, orderBytes: number): Uint8Array {
  const [rT, sT] = children(readSingle(der, TAG.SEQUENCE));
  if (!rT || !sT || rT.tag !== TAG.INTEGER || sT.tag !== TAG.INTEGER) throw ldsMalformed('ECDSA signature is not SEQUENCE { r, s }');
  const r = unsignedBytes(rT);
  const s = unsignedBytes(sT);
  if (r.length > orderBytes || s.length > orderBytes) throw ldsMalformed('ECDSA signature component longer than the curve order');
  const out = new Uint8Array(orderBytes * 2);
  out.set(r, orderBytes - r.length);
  out.set(s, orderBytes * 2 - s.length);
  return out;
}

export function orderBytes(c: CurveParams): number {
  return Math.ceil(c.n.toString(16).length / 2);
}

/**
 * Verifies an ECDSA signature over a precomputed digest. `signature` is DER or plain r||s.
 * High-S signatures are accepted (OpenSSL-signed documents do not normalise S).
 */
export function ecdsaVerifyDigest(key: EcPublicKey, digest: Uint8Array, signature: Uint8Array, plain: boolean): boolean {
  const size = orderBytes(key.curve);
  let compact: Uint8Array;
  try {
    compact = plain ? signature : derSignatureToPlain(signature, size);
  } catch {
    return false;
  }
  if (compact.length !== size * 2) return false;
  try {
    return ecdsaFor(key.curve).verify(compact, digest, key.point, { prehash: false, lowS: false, format: 'compact' });
  } catch {
    return false;
  }
}

/** Deterministic (RFC 6979) ECDSA over a digest, DER-encoded: used by the sample generator. */
export function ecdsaSignDigest(curve: CurveParams, privateKey: Uint8Array, digest: Uint8Array): Uint8Array {
  return ecdsaFor(curve).sign(digest, privateKey, { prehash: false, lowS: false, format: 'der', extraEntropy: false });
}

/** Public point (uncompressed) for a private scalar. */
export function ecPublicPoint(curve: CurveParams, privateKey: Uint8Array): Uint8Array {
  return ecdsaFor(curve).getPublicKey(privateKey, false);
}
