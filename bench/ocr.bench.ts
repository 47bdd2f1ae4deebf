// Runs in: Node (bench). MRZ exact-read rate and latency on generated CCCD backs (clean 300-600 dpi,
// degraded 150-200 dpi and uneven-light sets), card-front field accuracy (exact rate and character
// error rate) and latency with the tesseract.js pool, and the legibility of stored A4 pages under
// even and uneven light. Deterministic: the same seeds every run.
import { readMrz } from '../src/core/ocr/mrz-reader';
import { OcrPool, readIdFront, type IdFrontFields } from '../src/core/ocr';
import { isKioskError } from '../src/shared/errors';
import sharp from 'sharp';
import { compressPage } from '../src/core/imaging';
import { a4PageSvg, fictionalPerson, renderCardBack, renderCardFront, renderDegraded, td1Lines, unevenLightFor, type RenderOptions } from '../tests/fixtures/ocr/synthetic';
import { median, percentile, round, type Benchmark, type BenchFigure } from './harness';

const N_MRZ = Number(process.env.BENCH_MRZ_N ?? 40);
const N_FRONT = Number(process.env.BENCH_FRONT_N ?? 8);

function cer(got: string, want: string): number {
  const d = Array.from({ length: got.length + 1 }, (_, i) => [i, ...Array<number>(want.length).fill(0)]);
  for (let j = 1; j <= want.length; j++) d[0]![j] = j;
  for (let i = 1; i <= got.length; i++)
    for (let j = 1; j <= want.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (got[i - 1] === want[j - 1] ? 0 : 1));
  return want.length ? d[got.length]![want.length]! / want.length : 0;
}

async function mrzSet(label: string, optsFor: (i: number) => RenderOptions, seedBase: number): Promise<BenchFigure[]> {
  let exact = 0;
  let refused = 0;
  let wrong = 0;
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < N_MRZ; i++) {
    const p = fictionalPerson(seedBase + i);
    const img = await renderCardBack(p, optsFor(i));
    const c0 = process.cpuUsage();
    const t = performance.now();
    try {
      const r = await readMrz(img);
      times.push(performance.now() - t);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      if (r.lines.join('\n') === td1Lines(p).join('\n')) exact++;
      else wrong++;
    } catch (e) {
      times.push(performance.now() - t);
      if (!isKioskError(e)) throw e;
      refused++;
    }
  }
  return [
    { metric: `MRZ exact read, ${label}`, value: round((100 * exact) / N_MRZ), unit: '%', note: `${exact}/${N_MRZ} cards, all 3 lines exact` },
    { metric: `MRZ refused (asked to type), ${label}`, value: refused, unit: 'cards', note: `of ${N_MRZ}` },
    { metric: `MRZ wrong but accepted, ${label}`, value: wrong, unit: 'cards', note: 'must be 0: check digits must catch every misread' },
    { metric: `MRZ latency median, ${label}`, value: round(median(times)), unit: 'ms', note: 'image bytes → checked MRZ: decode, deskew, crop, locate, match, repair; one thread' },
    { metric: `MRZ latency p95, ${label}`, value: round(percentile(times, 95)), unit: 'ms' },
    { metric: `MRZ CPU time median, ${label}`, value: round(median(cpu)), unit: 'ms', note: 'process CPU (all threads) per successful read: robust to other load on the machine' },
  ];
}

const FRONT_FIELDS = ['idNumber', 'fullName', 'dateOfBirth', 'sex', 'nationality', 'placeOfOrigin', 'placeOfResidence', 'dateOfExpiry'] as const;

function expected(p: ReturnType<typeof fictionalPerson>): Record<(typeof FRONT_FIELDS)[number], string> {
  const iso = (dmy: string) => `${dmy.slice(6)}-${dmy.slice(3, 5)}-${dmy.slice(0, 2)}`;
  return {
    idNumber: p.idNumber,
    fullName: p.fullName,
    dateOfBirth: iso(p.dob),
    sex: p.sex,
    nationality: p.nationality,
    placeOfOrigin: p.placeOfOrigin,
    placeOfResidence: p.placeOfResidence,
    dateOfExpiry: iso(p.expiry),
  };
}

/** Character error rate over all fields of all cards: edit distance / expected characters. */
function pooledCer(pairs: { got: string; want: string }[]): number {
  const chars = pairs.reduce((n, p) => n + p.want.length, 0);
  return chars ? pairs.reduce((n, p) => n + cer(p.got, p.want) * p.want.length, 0) / chars : 0;
}

/**
 * Reads N_FRONT generated card fronts. Per field: exact-match rate and character error rate
 * (Levenshtein distance / expected length, a missing field counting as all characters wrong).
 * `detailed` adds latency figures and one CER figure per field.
 */
async function frontSet(pool: OcrPool, label: string, optsFor: (i: number) => RenderOptions, detailed: boolean): Promise<{ figures: BenchFigure[]; cards: Buffer[] }> {
  const correct: Record<string, number> = Object.fromEntries(FRONT_FIELDS.map((f) => [f, 0]));
  const pairs: Record<string, { got: string; want: string }[]> = Object.fromEntries(FRONT_FIELDS.map((f) => [f, []]));
  const times: number[] = [];
  const cpu: number[] = [];
  const cards = await Promise.all(Array.from({ length: N_FRONT }, (_, i) => renderCardFront(fictionalPerson(3000 + i), optsFor(i))));
  for (let i = 0; i < N_FRONT; i++) {
    const want = expected(fictionalPerson(3000 + i));
    const t = performance.now();
    const c0 = process.cpuUsage();
    let fields: IdFrontFields = {};
    try {
      fields = (await readIdFront(cards[i]!, pool)).fields;
    } catch (e) {
      if (!isKioskError(e)) throw e;
    }
    times.push(performance.now() - t);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    for (const f of FRONT_FIELDS) {
      const got = fields[f]?.value ?? '';
      if (got === want[f]) correct[f]!++;
      pairs[f]!.push({ got, want: want[f] });
    }
  }
  const figures: BenchFigure[] = [];
  const suffix = label === 'even light' ? '' : `, ${label}`;
  if (detailed) {
    figures.push({ metric: 'ID front latency median (one card at a time)', value: round(median(times)), unit: 'ms', note: `${N_FRONT} cards, 300 dpi, warm worker` });
    figures.push({ metric: 'ID front CPU time median', value: round(median(cpu)), unit: 'ms', note: 'process CPU incl. the tesseract.js worker thread' });
  }
  const all = FRONT_FIELDS.flatMap((f) => pairs[f]!);
  figures.push({
    metric: `ID front CER, all fields${suffix}`,
    value: round(100 * pooledCer(all), 2),
    unit: '%',
    note: `${N_FRONT} cards x ${FRONT_FIELDS.length} fields, ${label}; edit distance / expected characters, NFC, missing field = all wrong`,
  });
  for (const f of FRONT_FIELDS) {
    figures.push({ metric: `ID front ${f} exact${suffix}`, value: round((100 * correct[f]!) / N_FRONT), unit: '%', note: `CER ${round(100 * pooledCer(pairs[f]!), 2)}%` });
    if (detailed) figures.push({ metric: `ID front ${f} CER`, value: round(100 * pooledCer(pairs[f]!), 2), unit: '%', note: `${N_FRONT} cards` });
  }
  return { figures, cards };
}

const N_PAGES = Number(process.env.BENCH_PAGE_N ?? 2);

/**
 * Scanned A4 pages (300 dpi) through storage compression, then OCR of three bands of six body
 * lines (top, middle, bottom): does the stored page stay legible when the light is uneven?
 */
async function documentPages(pool: OcrPool): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const [label, light] of [['even light', false], ['uneven light', true]] as const) {
    const pairs: { got: string; want: string }[] = [];
    const sizes: number[] = [];
    for (let i = 0; i < N_PAGES; i++) {
      const page = a4PageSvg(70 + i);
      const scan = await renderDegraded(page.svg, { margin: 0, noise: 6, seed: 20 + i, ...(light ? { light: unevenLightFor(i) } : {}) });
      const stored = await compressPage(scan);
      sizes.push(stored.bytes);
      for (const first of [0, 32, 62]) {
        // Body line k sits on baseline 420 + 42k at 300 dpi (a4PageSvg).
        const strip = await sharp(stored.data).extract({ left: 0, top: 420 + 42 * first - 36, width: 2480, height: 42 * 6 }).png().toBuffer();
        const got = (await pool.recognize(strip)).lines.map((l) => l.text.trim()).filter(Boolean).join(' ');
        pairs.push({ got: got.normalize('NFC'), want: page.bodyLines.slice(first, first + 6).join(' ') });
      }
    }
    figures.push({
      metric: `A4 stored page OCR CER, ${label}`,
      value: round(100 * pooledCer(pairs), 2),
      unit: '%',
      note: `${N_PAGES} pages x 3 bands of 6 lines, after compressPage (300 KB budget), vie`,
    });
    figures.push({ metric: `A4 stored page size, ${label} (max)`, value: round(Math.max(...sizes) / 1024), unit: 'KB', note: 'budget 300 KB' });
  }
  return figures;
}

const bench: Benchmark = {
  name: 'ocr',
  description: 'MRZ (OCR-B templates + check digits) and CCCD front (tesseract.js vie, exact + CER) on synthetic cards, even and uneven light; stored A4 page legibility',
  async run() {
    const figures: BenchFigure[] = [];
    figures.push(...(await mrzSet('clean 300-600 dpi', (i) => ({ dpi: i % 4 === 3 ? 600 : 300, angle: ((i * 7) % 9) - 4, noise: 4, seed: i }), 1000)));
    figures.push(
      ...(await mrzSet(
        'degraded 150-200 dpi',
        (i) => ({ dpi: i % 2 ? 150 : 200, angle: ((i * 5) % 11) - 5, noise: 10, blur: 0.7, jpegQuality: 55, seed: i }),
        2000,
      )),
    );

    // Uneven light: the clean 300 dpi set under a light fall-off and, on every other card, a shadow.
    figures.push(...(await mrzSet('uneven light 300 dpi', (i) => ({ dpi: 300, angle: ((i * 7) % 9) - 4, noise: 4, seed: i, light: unevenLightFor(i) }), 1000)));

    const pool = new OcrPool({ langs: ['vie'] });
    const warmStart = performance.now();
    await pool.warm();
    figures.push({ metric: 'OCR pool warm-up', value: round(performance.now() - warmStart), unit: 'ms', note: `${pool.size} tesseract.js workers, vie model from local tessdata` });
    const front = await frontSet(pool, 'even light', (i) => ({ angle: ((i * 3) % 7) - 3, noise: 7, seed: i }), true);
    figures.push(...front.figures);
    const t = performance.now();
    await Promise.all(front.cards.map((c) => readIdFront(c, pool).catch(() => undefined)));
    figures.push({ metric: 'ID front throughput, all workers', value: round((N_FRONT * 1000) / (performance.now() - t), 2), unit: 'cards/s', note: `${pool.size} workers` });
    figures.push(...(await frontSet(pool, 'uneven light', (i) => ({ angle: ((i * 3) % 7) - 3, noise: 7, seed: i, light: unevenLightFor(i) }), false)).figures);
    figures.push(...(await documentPages(pool)));
    await pool.terminate();
    return figures;
  },
};

export default bench;
