// Runs in: any process (pure). Typed readers for the DER primitives used by CMS, X.509 and the
// ICAO SecurityInfos, on top of the TLV walker (all failures are `card.lds-malformed`).

import { children, ldsMalformed, value, type Tlv } from './tlv';

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8: 0x0c,
  PRINTABLE: 0x13,
  T61: 0x14,
  IA5: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  BMP: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function expectTag(t: Tlv, tag: number, what: string): void {
  if (t.tag !== tag) throw ldsMalformed(`${what}: tag 0x${t.tag.toString(16)} where 0x${tag.toString(16)} was expected`);
}

export function sequence(t: Tlv, what = 'SEQUENCE'): Tlv[] {
  expectTag(t, TAG.SEQUENCE, what);
  return children(t);
}

export function set(t: Tlv, what = 'SET'): Tlv[] {
  expectTag(t, TAG.SET, what);
  return children(t);
}

export function oid(t: Tlv): string {
  expectTag(t, TAG.OID, 'OBJECT IDENTIFIER');
  const v = value(t);
  if (v.length === 0 || v.length > 64) throw ldsMalformed('OBJECT IDENTIFIER of impossible length');
  const arcs: number[] = [];
  let acc = 0;
  for (let i = 0; i < v.length; i++) {
    const b = v[i]!;
    if (acc === 0 && b === 0x80) throw ldsMalformed('OBJECT IDENTIFIER arc with a leading 0x80');
    acc = acc * 128 + (b & 0x7f);
    if (acc > Number.MAX_SAFE_INTEGER / 256) throw ldsMalformed('OBJECT IDENTIFIER arc too large');
    if ((b & 0x80) === 0) {
      arcs.push(acc);
      acc = 0;
    } else if (i === v.length - 1) throw ldsMalformed('OBJECT IDENTIFIER ends inside an arc');
  }
  const firstArc = arcs[0]!;
  const head = firstArc < 40 ? [0, firstArc] : firstArc < 80 ? [1, firstArc - 40] : [2, firstArc - 80];
  return [...head, ...arcs.slice(1)].join('.');
}

export function integer(t: Tlv): bigint {
  expectTag(t, TAG.INTEGER, 'INTEGER');
  const v = value(t);
  if (v.length === 0) throw ldsMalformed('empty INTEGER');
  if (v.length > 2048) throw ldsMalformed('INTEGER longer than 2048 bytes'); // RSA-16384 fits
  let n = 0n;
  for (const b of v) n = (n << 8n) | BigInt(b);
  if (v[0]! & 0x80) n -= 1n << BigInt(v.length * 8);
  return n;
}

/** An INTEGER that must fit comfortably in a JS number (versions, field numbers, ids). */
export function smallInt(t: Tlv): number {
  const n = integer(t);
  if (n < -0x7fffffffn || n > 0x7fffffffn) throw ldsMalformed('INTEGER out of the expected small range');
  return Number(n);
}

/** Unsigned big-endian magnitude of an INTEGER (leading sign byte removed). */
export function unsignedBytes(t: Tlv): Uint8Array {
  expectTag(t, TAG.INTEGER, 'INTEGER');
  const v = value(t);
  return v.length > 1 && v[0] === 0 ? v.subarray(1) : v;
}

export function octetString(t: Tlv): Uint8Array {
  expectTag(t, TAG.OCTET_STRING, 'OCTET STRING');
  return value(t);
}

/** BIT STRING contents without the unused-bits byte (only whole-octet strings are accepted). */
export function bitString(t: Tlv): Uint8Array {
  expectTag(t, TAG.BIT_STRING, 'BIT STRING');
  const v = value(t);
  if (v.length === 0) throw ldsMalformed('empty BIT STRING');
  if (v[0]! > 7) throw ldsMalformed('BIT STRING with more than 7 unused bits');
  return v.subarray(1);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/** Any of the ASN.1 character-string types, decoded. UTF-8 must be valid UTF-8. */
export function string(t: Tlv): string {
  const v = value(t);
  switch (t.tag) {
    case TAG.UTF8:
      try {
        return utf8.decode(v);
      } catch {
        throw ldsMalformed('UTF8String is not valid UTF-8');
      }
    case TAG.PRINTABLE:
    case TAG.IA5:
    case TAG.T61:
    case 0x1a: // VisibleString
      return latin1.decode(v);
    case TAG.BMP: {
      if (v.length % 2) throw ldsMalformed('BMPString of odd length');
      let s = '';
      for (let i = 0; i < v.length; i += 2) s += String.fromCharCode((v[i]! << 8) | v[i + 1]!);
      return s;
    }
    default:
      throw ldsMalformed(`tag 0x${t.tag.toString(16)} is not a character string`);
  }
}

/** UTCTime or GeneralizedTime (Z form, as DER requires) to a Date. */
export function time(t: Tlv): Date {
  const s = latin1.decode(value(t));
  let m: RegExpExecArray | null;
  let year: number;
  if (t.tag === TAG.UTC_TIME) {
    m = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?Z$/.exec(s);
    if (!m) throw ldsMalformed('UTCTime not in YYMMDDHHMM[SS]Z form');
    const yy = Number(m[1]);
    year = yy >= 50 ? 1900 + yy : 2000 + yy;
  } else if (t.tag === TAG.GENERALIZED_TIME) {
    m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)?(?:\.\d+)?Z$/.exec(s);
    if (!m) throw ldsMalformed('GeneralizedTime not in YYYYMMDDHHMM[SS]Z form');
    year = Number(m[1]);
  } else throw ldsMalformed('expected a time');
  const d = new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  if (Number.isNaN(d.getTime())) throw ldsMalformed('impossible time value');
  return d;
}

export function isContext(t: Tlv, n: number): boolean {
  return t.tagClass === 'context' && t.tagNumber === n;
}

/** [n] EXPLICIT: the single element inside a context-specific constructed tag. */
export function explicit(t: Tlv, n: number): Tlv {
  if (!isContext(t, n) || !t.constructed) throw ldsMalformed(`expected [${n}] EXPLICIT`);
  const inner = children(t);
  if (inner.length !== 1) throw ldsMalformed(`[${n}] EXPLICIT must hold exactly one element`);
  return inner[0]!;
}

export interface AlgorithmIdentifier {
  oid: string;
  /** The parameters element, when present and not NULL. */
  parameters?: Tlv;
}

export function algorithmIdentifier(t: Tlv): AlgorithmIdentifier {
  const parts = sequence(t, 'AlgorithmIdentifier');
  if (parts.length < 1 || parts.length > 2) throw ldsMalformed('AlgorithmIdentifier with wrong element count');
  const id = oid(parts[0]!);
  const p = parts[1];
  return p && p.tag !== TAG.NULL ? { oid: id, parameters: p } : { oid: id };
}
