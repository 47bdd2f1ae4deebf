// Runs in: Node (engine) and Electron (no Node imports). Pure.
// The two ICAO 9303-11 secure-messaging cipher suites behind one shape: 3DES-CBC with the retail
// MAC (SSC 8 bytes, IV 0), and AES-CBC with CMAC truncated to 8 bytes (SSC 16 bytes, IV = E(KSenc, SSC)).
import { AesCmacKey, AesContext } from '../crypto/aes';
import { tdesCbcDecrypt, tdesCbcEncrypt, tdesKey } from '../crypto/des';
import { pad, retailMacKey } from '../crypto/mac';
import type { CipherAlg } from '../crypto/kdf';

export interface SmCipher {
  alg: CipherAlg;
  blockSize: number;
  encrypt(data: Uint8Array, ssc: Uint8Array): Uint8Array;
  decrypt(data: Uint8Array, ssc: Uint8Array): Uint8Array;
  /** 8-byte MAC over `data`, padding applied here (method 2). */
  mac(data: Uint8Array): Uint8Array;
}

/** Key schedules (and CMAC subkeys) are derived once here, not per APDU. */
export function createSmCipher(alg: CipherAlg, ksEnc: Uint8Array, ksMac: Uint8Array): SmCipher {
  if (alg === '3DES') {
    const k = tdesKey(ksEnc);
    const mac = retailMacKey(ksMac);
    return {
      alg,
      blockSize: 8,
      encrypt: (data) => tdesCbcEncrypt(k, data),
      decrypt: (data) => tdesCbcDecrypt(k, data),
      mac: (data) => mac(pad(data, 8)),
    };
  }
  const enc = new AesContext(ksEnc);
  const cmac = new AesCmacKey(ksMac);
  return {
    alg,
    blockSize: 16,
    encrypt: (data, ssc) => enc.cbcEncrypt(data, enc.encryptBlock(ssc)),
    decrypt: (data, ssc) => enc.cbcDecrypt(data, enc.encryptBlock(ssc)),
    // CMAC pads internally; the ICAO input is still method-2 padded to the block size first.
    mac: (data) => cmac.mac(pad(data, 16)).slice(0, 8),
  };
}

/** Big-endian increment in place (wraps, as a counter of its width). */
export function incrementSsc(ssc: Uint8Array): void {
  for (let i = ssc.length - 1; i >= 0; i--) {
    ssc[i] = (ssc[i]! + 1) & 0xff;
    if (ssc[i] !== 0) return;
  }
}
