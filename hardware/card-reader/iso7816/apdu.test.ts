// Runs in: Node (vitest). APDU codec: the seven ISO 7816-3 cases byte for byte, round trips, fuzz.
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../../src/shared/errors';
import { decodeCommand, decodeResponse, encodeBerLength, encodeCommand, encodeResponse, fromHex, parseTlvHeader, toHex, type CommandApdu } from './apdu';

const enc = (cmd: CommandApdu) => toHex(encodeCommand(cmd));

describe('encodeCommand', () => {
  it('encodes the ICAO 9303-11 D.4 plain commands', () => {
    // SELECT EF.COM and READ BINARY of 4 bytes, as they stand before secure messaging.
    expect(enc({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011E') })).toBe('00A4020C02011E');
    expect(enc({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4 })).toBe('00B0000004');
  });

  it('encodes short cases 1-4', () => {
    expect(enc({ cla: 0, ins: 0x84, p1: 0, p2: 0 })).toBe('00840000');
    expect(enc({ cla: 0, ins: 0x84, p1: 0, p2: 0, le: 8 })).toBe('0084000008');
    expect(enc({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 256 })).toBe('00B0000000');
    expect(enc({ cla: 0, ins: 0x22, p1: 0xc1, p2: 0xa4, data: fromHex('800A') })).toBe('0022C1A402800A');
    expect(enc({ cla: 0, ins: 0x82, p1: 0, p2: 0, data: fromHex('0102'), le: 256 })).toBe('008200000201020' + '0');
  });

  it('switches to extended length above 255 data bytes or 256 expected bytes', () => {
    expect(enc({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 257 })).toBe('00B00000000101');
    expect(enc({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 65536 })).toBe('00B00000000000');
    expect(enc({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4, extended: true })).toBe('00B00000000004');
    const data = new Uint8Array(300).fill(0xaa);
    const e3 = encodeCommand({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data });
    expect(toHex(e3.slice(0, 7))).toBe('00D60000' + '00012C');
    expect(e3.length).toBe(307);
    const e4 = encodeCommand({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data, le: 65536 });
    expect(toHex(e4.slice(-2))).toBe('0000');
    expect(e4.length).toBe(309);
    // Case 4E with a small Le: Le is two bytes, no leading 00 (Lc announced extended).
    expect(toHex(encodeCommand({ cla: 0, ins: 0xb1, p1: 0, p2: 0, data: fromHex('54028000'), le: 0x1004, extended: true }))).toBe('00B100000000045402800010' + '04');
  });

  it('rejects out-of-range fields with a KioskError', () => {
    expect(() => encodeCommand({ cla: 256, ins: 0, p1: 0, p2: 0 })).toThrow(KioskError);
    expect(() => encodeCommand({ cla: 0, ins: 0, p1: 0, p2: 0, le: 0 })).toThrow(KioskError);
    expect(() => encodeCommand({ cla: 0, ins: 0, p1: 0, p2: 0, le: 65537 })).toThrow(KioskError);
    expect(() => encodeCommand({ cla: 0, ins: 0, p1: 0, p2: 0, data: new Uint8Array(65536) })).toThrow(KioskError);
  });
});

describe('decodeCommand', () => {
  it('parses every case', () => {
    expect(decodeCommand(fromHex('00840000'))).toEqual({ cla: 0, ins: 0x84, p1: 0, p2: 0 });
    expect(decodeCommand(fromHex('00B0000000')).le).toBe(256);
    expect(decodeCommand(fromHex('00A4020C02011E')).data).toEqual(fromHex('011E'));
    expect(decodeCommand(fromHex('00A4020C02011E00')).le).toBe(256);
    expect(decodeCommand(fromHex('00B00000000000'))).toMatchObject({ le: 65536, extended: true });
    expect(decodeCommand(fromHex('00B100000000045402800010' + '04'))).toMatchObject({ le: 0x1004, data: fromHex('54028000'), extended: true });
  });

  it('rejects malformed lengths', () => {
    for (const hex of ['', '00', '00A402', '00A4020C0301', '00A4020C02011E0000', '00B000000001', '00B00000000002AA', '00B000000000000000']) {
      expect(() => decodeCommand(fromHex(hex)), hex).toThrow(KioskError);
    }
  });

  it('round-trips random commands', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      const withData = rnd(2) === 1;
      const nc = withData ? 1 + (rnd(4) === 0 ? rnd(700) : rnd(255)) : 0;
      const cmd: CommandApdu = { cla: rnd(256), ins: rnd(256), p1: rnd(256), p2: rnd(256) };
      if (withData) cmd.data = Uint8Array.from({ length: nc }, () => rnd(256));
      if (rnd(2)) cmd.le = 1 + (rnd(3) === 0 ? rnd(65536) : rnd(256));
      const back = decodeCommand(encodeCommand(cmd));
      expect(back.cla).toBe(cmd.cla);
      expect(back.p2).toBe(cmd.p2);
      expect(back.data).toEqual(cmd.data);
      expect(back.le).toBe(cmd.le);
    }
  });

  it('fuzz: random bytes give a command or a KioskError, nothing else', () => {
    let seed = 99;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let parsed = 0;
    for (let i = 0; i < 20000; i++) {
      const bytes = Uint8Array.from({ length: rnd(12) }, () => (rnd(3) === 0 ? 0 : rnd(256)));
      try {
        const cmd = decodeCommand(bytes);
        // Whatever parsed must re-encode to the same bytes' meaning.
        expect(decodeCommand(encodeCommand(cmd))).toEqual(cmd);
        parsed++;
      } catch (error) {
        expect(error).toBeInstanceOf(KioskError);
      }
    }
    expect(parsed).toBeGreaterThan(1000);
  });
});

describe('responses and TLV headers', () => {
  it('splits data and status word', () => {
    expect(decodeResponse(fromHex('60145F019000'))).toEqual({ data: fromHex('60145F01'), sw: 0x9000 });
    expect(decodeResponse(fromHex('6A82'))).toEqual({ data: new Uint8Array(0), sw: 0x6a82 });
    expect(() => decodeResponse(fromHex('90'))).toThrow(KioskError);
    expect(encodeResponse({ data: fromHex('01'), sw: 0x6282 })).toEqual(fromHex('016282'));
  });

  it('reads BER headers: short, long-form and multi-byte tags', () => {
    // EF.COM of ICAO 9303-10 Appendix A starts 60 14.
    expect(parseTlvHeader(fromHex('60145F0104303130'))).toEqual({ tag: 0x60, headerLength: 2, valueLength: 0x14 });
    expect(parseTlvHeader(fromHex('7582' + '4E20'))).toEqual({ tag: 0x75, headerLength: 4, valueLength: 20000 });
    expect(parseTlvHeader(fromHex('7F618301 0000'))).toEqual({ tag: 0x7f61, headerLength: 6, valueLength: 0x10000 });
    expect(parseTlvHeader(fromHex('7582'))).toBeNull();
    expect(() => parseTlvHeader(fromHex('6080'))).toThrow(KioskError);
    expect(() => parseTlvHeader(fromHex('608501020304050607'))).toThrow(KioskError);
    expect(toHex(encodeBerLength(0x7f))).toBe('7F');
    expect(toHex(encodeBerLength(0x80))).toBe('8180');
    expect(toHex(encodeBerLength(0x4e20))).toBe('824E20');
  });

  it('fuzz: TLV headers never throw anything but KioskError', () => {
    let seed = 3;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < 20000; i++) {
      const bytes = Uint8Array.from({ length: rnd(10) }, () => rnd(256));
      try {
        const h = parseTlvHeader(bytes);
        if (h) expect(h.headerLength).toBeLessThanOrEqual(bytes.length);
      } catch (error) {
        expect(error).toBeInstanceOf(KioskError);
      }
    }
  });
});
