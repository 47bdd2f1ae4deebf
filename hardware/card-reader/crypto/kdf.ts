// Runs in: Node (engine) and Electron (no Node imports).
// ICAO 9303-11 §9.7.1 key derivation: K = H(seed || counter32), truncated per cipher;
// 3DES keys get DES parity bits. Counter 1 = encryption, 2 = MAC, 3 = PACE password key.
import { adjustDesParity } from './des';
import { sha1, sha256 } from './hash';
import { concat } from './bytes';

export type CipherAlg = '3DES' | 'AES-128' | 'AES-192' | 'AES-256';

export const KDF_ENC = 1;
export const KDF_MAC = 2;
export const KDF_PACE = 3;

export function kdf(seed: Uint8Array, counter: number, alg: CipherAlg): Uint8Array {
  const c = new Uint8Array([counter >>> 24, (counter >>> 16) & 0xff, (counter >>> 8) & 0xff, counter & 0xff]);
  const input = concat(seed, c);
  switch (alg) {
    case '3DES':
      return adjustDesParity(sha1(input).slice(0, 16));
    case 'AES-128':
      return sha1(input).slice(0, 16);
    case 'AES-192':
      return sha256(input).slice(0, 24);
    case 'AES-256':
      return sha256(input);
  }
}
