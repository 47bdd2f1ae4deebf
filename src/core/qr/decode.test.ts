// Runs in: Node (vitest). Decoding the generated corpus (tests/fixtures/qr, known payloads) and bad images.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/errors';
import { decodeImage, type DecoderId } from './decode';
import { classifyPayload } from './payloads';

const dir = path.resolve(__dirname, '../../../tests/fixtures/qr');
const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { file: string; category: string; codes: { format: string; text: string }[] }[];

async function score(decoder: DecoderId): Promise<{ found: number; total: number; wrong: number }> {
  let found = 0, total = 0, wrong = 0;
  for (const entry of manifest) {
    const got = await decodeImage(path.join(dir, entry.file), { decoder });
    for (const want of entry.codes) {
      total++;
      if (got.some((g) => g.format === want.format && g.text === want.text)) found++;
    }
    // A decoded text that is in no expected code would be a misread, which is worse than a miss.
    wrong += got.filter((g) => !entry.codes.some((c) => c.text === g.text)).length;
  }
  return { found, total, wrong };
}

describe('decodeImage on the generated corpus', () => {
  it('reads every code in every category, Vietnamese UTF-8 intact, with several codes per page', async () => {
    for (const entry of manifest) {
      const got = await decodeImage(path.join(dir, entry.file));
      for (const want of entry.codes) expect(got, entry.file).toContainEqual(want);
      expect(got.length, entry.file).toBe(entry.codes.length);
    }
  }, 120_000);

  it('combined decodes more than either library alone, and nothing wrong (decode-rate comparison)', async () => {
    const [js, cpp, combined] = [await score('zxing-js'), await score('zxing-cpp'), await score('combined')];
    expect(combined.found).toBeGreaterThan(js.found);
    expect(combined.found).toBeGreaterThan(cpp.found);
    expect(combined.wrong + cpp.wrong + js.wrong).toBe(0);
  }, 180_000);

  it('effort fast skips the fallback passes that a noisy photo needs', async () => {
    const file = path.join(dir, 'photo-5.jpg');
    expect(await decodeImage(file, { effort: 'fast' })).toEqual([]);
    expect(await decodeImage(file)).toHaveLength(1);
  });

  it('a decoded CCCD code classifies to the identity it was generated from', async () => {
    const [code] = await decodeImage(path.join(dir, 'photo-1.jpg'));
    const c = classifyPayload(code!.text);
    expect(c).toMatchObject({ kind: 'cccd', can: '012345', identity: { fullName: 'Nguyễn Văn An' } });
  });
});

describe('decodeImage on bad input', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'qr-bad-'));

  it('names a truncated file and says it is corrupt', async () => {
    const bytes = readFileSync(path.join(dir, 'photo-2.jpg'));
    const file = path.join(tmp, 'truncated.jpg');
    writeFileSync(file, bytes.subarray(0, 2000));
    await expect(decodeImage(file)).rejects.toMatchObject({ code: 'qr.image-corrupt', technicianMessage: expect.stringContaining('truncated.jpg') });
  });

  it('rejects garbage, empty and missing files with KioskError codes', async () => {
    const garbage = path.join(tmp, 'garbage.png');
    writeFileSync(garbage, Buffer.from('this is not an image at all'));
    await expect(decodeImage(garbage)).rejects.toMatchObject({ code: 'qr.image-corrupt' });
    await expect(decodeImage(new Uint8Array())).rejects.toMatchObject({ code: 'qr.image-corrupt' });
    await expect(decodeImage(path.join(tmp, 'nope.png'))).rejects.toMatchObject({ code: 'qr.image-unreadable' });
  });

  it('refuses a pixel bomb from its header, before decoding', async () => {
    // A real PNG whose IHDR claims 100000×100000 px (10 GP): decoding it would exhaust memory.
    const png = Buffer.from(await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).png().toBuffer());
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(100_000, 20);
    png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
    const err = await decodeImage(png).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KioskError);
    expect((err as KioskError).code).toBe('qr.image-too-large');
  });

  it('returns an empty list for an image without codes', async () => {
    const blank = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#eee' } }).png().toBuffer();
    expect(await decodeImage(blank)).toEqual([]);
  });
});

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

describe('decodeImage fuzz', () => {
  it('mutated and truncated images resolve to codes or reject with a KioskError, never anything else', async () => {
    const seeds = ['clean-url.png', 'small-2px.png', 'ean13-blurred.jpg'].map((f) => readFileSync(path.join(dir, f)));
    let s = 77;
    const rnd = (n: number) => ((s = (s * 1103515245 + 12345) >>> 0) % n);
    let rejected = 0;
    for (let i = 0; i < 60; i++) {
      const bytes = Buffer.from(seeds[i % seeds.length]!);
      const op = i % 3;
      let input: Uint8Array = bytes;
      if (op === 0) for (let k = 0; k < 1 + rnd(20); k++) bytes[rnd(bytes.length)] = rnd(256);
      else if (op === 1) input = bytes.subarray(0, rnd(bytes.length));
      else input = Uint8Array.from({ length: rnd(400) }, () => rnd(256));
      try {
        const codes = await decodeImage(input);
        for (const c of codes) expect(typeof c.text).toBe('string');
      } catch (e) {
        expect(e).toBeInstanceOf(KioskError);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(20);
  }, 120_000);
});
