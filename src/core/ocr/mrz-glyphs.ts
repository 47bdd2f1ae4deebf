// Runs in: Node (engine). OCR-B glyph templates for the MRZ, rendered once from Debian's
// public-domain OCR-B font (fonts-ocr-b) through sharp's SVG rasteriser. Matching fixed-pitch
// OCR-B against its own glyphs beats a generic text model on MRZ (which reads '<' as 'K' and
// miscounts filler runs), and needs no trained model of unclear licence.
import sharp from 'sharp';
import { KioskError } from '../../shared/errors';

export const MRZ_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<';

/** Template frame: one character cell, height = cap height (the line band). */
export const TW = 20;
export const TH = 28;

export interface GlyphTemplate {
  char: string;
  /** Zero-mean, unit-norm ink values (ink = high), TW x TH. */
  vec: Float32Array;
}

/** Grey image with ink HIGH (inverted), float for sampling. */
export interface InkImage {
  data: Float32Array;
  width: number;
  height: number;
}

/**
 * Samples one character into the template frame: the glyph's ink box is centred horizontally and
 * the line band (cap top to baseline) maps to the frame's height, preserving the aspect ratio, so
 * small glyphs ('<') stay small and in the middle.
 */
export function sampleCell(img: InkImage, bandTop: number, bandBottom: number, centreX: number, out: Float32Array, dx = 0, dy = 0): void {
  const scale = (bandBottom - bandTop + 1) / TH;
  // Area-average when shrinking, so a 600 dpi scan and the large template renders are not
  // point-sampled (which would alias thin strokes away).
  const sub = scale > 1.5 ? 3 : 1;
  let k = 0;
  for (let v = 0; v < TH; v++) {
    for (let u = 0; u < TW; u++) {
      let acc = 0;
      for (let sv = 0; sv < sub; sv++) {
        const y = bandTop + (v + (sv + 0.5) / sub + dy) * scale - 0.5;
        const y0 = Math.floor(y);
        for (let su = 0; su < sub; su++) {
          const x = centreX + (u + (su + 0.5) / sub - TW / 2 + dx) * scale - 0.5;
          const x0 = Math.floor(x);
          acc += bilinear(img, x0, y0, x - x0, y - y0);
        }
      }
      out[k++] = acc / (sub * sub);
    }
  }
}

function px(img: InkImage, x: number, y: number): number {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height) return 0;
  return img.data[y * img.width + x]!;
}

function bilinear(img: InkImage, x0: number, y0: number, fx: number, fy: number): number {
  const a = px(img, x0, y0);
  const b = px(img, x0 + 1, y0);
  const c = px(img, x0, y0 + 1);
  const d = px(img, x0 + 1, y0 + 1);
  return a * (1 - fx) * (1 - fy) + b * fx * (1 - fy) + c * (1 - fx) * fy + d * fx * fy;
}

/** Subtract the mean, scale to unit length; returns false for a blank vector. */
export function normaliseVec(v: Float32Array): boolean {
  let mean = 0;
  for (const x of v) mean += x;
  mean /= v.length;
  let norm = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = v[i]! - mean;
    norm += v[i]! * v[i]!;
  }
  norm = Math.sqrt(norm);
  if (norm < 1e-6) return false;
  for (let i = 0; i < v.length; i++) v[i] = v[i]! / norm;
  return true;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Column range of ink inside [from, to) within the band; undefined when blank. */
export function inkColumns(img: InkImage, top: number, bottom: number, from: number, to: number, level: number): [number, number] | undefined {
  let first = -1;
  let last = -1;
  for (let x = Math.max(0, from); x < Math.min(img.width, to); x++) {
    let n = 0;
    for (let y = top; y <= bottom; y++) if (px(img, x, y) > level) n++;
    if (n >= 1) {
      if (first < 0) first = x;
      last = x;
    }
  }
  return first < 0 ? undefined : [first, last];
}

let cached: Promise<GlyphTemplate[]> | undefined;

/** The 37 MRZ glyph templates (rendered once per process, ~50 ms). */
export function glyphTemplates(): Promise<GlyphTemplate[]> {
  cached ??= renderTemplates().catch((err: unknown) => {
    cached = undefined;
    throw new KioskError({
      code: 'ocr.font-missing',
      technicianMessage: `cannot render OCR-B MRZ templates (is fonts-ocr-b installed?): ${err instanceof Error ? err.message : String(err)}`,
      cause: err,
    });
  });
  return cached;
}

async function renderGlyph(text: string, size: number): Promise<InkImage> {
  const w = Math.round(size * 1.2);
  const h = Math.round(size * 1.6);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="#fff"/><text x="${w / 2}" y="${Math.round(size * 1.2)}" text-anchor="middle" font-family="OCR B" font-size="${size}" fill="#000">${text === '<' ? '&lt;' : text}</text></svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).greyscale().raw().toBuffer({ resolveWithObject: true });
  const out = new Float32Array(info.width * info.height);
  for (let i = 0; i < out.length; i++) out[i] = 255 - data[i]!;
  return { data: out, width: info.width, height: info.height };
}

function inkRows(img: InkImage, level: number): [number, number] {
  let top = -1;
  let bottom = -1;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.data[y * img.width + x]! > level) {
        if (top < 0) top = y;
        bottom = y;
        break;
      }
    }
  }
  return [top, bottom];
}

/**
 * OCR-B digits stand taller than its capitals. Templates are framed on the full band (tallest
 * digit top to baseline); a line without digits shows only the capital band, which is this much
 * shorter (as a fraction of the capital band's height).
 */
export let DIGIT_EXTRA = 0;

async function renderTemplates(): Promise<GlyphTemplate[]> {
  const size = 120;
  const glyphs = new Map<string, InkImage>();
  let top = Infinity;
  let bottom = -1;
  for (const char of MRZ_ALPHABET) {
    const img = await renderGlyph(char, size);
    const [t, b] = inkRows(img, 128);
    if (t < 0) throw new Error(`OCR B glyph ${char} is blank`);
    top = Math.min(top, t);
    bottom = Math.max(bottom, b);
    glyphs.set(char, img);
  }
  const [capTop, capBottom] = inkRows(glyphs.get('H')!, 128);
  DIGIT_EXTRA = (capTop - top) / (capBottom - capTop + 1);
  const templates: GlyphTemplate[] = [];
  for (const char of MRZ_ALPHABET) {
    const img = glyphs.get(char)!;
    const cols = inkColumns(img, 0, img.height - 1, 0, img.width, 128)!;
    const vec = new Float32Array(TW * TH);
    sampleCell(img, top, bottom, (cols[0] + cols[1] + 1) / 2, vec);
    normaliseVec(vec);
    templates.push({ char, vec });
  }
  return templates;
}
