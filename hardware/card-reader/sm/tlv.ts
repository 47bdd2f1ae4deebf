// Runs in: Node (engine) and Electron (no Node imports). Pure.
// Minimal BER-TLV reader for the handful of flat structures the access-control and
// secure-messaging layers see (SM data objects, dynamic authentication data, PACEInfo).
// Every bound is checked: this parses bytes that come from a card or an attacker.

export interface Tlv {
  tag: number;
  /** Whole encoding (tag, length, value) — SM MACs are computed over raw data objects. */
  raw: Uint8Array;
  value: Uint8Array;
  constructed: boolean;
}

export class TlvError extends Error {}

export function readTlv(buf: Uint8Array, offset: number): { tlv: Tlv; next: number } {
  let i = offset;
  if (i >= buf.length) throw new TlvError('no tag');
  const first = buf[i++]!;
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    let count = 0;
    let b: number;
    do {
      if (i >= buf.length) throw new TlvError('truncated tag');
      b = buf[i++]!;
      tag = tag * 256 + b;
      if (++count > 3) throw new TlvError('tag too long');
    } while (b & 0x80);
  }
  if (i >= buf.length) throw new TlvError('no length');
  let len = buf[i++]!;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3) throw new TlvError('unsupported length form');
    if (i + n > buf.length) throw new TlvError('truncated length');
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + buf[i++]!;
  }
  if (i + len > buf.length) throw new TlvError('value past end');
  return {
    tlv: { tag, raw: buf.subarray(offset, i + len), value: buf.subarray(i, i + len), constructed: (first & 0x20) !== 0 },
    next: i + len,
  };
}

export function readAll(buf: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let off = 0;
  while (off < buf.length) {
    const { tlv, next } = readTlv(buf, off);
    out.push(tlv);
    off = next;
  }
  return out;
}

export function encodeLength(len: number): Uint8Array {
  if (len < 0x80) return Uint8Array.of(len);
  if (len < 0x100) return Uint8Array.of(0x81, len);
  if (len < 0x10000) return Uint8Array.of(0x82, len >> 8, len & 0xff);
  return Uint8Array.of(0x83, len >> 16, (len >> 8) & 0xff, len & 0xff);
}

export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
  const tagBytes: number[] = [];
  for (let t = tag; t > 0; t = Math.floor(t / 256)) tagBytes.unshift(t & 0xff);
  if (tagBytes.length === 0) tagBytes.push(0);
  const l = encodeLength(value.length);
  const out = new Uint8Array(tagBytes.length + l.length + value.length);
  out.set(tagBytes);
  out.set(l, tagBytes.length);
  out.set(value, tagBytes.length + l.length);
  return out;
}
