// Runs in: Node (engine) and Electron (renderer-safe: no Node imports).
// DES / two- and three-key 3DES in pure TypeScript. Node 17+ (OpenSSL 3) refuses single DES and
// Electron's BoringSSL is not guaranteed to carry it, yet ICAO 9303 BAC and 3DES secure messaging
// need both (the retail MAC is single DES with a final 3DES step), so we own the cipher.
// Tables are FIPS 46-3; S-boxes and P are merged into eight 64-entry lookup tables at load time.
import { KioskError } from '../../../src/shared/errors';

const IP = [
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
  57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
];
const P = [16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25];
const PC1 = [
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
];
const PC2 = [
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
  41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
];
const SHIFTS = [1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1];
const S: number[][] = [
  [14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
    4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13],
  [15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
    0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9],
  [10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
    13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12],
  [7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
    10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14],
  [2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
    4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3],
  [12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
    9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13],
  [4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
    1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12],
  [13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
    7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11],
];

// SP[i][six input bits] = the S-box i output already moved through permutation P.
const SP: Uint32Array[] = S.map((box, i) => {
  const table = new Uint32Array(64);
  for (let v = 0; v < 64; v++) {
    const row = ((v >> 4) & 2) | (v & 1);
    const col = (v >> 1) & 15;
    const out = box[row * 16 + col]!; // 4 bits, occupying positions 4i+1..4i+4 (1-indexed, MSB first)
    let pre = 0;
    for (let b = 0; b < 4; b++) if ((out >> (3 - b)) & 1) pre |= 1 << (31 - (4 * i + b));
    let post = 0;
    for (let j = 0; j < 32; j++) if ((pre >>> (32 - P[j]!)) & 1) post |= 1 << (31 - j);
    table[v] = post >>> 0;
  }
  return table;
});

const FP = new Array<number>(64);
IP.forEach((src, dst) => (FP[src - 1] = dst + 1));

function getBit(hi: number, lo: number, pos: number): number {
  return pos <= 32 ? (hi >>> (32 - pos)) & 1 : (lo >>> (64 - pos)) & 1;
}

function permute64(hi: number, lo: number, table: number[]): [number, number] {
  let a = 0;
  let b = 0;
  for (let i = 0; i < 32; i++) a |= getBit(hi, lo, table[i]!) << (31 - i);
  for (let i = 0; i < 32; i++) b |= getBit(hi, lo, table[32 + i]!) << (31 - i);
  return [a >>> 0, b >>> 0];
}

/** 16 round keys, each as eight 6-bit values (one per S-box). */
export type DesSchedule = Uint8Array;

export function desKeySchedule(key: Uint8Array): DesSchedule {
  if (key.length !== 8) throw cryptoError(`DES key must be 8 bytes, got ${key.length}`);
  const hi = readU32(key, 0);
  const lo = readU32(key, 4);
  // C and D as 28-bit integers.
  let c = 0;
  let d = 0;
  for (let i = 0; i < 28; i++) c = (c << 1) | getBit(hi, lo, PC1[i]!);
  for (let i = 28; i < 56; i++) d = (d << 1) | getBit(hi, lo, PC1[i]!);
  const out = new Uint8Array(16 * 8);
  for (let round = 0; round < 16; round++) {
    for (let s = 0; s < SHIFTS[round]!; s++) {
      c = ((c << 1) | (c >>> 27)) & 0xfffffff;
      d = ((d << 1) | (d >>> 27)) & 0xfffffff;
    }
    for (let box = 0; box < 8; box++) {
      let v = 0;
      for (let b = 0; b < 6; b++) {
        const pos = PC2[box * 6 + b]!; // 1..56 over C||D
        const bit = pos <= 28 ? (c >>> (28 - pos)) & 1 : (d >>> (56 - pos)) & 1;
        v = (v << 1) | bit;
      }
      out[round * 8 + box] = v;
    }
  }
  return out;
}

function feistel(r: number, ks: DesSchedule, round: number): number {
  let f = 0;
  for (let i = 0; i < 8; i++) {
    // The E expansion feeds S-box i the six bits at positions 4i..4i+5 (1-indexed, circular).
    const rot = i === 0 ? ((r >>> 1) | (r << 31)) >>> 0 : ((r << (4 * i - 1)) | (r >>> (33 - 4 * i))) >>> 0;
    f ^= SP[i]![((rot >>> 26) ^ ks[round * 8 + i]!) & 63]!;
  }
  return f >>> 0;
}

function desBlock(ks: DesSchedule, input: Uint8Array, inOff: number, out: Uint8Array, outOff: number, decrypt: boolean): void {
  let [l, r] = permute64(readU32(input, inOff), readU32(input, inOff + 4), IP);
  for (let i = 0; i < 16; i++) {
    const round = decrypt ? 15 - i : i;
    const next = (l ^ feistel(r, ks, round)) >>> 0;
    l = r;
    r = next;
  }
  const [a, b] = permute64(r, l, FP);
  writeU32(out, outOff, a);
  writeU32(out, outOff + 4, b);
}

/** A 3DES (EDE) key: 16 bytes (K1 K2 K1) or 24 bytes (K1 K2 K3). */
export interface TdesKey {
  k1: DesSchedule;
  k2: DesSchedule;
  k3: DesSchedule;
}

export function tdesKey(key: Uint8Array): TdesKey {
  if (key.length !== 16 && key.length !== 24) throw cryptoError(`3DES key must be 16 or 24 bytes, got ${key.length}`);
  const k1 = desKeySchedule(key.subarray(0, 8));
  const k2 = desKeySchedule(key.subarray(8, 16));
  const k3 = key.length === 24 ? desKeySchedule(key.subarray(16, 24)) : k1;
  return { k1, k2, k3 };
}

function tdesBlock(k: TdesKey, input: Uint8Array, inOff: number, out: Uint8Array, outOff: number, decrypt: boolean): void {
  const tmp = new Uint8Array(8);
  if (!decrypt) {
    desBlock(k.k1, input, inOff, tmp, 0, false);
    desBlock(k.k2, tmp, 0, tmp, 0, true);
    desBlock(k.k3, tmp, 0, out, outOff, false);
  } else {
    desBlock(k.k3, input, inOff, tmp, 0, true);
    desBlock(k.k2, tmp, 0, tmp, 0, false);
    desBlock(k.k1, tmp, 0, out, outOff, true);
  }
}

type BlockFn = (input: Uint8Array, inOff: number, out: Uint8Array, outOff: number, decrypt: boolean) => void;

function ecb(block: BlockFn, data: Uint8Array, decrypt: boolean): Uint8Array {
  requireBlocks(data);
  const out = new Uint8Array(data.length);
  for (let off = 0; off < data.length; off += 8) block(data, off, out, off, decrypt);
  return out;
}

function cbc(block: BlockFn, iv: Uint8Array, data: Uint8Array, decrypt: boolean): Uint8Array {
  requireBlocks(data);
  if (iv.length !== 8) throw cryptoError('DES IV must be 8 bytes');
  const out = new Uint8Array(data.length);
  const chain = Uint8Array.from(iv);
  const buf = new Uint8Array(8);
  for (let off = 0; off < data.length; off += 8) {
    if (decrypt) {
      block(data, off, buf, 0, true);
      for (let i = 0; i < 8; i++) out[off + i] = buf[i]! ^ chain[i]!;
      chain.set(data.subarray(off, off + 8));
    } else {
      for (let i = 0; i < 8; i++) buf[i] = data[off + i]! ^ chain[i]!;
      block(buf, 0, out, off, false);
      chain.set(out.subarray(off, off + 8));
    }
  }
  return out;
}

const ZERO8 = new Uint8Array(8);

export const desEcbEncrypt = (key: Uint8Array, data: Uint8Array): Uint8Array => {
  const ks = desKeySchedule(key);
  return ecb((i, io, o, oo, d) => desBlock(ks, i, io, o, oo, d), data, false);
};
export const desEcbDecrypt = (key: Uint8Array, data: Uint8Array): Uint8Array => {
  const ks = desKeySchedule(key);
  return ecb((i, io, o, oo, d) => desBlock(ks, i, io, o, oo, d), data, true);
};
export const desCbcEncrypt = (key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO8): Uint8Array => {
  const ks = desKeySchedule(key);
  return cbc((i, io, o, oo, d) => desBlock(ks, i, io, o, oo, d), iv, data, false);
};
export const desCbcDecrypt = (key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO8): Uint8Array => {
  const ks = desKeySchedule(key);
  return cbc((i, io, o, oo, d) => desBlock(ks, i, io, o, oo, d), iv, data, true);
};

export const tdesEcbEncrypt = (key: Uint8Array | TdesKey, data: Uint8Array): Uint8Array => {
  const k = key instanceof Uint8Array ? tdesKey(key) : key;
  return ecb((i, io, o, oo, d) => tdesBlock(k, i, io, o, oo, d), data, false);
};
export const tdesEcbDecrypt = (key: Uint8Array | TdesKey, data: Uint8Array): Uint8Array => {
  const k = key instanceof Uint8Array ? tdesKey(key) : key;
  return ecb((i, io, o, oo, d) => tdesBlock(k, i, io, o, oo, d), data, true);
};
export const tdesCbcEncrypt = (key: Uint8Array | TdesKey, data: Uint8Array, iv: Uint8Array = ZERO8): Uint8Array => {
  const k = key instanceof Uint8Array ? tdesKey(key) : key;
  return cbc((i, io, o, oo, d) => tdesBlock(k, i, io, o, oo, d), iv, data, false);
};
export const tdesCbcDecrypt = (key: Uint8Array | TdesKey, data: Uint8Array, iv: Uint8Array = ZERO8): Uint8Array => {
  const k = key instanceof Uint8Array ? tdesKey(key) : key;
  return cbc((i, io, o, oo, d) => tdesBlock(k, i, io, o, oo, d), iv, data, true);
};

/** Single-DES block encryption with a prepared schedule (the retail MAC's inner loop). */
export function desEncryptBlockWith(ks: DesSchedule, block: Uint8Array): Uint8Array {
  const out = new Uint8Array(8);
  desBlock(ks, block, 0, out, 0, false);
  return out;
}
export function desDecryptBlockWith(ks: DesSchedule, block: Uint8Array): Uint8Array {
  const out = new Uint8Array(8);
  desBlock(ks, block, 0, out, 0, true);
  return out;
}

/** Sets each byte's least significant bit so the byte has odd parity (FIPS 46-3 key format). */
export function adjustDesParity(key: Uint8Array): Uint8Array {
  const out = Uint8Array.from(key);
  for (let i = 0; i < out.length; i++) {
    const b = out[i]! & 0xfe;
    let ones = 0;
    for (let x = b; x; x >>= 1) ones += x & 1;
    out[i] = b | (ones % 2 === 0 ? 1 : 0);
  }
  return out;
}

function requireBlocks(data: Uint8Array): void {
  if (data.length % 8 !== 0) throw cryptoError(`DES input length ${data.length} is not a multiple of 8`);
}

function readU32(b: Uint8Array, off: number): number {
  return ((b[off]! << 24) | (b[off + 1]! << 16) | (b[off + 2]! << 8) | b[off + 3]!) >>> 0;
}
function writeU32(b: Uint8Array, off: number, v: number): void {
  b[off] = v >>> 24;
  b[off + 1] = (v >>> 16) & 0xff;
  b[off + 2] = (v >>> 8) & 0xff;
  b[off + 3] = v & 0xff;
}

export function cryptoError(technicianMessage: string): KioskError {
  return new KioskError({ code: 'card.crypto', technicianMessage, retryable: false });
}
