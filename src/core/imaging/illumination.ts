// Runs in: Node (engine). Flat-field correction for unevenly lit pages and cards (a lamp at an
// angle, a scanner lid left open, a hand's shadow): the light falling on the paper is estimated
// and divided out, so one global threshold or contrast stretch works again. Without it a shadow
// turns paper as dark as ink for Otsu, tesseract and the storage encoder alike.
import { loadSharp } from './sharp';
import type { GreyImage } from './load';

/** Long side of the copy the light is estimated on: light varies slowly, text does not. */
const LIGHT_SIDE = 256;
/**
 * Half-width of the max filter, as a fraction of that copy's long side. It must exceed the
 * thickest dark feature (a bold heading, an MRZ line) so only paper survives the max, and stay
 * narrow enough to follow a shadow's edge.
 */
const MAX_RADIUS = 0.03;
/** Light ratios (darkest/brightest paper) above this are "even": the image is left untouched. */
const EVEN_RATIO = 0.8;
/** Never brighten more than this: deep shadow is mostly noise, and dark photos must stay dark. */
const MAX_GAIN = 4;

export interface IlluminationResult {
  image: GreyImage;
  /** Darkest / brightest estimated light on the paper (1 = perfectly even). */
  ratio: number;
  corrected: boolean;
}

/** Running max (dilation) of a row-major float image, separable, radius r. */
function maxFilter(src: Float32Array, w: number, h: number, r: number): Float32Array {
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let m = 0;
      for (let k = Math.max(0, x - r); k <= Math.min(w - 1, x + r); k++) m = Math.max(m, src[y * w + k]!);
      tmp[y * w + x] = m;
    }
  }
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) {
      let m = 0;
      for (let k = Math.max(0, y - r); k <= Math.min(h - 1, y + r); k++) m = Math.max(m, tmp[k * w + x]!);
      out[y * w + x] = m;
    }
  }
  return out;
}

/** Mean over a (2r+1)² box with edge clamping, separable; smooths the max filter's plateaus. */
function boxFilter(src: Float32Array, w: number, h: number, r: number): Float32Array {
  const tmp = new Float32Array(src.length);
  const out = new Float32Array(src.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = -r; k <= r; k++) s += src[y * w + Math.min(w - 1, Math.max(0, x + k))]!;
      tmp[y * w + x] = s / (2 * r + 1);
    }
  }
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; y++) {
      let s = 0;
      for (let k = -r; k <= r; k++) s += tmp[Math.min(h - 1, Math.max(0, y + k)) * w + x]!;
      out[y * w + x] = s / (2 * r + 1);
    }
  }
  return out;
}

function quantile(values: Float32Array, q: number): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}

/**
 * Estimates the light on the paper and divides it out when it is uneven. Paper ends at the level
 * of the brightest-lit paper, ink keeps its contrast against the paper around it. Evenly lit
 * images come back unchanged (same object), so clean scans are not touched.
 */
export async function flattenIllumination(img: GreyImage): Promise<IlluminationResult> {
  if (img.width < 16 || img.height < 16) return { image: img, ratio: 1, corrected: false };
  const scale = Math.min(1, LIGHT_SIDE / Math.max(img.width, img.height));
  const sw = Math.max(1, Math.round(img.width * scale));
  const sh = Math.max(1, Math.round(img.height * scale));
  const sharp = await loadSharp();
  const small = await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), { raw: { width: img.width, height: img.height, channels: 1 } })
    .resize(sw, sh, { fit: 'fill', kernel: 'linear' })
    // Raw one-channel input would come back as sRGB otherwise.
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  const r = Math.max(2, Math.round(Math.max(sw, sh) * MAX_RADIUS));
  const light = boxFilter(maxFilter(Float32Array.from(small), sw, sh, r), sw, sh, r);
  const bright = quantile(light, 0.98);
  const dark = quantile(light, 0.02);
  const ratio = bright > 0 ? dark / bright : 1;
  if (ratio >= EVEN_RATIO || bright < 32) return { image: img, ratio, corrected: false };
  // Back to full size as 8-bit (light is smooth: bilinear interpolation loses nothing).
  const lightFull = await sharp(Buffer.from(Uint8Array.from(light, (v) => Math.round(v))), { raw: { width: sw, height: sh, channels: 1 } })
    .resize(img.width, img.height, { fit: 'fill', kernel: 'linear' })
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  const floor = bright / MAX_GAIN;
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = (img.data[i]! * bright) / Math.max(floor, lightFull[i]!);
    out[i] = v > 255 ? 255 : Math.round(v);
  }
  return { image: { data: out, width: img.width, height: img.height }, ratio, corrected: true };
}
