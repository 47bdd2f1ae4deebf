// Runs in: Node (engine) and Electron (no Node imports).
// Chip Authentication (9303-11 §6.2, ECDH, CA v1/v2): an ephemeral ECDH key agreement with the
// chip's static key from DG14, replacing the secure-messaging keys. A cloned chip without the
// static private key cannot MAC the responses that follow, so the next protected read proves
// it (a failure is card.sm-integrity). The static key itself is authentic only once passive
// authentication has verified DG14's hash.
import { concat } from '../crypto/bytes';
import { curveByParamId, decodePoint, encodePoint, multiplyBase, multiplyPoint, randomScalar, xCoordinate } from '../crypto/ec';
import { kdf, KDF_ENC, KDF_MAC, type CipherAlg } from '../crypto/kdf';
import type { Iso7816Card } from '../iso7816/card';
import { TAG, oid as oidOf } from '../lds/asn1';
import { OID } from '../lds/oids';
import { parseDg14, type ChipAuthenticationInfo, type ChipAuthenticationPublicKeyInfo } from '../lds/securityInfos';
import { Iso7816SmWrapper } from '../sm/iso7816-wrapper';
import { encodeTlv } from '../sm/tlv';
import { protocolError } from './errors';
import { oidBytes } from './pace';

const CA_ECDH = `${OID.ca}.2`;
export const CA_SUITES: Record<string, CipherAlg> = {
  [`${CA_ECDH}.1`]: '3DES',
  [`${CA_ECDH}.2`]: 'AES-128',
  [`${CA_ECDH}.3`]: 'AES-192',
  [`${CA_ECDH}.4`]: 'AES-256',
};

/** Named-curve OID -> ICAO standardized domain parameter id. */
export const CURVE_PARAM_IDS: Record<string, number> = {
  [OID.prime256v1]: 12,
  [OID.brainpoolP256r1]: 13,
  [OID.secp384r1]: 15,
  [OID.brainpoolP384r1]: 16,
  [OID.brainpoolP512r1]: 17,
  [OID.secp521r1]: 18,
};

export interface ChipAuthenticationPlan {
  oid: string;
  cipher: CipherAlg;
  paramId: number;
  chipPublicKey: Uint8Array;
  keyId?: number;
}

/** Picks the CA suite and static key from DG14; undefined when DG14 offers nothing we run. */
export function planChipAuthentication(dg14: Uint8Array): ChipAuthenticationPlan | undefined {
  const infos = parseDg14(dg14);
  const cas = infos.filter((i): i is ChipAuthenticationInfo => i.kind === 'ChipAuthenticationInfo' && CA_SUITES[i.protocol] !== undefined);
  const keys = infos.filter((i): i is ChipAuthenticationPublicKeyInfo => i.kind === 'ChipAuthenticationPublicKeyInfo' && i.protocol === `${OID.pk}.2`);
  for (const ca of cas) {
    const key = keys.find((k) => ca.keyId === undefined || k.keyId === undefined || k.keyId === ca.keyId);
    const params = key?.algorithm.parameters;
    if (!key || !params || params.tag !== TAG.OID) continue;
    const paramId = CURVE_PARAM_IDS[oidOf(params)];
    if (paramId === undefined) continue;
    const plan: ChipAuthenticationPlan = { oid: ca.protocol, cipher: CA_SUITES[ca.protocol]!, paramId, chipPublicKey: key.publicKey };
    if (ca.keyId !== undefined) plan.keyId = ca.keyId;
    return plan;
  }
  return undefined;
}

export interface ChipAuthenticationResult {
  oid: string;
  cipher: CipherAlg;
}

/** Runs CA under the current SM session and installs the new session keys on `card`. */
export async function performChipAuthentication(card: Iso7816Card, plan: ChipAuthenticationPlan, scalar?: bigint): Promise<ChipAuthenticationResult> {
  const curve = curveByParamId(plan.paramId);
  const chipKey = decodePoint(curve, plan.chipPublicKey, 'DG14 chip authentication key');
  const sk = scalar ?? randomScalar(curve);
  const pk = encodePoint(multiplyBase(curve, sk));
  const keyRef = plan.keyId !== undefined ? encodeTlv(0x84, Uint8Array.of(plan.keyId)) : new Uint8Array(0);
  if (plan.cipher === '3DES') {
    // CA v1 with 3DES: MSE:Set KAT carries the ephemeral key directly.
    const r = await card.transmit({ cla: 0x00, ins: 0x22, p1: 0x41, p2: 0xa6, data: concat(encodeTlv(0x91, pk), keyRef) });
    if (r.sw !== 0x9000) throw protocolError('Chip Authentication', `MSE:Set KAT answered SW ${r.sw.toString(16)}`);
  } else {
    const r1 = await card.transmit({ cla: 0x00, ins: 0x22, p1: 0x41, p2: 0xa4, data: concat(encodeTlv(0x80, oidBytes(plan.oid)), keyRef) });
    if (r1.sw !== 0x9000) throw protocolError('Chip Authentication', `MSE:Set AT answered SW ${r1.sw.toString(16)}`);
    const r2 = await card.transmit({ cla: 0x00, ins: 0x86, p1: 0x00, p2: 0x00, data: encodeTlv(0x7c, encodeTlv(0x80, pk)), le: 256 });
    if (r2.sw !== 0x9000) throw protocolError('Chip Authentication', `GENERAL AUTHENTICATE answered SW ${r2.sw.toString(16)}`);
  }
  const shared = xCoordinate(curve, multiplyPoint(curve, chipKey, sk));
  card.setWrapper(
    new Iso7816SmWrapper({ alg: plan.cipher, ksEnc: kdf(shared, KDF_ENC, plan.cipher), ksMac: kdf(shared, KDF_MAC, plan.cipher), ssc: new Uint8Array(plan.cipher === '3DES' ? 8 : 16) }),
  );
  return { oid: plan.oid, cipher: plan.cipher };
}
