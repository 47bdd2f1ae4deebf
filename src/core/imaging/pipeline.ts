// Runs in: Node (engine). Scanned page / card photo → straightened, cropped, normalised greyscale;
// pages compressed for storage and upload; thumbnails for the UI. Each step measures on a small
// greyscale copy and applies the result to the full-resolution image.
import type { Sharp } from 'sharp';
import { loadedSharp } from './sharp';
import { KioskError } from '../../shared/errors';
import { estimateSkew, findDocumentBox, borderLevel, type Box } from './analysis';
import { flattenIllumination } from './illumination';
import { openImage, runImage, toGrey, type GreyImage, type ImageLimits } from './load';

/** Long side of the copy used for skew and crop analysis: enough to resolve text lines. */
const ANALYSIS_SIDE = 1000;

export interface PrepareOptions extends ImageLimits {
  /** Straighten (default true). */
  deskew?: boolean;
  /** Skews measured beyond this many degrees are left alone (a misreading or a deliberate tilt); default 15. */
  maxSkewDeg?: number;
  /** Crop to the card/document when it stands out from the background (default true). */
  crop?: boolean;
  /** Stretch contrast between the 1st and 99th percentile (default true). */
  normalise?: boolean;
  /** Divide out uneven light after cropping (default true; evenly lit images are untouched). */
  flatten?: boolean;
}

export interface PreparedImage {
  /** Greyscale PNG. */
  data: Buffer;
  width: number;
  height: number;
  /** Degrees the input was rotated clockwise (0 when not deskewed). */
  skewAngle: number;
  /** The crop box in the straightened full-resolution image, when cropping applied. */
  box: Box | undefined;
}

/** Only after openImage(): every caller below starts from it. */
function rawSharp(img: GreyImage): Sharp {
  return loadedSharp()(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), { raw: { width: img.width, height: img.height, channels: 1 } });
}

async function rawOf(p: Sharp): Promise<GreyImage> {
  const { data, info } = await p.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

async function shrink(img: GreyImage, maxSide: number): Promise<GreyImage> {
  if (Math.max(img.width, img.height) <= maxSide) return img;
  return rawOf(rawSharp(img).resize({ width: maxSide, height: maxSide, fit: 'inside' }));
}

export interface PreparedGrey {
  grey: GreyImage;
  skewAngle: number;
  box: Box | undefined;
  /** Resolution recorded in the input file, if any. */
  density: number | undefined;
  /** Uneven light was divided out (flattenIllumination). */
  lightCorrected: boolean;
}

/**
 * Straighten and crop, returning raw greyscale pixels (no encoding): what the OCR stages use.
 * `maxSide` first shrinks large inputs (a 600 dpi card need not be matched at 600 dpi).
 */
export async function prepareGrey(input: Buffer | string, opts: PrepareOptions & { maxSide?: number } = {}): Promise<PreparedGrey> {
  const { image, info: probed } = await openImage(input, opts);
  const name = opts.name ?? (typeof input === 'string' ? input : 'image');
  return runImage(name, async () => {
    let full = await toGrey(image, opts.maxSide ?? 0, name);
    let small = await shrink(full, ANALYSIS_SIDE);
    let skewAngle = 0;
    if (opts.deskew !== false) {
      const limit = opts.maxSkewDeg;
      // Searched a little past the limit, so a tilt beyond it is seen as such instead of as the limit.
      const est = limit === undefined ? estimateSkew(small) : estimateSkew(small, Math.min(15, limit + 1));
      // Below 0.2° a rotation only blurs; a flat profile gain means no lines to measure.
      if (Math.abs(est.angle) >= 0.2 && est.gain > 1.01 && (limit === undefined || Math.abs(est.angle) <= limit)) {
        skewAngle = est.angle;
        const bg = borderLevel(small);
        full = await rawOf(rawSharp(full).rotate(-skewAngle, { background: { r: bg, g: bg, b: bg } }));
        small = await shrink(full, ANALYSIS_SIDE);
      }
    }
    let box: Box | undefined;
    if (opts.crop !== false) {
      const b = findDocumentBox(small);
      if (b) {
        const sx = full.width / small.width;
        const sy = full.height / small.height;
        const left = Math.max(0, Math.floor(b.left * sx));
        const top = Math.max(0, Math.floor(b.top * sy));
        box = {
          left,
          top,
          width: Math.max(1, Math.min(full.width - left, Math.ceil(b.width * sx))),
          height: Math.max(1, Math.min(full.height - top, Math.ceil(b.height * sy))),
        };
        full = await rawOf(rawSharp(full).extract(box));
      }
    }
    // After the crop: the dark bed around a card would otherwise count as shadow.
    let lightCorrected = false;
    if (opts.flatten !== false) {
      const flat = await flattenIllumination(full);
      full = flat.image;
      lightCorrected = flat.corrected;
    }
    return { grey: full, skewAngle, box, density: probed.density, lightCorrected };
  });
}

/** Straighten, crop and normalise to a greyscale PNG. Throws `image.corrupt` or `image.too-large`. */
export async function prepareImage(input: Buffer | string, opts: PrepareOptions = {}): Promise<PreparedImage> {
  const p = await prepareGrey(input, opts);
  return runImage(opts.name ?? 'image', async () => {
    let out = rawSharp(p.grey);
    // Dividing out a shadow amplified the sensor noise in it (up to 4x); tesseract reads that
    // speckle as strokes (a bold name came out as "S GHIH X"). A 3x3 median removes it.
    if (p.lightCorrected) out = out.median(3);
    if (opts.normalise !== false) out = out.normalise({ lower: 1, upper: 99 });
    // Keep the resolution (300 dpi when unknown): OCR uses it to size its expectations.
    const { data, info } = await out.withMetadata({ density: p.density ?? 300 }).png({ compressionLevel: 6 }).toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, skewAngle: p.skewAngle, box: p.box };
  });
}

export interface CompressOptions extends ImageLimits {
  /** Byte budget (default 300 KB: the upload limit per page). */
  targetBytes?: number;
  /** Written into the file's metadata so printing/PDF keeps the physical size. */
  dpi?: number;
}

export interface CompressedPage {
  data: Buffer;
  format: 'png' | 'jpeg';
  /** Which candidate won: "png-16" (16 grey levels), "png-4", "jpeg-50", "png-2" (bilevel). */
  encoding: string;
  width: number;
  height: number;
  bytes: number;
}

type Candidate = { encoding: string; format: 'png' | 'jpeg'; encode: (p: Sharp) => Sharp };

/**
 * Tried in order, best fidelity first. Text on flattened white paper is mostly long white runs,
 * which palette PNG codes far smaller than JPEG at equal legibility (measured on a 300 dpi A4
 * page: 16 levels ~280 KB, 4 levels ~150 KB, JPEG q60 ~350 KB); JPEG stays for photo-like pages.
 */
const CANDIDATES: Candidate[] = [
  { encoding: 'png-16', format: 'png', encode: (p) => p.png({ palette: true, colours: 16, compressionLevel: 9, effort: 1 }) },
  { encoding: 'png-4', format: 'png', encode: (p) => p.png({ palette: true, colours: 4, compressionLevel: 9, effort: 1 }) },
  { encoding: 'jpeg-50', format: 'jpeg', encode: (p) => p.jpeg({ quality: 50 }) },
  { encoding: 'png-2', format: 'png', encode: (p) => p.threshold(160).png({ palette: true, colours: 2, compressionLevel: 9, effort: 1 }) },
];

/**
 * Greyscale, contrast-stretched page with the paper flattened to pure white (scanner noise in the
 * background is most of the bytes otherwise), in the most faithful encoding that fits the budget;
 * the smallest one when none does.
 */
export async function compressPage(input: Buffer | string, opts: CompressOptions = {}): Promise<CompressedPage> {
  const target = opts.targetBytes ?? 300_000;
  const { image } = await openImage(input, opts);
  const name = opts.name ?? (typeof input === 'string' ? input : 'image');
  return runImage(name, async () => {
    // A shadow or light fall-off would survive the levels below as grey paper: noisy, large, and
    // ink-dark where the shadow is deepest.
    const grey = (await flattenIllumination(await toGrey(image, 0, name))).image;
    // Levels: 0..210 stretched to 0..255, everything lighter clipped to white.
    const flattened = await rawOf(rawSharp(grey).normalise({ lower: 1, upper: 99 }).linear(255 / 210, 0));
    const density = opts.dpi ?? 300;
    let smallest: CompressedPage | undefined;
    for (const c of CANDIDATES) {
      const data = await c.encode(rawSharp(flattened).withMetadata({ density })).toBuffer();
      const page = { data, format: c.format, encoding: c.encoding, width: grey.width, height: grey.height, bytes: data.length };
      if (data.length <= target) return page;
      if (!smallest || data.length < smallest.bytes) smallest = page;
    }
    return smallest!;
  });
}

export interface Thumbnail {
  data: Buffer;
  width: number;
  height: number;
}

/** A small JPEG for the UI (colour kept, EXIF orientation applied). */
export async function thumbnail(input: Buffer | string, opts: ImageLimits & { maxSide?: number } = {}): Promise<Thumbnail> {
  const { image } = await openImage(input, opts);
  const side = opts.maxSide ?? 320;
  if (!Number.isInteger(side) || side < 16 || side > 2000) {
    throw new KioskError({ code: 'image.bad-request', technicianMessage: `thumbnail size ${side} outside 16..2000` });
  }
  return runImage(opts.name ?? 'image', async () => {
    const { data, info } = await image.rotate().resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true }).flatten({ background: '#ffffff' }).jpeg({ quality: 72 }).toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  });
}
