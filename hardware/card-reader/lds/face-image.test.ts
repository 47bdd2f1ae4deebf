// Runs in: Node (vitest). DG2 faces to a displayable image: JPEG passthrough, JPEG 2000 through
// OpenJPEG's opj_decompress (Debian libopenjp2-tools, installed by scripts/setup-system.sh).
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../../src/shared/errors';
import { buildSampleCccd, buildSamplePassport } from '../sample/documents';
import { parseDg2 } from './dg2';
import { faceForDisplay } from './face-image';

const hasOpenJpeg = (() => {
  try {
    execFileSync('opj_decompress', ['-h'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    return (err as { status?: number }).status !== undefined; // exists but -h exits non-zero
  }
})();

async function meanAbsDiff(a: Uint8Array, b: Uint8Array): Promise<number> {
  const [x, y] = await Promise.all([a, b].map((img) => sharp(img).removeAlpha().raw().toBuffer()));
  let sum = 0;
  for (let i = 0; i < x!.length; i++) sum += Math.abs(x![i]! - y![i]!);
  return sum / x!.length;
}

describe('faceForDisplay', () => {
  it('passes a JPEG face through untouched', async () => {
    const face = parseDg2(buildSampleCccd().dataGroups.get(2)!).faces[0]!;
    const out = await faceForDisplay(face);
    expect(out.mimeType).toBe('image/jpeg');
    expect(out.data).toBe(face.data);
  });
  it.skipIf(!hasOpenJpeg)('decodes the JPEG 2000 passport face to a PNG that matches the original picture', async () => {
    const passport = buildSamplePassport({ faceFormat: 'jpeg2000' });
    const face = parseDg2(passport.dataGroups.get(2)!).faces[0]!;
    expect(face.format).toBe('jpeg2000');
    const out = await faceForDisplay(face);
    expect(out.mimeType).toBe('image/png');
    const meta = await sharp(out.data).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 360, 480]);
    const jpegFace = buildSamplePassport().faceJpeg;
    expect(await meanAbsDiff(out.data, jpegFace)).toBeLessThan(6); // lossy 40:1, but the same face
  });
  it.skipIf(!hasOpenJpeg)('turns corrupt or truncated JPEG 2000 into card.face-undecodable', async () => {
    const good = parseDg2(buildSamplePassport({ faceFormat: 'jpeg2000' }).dataGroups.get(2)!).faces[0]!;
    const variants = [good.data.subarray(0, 200), Uint8Array.from(good.data, (b, i) => (i > 40 && i < 400 ? 0xff : b)), Uint8Array.of(0xff, 0x4f, 0xff, 0x51, 0, 1)];
    let failures = 0;
    for (const data of variants) {
      const err = await faceForDisplay({ ...good, data, format: data[0] === 0xff ? 'jpeg2000-codestream' : 'jpeg2000' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      // OpenJPEG may salvage a partial image from a truncated stream; if it fails it must be a KioskError.
      if (err !== undefined) {
        failures++;
        expect(err).toBeInstanceOf(KioskError);
        expect((err as KioskError).code).toBe('card.face-undecodable');
      }
    }
    expect(failures).toBeGreaterThanOrEqual(2); // at least the 6-byte codestream and the truncated file
  });
  it('reports a missing decoder clearly', async () => {
    const good = parseDg2(buildSamplePassport({ faceFormat: 'jpeg2000' }).dataGroups.get(2)!).faces[0]!;
    await expect(faceForDisplay(good, { decoder: '/nonexistent/opj_decompress' })).rejects.toMatchObject({ code: 'card.face-decoder-missing' });
  });
});
