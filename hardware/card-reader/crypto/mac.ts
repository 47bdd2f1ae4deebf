// Runs in: Node (engine) and Electron (no Node imports).
// ISO/IEC 9797-1 padding method 2 and MAC algorithm 3 ("retail MAC": single-DES CBC-MAC with a
// final 3DES step), as used by ICAO 9303 BAC and 3DES secure messaging.
import { cryptoError, desDecryptBlockWith, desEncryptBlockWith, desKeySchedule } from './des';

/** Appends 0x80 then zeros up to a multiple of `blockSize` (always adds at least one byte). */
export function pad(data: Uint8Array, blockSize: number): Uint8Array {
  const len = (Math.floor(data.length / blockSize) + 1) * blockSize;
  const out = new Uint8Array(len);
  out.set(data);
  out[data.length] = 0x80;
  return out;
}

/** Removes ISO 9797-1 method-2 padding; null when the padding is malformed. */
export function unpad(data: Uint8Array): Uint8Array | null {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0) i--;
  if (i < 0 || data[i] !== 0x80) return null;
  return data.subarray(0, i);
}

/**
 * Retail MAC over already padded data (length a multiple of 8), key = Ka||Kb (16 bytes):
 * CBC with DES(Ka), then the last block is decrypted with Kb and encrypted with Ka.
 */
export function retailMac(key: Uint8Array, paddedData: Uint8Array): Uint8Array {
  return retailMacKey(key)(paddedData);
}

/** Retail MAC with both DES key schedules computed once (3DES secure messaging MACs every APDU). */
export function retailMacKey(key: Uint8Array): (paddedData: Uint8Array) => Uint8Array {
  if (key.length !== 16) throw cryptoError(`retail MAC key must be 16 bytes, got ${key.length}`);
  const ka = desKeySchedule(key.subarray(0, 8));
  const kb = desKeySchedule(key.subarray(8, 16));
  return (paddedData) => {
    if (paddedData.length === 0 || paddedData.length % 8 !== 0) throw cryptoError('retail MAC input must be padded to 8 bytes');
    let h: Uint8Array = new Uint8Array(8);
    const x = new Uint8Array(8);
    for (let off = 0; off < paddedData.length; off += 8) {
      for (let i = 0; i < 8; i++) x[i] = h[i]! ^ paddedData[off + i]!;
      h = desEncryptBlockWith(ka, x);
    }
    return desEncryptBlockWith(ka, desDecryptBlockWith(kb, h));
  };
}
