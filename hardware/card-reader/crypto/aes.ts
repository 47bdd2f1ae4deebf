// Runs in: Node (engine) and Electron (no Node imports).
// AES through @noble/ciphers (pure JS, so identical in Node and under BoringSSL) plus AES-CMAC
// (RFC 4493 / NIST SP 800-38B), which neither Node nor WebCrypto offers.
import { cbc, ecb, unsafe } from '@noble/ciphers/aes.js';
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

/**
 * AES with the key schedule expanded once. Secure messaging encrypts, decrypts and MACs every APDU
 * under the same two session keys; the one-shot helpers above re-expand the key (and CMAC
 * re-derives its subkeys) on every call, which was the largest JS cost of a read after PACE.
 * Blocks go through @noble/ciphers' round function (its `unsafe` export), words little-endian as
 * that function expects; the published AES/CMAC vectors in crypto.test.ts pin it.
 */
export class AesContext {
  private readonly xk: Uint32Array;
  private xkDec: Uint32Array | undefined;
  private readonly key: Uint8Array;

  constructor(key: Uint8Array) {
    checkKey(key);
    this.key = Uint8Array.from(key);
    this.xk = unsafe.expandKeyLE(this.key);
  }

  private get decKey(): Uint32Array {
    this.xkDec ??= unsafe.expandKeyDecLE(this.key);
    return this.xkDec;
  }

  /** E(K, block) for one 16-byte block (new array). */
  encryptBlock(block: Uint8Array): Uint8Array {
    return this.cbcEncrypt(block.length === 16 ? block : checkedBlock(block), ZERO16);
  }

  cbcEncrypt(data: Uint8Array, iv: Uint8Array = ZERO16): Uint8Array {
    checkBlocks(data);
    const src = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const out = new Uint8Array(data.length);
    const dst = new DataView(out.buffer);
    const ivv = new DataView(iv.buffer, iv.byteOffset, 16);
    let c0 = ivv.getUint32(0, true);
    let c1 = ivv.getUint32(4, true);
    let c2 = ivv.getUint32(8, true);
    let c3 = ivv.getUint32(12, true);
    for (let o = 0; o < data.length; o += 16) {
      const r = unsafe.encrypt(this.xk, c0 ^ src.getUint32(o, true), c1 ^ src.getUint32(o + 4, true), c2 ^ src.getUint32(o + 8, true), c3 ^ src.getUint32(o + 12, true));
      c0 = r.s0;
      c1 = r.s1;
      c2 = r.s2;
      c3 = r.s3;
      dst.setUint32(o, c0, true);
      dst.setUint32(o + 4, c1, true);
      dst.setUint32(o + 8, c2, true);
      dst.setUint32(o + 12, c3, true);
    }
    return out;
  }

  cbcDecrypt(data: Uint8Array, iv: Uint8Array = ZERO16): Uint8Array {
    checkBlocks(data);
    const xk = this.decKey;
    const src = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const out = new Uint8Array(data.length);
    const dst = new DataView(out.buffer);
    const ivv = new DataView(iv.buffer, iv.byteOffset, 16);
    let p0 = ivv.getUint32(0, true);
    let p1 = ivv.getUint32(4, true);
    let p2 = ivv.getUint32(8, true);
    let p3 = ivv.getUint32(12, true);
    for (let o = 0; o < data.length; o += 16) {
      const x0 = src.getUint32(o, true);
      const x1 = src.getUint32(o + 4, true);
      const x2 = src.getUint32(o + 8, true);
      const x3 = src.getUint32(o + 12, true);
      const r = unsafe.decrypt(xk, x0, x1, x2, x3);
      dst.setUint32(o, r.s0 ^ p0, true);
      dst.setUint32(o + 4, r.s1 ^ p1, true);
      dst.setUint32(o + 8, r.s2 ^ p2, true);
      dst.setUint32(o + 12, r.s3 ^ p3, true);
      p0 = x0;
      p1 = x1;
      p2 = x2;
      p3 = x3;
    }
    return out;
  }
}

function checkedBlock(block: Uint8Array): Uint8Array {
  if (block.length !== 16) throw cryptoError(`AES block must be 16 bytes, got ${block.length}`);
  return block;
}

/** AES-CMAC with the key schedule and the subkeys K1, K2 computed once. */
export class AesCmacKey {
  private readonly ctx: AesContext;
  private readonly k1: Uint8Array;
  private readonly k2: Uint8Array;

  constructor(key: Uint8Array) {
    this.ctx = new AesContext(key);
    const { k1, k2 } = cmacSubkeys(key);
    this.k1 = k1;
    this.k2 = k2;
  }

  /** Full 16-byte tag (RFC 4493). */
  mac(message: Uint8Array): Uint8Array {
    const n = Math.max(1, Math.ceil(message.length / 16));
    const complete = message.length > 0 && message.length % 16 === 0;
    const tailStart = (n - 1) * 16;
    const all = new Uint8Array(n * 16);
    all.set(message.subarray(0, tailStart));
    if (complete) {
      for (let i = 0; i < 16; i++) all[tailStart + i] = message[tailStart + i]! ^ this.k1[i]!;
    } else {
      all.set(message.subarray(tailStart), tailStart);
      all[tailStart + message.length - tailStart] = 0x80;
      for (let i = 0; i < 16; i++) all[tailStart + i]! ^= this.k2[i]!;
    }
    const enc = this.ctx.cbcEncrypt(all);
    return enc.slice(enc.length - 16);
  }
}
