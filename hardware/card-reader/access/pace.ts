// Runs in: Node (engine) and Electron (no Node imports).
// PACE v2 with Generic Mapping over ECDH (9303-11 §4.4, TR-03110): MSE:Set AT, then four chained
// GENERAL AUTHENTICATE steps (encrypted nonce, mapping, key agreement, mutual authentication).
// Pure building blocks are exported for the Appendix G.1 worked example and for the chip side.
import { aesCbcDecrypt, aesCbcEncrypt, aesCmac } from '../crypto/aes';
import { concat, equalBytes } from '../crypto/bytes';
import { tdesCbcDecrypt, tdesCbcEncrypt } from '../crypto/des';
import { curveByParamId, decodePoint, encodePoint, multiplyBase, multiplyBaseAdd, multiplyPoint, randomScalar, scalarFromBytes, xCoordinate, type EcCurve, type EcPoint } from '../crypto/ec';
import { kdf, KDF_ENC, KDF_MAC, KDF_PACE, type CipherAlg } from '../crypto/kdf';
import { pad, retailMac } from '../crypto/mac';
import type { CommandApdu, ResponseApdu } from '../iso7816/apdu';
import { encodeTlv, readAll, readTlv, TlvError } from '../sm/tlv';
import { protocolError, wrongKeyError } from './errors';
import { pacePasswordBytes, pacePasswordRef } from './keys';
import type { AccessKey, AccessResult, PlainSender } from './types';

export interface PaceSuite {
  oid: string;
  name: string;
  cipher: CipherAlg;
}

const ECDH_GM = '0.4.0.127.0.7.2.2.4.2';
/** The PACE suites this stack runs: ECDH Generic Mapping with every ICAO cipher. */
export const PACE_SUITES: readonly PaceSuite[] = [
  { oid: `${ECDH_GM}.1`, name: 'id-PACE-ECDH-GM-3DES-CBC-CBC', cipher: '3DES' },
  { oid: `${ECDH_GM}.2`, name: 'id-PACE-ECDH-GM-AES-CBC-CMAC-128', cipher: 'AES-128' },
  { oid: `${ECDH_GM}.3`, name: 'id-PACE-ECDH-GM-AES-CBC-CMAC-192', cipher: 'AES-192' },
  { oid: `${ECDH_GM}.4`, name: 'id-PACE-ECDH-GM-AES-CBC-CMAC-256', cipher: 'AES-256' },
];

export function paceSuite(oid: string): PaceSuite | undefined {
  return PACE_SUITES.find((s) => s.oid === oid);
}

/** DER content octets of a dotted OID (no tag/length). */
export function oidBytes(dotted: string): Uint8Array {
  const parts = dotted.split('.').map((p) => BigInt(p));
  if (parts.length < 2) throw new TypeError('OID needs two arcs');
  const arcs = [parts[0]! * 40n + parts[1]!, ...parts.slice(2)];
  const out: number[] = [];
  for (const arc of arcs) {
    const chunk: number[] = [];
    let v = arc;
    do {
      chunk.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
    out.push(...chunk);
  }
  return Uint8Array.from(out);
}

export function paceKeyFromPassword(key: AccessKey, cipher: CipherAlg): Uint8Array {
  return kdf(pacePasswordBytes(key), KDF_PACE, cipher);
}

/** E(K_π, s) / D(K_π, z): CBC with a zero IV, no padding (s is one or two blocks). */
export function encryptNonce(cipher: CipherAlg, kPi: Uint8Array, s: Uint8Array): Uint8Array {
  return cipher === '3DES' ? tdesCbcEncrypt(kPi, s) : aesCbcEncrypt(kPi, s);
}
export function decryptNonce(cipher: CipherAlg, kPi: Uint8Array, z: Uint8Array): Uint8Array {
  return cipher === '3DES' ? tdesCbcDecrypt(kPi, z) : aesCbcDecrypt(kPi, z);
}

/** Generic mapping: G' = s·G + H, where H = SK_map · PK_map(peer). */
export function mapGenerator(curve: EcCurve, s: Uint8Array, ownMapKey: bigint, peerMapPublic: EcPoint): EcPoint {
  const sScalar = scalarFromBytes(curve, s);
  if (sScalar === 0n) throw protocolError('PACE', 'nonce reduces to zero');
  const g = multiplyBaseAdd(curve, sScalar, peerMapPublic, ownMapKey);
  if (g.is0()) throw protocolError('PACE', 'mapped generator is the point at infinity');
  return g;
}

/** Public key data object for the token: 7F49 { 06 OID, 86 point }. */
export function tokenInput(oid: string, point: EcPoint): Uint8Array {
  return encodeTlv(0x7f49, concat(encodeTlv(0x06, oidBytes(oid)), encodeTlv(0x86, encodePoint(point))));
}

export function authToken(cipher: CipherAlg, ksMac: Uint8Array, input: Uint8Array): Uint8Array {
  return cipher === '3DES' ? retailMac(ksMac, pad(input, 8)) : aesCmac(ksMac, input).slice(0, 8);
}

export function sessionKeysFromSecret(cipher: CipherAlg, sharedX: Uint8Array): { ksEnc: Uint8Array; ksMac: Uint8Array } {
  return { ksEnc: kdf(sharedX, KDF_ENC, cipher), ksMac: kdf(sharedX, KDF_MAC, cipher) };
}

export function initialSsc(cipher: CipherAlg): Uint8Array {
  return new Uint8Array(cipher === '3DES' ? 8 : 16);
}

/** MSE:Set AT for PACE. Parameter id (84) is sent whenever known: some chips fail step 2 without it. */
export function mseSetAtPace(oid: string, passwordRef: number, parameterId?: number): CommandApdu {
  const data = concat(
    encodeTlv(0x80, oidBytes(oid)),
    encodeTlv(0x83, Uint8Array.of(passwordRef)),
    parameterId !== undefined ? encodeTlv(0x84, Uint8Array.of(parameterId)) : new Uint8Array(0),
  );
  return { cla: 0x00, ins: 0x22, p1: 0xc1, p2: 0xa4, data };
}

export function generalAuthenticate(innerTag: number, value: Uint8Array | null, last: boolean): CommandApdu {
  const inner = value === null ? new Uint8Array(0) : encodeTlv(innerTag, value);
  return { cla: last ? 0x00 : 0x10, ins: 0x86, p1: 0x00, p2: 0x00, data: encodeTlv(0x7c, inner), le: 256 };
}

/** Pulls one data object out of a 7C dynamic authentication data response. */
export function dynamicAuthData(data: Uint8Array, tag: number, step: string): Uint8Array {
  try {
    const { tlv, next } = readTlv(data, 0);
    if (tlv.tag !== 0x7c || next !== data.length) throw new TlvError('not a 7C template');
    const found = readAll(tlv.value).find((o) => o.tag === tag);
    if (!found) throw new TlvError(`no tag ${tag.toString(16)}`);
    return Uint8Array.from(found.value);
  } catch (e) {
    throw protocolError('PACE', `${step}: malformed dynamic authentication data`, e);
  }
}

export interface PaceOptions {
  /** Terminal scalars for the mapping and key-agreement steps, in that order (worked examples). */
  scalars?: () => bigint;
}

export async function performPace(
  send: PlainSender,
  key: AccessKey,
  info: { oid: string; parameterId: number },
  options: PaceOptions = {},
): Promise<AccessResult> {
  const suite = paceSuite(info.oid);
  if (!suite) throw protocolError('PACE', `unsupported PACE protocol ${info.oid}`);
  const curve = curveByParamId(info.parameterId);
  const nextScalar = options.scalars ?? (() => randomScalar(curve));
  const expectOk = (r: ResponseApdu, step: string, last = false): void => {
    if (r.sw === 0x9000) return;
    // A wrong password only shows at the token check (step 4): 6300 / 63Cx / 6982 there mean "wrong key".
    if (last && (r.sw === 0x6300 || (r.sw & 0xfff0) === 0x63c0 || r.sw === 0x6982 || r.sw === 0x6a80)) {
      throw wrongKeyError('PACE', `mutual authentication refused (SW ${r.sw.toString(16)})`);
    }
    if ((r.sw & 0xfff0) === 0x63c0 || r.sw === 0x6983) throw wrongKeyError('PACE', `${step} refused (SW ${r.sw.toString(16)}); password blocked or suspended`);
    throw protocolError('PACE', `${step} answered SW ${r.sw.toString(16)}`);
  };

  expectOk(await send(mseSetAtPace(suite.oid, pacePasswordRef(key), info.parameterId)), 'MSE:Set AT');

  const r1 = await send(generalAuthenticate(0, null, false));
  expectOk(r1, 'GA encrypted nonce');
  const z = dynamicAuthData(r1.data, 0x80, 'GA encrypted nonce');
  const blockSize = suite.cipher === '3DES' ? 8 : 16;
  if (z.length === 0 || z.length % blockSize !== 0) throw protocolError('PACE', 'encrypted nonce has a bad length');
  const s = decryptNonce(suite.cipher, paceKeyFromPassword(key, suite.cipher), z);

  const mapKey = nextScalar();
  const r2 = await send(generalAuthenticate(0x81, encodePoint(multiplyBase(curve, mapKey)), false));
  expectOk(r2, 'GA map nonce');
  const chipMapPublic = decodePoint(curve, dynamicAuthData(r2.data, 0x82, 'GA map nonce'), 'chip mapping key');
  const g = mapGenerator(curve, s, mapKey, chipMapPublic);

  const ephKey = nextScalar();
  const ownPublic = multiplyPoint(curve, g, ephKey);
  const r3 = await send(generalAuthenticate(0x83, encodePoint(ownPublic), false));
  expectOk(r3, 'GA key agreement');
  const chipPublic = decodePoint(curve, dynamicAuthData(r3.data, 0x84, 'GA key agreement'), 'chip ephemeral key');
  if (chipPublic.equals(ownPublic)) throw protocolError('PACE', 'chip echoed the terminal public key');
  const sharedPoint = multiplyPoint(curve, chipPublic, ephKey);
  if (sharedPoint.is0()) throw protocolError('PACE', 'shared secret is the point at infinity');
  const shared = xCoordinate(curve, sharedPoint);
  const { ksEnc, ksMac } = sessionKeysFromSecret(suite.cipher, shared);

  const tIfd = authToken(suite.cipher, ksMac, tokenInput(suite.oid, chipPublic));
  const r4 = await send(generalAuthenticate(0x85, tIfd, true));
  expectOk(r4, 'GA mutual authentication', true);
  const tIc = dynamicAuthData(r4.data, 0x86, 'GA mutual authentication');
  if (!equalBytes(tIc, authToken(suite.cipher, ksMac, tokenInput(suite.oid, ownPublic)))) {
    throw protocolError('PACE', 'chip authentication token does not verify');
  }
  return {
    protocol: 'PACE',
    paceOid: suite.oid,
    paceParameterId: info.parameterId,
    session: { alg: suite.cipher, ksEnc, ksMac, ssc: initialSsc(suite.cipher) },
  };
}
