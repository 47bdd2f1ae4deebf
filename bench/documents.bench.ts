// Runs in: Node (bench). The documents step's cost per page, as the citizen waits for it: the
// processing of one scanned A4 page (blank check, deskew, normalise, compression, preview), the
// PDF filed for a 3-page paper and its size, and a whole documents.scan on SANE's test device.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SaneDocumentScanner } from '../hardware/scanner/document/sane';
import { DocumentService } from '../src/core/documents/service';
import { processScannedPage } from '../src/core/documents/page';
import { pagesToPdf } from '../src/core/documents/pdf';
import { EventBus } from '../src/core/events';
import { createDraft, loadCatalogue } from '../src/core/forms';
import { CitizenSession } from '../src/core/session/session';
import { a4PageSvg, renderDegraded } from '../tests/fixtures/ocr/synthetic';
import { median, round, timeRuns, type Benchmark, type BenchFigure } from './harness';

const PAGES = Number(process.env.BENCH_A4_N ?? 3);

const bench: Benchmark = {
  name: 'documents',
  description: 'Documents step: one scanned A4 page at 300 dpi → filed page + preview; 3-page PDF size; documents.scan on SANE test',
  async run() {
    const figures: BenchFigure[] = [];
    const pages = await Promise.all(Array.from({ length: PAGES }, (_, i) => renderDegraded(a4PageSvg(70 + i).svg, { margin: 0, angle: i % 2 ? 1.2 : 0, noise: 6, seed: i })));
    const processed: Awaited<ReturnType<typeof processScannedPage>>[] = [];
    const times: number[] = [];
    for (const [i, p] of pages.entries()) {
      times.push(...(await timeRuns(async () => processed.push(await processScannedPage(p, { dpi: 300, name: `page ${i + 1}` })), 1, 0)));
    }
    const stored = processed.map((p) => p.stored);
    let pdf: Buffer = Buffer.alloc(0);
    const pdfTimes = await timeRuns(async () => (pdf = await pagesToPdf(stored, 300)), 3, 1);
    figures.push(
      { metric: 'A4 page processing, citizen wait (median)', value: round(median(times)), unit: 'ms', note: `${PAGES} synthetic 2480x3508 pages: blank check, deskew, normalise, compress, 640 px preview` },
      { metric: 'filed page size (median)', value: round(median(stored.map((s) => s.bytes)) / 1024), unit: 'KB', note: `encodings: ${[...new Set(stored.map((s) => s.encoding))].join(', ')}; budget 300 KB` },
      { metric: `${PAGES}-page PDF build (median)`, value: round(median(pdfTimes)), unit: 'ms' },
      { metric: `${PAGES}-page PDF size`, value: round(pdf.length / 1024), unit: 'KB', note: `sum of the pages: ${round(stored.reduce((n, s) => n + s.bytes, 0) / 1024)} KB (pass-through, no re-encode)` },
    );

    if (spawnSync('scanimage', ['--version'], { stdio: 'ignore' }).status === 0) {
      const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-bench-docs-'));
      writeFileSync(path.join(dir, 'dll.conf'), 'test\n');
      const scanner = new SaneDocumentScanner({ id: 'bench', device: 'test:0', env: { SANE_CONFIG_DIR: dir }, pollIntervalMs: 0 });
      await scanner.start();
      const catalogue = loadCatalogue();
      const bus = new EventBus();
      const draft = createDraft(catalogue, 'thay-doi-thong-tin-cu-tru', new Date());
      const service = new DocumentService({
        session: new CitizenSession(bus),
        bus,
        catalogue: () => catalogue,
        draft: () => ({ draft, submitted: false }),
        scanner: () => scanner,
        resolution: 300,
        backendOptions: { 'test-picture': 'Grid' },
      });
      const scans = await timeRuns(() => service.scan('giay-to-chung-minh-thay-doi'), 5, 1);
      figures.push({ metric: 'documents.scan on SANE test (median)', value: round(median(scans)), unit: 'ms', note: 'test device 80x100 mm grey at 300 dpi: scanimage + processing + preview' });
      await scanner.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    return figures;
  },
};

export default bench;
