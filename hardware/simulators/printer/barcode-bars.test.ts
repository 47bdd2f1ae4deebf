// Runs in: Node (vitest). The virtual printer draws real 1D barcodes: the driver's `GS k` bytes
// → the simulator's page → PNG → the project's decoder give back the data, for every symbology
// the driver can send; and the bar tables agree with their published structure.
import { describe, expect, it } from 'vitest';
import * as esc from '../../printer/escpos';
import { decodeImage } from '../../../src/core/qr/decode';
import { CODE128_PATTERNS, barWidths, code128Values, eanCheckDigit, hriText, SYSTEM } from './barcode-bars';
import { PrinterModel, type Page } from './model';
import { renderPagePng } from './render';

async function printAndDecode(bytes: Uint8Array) {
  const pages: Page[] = [];
  const model = new PrinterModel(() => undefined, (p) => pages.push(p), 576);
  model.receive(esc.concat([esc.initialize(), esc.align('center'), bytes, esc.feedLines(2), esc.cut('full')]));
  expect(pages).toHaveLength(1);
  const png = await renderPagePng(pages[0]!, 576);
  return { codes: await decodeImage(png), page: pages[0]! };
}

describe('barcode tables', () => {
  it('Code 128: 107 patterns, each 11 modules (stop 13), all distinct', () => {
    expect(CODE128_PATTERNS).toHaveLength(107);
    CODE128_PATTERNS.slice(0, 106).forEach((p, v) => expect(p.reduce((a, b) => a + b, 0), `value ${v}`).toBe(11));
    expect(CODE128_PATTERNS[106]!.reduce((a, b) => a + b, 0)).toBe(13);
    expect(new Set(CODE128_PATTERNS.map((p) => p.join(''))).size).toBe(107);
  });

  it('Code 128 check symbol of "PJJ123C" in code set B, worked by hand', () => {
    // Start B 104 + P 48·1 + J 42·2 + J 42·3 + 1 17·4 + 2 18·5 + 3 19·6 + C 35·7 = 879; 879 mod 103 = 55.
    const values = code128Values(new TextEncoder().encode('{BPJJ123C'))!;
    expect(values).toEqual([104, 48, 42, 42, 17, 18, 19, 35, 55, 106]);
  });

  it('EAN-13 check digit of the GS1 example 400638133393 is 1', () => {
    expect(eanCheckDigit('400638133393')).toBe(1);
    expect(hriText(SYSTEM.EAN13, new TextEncoder().encode('400638133393'))).toBe('4006381333931');
  });

  it('refuses what a printer would not print', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(barWidths(SYSTEM.CODE39, enc('abc'))).toBeNull(); // lower case is not Code 39
    expect(barWidths(SYSTEM.ITF, enc('123'))).toBeNull(); // odd digit count
    expect(barWidths(SYSTEM.EAN13, enc('12345'))).toBeNull();
    expect(barWidths(SYSTEM.CODE128, enc('no code set'))).toBeNull();
    expect(barWidths(99, enc('1'))).toBeNull();
  });
});

describe('print → render → decode', () => {
  it.each([
    ['CODE128', 'H01-261123-0042', 'Code128', 'H01-261123-0042'],
    ['CODE128', 'a{b}c', 'Code128', 'a{b}c'],
    ['CODE39', 'ABC-123', 'Code39', 'ABC-123'],
    ['EAN13', '400638133393', 'EAN13', '4006381333931'],
    ['ITF', '12345678', 'ITF', '12345678'],
  ] as const)('%s %s decodes back', async (type, data, format, expected) => {
    const { codes, page } = await printAndDecode(esc.barcode(type, data, { height: 80, width: 2, hri: 'below' }));
    const found = codes.filter((c) => c.format.toLowerCase().replace(/[-_ ]/g, '') === format.toLowerCase());
    expect(found.map((c) => c.text)).toEqual([expected]);
    expect(page.items.find((i) => i.type === 'barcode')).toMatchObject({ moduleDots: 2, hri: 'below' });
  });

  it('Code 128 code set C (digit pairs) and a switch to set B decode back', async () => {
    const data = Uint8Array.of(0x7b, 0x43, 26, 11, 23, 0x7b, 0x42, ...new TextEncoder().encode('-A'));
    const bytes = esc.concat([Uint8Array.of(0x1d, 0x68, 80, 0x1d, 0x77, 2, 0x1d, 0x6b, 73, data.length), data]);
    const { codes } = await printAndDecode(bytes);
    expect(codes.map((c) => c.text)).toContain('261123-A');
  });

  it('a barcode too wide for the paper is not printed (nothing half-readable on the ticket)', async () => {
    const { codes, page } = await printAndDecode(esc.barcode('CODE39', 'ABCDEFGHIJKLMNOPQRST', { width: 6, hri: 'none' }));
    expect(codes).toEqual([]);
    expect(page.items.some((i) => i.type === 'barcode')).toBe(true);
  });
});
