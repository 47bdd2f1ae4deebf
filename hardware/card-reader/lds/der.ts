// Runs in: any process (pure). A minimal DER writer for building LDS files, CMS SignedData and
// X.509 certificates in the sample-document generator and in tests.

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

function tagBytes(tag: number): number[] {
  const out: number[] = [];
  for (let v = tag; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return out.length ? out : [0];
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Any TLV; `tag` is the tag bytes as a number (0x30, 0x5F1F, 0x7F61). */
export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concat(...content);
  return concat(Uint8Array.from([...tagBytes(tag), ...lengthBytes(body.length)]), body);
}

export const seq = (...c: Uint8Array[]): Uint8Array => tlv(0x30, ...c);

/** SET OF in DER order (elements sorted by their encodings). */
export function setOf(...c: Uint8Array[]): Uint8Array {
  const sorted = [...c].sort((a, b) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    return a.length - b.length;
  });
  return tlv(0x31, ...sorted);
}

/** Non-negative INTEGER (all the LDS and certificate integers we write). */
export function int(v: number | bigint): Uint8Array {
  let n = BigInt(v);
  if (n < 0n) throw new RangeError('negative INTEGER not supported by this writer');
  const bytes: number[] = [];
  do {
    bytes.unshift(Number(n & 0xffn));
    n >>= 8n;
  } while (n > 0n);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(0x02, Uint8Array.from(bytes));
}

/** INTEGER from an unsigned big-endian magnitude. */
export function uint(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const b = bytes.subarray(i);
  return tlv(0x02, b[0]! & 0x80 ? concat(Uint8Array.of(0), b) : b);
}

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [];
  const enc = (v: number): void => {
    const chunk: number[] = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) chunk.unshift((x & 0x7f) | 0x80);
    out.push(...chunk);
  };
  enc(arcs[0]! * 40 + arcs[1]!);
  for (const a of arcs.slice(2)) enc(a);
  return tlv(0x06, Uint8Array.from(out));
}

export const octets = (b: Uint8Array): Uint8Array => tlv(0x04, b);
export const bits = (b: Uint8Array): Uint8Array => tlv(0x03, Uint8Array.of(0), b);
export const nul = (): Uint8Array => Uint8Array.of(0x05, 0x00);
export const bool = (b: boolean): Uint8Array => Uint8Array.of(0x01, 0x01, b ? 0xff : 0x00);
export const utf8 = (s: string): Uint8Array => tlv(0x0c, new TextEncoder().encode(s));
export const printable = (s: string): Uint8Array => tlv(0x13, new TextEncoder().encode(s));

export function utcTime(d: Date): Uint8Array {
  const p = (n: number): string => String(n).padStart(2, '0');
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return tlv(0x17, new TextEncoder().encode(s));
}

/** Context-specific [n], constructed (EXPLICIT, or IMPLICIT of a constructed type). */
export const ctx = (n: number, ...c: Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...c);
/** Context-specific [n], primitive (IMPLICIT of a primitive type). */
export const ctxPrim = (n: number, c: Uint8Array): Uint8Array => tlv(0x80 | n, c);

export const algId = (id: string, params?: Uint8Array): Uint8Array => (params ? seq(oid(id), params) : seq(oid(id)));
