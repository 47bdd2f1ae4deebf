// Runs in: Node (tests). Scanner calibration on generated pages with known geometry: margins trimmed
// in millimetres at the scan's resolution, deskew only within the allowed angle, crop on request.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fictionalPerson, renderCardBack, renderCardFront } from '../../../tests/fixtures/ocr/synthetic';
import { DEFAULT_CALIBRATION, prepareScannedPage, previewPng } from './calibration';

const off = { ...DEFAULT_CALIBRATION, deskew: false, autoCrop: false };

describe('scanner calibration', () => {
  it('trims each margin by its millimetres at the page resolution, before anything else', async () => {
    const page = await renderCardFront(fictionalPerson(21), { angle: 0, margin: 120 });
    const { width, height } = await sharp(page).metadata();
    const r = await prepareScannedPage(page, { ...off, marginMm: { top: 5, right: 10, bottom: 0, left: 2.5 } }, 300);
    // 300 dpi: 5 mm = 59 px, 10 mm = 118 px, 2.5 mm = 30 px.
    expect(r.trimmedPx).toEqual({ top: 59, right: 118, bottom: 0, left: 30 });
    expect(r.width).toBe(width! - 148);
    expect(r.height).toBe(height! - 59);
    // At 150 dpi the same millimetres are half the pixels.
    const half = await prepareScannedPage(page, { ...off, marginMm: { top: 0, right: 10, bottom: 0, left: 0 } }, 150);
    expect(half.trimmedPx.right).toBe(59);
  });

  it('margins larger than the page leave it whole rather than empty', async () => {
    const tiny = await sharp({ create: { width: 40, height: 40, channels: 3, background: { r: 255, g: 255, b: 255 } } }).png().toBuffer();
    const r = await prepareScannedPage(tiny, { ...off, marginMm: { top: 50, right: 50, bottom: 50, left: 50 } }, 300);
    expect(r.trimmedPx).toEqual({ top: 0, right: 0, bottom: 0, left: 0 });
    expect(r.width).toBe(40);
  });

  it('straightens a 4.2° tilt when allowed up to 5°, leaves it when the limit is 2°, and not at all when off', async () => {
    const card = await renderCardBack(fictionalPerson(22), { angle: 4.2, noise: 8, seed: 5 });
    const allowed = await prepareScannedPage(card, { ...DEFAULT_CALIBRATION, maxDeskewDeg: 5 }, 300);
    expect(Math.abs(allowed.skewAngle - 4.2)).toBeLessThan(0.5);
    expect(allowed.box).toBeDefined();
    const limited = await prepareScannedPage(card, { ...DEFAULT_CALIBRATION, maxDeskewDeg: 2 }, 300);
    expect(limited.skewAngle).toBe(0);
    const disabled = await prepareScannedPage(card, { ...DEFAULT_CALIBRATION, deskew: false, autoCrop: false }, 300);
    expect(disabled).toMatchObject({ skewAngle: 0, box: undefined });
  });

  it('preview is a small PNG data URL', async () => {
    const page = await renderCardFront(fictionalPerson(23), { angle: 0, margin: 40 });
    const url = await previewPng(page, 200);
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    expect((await sharp(Buffer.from(url.split(',')[1]!, 'base64')).metadata()).width).toBe(200);
  });
});
