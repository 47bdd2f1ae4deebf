// Runs in: Node (engine). Pure pixel analysis on greyscale buffers: threshold, skew angle and the
// document's bounding box. sharp has none of these (no Otsu, no contours, no skew estimate).
import type { GreyImage } from './load';

/** Otsu's global threshold: the grey level that best separates two classes. */
export function otsuThreshold(img: GreyImage): number {
  const hist = new Float64Array(256);
  for (const v of img.data) hist[v]!++;
  const total = img.data.length;
  let sumAll = 0;
  for (let i = 0; i < 256; i++) sumAll += i * hist[i]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let bestT = 127;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      bestT = t;
    }
  }
  return bestT;
}

/**
 * Points on horizontal edges (strong vertical gradient), centred. Text lines and card edges are
 * made of them; the image's own border and flat regions are not, so a card lying skewed on a
 * dark bed is measured by its content and outline rather than by the frame of the picture.
 */
function edgePoints(img: GreyImage): { xs: Float64Array; ys: Float64Array } {
  const { width: w, height: h, data } = img;
  const hist = new Uint32Array(256);
  for (let i = 0; i + w < data.length; i += 7) hist[Math.abs(data[i + w]! - data[i]!)]!++;
  let n = 0;
  for (const c of hist) n += c;
  let acc = 0;
  let med = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v]!;
    if (acc >= n / 2) {
      med = v;
      break;
    }
  }
  // Four times the median difference sits above sensor noise; 24 keeps clean images from
  // counting anti-aliasing as edges.
  const t = Math.max(24, 4 * med);
  const xs: number[] = [];
  const ys: number[] = [];
  const cx = w / 2;
  const cy = h / 2;
  for (let y = 0; y < h - 1; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      if (Math.abs(data[row + w + x]! - data[row + x]!) > t) {
        xs.push(x - cx);
        ys.push(y + 0.5 - cy);
      }
    }
  }
  return { xs: Float64Array.from(xs), ys: Float64Array.from(ys) };
}

/** Sum of squares of the horizontal projection profile when the points are rotated by -deg. */
function profileScore(xs: Float64Array, ys: Float64Array, deg: number, bins: Float64Array, offset: number): number {
  const a = (deg * Math.PI) / 180;
  const s = Math.sin(a);
  const c = Math.cos(a);
  bins.fill(0);
  for (let i = 0; i < xs.length; i++) {
    // Undo a clockwise rotation by `deg` (sharp's convention): y' = -x sin + y cos.
    const b = Math.round(-xs[i]! * s + ys[i]! * c) + offset;
    if (b >= 0 && b < bins.length) bins[b]!++;
  }
  let sum = 0;
  for (const v of bins) sum += v * v;
  return sum;
}

export interface SkewEstimate {
  /** Degrees the content is rotated clockwise; rotate by the negative to straighten. */
  angle: number;
  /** How much sharper the best profile is than the unrotated one (1 = no evidence of skew). */
  gain: number;
}

/**
 * Projection-profile skew estimate over horizontal-edge points: text lines and card edges give the
 * sharpest row profile when level. Coarse search over ±maxAngle, then a fine search around the best coarse angle.
 */
export function estimateSkew(img: GreyImage, maxAngle = 15): SkewEstimate {
  const { xs, ys } = edgePoints(img);
  if (xs.length < 50) return { angle: 0, gain: 1 };
  const diag = Math.ceil(Math.hypot(img.width, img.height));
  const bins = new Float64Array(diag + 2);
  const offset = Math.ceil(diag / 2) + 1;
  const score = (d: number) => profileScore(xs, ys, d, bins, offset);
  let best = 0;
  let bestScore = -1;
  for (let d = -maxAngle; d <= maxAngle + 1e-9; d += 0.5) {
    const sc = score(d);
    if (sc > bestScore) {
      bestScore = sc;
      best = d;
    }
  }
  const coarse = best;
  for (let d = coarse - 0.5; d <= coarse + 0.5 + 1e-9; d += 0.05) {
    const sc = score(d);
    if (sc > bestScore) {
      bestScore = sc;
      best = d;
    }
  }
  const base = score(0);
  return { angle: Math.round(best * 100) / 100, gain: base > 0 ? bestScore / base : 1 };
}

/** Median of the pixels in a frame `band` pixels wide around the border: the background level. */
export function borderLevel(img: GreyImage, band = 4): number {
  const hist = new Uint32Array(256);
  let n = 0;
  for (let y = 0; y < img.height; y++) {
    const edgeRow = y < band || y >= img.height - band;
    for (let x = 0; x < img.width; x++) {
      if (edgeRow || x < band || x >= img.width - band) {
        hist[img.data[y * img.width + x]!]!++;
        n++;
      }
    }
  }
  let acc = 0;
  for (let v = 0; v < 256; v++) {
    acc += hist[v]!;
    if (acc >= n / 2) return v;
  }
  return 255;
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

function longestRun(counts: Uint32Array, min: number): [number, number] | undefined {
  let best: [number, number] | undefined;
  let start = -1;
  for (let i = 0; i <= counts.length; i++) {
    const on = i < counts.length && counts[i]! >= min;
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      if (!best || i - start > best[1] - best[0]) best = [start, i];
      start = -1;
    }
  }
  return best;
}

/**
 * The document's box: pixels that differ from the border's level by more than `delta`, rows and
 * columns where they are at least half as frequent as in the fullest row/column, longest run.
 * Returns undefined when nothing stands out from the background (nothing on the bed).
 */
export function findDocumentBox(img: GreyImage, delta = 40): Box | undefined {
  const bg = borderLevel(img);
  const rows = new Uint32Array(img.height);
  const cols = new Uint32Array(img.width);
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (Math.abs(img.data[y * img.width + x]! - bg) > delta) {
        rows[y]!++;
        cols[x]!++;
      }
    }
  }
  const maxRow = Math.max(...rows);
  const maxCol = Math.max(...cols);
  if (maxRow < 3 || maxCol < 3) return undefined;
  const r = longestRun(rows, maxRow / 2);
  const c = longestRun(cols, maxCol / 2);
  if (!r || !c) return undefined;
  return { left: c[0], top: r[0], width: c[1] - c[0], height: r[1] - r[0] };
}
