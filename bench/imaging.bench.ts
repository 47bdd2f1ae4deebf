// Runs in: Node (bench). Image pipeline cost per 300 dpi A4 page (straighten/crop/normalise,
// storage compression, thumbnail), the compressed size against the 300 KB budget, and SANE scan →
// compressed page on the SANE test backend when scanimage is installed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SaneDocumentScanner } from '../hardware/scanner/document/sane';
import { compressPage, prepareImage, thumbnail } from '../src/core/imaging';
import { a4PageSvg, renderDegraded, unevenLightFor } from '../tests/fixtures/ocr/synthetic';
import { median, round, timeRuns, type Benchmark, type BenchFigure } from './harness';

const PAGES = Number(process.env.BENCH_A4_N ?? 4);

const bench: Benchmark = {
  name: 'imaging',
  description: 'A4 300 dpi page: deskew+crop+normalise, compression (size vs 300 KB; even and uneven light), thumbnail; SANE scan → stored page',
  async run() {
    const figures: BenchFigure[] = [];
    const pages = await Promise.all(Array.from({ length: PAGES }, (_, i) => renderDegraded(a4PageSvg(50 + i).svg, { margin: 0, angle: i % 2 ? 1.5 : 0, noise: 6, seed: i })));
    const prep: number[] = [];
    const comp: number[] = [];
    const thumb: number[] = [];
    const sizes: number[] = [];
    const prepCpu: number[] = [];
    const compCpu: number[] = [];
    const encodings = new Set<string>();
    const cpuOf = async (fn: () => Promise<unknown>, into: number[]) => {
      const c0 = process.cpuUsage();
      await fn();
      const c = process.cpuUsage(c0);
      into.push((c.user + c.system) / 1000);
    };
    for (const page of pages) {
      await cpuOf(() => prepareImage(page, { crop: false }), prepCpu);
      await cpuOf(() => compressPage(page), compCpu);
      prep.push(...(await timeRuns(() => prepareImage(page, { crop: false }), 1, 0)));
      let bytes = 0;
      comp.push(
        ...(await timeRuns(async () => {
          const c = await compressPage(page);
          bytes = c.bytes;
          encodings.add(c.encoding);
        }, 1, 0)),
      );
      sizes.push(bytes);
      thumb.push(...(await timeRuns(() => thumbnail(page, { maxSide: 320 }), 1, 0)));
    }
    figures.push(
      { metric: 'A4 deskew + normalise per page (median)', value: round(median(prep)), unit: 'ms', note: `${PAGES} pages 2480x3508, half rotated 1.5°` },
      { metric: 'A4 compress for storage per page (median)', value: round(median(comp)), unit: 'ms' },
      { metric: 'A4 deskew + normalise CPU time (median)', value: round(median(prepCpu)), unit: 'ms', note: 'process CPU, all libvips threads; robust to other load' },
      { metric: 'A4 compress CPU time (median)', value: round(median(compCpu)), unit: 'ms' },
      { metric: 'A4 compressed size (median)', value: round(median(sizes) / 1024), unit: 'KB', note: `encodings used: ${[...encodings].join(', ')}; budget 300 KB` },
      { metric: 'A4 compressed size (max)', value: round(Math.max(...sizes) / 1024), unit: 'KB' },
      { metric: 'thumbnail 320 px (median)', value: round(median(thumb)), unit: 'ms' },
    );

    // The same pages under uneven light (fall-off + shadow): compressPage divides the light out first.
    const uneven = await Promise.all(Array.from({ length: PAGES }, (_, i) => renderDegraded(a4PageSvg(50 + i).svg, { margin: 0, angle: i % 2 ? 1.5 : 0, noise: 6, seed: i, light: unevenLightFor(i) })));
    const unevenComp: number[] = [];
    const unevenSizes: number[] = [];
    const unevenEnc = new Set<string>();
    for (const page of uneven) {
      unevenComp.push(
        ...(await timeRuns(async () => {
          const c = await compressPage(page);
          unevenSizes.push(c.bytes);
          unevenEnc.add(c.encoding);
        }, 1, 0)),
      );
    }
    figures.push(
      { metric: 'A4 compress per page, uneven light (median)', value: round(median(unevenComp)), unit: 'ms', note: 'incl. flat-field correction (src/core/imaging/illumination.ts)' },
      { metric: 'A4 compressed size, uneven light (max)', value: round(Math.max(...unevenSizes) / 1024), unit: 'KB', note: `encodings used: ${[...unevenEnc].join(', ')}; budget 300 KB` },
    );

    if (spawnSync('scanimage', ['--version'], { stdio: 'ignore' }).status === 0) {
      const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-bench-sane-'));
      writeFileSync(path.join(dir, 'dll.conf'), 'test\n');
      const scanner = new SaneDocumentScanner({ id: 'bench', device: 'test:0', env: { SANE_CONFIG_DIR: dir } });
      await scanner.start();
      const times = await timeRuns(
        async () => {
          const r = await scanner.scan({ resolution: 300, mode: 'gray', source: 'flatbed', format: 'pnm', area: { left: 0, top: 0, width: 200, height: 200 }, backendOptions: { 'test-picture': 'Grid' } }).result;
          await compressPage(r.pages[0]!.data);
        },
        3,
        1,
      );
      figures.push({ metric: 'SANE scan → compressed page (median)', value: round(median(times)), unit: 'ms', note: 'SANE test backend, 200x200 mm grey at 300 dpi (its largest area), PNM → stored page' });
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};

export default bench;
