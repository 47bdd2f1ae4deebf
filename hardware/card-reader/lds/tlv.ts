// Runs in: any process (pure). A strict BER-TLV walker for LDS files and the DER inside them.
// Every read is bounds-checked against its enclosing element, so truncated, overlong or nested
// garbage becomes KioskError `card.lds-malformed` instead of an exception or an out-of-range read.

import { KioskError } from '../../../src/shared/errors';

export type TagClass = 'universal' | 'application' | 'context' | 'private';

export interface Tlv {
  /** The tag bytes as one number, as ICAO writes them: 0x61, 0x5F1F, 0x7F61. */
  tag: number;
  tagClass: TagClass;
  constructed: boolean;
  /** Tag number without class/constructed bits (for [n] context tags). */
  tagNumber: number;
  /** Offset of the first tag byte within `source`. */
  start: number;
  /** Offset of the first value byte within `source`. */
  valueStart: number;
  /** Offset one past the last value byte within `source`. */
  end: number;
  /** The buffer the offsets point into. */
  source: Uint8Array;
}

const MAX_DEPTH = 32;

export function ldsMalformed(detail: string, what = 'LDS data'): KioskError {
  return new KioskError({
    code: 'card.lds-malformed',
    technicianMessage: `${what} is malformed: ${detail}`,
    citizenMessage: 'Dữ liệu trên thẻ không đọc được. Xin vui lòng đặt lại thẻ hoặc nhờ cán bộ hỗ trợ.',
    retryable: true,
  });
}

/**
 * Runs `fn` and re-labels any failure with the data group's name, so the technician message says
 * which file was bad. Non-Kiosk exceptions (a parser bug) are also converted rather than escaping.
 */
export function inContext<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    // Structural errors from the walker and from the MRZ parser both mean "this file is bad".
    if (err instanceof KioskError && err.code !== 'card.lds-malformed' && err.code !== 'mrz.malformed') throw err;
    // Already labelled by an inner context (DG14 -> SecurityInfos): keep the innermost name.
    if (err instanceof KioskError && err.code === 'card.lds-malformed' && !err.technicianMessage.startsWith('LDS data is malformed: ')) throw err;
    const detail = err instanceof KioskError ? err.technicianMessage.replace(/^LDS data is malformed: /, '') : String(err);
    throw ldsMalformed(detail, what);
  }
}

/** Value bytes of a TLV (a view, not a copy). */
export function value(t: Tlv): Uint8Array {
  return t.source.subarray(t.valueStart, t.end);
}

/** The complete encoding (tag, length and value) of a TLV, as a view. */
export function encoded(t: Tlv): Uint8Array {
  return t.source.subarray(t.start, t.end);
}

const CLASSES: TagClass[] = ['universal', 'application', 'context', 'private'];

/** Reads one TLV starting at `offset`, never past `limit`. */
export function readTlv(source: Uint8Array, offset = 0, limit = source.length): Tlv {
  if (limit > source.length || offset < 0) throw ldsMalformed('read window outside the buffer');
  let p = offset;
  if (p >= limit) throw ldsMalformed('expected a tag, found end of data');
  const first = source[p++]!;
  if (first === 0x00 || first === 0xff) throw ldsMalformed(`invalid tag byte 0x${first.toString(16)}`);
  let tag = first;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    // Multi-byte tag: at most two subsequent bytes (3-byte tags), high bit = more follows.
    tagNumber = 0;
    for (let i = 0; ; i++) {
      if (i >= 2) throw ldsMalformed('tag longer than 3 bytes');
      if (p >= limit) throw ldsMalformed('truncated tag');
      const b = source[p++]!;
      tag = tag * 256 + b;
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  if (p >= limit) throw ldsMalformed('truncated length');
  const lb = source[p++]!;
  let length: number;
  if (lb < 0x80) length = lb;
  else if (lb === 0x80) throw ldsMalformed('indefinite length is not allowed in LDS/DER');
  else {
    const n = lb & 0x7f;
    if (n > 4) throw ldsMalformed(`length of ${n} bytes exceeds 4`);
    if (p + n > limit) throw ldsMalformed('truncated long-form length');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + source[p++]!;
  }
  if (length > limit - p) throw ldsMalformed(`element of ${length} bytes overruns its container (${limit - p} left)`);
  return {
    tag,
    tagClass: CLASSES[first >> 6]!,
    constructed: (first & 0x20) !== 0,
    tagNumber,
    start: offset,
    valueStart: p,
    end: p + length,
    source,
  };
}

/** Every TLV laid end to end in `source[start, end)`. */
export function readAll(source: Uint8Array, start = 0, end = source.length): Tlv[] {
  const out: Tlv[] = [];
  let p = start;
  while (p < end) {
    const t = readTlv(source, p, end);
    out.push(t);
    p = t.end;
  }
  return out;
}

/** Exactly one TLV must fill `source`; LDS files may carry trailing padding, allowed with `allowTrailing`. */
export function readSingle(source: Uint8Array, expectedTag?: number, allowTrailing = false): Tlv {
  const t = readTlv(source, 0, source.length);
  if (expectedTag !== undefined && t.tag !== expectedTag) {
    throw ldsMalformed(`outer tag 0x${t.tag.toString(16)} where 0x${expectedTag.toString(16)} was expected`);
  }
  if (!allowTrailing && t.end !== source.length) throw ldsMalformed(`${source.length - t.end} trailing byte(s)`);
  return t;
}

/** The children of a constructed TLV. */
export function children(t: Tlv): Tlv[] {
  if (!t.constructed) throw ldsMalformed(`tag 0x${t.tag.toString(16)} is primitive where a constructed element was expected`);
  return readAll(t.source, t.valueStart, t.end);
}

/** First child with `tag`, or undefined. */
export function findChild(t: Tlv, tag: number): Tlv | undefined {
  return children(t).find((c) => c.tag === tag);
}

/** First child with `tag`; a missing one is a malformed file. */
export function requireChild(t: Tlv, tag: number, what = `tag 0x${tag.toString(16)}`): Tlv {
  const c = findChild(t, tag);
  if (!c) throw ldsMalformed(`missing ${what}`);
  return c;
}

/**
 * Depth-first walk of the whole tree (constructed elements are descended into). Bounded depth so a
 * crafted file of nested headers cannot exhaust the stack.
 */
export function walk(t: Tlv, visit: (node: Tlv, depth: number) => void, depth = 0): void {
  if (depth > MAX_DEPTH) throw ldsMalformed('nesting deeper than 32 levels');
  visit(t, depth);
  if (t.constructed) for (const c of children(t)) walk(c, visit, depth + 1);
}
