// Runs in: Node (tests). The image pipeline on generated images with known geometry.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { a4PageSvg, fictionalPerson, renderCardBack, renderCardFront, renderDegraded, unevenLightFor } from '../../../tests/fixtures/ocr/synthetic';
import { isKioskError, KioskError } from '../../shared/errors';
import { estimateSkew, findDocumentBox, otsuThreshold } from './analysis';
import { compressPage, parsePnm, prepareImage, probeImage, thumbnail, toGrey } from './index';
import { openImage } from './load';

async function kioskCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(isKioskError(e), String(e)).toBe(true);
    return (e as KioskError).code;
  }
  return 'no error';
}

describe('deskew and crop', () => {
  it.each([-6.3, -2.5, 1.7, 4.2])('recovers a %s° rotation within 0.5° and crops to the card', async (angle) => {
    const card = await renderCardBack(fictionalPerson(11), { angle, noise: 8, seed: 3 });
    const r = await prepareImage(card);
    expect(Math.abs(r.skewAngle - angle)).toBeLessThan(0.5);
    // ID-1 at 300 dpi is 1011 x 638 px; the straightened crop must be that card, not the bed.
    expect(Math.abs(r.width - 1011)).toBeLessThan(12);
    expect(Math.abs(r.height - 638)).toBeLessThan(12);
  });

  it('leaves a straight image alone and finds the card on a bed', async () => {
    const card = await renderCardFront(fictionalPerson(12), { angle: 0, margin: 120 });
    const r = await prepareImage(card);
    expect(r.skewAngle).toBe(0);
    expect(r.box).toBeDefined();
    expect(Math.abs(r.box!.left - 120)).toBeLessThan(8);
    expect(Math.abs(r.box!.top - 120)).toBeLessThan(8);
  });

  it('finds no document on an empty bed and measures no skew on noise', async () => {
    const flat = await toGrey(sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 90, g: 90, b: 90 } } }).png());
    expect(findDocumentBox(flat)).toBeUndefined();
    expect(estimateSkew(flat).angle).toBe(0);
  });

  it('Otsu splits a two-level image between the levels', () => {
    const data = new Uint8Array(200).map((_, i) => (i < 120 ? 40 : 210));
    const t = otsuThreshold({ data, width: 20, height: 10 });
    expect(t).toBeGreaterThanOrEqual(40);
    expect(t).toBeLessThan(210);
  });
});

describe('limits and corrupt input', () => {
  it('refuses an absurd image from its header, without decoding it', async () => {
    // A real 60000 x 60000 PNG would need 3.6 GB decoded; this is only its header + one row.
    const huge = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer();
    // Patch IHDR width/height (bytes 16..23) and leave the CRC wrong: the probe must not care.
    huge.writeUInt32BE(60000, 16);
    huge.writeUInt32BE(60000, 20);
    const before = process.memoryUsage().rss;
    expect(await kioskCode(probeImage(huge))).toBe('image.too-large');
    expect(await kioskCode(prepareImage(huge))).toBe('image.too-large');
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
    const pnm = Buffer.from('P5\n70000 70000\n255\n');
    expect(await kioskCode(probeImage(pnm))).toBe('image.too-large');
  });

  it('corrupt and truncated files give image.corrupt naming the file', async () => {
    const good = await renderCardFront(fictionalPerson(13), { dpi: 150 });
    const truncated = good.subarray(0, Math.floor(good.length / 2));
    const e = await prepareImage(truncated, { name: 'scan-7.png' }).catch((x: unknown) => x as KioskError);
    expect(e).toBeInstanceOf(KioskError);
    expect((e as KioskError).code).toBe('image.corrupt');
    expect((e as KioskError).technicianMessage).toContain('scan-7.png');
    expect(await kioskCode(compressPage(Buffer.from('not an image at all')))).toBe('image.corrupt');
    expect(await kioskCode(thumbnail(Buffer.alloc(0)))).toBe('image.corrupt');
    expect(await kioskCode(prepareImage(Buffer.from('P5\n10 10\n255\nshort')))).toBe('image.corrupt');
  });

  it('fuzz: mutated image bytes only ever give a KioskError', async () => {
    const base = await renderDegraded('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="40"><text x="4" y="30" font-size="20">Ab</text></svg>', { margin: 0 });
    const jpeg = await sharp(base).jpeg().toBuffer();
    let seed = 99;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 300; i++) {
      const src = Buffer.from(i % 2 ? base : jpeg);
      const m = i % 3 === 0 ? src.subarray(0, Math.floor(rnd() * src.length)) : src;
      for (let k = 0; k < 1 + rnd() * 8; k++) m[Math.floor(rnd() * m.length)] = Math.floor(rnd() * 256);
      try {
        await prepareImage(Buffer.from(m));
      } catch (e) {
        expect(isKioskError(e), String(e)).toBe(true);
      }
    }
  });
});

describe('compression, thumbnails, PNM', () => {
  it('a page under uneven light is stored with white paper, not a grey shadow', async () => {
    const scan = await renderDegraded(a4PageSvg(71).svg, { margin: 0, noise: 6, seed: 21, light: unevenLightFor(0) });
    const c = await compressPage(scan);
    expect(c.bytes).toBeLessThanOrEqual(300_000);
    const { data } = await sharp(c.data).greyscale().raw().toBuffer({ resolveWithObject: true });
    let white = 0;
    for (const v of data) if (v >= 250) white++;
    // Text covers a few per cent of an A4 page; the rest is paper, shadow or not.
    expect(white / data.length).toBeGreaterThan(0.9);
  });

  it('reads SANE PNM (grey and colour) that sharp cannot', async () => {
    const grey = Buffer.concat([Buffer.from('P5\n# from scanimage\n4 2\n255\n'), Buffer.from([0, 50, 100, 150, 200, 250, 255, 1])]);
    expect(parsePnm(grey)).toMatchObject({ width: 4, height: 2, channels: 1 });
    const { image } = await openImage(grey);
    const g = await toGrey(image);
    expect([...g.data]).toEqual([0, 50, 100, 150, 200, 250, 255, 1]);
    const rgb = Buffer.concat([Buffer.from('P6 1 1 255\n'), Buffer.from([255, 0, 0])]);
    expect((await thumbnail(rgb, { maxSide: 16 })).width).toBe(1);
  });

  it('fuzz: mutated PNM headers and bodies only ever give a KioskError', async () => {
    const good = Buffer.concat([Buffer.from('P5\n# c\n8 4\n255\n'), Buffer.alloc(32, 128)]);
    let seed = 5;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const bytes = Buffer.from('P56 #\n\t0123456789x-');
    for (let i = 0; i < 1500; i++) {
      const m = Buffer.from(good.subarray(0, Math.max(2, Math.floor(rnd() * (good.length + 4)))));
      for (let k = 0; k < rnd() * 4; k++) m[Math.floor(rnd() * Math.min(m.length, 20))] = bytes[Math.floor(rnd() * bytes.length)]!;
      try {
        parsePnm(m);
        await probeImage(m);
      } catch (e) {
        expect(isKioskError(e), String(e)).toBe(true);
      }
    }
  });

  it('makes a thumbnail inside the box, keeping the aspect ratio', async () => {
    const card = await renderCardFront(fictionalPerson(14), { dpi: 150, margin: 0 });
    const t = await thumbnail(card, { maxSide: 200 });
    expect(t.width).toBe(200);
    expect(Math.abs(t.height - Math.round((200 * 53.98) / 85.6))).toBeLessThanOrEqual(1);
    expect((await sharp(t.data).metadata()).format).toBe('jpeg');
  });
});
