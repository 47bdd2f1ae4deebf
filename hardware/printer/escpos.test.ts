// Runs in: Node (vitest). Encoder bytes against the Epson ESC/POS command reference.
import { describe, expect, it } from 'vitest';
import * as esc from './escpos';
import { encodeCp1258 } from './cp1258';
import { decodeStatus, blockingAlarm, isStatusByte } from './status';
import { KioskError } from '../../src/shared/errors';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('ESC/POS encoder', () => {
  it('encodes basic commands byte-exact', () => {
    expect(hex(esc.initialize())).toBe('1b40');
    expect(hex(esc.bold(true))).toBe('1b4501');
    expect(hex(esc.underline(2))).toBe('1b2d02');
    expect(hex(esc.align('center'))).toBe('1b6101');
    expect(hex(esc.align('right'))).toBe('1b6102');
    expect(hex(esc.charSize(2, 3))).toBe('1d2112');
    expect(hex(esc.charSize(8, 8))).toBe('1d2177');
    expect(hex(esc.feedLines(3))).toBe('1b6403');
    expect(hex(esc.feedDots(200))).toBe('1b4ac8');
    expect(hex(esc.codeTable(52))).toBe('1b7434');
    expect(hex(esc.cut('partial', 96))).toBe('1d564260');
    expect(hex(esc.cut('full'))).toBe('1d564100');
    expect(hex(esc.statusRequest(4))).toBe('100404');
    expect(hex(esc.paperSensorRequest())).toBe('1d7201');
    expect(hex(esc.clearBuffers())).toBe('1014080103140106020' + '8');
  });

  it('encodes the GS ( k QR sequence (model 2, module, EC, store, print)', () => {
    const b = esc.qrCode('ABC', { ecLevel: 'Q', moduleSize: 5 });
    expect(hex(b)).toBe(
      '1d286b0400314132' + '00' + // fn 165 model 2
        '1d286b03003143' + '05' + // fn 167 module 5
        '1d286b03003145' + '32' + // fn 169 EC Q (50)
        '1d286b0600315030' + '414243' + // fn 180 store, pL = 3 + 3
        '1d286b0300315130', // fn 181 print
    );
  });

  it('computes the QR store length on UTF-8 bytes, not characters', () => {
    const text = 'Đăng ký khai sinh'; // 17 characters, 23 UTF-8 bytes
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length).toBeGreaterThan(text.length);
    const store = esc.qrStore(bytes);
    expect(store[3]! + 256 * store[4]!).toBe(bytes.length + 3);
    expect(Buffer.from(store.subarray(8)).toString('utf8')).toBe(text);
    // 300-byte payload: the high length byte is used.
    const long = esc.qrStore(new Uint8Array(300).fill(0x41));
    expect([long[3], long[4]]).toEqual([(303 & 0xff), 1]);
  });

  it('encodes GS v 0 with width in bytes and height in rows', () => {
    const bmp = { width: 20, height: 2, data: Uint8Array.of(0xff, 0x00, 0xf0, 0x01, 0x02, 0x03) };
    expect(hex(esc.rasterImage(bmp))).toBe('1d7630000300020' + '0' + 'ff00f0010203');
    expect(() => esc.rasterImage({ width: 20, height: 2, data: new Uint8Array(5) })).toThrow(KioskError);
    const bands = esc.rasterBands({ width: 8, height: 300, data: new Uint8Array(300) }, 128);
    expect(bands.map((b) => b[6]! + 256 * b[7]!)).toEqual([128, 128, 44]);
  });

  it('encodes 1D barcodes (function B) and rejects bad data', () => {
    expect(hex(esc.barcode('CODE128', 'A{1', { height: 50, width: 3, hri: 'none' }))).toBe('1d6832' + '1d7703' + '1d4800' + '1d6b4906' + Buffer.from('{BA{{1').toString('hex'));
    expect(hex(esc.barcode('EAN13', '893456789012'))).toBe('1d6850' + '1d7702' + '1d4802' + '1d6b430c' + Buffer.from('893456789012').toString('hex'));
    expect(() => esc.barcode('EAN13', '12ab')).toThrow(KioskError);
    expect(() => esc.barcode('ITF', '123')).toThrow(KioskError);
    expect(() => esc.barcode('CODE128', 'Việt')).toThrow(KioskError);
  });

  it('rejects out-of-range parameters with a KioskError', () => {
    expect(() => esc.charSize(9, 1)).toThrow(KioskError);
    expect(() => esc.feedDots(256)).toThrow(KioskError);
    expect(() => esc.qrModuleSize(0)).toThrow(KioskError);
    expect(() => esc.qrCode('')).toThrow(KioskError);
  });
});

describe('CP1258 code-page text', () => {
  it('uses precomposed base letters plus combining tone bytes', () => {
    // ê = EA, dot below = F2; ư = FD, hook above = D2; Đ = D0; ă = E3, grave = CC
    expect(hex(encodeCp1258('Việt'))).toBe('5669eaf274');
    expect(hex(encodeCp1258('Đử'))).toBe('d0fdd2');
    expect(hex(encodeCp1258('ằ'))).toBe('e3cc');
    expect(hex(encodeCp1258('à'))).toBe('e0'); // precomposed in the table
  });

  it('gives the same bytes for NFD input and round-trips through the Windows-1258 decoder', () => {
    const s = 'Cộng hòa xã hội chủ nghĩa Việt Nam — Độc lập, Tự do, Hạnh phúc';
    const bytes = encodeCp1258(s.replace('—', '-'));
    expect(hex(encodeCp1258(s.replace('—', '-').normalize('NFD')))).toBe(hex(bytes));
    expect(new TextDecoder('windows-1258').decode(bytes).normalize('NFC')).toBe(s.replace('—', '-'));
  });

  it('names a character it cannot encode', () => {
    expect(() => encodeCp1258('漢')).toThrow(/U\+6F22/);
  });
});

describe('DLE EOT status', () => {
  it('decodes the published out-of-paper replies 1A / 32 / 7E', () => {
    const s = decodeStatus(0x1a, 0x32, 0x7e);
    expect(s).toEqual({ online: false, coverOpen: false, paperEnd: true, nearEnd: true, error: false });
    expect(blockingAlarm(s)).toBe('printer.paper-out');
  });

  it('decodes ready, cover open and near end', () => {
    expect(blockingAlarm(decodeStatus(0x12, 0x12, 0x12))).toBeNull();
    expect(blockingAlarm(decodeStatus(0x1a, 0x16, 0x12))).toBe('printer.cover-open');
    const near = decodeStatus(0x12, 0x12, 0x1e);
    expect(near.nearEnd && !near.paperEnd).toBe(true);
  });

  it('rejects bytes that are not status bytes (wrong baud, not ESC/POS)', () => {
    expect(isStatusByte(0x00)).toBe(false);
    expect(() => decodeStatus(0xff, 0x12, 0x12)).toThrow(KioskError);
  });
});
