// Runs in: Node (engine). Reads the MRZ of a CCCD back (TD1) or passport (TD3) from an image:
// straighten and crop, find the MRZ lines, cut each line into its fixed-pitch cells, match every
// cell against OCR-B glyph templates under the position's character class, then repair confusable
// characters (O/0, I/1, B/8, S/5, K/<, …) only where the ICAO check digits confirm the repair.
// A zone whose check digits do not all pass is refused, never guessed.
import { bacKeySeedInput, cccdIdFromMrz, mrzCheckDigit, parseMrz, type MrzFields } from '../../../hardware/card-reader/lds/mrz';
import { KioskError } from '../../shared/errors';
import { otsuThreshold } from '../imaging/analysis';
import { prepareGrey } from '../imaging/pipeline';
import type { ImageLimits } from '../imaging/load';
import { DIGIT_EXTRA, dot, glyphTemplates, inkColumns, MRZ_ALPHABET, normaliseVec, sampleCell, TH, TW, type GlyphTemplate, type InkImage } from './mrz-glyphs';

export type MrzLayout = 'TD1' | 'TD3';

export interface MrzRepair {
  line: number;
  position: number;
  read: string;
  corrected: string;
}

export interface MrzReadResult {
  format: MrzLayout;
  lines: string[];
  fields: MrzFields;
  /** BAC / PACE-MRZ key material (ICAO 9303-11 MRZ_information) and its parts. */
  bacKey: { documentNumber: string; dateOfBirth: string; dateOfExpiry: string; mrzInformation: string };
  /** CCCD only: the 12-digit citizen ID carried in line 1's optional data. */
  cccdId: string | undefined;
  repairs: MrzRepair[];
  /** Template match of the weakest / average character (normalised correlation, 0..1). */
  minCharScore: number;
  meanCharScore: number;
}

function unreadable(cause: string): KioskError {
  return new KioskError({
    code: 'ocr.mrz-unreadable',
    technicianMessage: `MRZ not read: ${cause}`,
    citizenMessage: 'Không đọc được dòng mã ở mặt sau thẻ. Xin vui lòng nhập số định danh cá nhân.',
    retryable: true,
  });
}

// ---- character classes per position -------------------------------------------------------

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ<';
const ALNUM = MRZ_ALPHABET;
const SEX = 'MFX<';

/**
 * Character class per position. `vnCccd` adds the CCCD profile: on a VNM TD1 the document number
 * and the 12-digit citizen ID in the optional data are all digits, which settles O/0, I/1, B/8
 * and S/5 there by shape class before any check digit is consulted.
 */
function classesFor(layout: MrzLayout, vnCccd = false): string[][] {
  const line = (len: number, spans: [number, number, string][], fill = ALNUM) => {
    const out = Array.from({ length: len }, () => fill);
    for (const [a, b, cls] of spans) for (let i = a; i <= b; i++) out[i] = cls;
    return out;
  };
  if (layout === 'TD1') {
    return [
      line(30, vnCccd ? [[0, 4, LETTERS], [5, 14, DIGITS], [15, 26, DIGITS]] : [[0, 4, LETTERS], [14, 14, DIGITS + '<']]),
      line(30, [[0, 6, DIGITS], [7, 7, SEX], [8, 14, DIGITS], [15, 17, LETTERS], [29, 29, DIGITS]]),
      line(30, [], LETTERS),
    ];
  }
  return [
    line(44, [], LETTERS),
    line(44, [[9, 9, DIGITS], [10, 12, LETTERS], [13, 19, DIGITS], [20, 20, SEX], [21, 27, DIGITS], [42, 42, DIGITS + '<'], [43, 43, DIGITS]]),
  ];
}

/** Check-digit groups: the positions a check covers and where the digit sits ([line, pos]). */
interface CheckGroup {
  field: string;
  covers: [number, number][];
  digit: [number, number];
}

const span = (line: number, a: number, b: number): [number, number][] => Array.from({ length: b - a + 1 }, (_, i) => [line, a + i] as [number, number]);

function checkGroups(layout: MrzLayout): CheckGroup[] {
  if (layout === 'TD1') {
    return [
      { field: 'documentNumber', covers: span(0, 5, 13), digit: [0, 14] },
      { field: 'dateOfBirth', covers: span(1, 0, 5), digit: [1, 6] },
      { field: 'dateOfExpiry', covers: span(1, 8, 13), digit: [1, 14] },
      { field: 'composite', covers: [...span(0, 5, 29), ...span(1, 0, 6), ...span(1, 8, 14), ...span(1, 18, 28)], digit: [1, 29] },
    ];
  }
  return [
    { field: 'documentNumber', covers: span(1, 0, 8), digit: [1, 9] },
    { field: 'dateOfBirth', covers: span(1, 13, 18), digit: [1, 19] },
    { field: 'dateOfExpiry', covers: span(1, 21, 26), digit: [1, 27] },
    { field: 'personalNumber', covers: span(1, 28, 41), digit: [1, 42] },
    { field: 'composite', covers: [...span(1, 0, 9), ...span(1, 13, 19), ...span(1, 21, 42)], digit: [1, 43] },
  ];
}

function groupValid(lines: string[][], g: CheckGroup): boolean {
  const data = g.covers.map(([l, p]) => lines[l]![p]!).join('');
  const printed = lines[g.digit[0]]![g.digit[1]]!;
  // An unused optional-data check may be '<' when the data is all fillers.
  if (printed === '<') return /^<*$/.test(data);
  return String(mrzCheckDigit(data)) === printed;
}

// ---- confusions -------------------------------------------------------------------------------

const CONFUSABLE: Record<string, string> = {
  '0': 'ODQ',
  O: '0DQ',
  D: '0O',
  Q: '0O',
  '1': 'I',
  I: '1',
  '8': 'B',
  B: '8',
  '5': 'S',
  S: '5',
  '2': 'Z',
  Z: '2',
  '6': 'G',
  G: '6',
  K: '<',
  '<': 'K',
};

// ---- locating and cutting -----------------------------------------------------------------

interface Band {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

function findBands(ink: InkImage, level: number): Band[] {
  const { width, height, data } = ink;
  const rows = new Uint32Array(height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (data[y * width + x]! > level) rows[y]!++;
  const minRow = Math.max(2, Math.round(width * 0.004));
  const bands: Band[] = [];
  let start = -1;
  let gap = 0;
  for (let y = 0; y <= height; y++) {
    const on = y < height && rows[y]! >= minRow;
    if (on) {
      if (start < 0) start = y;
      gap = 0;
    } else if (start >= 0) {
      // Bridge a one-row break (thin horizontal strokes under noise).
      if (y < height && gap++ < 1) continue;
      const bottom = y - gap;
      const cols = inkColumns(ink, start, bottom, 0, width, level);
      if (cols && bottom - start >= 3) bands.push({ top: start, bottom, left: cols[0], right: cols[1] });
      start = -1;
      gap = 0;
    }
  }
  return bands;
}

/** The bottom-most run of long, equally tall lines: 3 → TD1, 2 → TD3. */
function pickMrzLines(bands: Band[], width: number): { layout: MrzLayout; lines: Band[] } | undefined {
  const long = (b: Band) => b.right - b.left >= width * 0.6;
  for (let end = bands.length - 1; end >= 0; end--) {
    if (!long(bands[end]!)) continue;
    const h = bands[end]!.bottom - bands[end]!.top;
    const run: Band[] = [bands[end]!];
    for (let i = end - 1; i >= 0 && run.length < 3; i--) {
      const b = bands[i]!;
      const bh = b.bottom - b.top;
      if (!long(b) || bh < h * 0.6 || bh > h * 1.6) break;
      run.unshift(b);
    }
    if (run.length === 3) return { layout: 'TD1', lines: run };
    if (run.length === 2) return { layout: 'TD3', lines: run };
    return undefined;
  }
  return undefined;
}

/** Fits the fixed character pitch: cell boundaries should fall in the gaps between glyphs. */
function fitGrid(ink: InkImage, band: Band, n: number, level: number): { offset: number; pitch: number } {
  const cols = new Float64Array(ink.width);
  for (let x = 0; x < ink.width; x++) {
    let c = 0;
    for (let y = band.top; y <= band.bottom; y++) if (ink.data[y * ink.width + x]! > level) c++;
    cols[x] = c;
  }
  const extent = band.right - band.left + 1;
  const p0 = extent / (n - 0.35);
  let best = { offset: band.left - p0 * 0.2, pitch: p0, score: Infinity };
  for (let pi = -30; pi <= 30; pi++) {
    const pitch = p0 * (1 + pi * 0.002);
    for (let offset = band.left - pitch * 0.6; offset <= band.left + pitch * 0.1; offset += 0.5) {
      let score = 0;
      for (let i = 1; i < n; i++) score += cols[Math.round(offset + i * pitch)] ?? 0;
      const end = offset + n * pitch;
      for (let x = Math.ceil(end); x <= band.right; x++) score += cols[x]! * 4;
      if (score < best.score) best = { offset, pitch, score };
    }
  }
  return best;
}

interface CellScores {
  /** Score per MRZ_ALPHABET index. */
  scores: Float32Array;
}

function classifyCells(ink: InkImage, top: number, bottom: number, centres: number[], templates: GlyphTemplate[]): { cells: CellScores[]; mean: number } {
  const vec = new Float32Array(TW * TH);
  const cells: CellScores[] = [];
  let total = 0;
  for (const centre of centres) {
    const scores = new Float32Array(templates.length).fill(-1);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        sampleCell(ink, top, bottom, centre, vec, dx * 0.75, dy * 0.75);
        if (!normaliseVec(vec)) continue;
        for (let t = 0; t < templates.length; t++) {
          const s = dot(vec, templates[t]!.vec);
          if (s > scores[t]!) scores[t] = s;
        }
      }
    }
    total += Math.max(...scores);
    cells.push({ scores });
  }
  return { cells, mean: total / centres.length };
}

function classifyLine(ink: InkImage, band: Band, n: number, level: number, templates: GlyphTemplate[]): CellScores[] {
  const { offset, pitch } = fitGrid(ink, band, n, level);
  const centres: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = Math.round(offset + i * pitch);
    const b = Math.round(offset + (i + 1) * pitch);
    const cols = inkColumns(ink, band.top, band.bottom, a, b, level);
    centres.push(cols ? (cols[0] + cols[1] + 1) / 2 : (a + b) / 2);
  }
  // The measured band is the digit band when the line holds a digit, else the shorter capital
  // band; both readings are scored and the better one kept.
  const asIs = classifyCells(ink, band.top, band.bottom, centres, templates);
  const extended = classifyCells(ink, band.top - DIGIT_EXTRA * (band.bottom - band.top + 1), band.bottom, centres, templates);
  return (extended.mean > asIs.mean ? extended : asIs).cells;
}

// ---- decoding --------------------------------------------------------------------------------

const idx = (c: string) => MRZ_ALPHABET.indexOf(c);

function bestIn(cell: CellScores, allowed: string): string {
  let best = allowed[0]!;
  for (const c of allowed) if (cell.scores[idx(c)]! > cell.scores[idx(best)]!) best = c;
  return best;
}

interface Sub {
  line: number;
  pos: number;
  to: string;
  cost: number;
}

/**
 * Finds the cheapest set of at most `maxSubs` (1-2) substitutions (confusable pairs or near-tied template
 * matches) that makes the group's check digit pass. Refuses when two different repairs are about
 * equally plausible: a repair must be confirmed, not chosen.
 */
function repairGroup(lines: string[][], g: CheckGroup, cells: CellScores[][], classes: string[][], locked: Set<string>, maxSubs: number): Sub[] | undefined {
  const positions = [...g.covers, g.digit].filter(([l, p]) => !locked.has(`${l}:${p}`));
  const options: Sub[] = [];
  for (const [l, p] of positions) {
    const cur = lines[l]![p]!;
    const cell = cells[l]![p]!;
    const curScore = cell.scores[idx(cur)]!;
    for (const c of classes[l]![p]!) {
      if (c === cur) continue;
      const s = cell.scores[idx(c)]!;
      const confusable = (CONFUSABLE[cur] ?? '').includes(c);
      if (confusable || s >= curScore - 0.06) options.push({ line: l, pos: p, to: c, cost: Math.max(0, curScore - s) });
    }
  }
  const tryApply = (subs: Sub[]): boolean => {
    const saved = subs.map((s) => lines[s.line]![s.pos]!);
    subs.forEach((s) => (lines[s.line]![s.pos] = s.to));
    const ok = groupValid(lines, g);
    subs.forEach((s, i) => (lines[s.line]![s.pos] = saved[i]!));
    return ok;
  };
  for (const size of [1, 2].filter((n) => n <= maxSubs)) {
    const found: { subs: Sub[]; cost: number }[] = [];
    if (size === 1) {
      for (const o of options) if (tryApply([o])) found.push({ subs: [o], cost: o.cost });
    } else {
      for (let i = 0; i < options.length; i++) {
        for (let j = i + 1; j < options.length; j++) {
          const a = options[i]!;
          const b = options[j]!;
          if (a.line === b.line && a.pos === b.pos) continue;
          if (tryApply([a, b])) found.push({ subs: [a, b], cost: a.cost + b.cost });
        }
      }
    }
    if (found.length === 0) continue;
    found.sort((x, y) => x.cost - y.cost);
    if (found.length > 1 && found[1]!.cost - found[0]!.cost < 0.05) return undefined;
    return found[0]!.subs;
  }
  return undefined;
}

export function decodeMrz(layout: MrzLayout, cells: CellScores[][]): { lines: string[]; repairs: MrzRepair[] } {
  const generic = classesFor(layout);
  const state = [2, 3, 4].map((p) => bestIn(cells[0]![p]!, generic[0]![p]!)).join('');
  const vnCccd = layout === 'TD1' && state === 'VNM';
  const classes = classesFor(layout, vnCccd);
  const repairs: MrzRepair[] = [];
  const lines = cells.map((row, l) =>
    row.map((cell, p) => {
      const c = bestIn(cell, classes[l]![p]!);
      const free = bestIn(cell, MRZ_ALPHABET);
      // Recorded so a technician can see where the class, not the glyph, decided.
      if (free !== c && (CONFUSABLE[free] ?? '').includes(c)) repairs.push({ line: l, position: p, read: free, corrected: c });
      return c;
    }),
  );
  const locked = new Set<string>();
  for (const g of checkGroups(layout)) {
    if (!groupValid(lines, g)) {
      const subs = repairGroup(lines, g, cells, classes, locked, g.field === 'composite' ? 1 : 2);
      if (!subs) throw unreadable(`${layout} ${g.field} check digit fails and no single confirmed repair exists`);
      for (const s of subs) {
        repairs.push({ line: s.line, position: s.pos, read: lines[s.line]![s.pos]!, corrected: s.to });
        lines[s.line]![s.pos] = s.to;
      }
    }
    // A field confirmed by its own check digit is not changed again to satisfy the composite.
    for (const [l, p] of [...g.covers, g.digit]) if (g.field !== 'composite') locked.add(`${l}:${p}`);
  }
  const text = lines.map((l) => l.join(''));
  // CCCD: the document number is the last nine digits of the citizen ID printed beside it.
  if (vnCccd && /^\d{12}/.test(text[0]!.slice(15)) && text[0]!.slice(5, 14) !== text[0]!.slice(18, 27)) {
    throw unreadable('CCCD document number disagrees with the citizen ID in the optional data');
  }
  return { lines: text, repairs };
}

/** Reads the MRZ from a greyscale straightened image (ink dark). */
export async function recogniseMrz(grey: { data: Uint8Array; width: number; height: number }): Promise<{ layout: MrzLayout; lines: string[]; repairs: MrzRepair[]; minScore: number; meanScore: number }> {
  const templates = await glyphTemplates();
  const t = otsuThreshold(grey);
  const inkData = new Float32Array(grey.data.length);
  // The crop keeps a sliver of the bed and the card's rounded corners at the edges; they would
  // read as ink in every row, so the outer 2% is blanked.
  const mx = Math.ceil(grey.width * 0.02);
  const my = Math.ceil(grey.height * 0.02);
  for (let y = 0; y < grey.height; y++) {
    for (let x = 0; x < grey.width; x++) {
      const i = y * grey.width + x;
      inkData[i] = x < mx || y < my || x >= grey.width - mx || y >= grey.height - my ? 0 : 255 - grey.data[i]!;
    }
  }
  const ink: InkImage = { data: inkData, width: grey.width, height: grey.height };
  const level = 255 - t;
  const found = pickMrzLines(findBands(ink, level), grey.width);
  if (!found) throw unreadable('no block of 2-3 long text lines found at the bottom of the image');
  const n = found.layout === 'TD1' ? 30 : 44;
  const cells = found.lines.map((band) => classifyLine(ink, band, n, level, templates));
  const decoded = decodeMrz(found.layout, cells);
  let min = 1;
  let sum = 0;
  let count = 0;
  decoded.lines.forEach((line, l) =>
    [...line].forEach((c, p) => {
      const s = cells[l]![p]!.scores[idx(c)]!;
      min = Math.min(min, s);
      sum += s;
      count++;
    }),
  );
  // Matching blank paper or a photo gives weak correlations everywhere; that is not an MRZ.
  if (sum / count < 0.5) throw unreadable(`characters do not look like OCR-B (mean match ${(sum / count).toFixed(2)})`);
  return { layout: found.layout, lines: decoded.lines, repairs: decoded.repairs, minScore: min, meanScore: sum / count };
}

/** Image in, checked MRZ out. Throws `ocr.mrz-unreadable`, `image.corrupt` or `image.too-large`. */
export async function readMrz(input: Buffer | string, limits: ImageLimits = {}): Promise<MrzReadResult> {
  // 1400 px covers an ID-1 card at 300 dpi with its margin; larger scans are shrunk first.
  const prepared = await prepareGrey(input, { ...limits, maxSide: 1400 });
  const r = await recogniseMrz(prepared.grey);
  let fields: MrzFields;
  try {
    fields = parseMrz(r.lines);
  } catch (err) {
    throw unreadable(`MRZ parser refused the text: ${err instanceof KioskError ? err.technicianMessage : String(err)}`);
  }
  if (!fields.valid) throw unreadable(`check digits or formats fail: ${[...fields.checks.filter((c) => !c.valid).map((c) => c.field), ...fields.formatProblems].join(', ')}`);
  const key = { documentNumber: fields.documentNumber, dateOfBirth: fields.dateOfBirth, dateOfExpiry: fields.dateOfExpiry };
  return {
    format: r.layout,
    lines: r.lines,
    fields,
    bacKey: { ...key, mrzInformation: bacKeySeedInput(key) },
    cccdId: cccdIdFromMrz(fields),
    repairs: r.repairs,
    minCharScore: r.minScore,
    meanCharScore: r.meanScore,
  };
}
