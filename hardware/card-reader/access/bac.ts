// Runs in: Node (engine) and Electron (no Node imports).
// Basic Access Control (9303-11 §4.3): GET CHALLENGE, EXTERNAL AUTHENTICATE with the MRZ-derived
// keys, session keys from K.IFD xor K.IC, SSC from the two nonces. The pure steps are exported
// separately so the Appendix D worked example can be checked value by value.
import { concat, equalBytes, xor } from '../crypto/bytes';
import { tdesCbcDecrypt, tdesCbcEncrypt } from '../crypto/des';
import { kdf, KDF_ENC, KDF_MAC } from '../crypto/kdf';
import { pad, retailMac } from '../crypto/mac';
import { protocolError, wrongKeyError } from './errors';
import { bacKeySeed } from './keys';
import { platformRandom, type AccessResult, type MrzKey, type PlainSender, type RandomSource } from './types';

export interface BacKeys {
  kEnc: Uint8Array;
  kMac: Uint8Array;
}

export function bacKeys(mrz: MrzKey): BacKeys {
  const seed = bacKeySeed(mrz);
  return { kEnc: kdf(seed, KDF_ENC, '3DES'), kMac: kdf(seed, KDF_MAC, '3DES') };
}

/** EXTERNAL AUTHENTICATE data: E.IFD (32 bytes) || M.IFD (8 bytes). */
export function bacAuthenticationData(keys: BacKeys, rndIc: Uint8Array, rndIfd: Uint8Array, kIfd: Uint8Array): Uint8Array {
  const eIfd = tdesCbcEncrypt(keys.kEnc, concat(rndIfd, rndIc, kIfd));
  return concat(eIfd, retailMac(keys.kMac, pad(eIfd, 8)));
}

/**
 * Checks the chip's answer and derives the session. Returns null when the MAC or the echoed
 * nonces do not match — i.e. the MRZ key is wrong (the chip answered with keys it derived from
 * a different MRZ) or the answer was tampered with.
 */
export function bacCompleteSession(
  keys: BacKeys,
  rndIc: Uint8Array,
  rndIfd: Uint8Array,
  kIfd: Uint8Array,
  response: Uint8Array,
): { ksEnc: Uint8Array; ksMac: Uint8Array; ssc: Uint8Array; kIc: Uint8Array } | null {
  if (response.length !== 40) return null;
  const eIc = response.subarray(0, 32);
  if (!equalBytes(retailMac(keys.kMac, pad(eIc, 8)), response.subarray(32))) return null;
  const r = tdesCbcDecrypt(keys.kEnc, eIc);
  if (!equalBytes(r.subarray(0, 8), rndIc) || !equalBytes(r.subarray(8, 16), rndIfd)) return null;
  const kIc = r.slice(16, 32);
  const seed = xor(kIfd, kIc);
  return {
    ksEnc: kdf(seed, KDF_ENC, '3DES'),
    ksMac: kdf(seed, KDF_MAC, '3DES'),
    ssc: concat(rndIc.subarray(4, 8), rndIfd.subarray(4, 8)),
    kIc,
  };
}

export async function performBac(send: PlainSender, mrz: MrzKey, random: RandomSource = platformRandom): Promise<AccessResult> {
  const keys = bacKeys(mrz);
  const challenge = await send({ cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, le: 8 });
  if (challenge.sw !== 0x9000 || challenge.data.length !== 8) {
    throw protocolError('BAC', `GET CHALLENGE answered SW ${challenge.sw.toString(16)} with ${challenge.data.length} bytes`);
  }
  const rndIc = challenge.data;
  const rndIfd = random.bytes(8);
  const kIfd = random.bytes(16);
  const auth = await send({ cla: 0x00, ins: 0x82, p1: 0x00, p2: 0x00, data: bacAuthenticationData(keys, rndIc, rndIfd, kIfd), le: 40 });
  // 6300 / 6982 are what chips answer when the cryptogram was made with another MRZ key.
  if (auth.sw === 0x6300 || auth.sw === 0x6982 || (auth.sw & 0xfff0) === 0x63c0) throw wrongKeyError('BAC', `EXTERNAL AUTHENTICATE refused (SW ${auth.sw.toString(16)})`);
  if (auth.sw !== 0x9000) throw protocolError('BAC', `EXTERNAL AUTHENTICATE answered SW ${auth.sw.toString(16)}`);
  const session = bacCompleteSession(keys, rndIc, rndIfd, kIfd, auth.data);
  if (!session) throw wrongKeyError('BAC', 'chip cryptogram did not verify');
  return { protocol: 'BAC', session: { alg: '3DES', ksEnc: session.ksEnc, ksMac: session.ksMac, ssc: session.ssc } };
}
