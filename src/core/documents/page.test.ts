// Runs in: Node (vitest). The technician's scanner calibration reaches the citizen's filed pages:
// margins trimmed at the scan's resolution before anything else, and no calibration = the page
// kept whole (no crop).
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { processScannedPage } from './page';

/** A 150 dpi "A5" sheet: white paper with dark text-like bars, and a 10 mm black band on the left (the scanner's bed edge). */
async function scan(): Promise<Buffer> {
  const width = 874; // 148 mm at 150 dpi
  const height = 1240; // 210 mm
  const raw = Buffer.alloc(width * height, 255);
  for (let y = 0; y < height; y++) for (let x = 0; x < 59; x++) raw[y * width + x] = 10; // 10 mm band
  for (let line = 0; line < 30; line++) {
    const y0 = 120 + line * 34;
    for (let y = y0; y < y0 + 12; y++) for (let x = 120; x < 760; x++) if ((x >> 4) % 3 !== 0) raw[y * width + x] = 20;
  }
  return sharp(raw, { raw: { width, height, channels: 1 } }).withMetadata({ density: 150 }).png().toBuffer();
}

const size = async (data: Buffer) => {
  const m = await sharp(data).metadata();
  return { width: m.width!, height: m.height! };
};

describe('processScannedPage with the technician calibration', () => {
  it('trims the calibrated margins (mm at the scan dpi) and keeps the rest', async () => {
    const input = await scan();
    const plain = await processScannedPage(input, { dpi: 150, name: 'test' });
    const calibrated = await processScannedPage(input, {
      dpi: 150,
      name: 'test',
      calibration: { marginMm: { top: 0, right: 0, bottom: 0, left: 12 }, deskew: true, maxDeskewDeg: 5, autoCrop: false },
    });
    const a = await size(plain.stored.data);
    const b = await size(calibrated.stored.data);
    // Without calibration nothing is cut; with it, 12 mm (~71 px at 150 dpi) comes off the left only.
    expect(a.width).toBe(874);
    expect(a.height).toBe(1240);
    expect(a.width - b.width).toBeGreaterThanOrEqual(68);
    expect(a.width - b.width).toBeLessThanOrEqual(74);
    expect(b.height).toBe(1240);
    // The dark bed band is gone from the filed page: its left column is now paper.
    const { data, info } = await sharp(calibrated.stored.data).greyscale().raw().toBuffer({ resolveWithObject: true });
    let dark = 0;
    for (let y = 0; y < info.height; y++) if (data[y * info.width]! < 128) dark++;
    expect(dark).toBe(0);
  });
});
