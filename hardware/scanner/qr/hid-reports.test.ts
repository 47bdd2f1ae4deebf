// Runs in: Node (vitest). HID POS scanned-data reports and keyboard boot reports, constructed
// byte-for-byte as devices send them (no uhid on this kernel, so no live HID device in tests).
import { describe, expect, it } from 'vitest';
import { buildHidPosReports, createHidPosParser } from './hid-reports';
import { charToUsage, createKeyboardReportDecoder } from './keyboard-usage';
import { selectHidDevice, hidQrScannerConfigSchema, HidQrScanner } from './hid';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

describe('HID POS reports', () => {
  it('reads a one-report code with its AIM symbology', () => {
    const report = new Uint8Array(64);
    report.set([0x02, 5, 0x5d, 0x45, 0x30]); // id 2, 5 bytes, "]E0" (EAN-13)
    report.set(enc('12345'), 5);
    const scan = createHidPosParser().push(report);
    expect(scan && dec(scan.bytes)).toBe('12345');
    expect(scan?.symbology).toBe(']E0');
  });

  it('assembles a long Vietnamese QR payload across continuation reports', () => {
    const text = '001099012345|013456789|Nguyễn Văn An|15081999|Nam|Số 12, ngõ 34 Phố Huế, Hai Bà Trưng, Hà Nội|20042021';
    const reports = buildHidPosReports(enc(text));
    expect(reports.length).toBeGreaterThan(2);
    expect(reports.slice(0, -1).every((r) => r[63] === 1)).toBe(true);
    const p = createHidPosParser();
    const out = reports.map((r) => p.push(r));
    expect(out.slice(0, -1).every((o) => o === undefined)).toBe(true);
    expect(dec(out.at(-1)!.bytes)).toBe(text);
    expect(out.at(-1)!.symbology).toBe(']Q1');
  });

  it('ignores other report ids and rejects impossible lengths without emitting garbage', () => {
    const p = createHidPosParser();
    const other = new Uint8Array(64);
    other[0] = 0x04;
    expect(p.push(other)).toBeUndefined();
    const bad = buildHidPosReports(enc('abc'))[0]!;
    bad[1] = 200;
    expect(p.push(bad)).toBeUndefined();
    expect(p.ignored).toBe(2);
    expect(dec(p.push(buildHidPosReports(enc('next'))[0]!)!.bytes)).toBe('next');
  });

  it('never throws on random reports (fuzz)', () => {
    const p = createHidPosParser();
    let s = 1;
    const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    for (let i = 0; i < 20000; i++) {
      const r = Uint8Array.from({ length: Math.floor(rnd() * 80) }, () => Math.floor(rnd() * 256));
      if (rnd() < 0.5 && r.length) r[0] = 2;
      const out = p.push(r);
      if (out) expect(out.bytes.length).toBeLessThanOrEqual(8192);
    }
  });
});

describe('keyboard boot reports', () => {
  /** Press-and-release reports for `text`, then Enter, as a keyboard-emulating scanner sends them. */
  function typeReports(text: string): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (const ch of text) {
      const u = charToUsage(ch)!;
      out.push(Uint8Array.from([u.shift ? 0x02 : 0, 0, u.usage, 0, 0, 0, 0, 0]), new Uint8Array(8));
    }
    out.push(Uint8Array.from([0, 0, 0x28, 0, 0, 0, 0, 0]), new Uint8Array(8));
    return out;
  }

  it('decodes usages with shift into the scanned text, ending at Enter', () => {
    const decode = createKeyboardReportDecoder();
    const events = typeReports('MCHS1|000.00.01.H01-230315-0001').flatMap((r) => decode(r));
    const text = events.filter((e) => e.kind === 'char').map((e) => (e.kind === 'char' ? e.char : '')).join('');
    expect(text).toBe('MCHS1|000.00.01.H01-230315-0001');
    expect(events.at(-1)).toEqual({ kind: 'enter' });
  });

  it('counts a held key once and handles rollover of two keys in one report', () => {
    const decode = createKeyboardReportDecoder();
    expect(decode(Uint8Array.from([0, 0, 0x04, 0, 0, 0, 0, 0]))).toEqual([{ kind: 'char', char: 'a' }]);
    expect(decode(Uint8Array.from([0, 0, 0x04, 0x05, 0, 0, 0, 0]))).toEqual([{ kind: 'char', char: 'b' }]);
    expect(decode(Uint8Array.from([0x20, 0, 0x1e, 0, 0, 0, 0, 0]))).toEqual([{ kind: 'char', char: '!' }]);
  });
});

describe('HID device selection and absence', () => {
  const base = { path: '/dev/hidraw0', vendorId: 0x0c2e, productId: 0x0b8f, release: 0, interface: 0 };
  it('picks the HID POS collection, and a keyboard only when pinned by ids', () => {
    const devices = [
      { ...base, path: '/dev/hidraw0', usagePage: 0x01, usage: 0x06 },
      { ...base, path: '/dev/hidraw1', usagePage: 0x8c, usage: 0x02 },
    ];
    expect(selectHidDevice(devices, hidQrScannerConfigSchema.parse({ id: 'q', driver: 'hid-pos' }))?.path).toBe('/dev/hidraw1');
    expect(selectHidDevice(devices, hidQrScannerConfigSchema.parse({ id: 'q', driver: 'hid-keyboard', vendorId: 0x0c2e }))?.path).toBe('/dev/hidraw0');
    expect(selectHidDevice(devices, hidQrScannerConfigSchema.parse({ id: 'q', driver: 'hid-pos', vendorId: 0x05e0 }))).toBeUndefined();
    expect(() => new HidQrScanner({ id: 'q', driver: 'hid-keyboard' })).toThrow(/vendorId/);
  });

  it('starts with no device attached: absent with a Vietnamese alarm, no crash', async () => {
    const dev = new HidQrScanner({ id: 'q', driver: 'hid-pos', vendorId: 0xfffe, reconnectIntervalMs: 50 });
    await dev.start();
    expect(dev.status()).toMatchObject({ state: 'absent', alarm: { code: 'qr-scanner.absent' } });
    await dev.stop();
  });
});
