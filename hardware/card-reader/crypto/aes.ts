// Runs in: Node (engine) and Electron (no Node imports).
// AES through @noble/ciphers (pure JS, so identical in Node and under BoringSSL) plus AES-CMAC
// (RFC 4493 / NIST SP 800-38B), which neither Node nor WebCrypto offers.
import { cbc, ecb } from '@noble/ciphers/aes.js';
import { cryptoError } from './des';

function checkKey(key: Uint8Array): void {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) throw cryptoError(`AES key must be 16/24/32 bytes, got ${key.length}`);
}
function checkBlocks(data: Uint8Array): void {
  if (data.length % 16 !== 0) throw cryptoError(`AES input length ${data.length} is not a multiple of 16`);
}

const ZERO16 = new Uint8Array(16);

export function aesEcbEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  checkKey(key);
  checkBlocks(data);
  return ecb(key, { disablePadding: true }).encrypt(data);
}
export function aesEcbDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  checkKey(key);
  checkBlocks(data);
  return ecb(key, { disablePadding: true }).decrypt(data);
}
export function aesCbcEncrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO16): Uint8Array {
  checkKey(key);
  checkBlocks(data);
  return cbc(key, iv, { disablePadding: true }).encrypt(data);
}
export function aesCbcDecrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO16): Uint8Array {
  checkKey(key);
  checkBlocks(data);
  return cbc(key, iv, { disablePadding: true }).decrypt(data);
}

/** Doubling in GF(2^128) used for the CMAC subkeys. */
function dbl(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  let carry = 0;
  for (let i = 15; i >= 0; i--) {
    const b = block[i]!;
    out[i] = ((b << 1) | carry) & 0xff;
    carry = b >>> 7;
  }
  if (carry) out[15]! ^= 0x87;
  return out;
}

export function cmacSubkeys(key: Uint8Array): { k1: Uint8Array; k2: Uint8Array } {
  const l = aesEcbEncrypt(key, ZERO16);
  const k1 = dbl(l);
  return { k1, k2: dbl(k1) };
}

/** Full 16-byte AES-CMAC. ICAO secure messaging and PACE tokens truncate it to 8 bytes. */
export function aesCmac(key: Uint8Array, message: Uint8Array): Uint8Array {
  checkKey(key);
  const { k1, k2 } = cmacSubkeys(key);
  const n = Math.max(1, Math.ceil(message.length / 16));
  const complete = message.length > 0 && message.length % 16 === 0;
  const last = new Uint8Array(16);
  const tailStart = (n - 1) * 16;
  if (complete) {
    for (let i = 0; i < 16; i++) last[i] = message[tailStart + i]! ^ k1[i]!;
  } else {
    const rem = message.length - tailStart;
    last.set(message.subarray(tailStart));
    last[rem] = 0x80;
    for (let i = 0; i < 16; i++) last[i]! ^= k2[i]!;
  }
  // CBC over all blocks with IV 0; only the final chaining value matters.
  const all = new Uint8Array(n * 16);
  all.set(message.subarray(0, tailStart));
  all.set(last, tailStart);
  const enc = cbc(key, ZERO16, { disablePadding: true }).encrypt(all);
  return enc.slice(enc.length - 16);
}
