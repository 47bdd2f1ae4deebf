// Runs in: Node (vitest). Document compilation: bad input caught before printing, and the byte-
// saving raster cropping draws exactly the same pixels.
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../src/shared/errors';
import { checkQrFits, compileDocument, rasterChunks } from './document';
import { gridBitmap, placeBitmap } from './bitmap';
import { getProfile } from './profiles';
import { PrinterModel, type Page } from '../simulators/printer/model';
import { renderPageBitmap } from '../simulators/printer/render';

const p80 = getProfile('generic-80');
const p58 = getProfile('generic-58');

describe('document compilation', () => {
  it('refuses a QR payload too long for its level, or too wide for the paper, before any byte is sent', async () => {
    expect(() => checkQrFits('x'.repeat(3000), 'H', 1, p80)).toThrow(expect.objectContaining({ code: 'printer.qr-too-large' }));
    expect(() => checkQrFits('x'.repeat(500), 'M', 8, p58)).toThrow(KioskError);
    expect(checkQrFits('MCR1?dc=1', 'M', 6, p58)).toBe(21);
    await expect(compileDocument({ blocks: [{ type: 'text', text: 'a' }, { type: 'qr', data: 'x'.repeat(3000), ecLevel: 'H' }] }, p80)).rejects.toMatchObject({ code: 'printer.qr-too-large' });
  });

  it('starts with ESC @, ends with the profile cut (or a feed without cutter)', async () => {
    const a = await compileDocument({ blocks: [{ type: 'feed', dots: 10 }] }, p80);
    expect([...a[0]!]).toEqual([0x1b, 0x40]);
    expect([...a.at(-1)!]).toEqual([0x1d, 0x56, 0x42, 96]);
    const b = await compileDocument({ blocks: [{ type: 'feed', dots: 10 }] }, p58);
    expect([...b.at(-1)!]).toEqual([0x1b, 0x4a, 96]);
  });

  it('cropped raster chunks print the same pixels as the full bitmap, in fewer bytes', async () => {
    const full = placeBitmap(gridBitmap(200, 300, 16), 576, 'left');
    const padded = { width: 576, height: 340, data: new Uint8Array(72 * 340) };
    padded.data.set(full.data, 72 * 20);
    const chunks = rasterChunks(padded);
    const pages: Page[] = [];
    const m = new PrinterModel(() => {}, (p) => pages.push(p), 576);
    m.receive(Uint8Array.of(0x1b, 0x40));
    for (const c of chunks) m.receive(c);
    m.receive(Uint8Array.of(0x1d, 0x56, 0x42, 0));
    const drawn = await renderPageBitmap(pages[0]!, 576);
    expect(drawn.height).toBe(340);
    expect(Buffer.from(drawn.data).equals(Buffer.from(padded.data))).toBe(true);
    expect(chunks.reduce((n, c) => n + c.length, 0)).toBeLessThan(padded.data.length / 2);
  });
});
