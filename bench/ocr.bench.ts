// Runs in: Node (bench). MRZ exact-read rate and latency on generated CCCD backs (clean 300-600 dpi
// and degraded 150-200 dpi sets), and card-front field accuracy and latency with the tesseract.js
// pool. Deterministic: the same seeds every run.
import { readMrz } from '../src/core/ocr/mrz-reader';
import { OcrPool, readIdFront, type IdFrontFields } from '../src/core/ocr';
import { isKioskError } from '../src/shared/errors';
import { fictionalPerson, renderCardBack, renderCardFront, td1Lines, type RenderOptions } from '../tests/fixtures/ocr/synthetic';
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

const bench: Benchmark = {
  name: 'ocr',
  description: 'MRZ (OCR-B templates + check digits) and CCCD front (tesseract.js vie) on synthetic cards',
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

    const pool = new OcrPool({ langs: ['vie'] });
    const warmStart = performance.now();
    await pool.warm();
    figures.push({ metric: 'OCR pool warm-up', value: round(performance.now() - warmStart), unit: 'ms', note: `${pool.size} tesseract.js workers, vie model from local tessdata` });
    const correct: Record<string, number> = Object.fromEntries(FRONT_FIELDS.map((f) => [f, 0]));
    const cers: Record<string, number[]> = Object.fromEntries(FRONT_FIELDS.map((f) => [f, []]));
    const times: number[] = [];
    const cpu: number[] = [];
    const cards = await Promise.all(Array.from({ length: N_FRONT }, (_, i) => renderCardFront(fictionalPerson(3000 + i), { angle: ((i * 3) % 7) - 3, noise: 7, seed: i })));
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
        cers[f]!.push(cer(got, want[f]));
      }
    }
    figures.push({ metric: 'ID front latency median (one card at a time)', value: round(median(times)), unit: 'ms', note: `${N_FRONT} cards, 300 dpi, warm worker` });
    figures.push({ metric: 'ID front CPU time median', value: round(median(cpu)), unit: 'ms', note: 'process CPU incl. the tesseract.js worker thread' });
    const t = performance.now();
    await Promise.all(cards.map((c) => readIdFront(c, pool).catch(() => undefined)));
    figures.push({ metric: 'ID front throughput, all workers', value: round((N_FRONT * 1000) / (performance.now() - t), 2), unit: 'cards/s', note: `${pool.size} workers` });
    for (const f of FRONT_FIELDS) {
      figures.push({ metric: `ID front ${f} exact`, value: round((100 * correct[f]!) / N_FRONT), unit: '%', note: `mean CER ${round(100 * (cers[f]!.reduce((a, b) => a + b, 0) / N_FRONT), 2)}%` });
    }
    await pool.terminate();
    return figures;
  },
};

export default bench;
