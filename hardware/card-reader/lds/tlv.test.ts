// Runs in: Node (vitest). The BER-TLV walker, the DER reader and the DER writer.
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../../src/shared/errors';
import { bitString, integer, oid, smallInt, string, time, unsignedBytes } from './asn1';
import * as der from './der';
import { children, readAll, readSingle, readTlv, value, walk } from './tlv';

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/[\s|]/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const malformed = expect.objectContaining({ code: 'card.lds-malformed' });

describe('BER-TLV walker', () => {
  it('reads 1-, 2- and 3-byte tags with their class and number', () => {
    expect(readTlv(hex('6100'))).toMatchObject({ tag: 0x61, tagClass: 'application', constructed: true, tagNumber: 1 });
    expect(readTlv(hex('5f1f0141'))).toMatchObject({ tag: 0x5f1f, tagClass: 'application', constructed: false, tagNumber: 0x1f });
    expect(readTlv(hex('7f6100'))).toMatchObject({ tag: 0x7f61, constructed: true, tagNumber: 0x61 });
    expect(readTlv(hex('9f810100'))).toMatchObject({ tag: 0x9f8101, tagClass: 'context', tagNumber: 129 });
    expect(() => readTlv(hex('9f81818100'))).toThrowError(malformed);
  });
  it('reads short and long-form lengths up to 4 bytes', () => {
    const body = new Uint8Array(300).fill(7);
    const forms = [hex('047f'), hex('04817f'), hex('0482007f'), hex('048300007f'), hex('04840000007f')];
    for (const f of forms) {
      const t = readTlv(der.concat(f, body.subarray(0, 127)));
      expect(t.end - t.valueStart).toBe(127);
    }
    const big = der.concat(hex('0482012c'), body);
    expect(value(readSingle(big)).length).toBe(300);
    expect(() => readTlv(der.concat(hex('0485000000012c'), body))).toThrowError(malformed);
  });
  it('rejects indefinite lengths, truncation and overruns without reading out of range', () => {
    for (const bad of ['', '30', '3080', '3081', '308200', '3005010203', '5f', '5f1f', '00', 'ff00', '3003020101ff']) {
      expect(() => readSingle(hex(bad)), bad).toThrowError(malformed);
    }
  });
  it('bounds children by their parent', () => {
    // Inner element claims 5 bytes but the parent only has 3.
    expect(() => children(readSingle(hex('3005 0405 010203 0000'.replace(/ /g, ''))))).toThrowError(malformed);
    const t = readSingle(hex('300a 0201 05 0403 010203 0500'.replace(/ /g, '')));
    expect(children(t).map((c) => c.tag)).toEqual([0x02, 0x04, 0x05]);
    expect(readAll(hex('02010102010205 00'.replace(/ /g, ''))).length).toBe(3);
  });
  it('limits nesting depth', () => {
    let deep = hex('0500');
    for (let i = 0; i < 40; i++) deep = der.seq(deep);
    expect(() => walk(readSingle(deep), () => undefined)).toThrowError(malformed);
  });
});

describe('DER reader and writer', () => {
  it('encodes the DG13 character-set OID exactly as the chip does', () => {
    expect(toHex(der.oid('1.0.10646.1.0.8'))).toBe('060628d316010008');
    expect(oid(readSingle(hex('060628d316010008')))).toBe('1.0.10646.1.0.8');
    for (const o of ['2.23.136.1.1.1', '1.2.840.113549.1.1.10', '0.4.0.127.0.7.2.2.4.2.2', '1.3.36.3.3.2.8.1.1.7', '2.999.3']) {
      expect(oid(readSingle(der.oid(o)))).toBe(o);
    }
    expect(() => oid(readSingle(hex('060188')))).toThrowError(malformed);
    expect(() => oid(readSingle(hex('06028001')))).toThrowError(malformed);
  });
  it('round-trips INTEGERs including sign bytes', () => {
    for (const n of [0n, 1n, 127n, 128n, 255n, 256n, 65535n, 2n ** 64n + 3n]) expect(integer(readSingle(der.int(n)))).toBe(n);
    expect(toHex(der.int(128))).toBe('02020080');
    expect(integer(readSingle(hex('0201ff')))).toBe(-1n);
    expect(toHex(unsignedBytes(readSingle(hex('020300ff01'))))).toBe('ff01');
    expect(() => smallInt(readSingle(der.int(2n ** 40n)))).toThrowError(malformed);
    expect(() => integer(readSingle(hex('0200')))).toThrowError(malformed);
  });
  it('decodes strings and rejects invalid UTF-8', () => {
    expect(string(readSingle(der.utf8('Nguyễn Thị Lan')))).toBe('Nguyễn Thị Lan');
    expect(string(readSingle(der.printable('001093047064')))).toBe('001093047064');
    expect(string(readSingle(hex('1e0400410042')))).toBe('AB');
    expect(() => string(readSingle(hex('0c02c328')))).toThrowError(malformed);
  });
  it('reads UTCTime and GeneralizedTime', () => {
    const d = new Date(Date.UTC(2024, 5, 1, 12, 30, 5));
    expect(time(readSingle(der.utcTime(d))).toISOString()).toBe(d.toISOString());
    expect(time(readSingle(hex('180f32303530303130313030303030305a'))).toISOString()).toBe('2050-01-01T00:00:00.000Z');
    expect(() => time(readSingle(hex('1703313233')))).toThrowError(malformed);
  });
  it('writes BIT STRINGs and DER-sorted SETs', () => {
    expect(toHex(bitString(readSingle(der.bits(hex('abcd')))))).toBe('abcd');
    expect(toHex(der.setOf(der.int(2), der.int(1)))).toBe('3106020101020102');
  });
});

describe('TLV fuzz', () => {
  it('random bytes give a tree or card.lds-malformed, never anything else', () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 20000; i++) {
      const b = new Uint8Array(rnd(64));
      for (let j = 0; j < b.length; j++) b[j] = rnd(4) === 0 ? [0x30, 0x31, 0x04, 0x81, 0x82, 0x84, 0x7f, 0x5f][rnd(8)]! : rnd(256);
      try {
        walk(readSingle(b, undefined, true), (n) => {
          expect(n.end).toBeLessThanOrEqual(b.length);
        });
      } catch (err) {
        expect(err).toBeInstanceOf(KioskError);
        expect((err as KioskError).code).toBe('card.lds-malformed');
      }
    }
  });
});
