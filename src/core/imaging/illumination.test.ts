// Runs in: Node (tests). Flat-field correction on generated pages with a known light model.
import { describe, expect, it } from 'vitest';
import { applyUnevenLight } from '../../../tests/fixtures/ocr/synthetic';
import { flattenIllumination } from './illumination';
import type { GreyImage } from './load';

/** White paper (235) with black bars of "text" (30), 600 x 800, like a scanned page. */
function page(): { img: GreyImage; ink: Uint8Array } {
  const width = 600;
  const height = 800;
  const data = new Uint8Array(width * height).fill(235);
  const ink = new Uint8Array(width * height);
  for (let line = 0; line < 30; line++) {
    const y0 = 40 + line * 25;
    for (let y = y0; y < y0 + 8; y++)
      for (let x = 40; x < 40 + 300 + ((line * 37) % 200); x++) {
        if ((x >> 4) % 3 === 2) continue; // word gaps
        data[y * width + x] = 30;
        ink[y * width + x] = 1;
      }
  }
  return { img: { data, width, height }, ink };
}

function levels(img: GreyImage, ink: Uint8Array): { paperMin: number; paperMax: number; inkMax: number } {
  let paperMin = 255;
  let paperMax = 0;
  let inkMax = 0;
  for (let i = 0; i < img.data.length; i++) {
    if (ink[i]) inkMax = Math.max(inkMax, img.data[i]!);
    else {
      paperMin = Math.min(paperMin, img.data[i]!);
      paperMax = Math.max(paperMax, img.data[i]!);
    }
  }
  return { paperMin, paperMax, inkMax };
}

describe('flattenIllumination', () => {
  it('leaves an evenly lit page untouched', async () => {
    const { img } = page();
    const r = await flattenIllumination(img);
    expect(r.corrected).toBe(false);
    expect(r.image).toBe(img);
    expect(r.ratio).toBeGreaterThan(0.95);
  });

  it('divides out a light fall-off and a shadow: one threshold separates ink from paper again', async () => {
    const { img, ink } = page();
    applyUnevenLight(img.data, img.width, img.height, { floor: 0.45, angle: 30, shadow: 0.45, shadowAt: [0.5, 0.5], shadowAngle: 10 });
    const before = levels(img, ink);
    // The premise: paper ranges over most of the grey scale, so no global threshold fits.
    expect(before.paperMax - before.paperMin).toBeGreaterThan(150);
    const r = await flattenIllumination(img);
    expect(r.corrected).toBe(true);
    expect(r.ratio).toBeLessThan(0.5);
    const after = levels(r.image, ink);
    // Paper is back within a narrow band near its lit level, everywhere (a small allowance where
    // the estimate bends round the shadow's edge), and ink stays well below all of it.
    expect(after.paperMin).toBeGreaterThan(after.inkMax + 60);
    expect(after.paperMax - after.paperMin).toBeLessThan(70);
  });

  it('never brightens more than 4x: a deep shadow does not become white noise', async () => {
    const { img } = page();
    applyUnevenLight(img.data, img.width, img.height, { floor: 1, angle: 0, shadow: 0.05, shadowAt: [0.7, 0.5], shadowAngle: 0 });
    const deep = 400 * img.width + 590;
    const input = img.data[deep]!;
    expect(input).toBeLessThan(20);
    const r = await flattenIllumination(img);
    expect(r.corrected).toBe(true);
    expect(r.image.data[deep]!).toBeLessThanOrEqual(4 * input);
    // Paper in full light keeps its level.
    expect(Math.abs(r.image.data[400 * img.width + 10]! - 235)).toBeLessThan(6);
  });
});
