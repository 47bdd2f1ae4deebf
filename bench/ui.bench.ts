// Runs in: Node (bench). The kiosk UI as a citizen meets it, in Debian's Chromium against a real
// `kiosk start` process reading the sample CCCD chip through pcscd + vpcd:
//  - cold start: kiosk process and Chromium launched together, to the attract screen's first
//    contentful paint and to the attract screen filled with engine data — on a first boot (fresh
//    data folder: database created, device key generated) and on a daily boot (folder exists);
//  - screen transitions: from the tap to the next screen's heading painted, measured in the page;
//  - memory over N citizen sessions (card → 12 digits → chip read → confirm → procedure form →
//    card removed): renderer JS heap after a forced GC, the kiosk process's own V8 heap after a
//    full GC (read through the Node inspector: tests/e2e/engine-inspector.ts) and its RSS, with their slope
//    per session (a leak shows as a steady positive slope; noise as ~0). RSS alone cannot tell a
//    leak from the allocator and V8 growing their pools; the heap after GC can.
// Knobs: KIOSK_BENCH_SESSIONS (default 100), KIOSK_BENCH_COLD_RUNS (default 3; 0 = memory only),
// KIOSK_BENCH_HEAP_SNAPSHOTS=DIR writes engine heap snapshots after the warm-up and at the end,
// for a leak hunt (compare them by constructor in Chrome DevTools' Memory tab, or with
// `npx tsx bench/heap-diff.ts early.heapsnapshot late.heapsnapshot`).
// Figures only: nothing here passes or fails on a timing.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from '@playwright/test';
import { buildSampleCccd } from '../hardware/card-reader/sample/documents';
import { createSampleCccdApplet } from '../hardware/simulators/card/emrtd';
import { acquireVirtualReader } from '../hardware/simulators/card/pcscd-harness';
import { startVirtualCard } from '../hardware/simulators/card/vpcd';
import { startKioskProcess, type KioskProcess } from '../tests/e2e/kiosk-process';
import { connectInspector, inspectorUrl, type EngineHeap, type EngineInspector } from '../tests/e2e/engine-inspector';
import { median, percentile, round, type BenchFigure, type Benchmark } from './harness';

const COLD_RUNS = Number(process.env.KIOSK_BENCH_COLD_RUNS ?? 3);
const SNAPSHOT_DIR = process.env.KIOSK_BENCH_HEAP_SNAPSHOTS;
/** 100 by default (the figure); fewer for a quick look: KIOSK_BENCH_SESSIONS=20. */
const SESSIONS = Number(process.env.KIOSK_BENCH_SESSIONS ?? 100);
const SAMPLE_EVERY = 10;
const ATTRACT = 'Xin mời đặt thẻ Căn cước lên đầu đọc';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

const launch = (extra: string[] = []) =>
  chromium.launch({ executablePath: process.env.KIOSK_CHROMIUM ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extra] });

/**
 * RSS split as the kernel counts it: anonymous memory (heaps: V8, malloc, SQLite's page cache)
 * and file-backed pages (shared libraries, ICU data, the database file) touched so far.
 */
function rssSplitMiB(pid: number): { anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
  return { anon: kb('RssAnon'), file: kb('RssFile') };
}

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return kb / 1024;
}

/** Least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

/**
 * Taps `target` inside the page and returns the milliseconds until the <h1> reads `text` and the
 * frame showing it has been produced (a rAF after the change, then a task after that frame).
 */
async function transition(target: Locator, text: string): Promise<number> {
  return target.evaluate(
    (el, want) =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        // No named helper functions in here: the bench runs under tsx, whose keepNames wrapper
        // (__name) does not exist inside the page.
        const observer = new MutationObserver(() => {
          if (document.querySelector('h1')?.textContent?.trim() !== want) return;
          observer.disconnect();
          requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        (el as HTMLElement).click();
      }),
    text,
  );
}

/** `reuseDir`: boot on the data folder of an earlier boot (every boot but a kiosk's first). */
async function coldStart(reuseDir?: string): Promise<{ fcp: number; attract: number; servingMs: number; readyMs: number; chromiumMs: number; phases: string }> {
  const started = Date.now();
  // The kiosk boots its engine and host while the browser starts, as the Electron shell does.
  const since = <T>(p: Promise<T>) => p.then((value) => ({ value, ms: Date.now() - started }));
  // The page loads as soon as the host serves it (as `kiosk start` opens Chromium), while the
  // engine starts; its requests wait for the engine.
  const [k, b] = await Promise.all([since(startKioskProcess('', 60_000, reuseDir, { until: 'serving' })), since(launch())]);
  const [kiosk, browser, servingMs, chromiumMs] = [k.value, b.value, k.ms, b.ms];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1024 }, locale: 'vi-VN' });
    await page.goto(kiosk.url);
    await heading(page).filter({ hasText: ATTRACT }).waitFor();
    await page.locator('.kiosk-centre').filter({ hasText: /\S/ }).waitFor();
    const attract = Date.now() - started;
    const fcpEpoch = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const hit = performance.getEntriesByName('first-contentful-paint')[0];
          if (hit) return resolve(performance.timeOrigin + hit.startTime);
          new PerformanceObserver((list, obs) => {
            const e = list.getEntriesByName('first-contentful-paint')[0];
            if (e) {
              obs.disconnect();
              resolve(performance.timeOrigin + e.startTime);
            }
          }).observe({ type: 'paint', buffered: true });
        }),
    );
    const phases = /^startup: (.*)$/m.exec(kiosk.output())?.[1] ?? '';
    return { fcp: fcpEpoch - started, attract, servingMs, readyMs: (await kiosk.ready) - started, chromiumMs, phases };
  } finally {
    await browser.close();
    await kiosk.stop();
  }
}

interface SessionRig {
  kiosk: KioskProcess;
  engine: EngineInspector;
  browser: Browser;
  page: Page;
  card: { insert(): Promise<void> | void; remove(): Promise<void> | void };
  close(): Promise<void>;
}

async function sessionRig(): Promise<SessionRig> {
  const lease = await acquireVirtualReader();
  const card = startVirtualCard({ applet: createSampleCccdApplet(), port: lease.port });
  // The inspector on loopback and a port of the OS's choosing: the bench reads the engine's heap
  // after a full GC through it (see tests/e2e/engine-inspector.ts for why not a contract request).
  const kiosk = await startKioskProcess(
    `devices:\n  cardReader: { driver: pcsc, reader: ${JSON.stringify(lease.readerName)}, simulate: false }\n`,
    60_000,
    undefined,
    { nodeArgs: ['--inspect=127.0.0.1:0'] },
  );
  const url = inspectorUrl(kiosk.output());
  if (!url) throw new Error(`kiosk process printed no inspector URL:\n${kiosk.output()}`);
  const engine = await connectInspector(url);
  // --js-flags exposes gc() so each heap sample is taken after a full collection, not mid-cycle.
  const browser = await launch(['--js-flags=--expose-gc', '--enable-precise-memory-info']);
  const page = await browser.newPage({ viewport: { width: 1280, height: 1024 }, locale: 'vi-VN' });
  await page.goto(kiosk.url);
  await heading(page).filter({ hasText: ATTRACT }).waitFor();
  return {
    kiosk,
    engine,
    browser,
    page,
    card,
    async close() {
      await engine.close();
      await browser.close();
      await kiosk.stop();
      await card.close();
      await lease.release();
    },
  };
}

interface DomCounters {
  documents: number;
  nodes: number;
  jsEventListeners: number;
}

/** Live DOM nodes and JS event listeners (after the GC heapMiB runs): what a screen left behind. */
async function domCounters(page: Page): Promise<DomCounters> {
  const cdp = await page.context().newCDPSession(page);
  try {
    return await cdp.send('Memory.getDOMCounters');
  } finally {
    await cdp.detach();
  }
}

async function heapMiB(page: Page): Promise<number> {
  return page.evaluate(() => {
    (globalThis as unknown as { gc?: () => void }).gc?.();
    return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize / 1024 / 1024;
  });
}

const sample = buildSampleCccd();

/** One citizen: card, ID, chip read, confirm, a procedure's form, card taken away. */
async function citizenSession(rig: SessionRig, times: Map<string, number[]>): Promise<void> {
  const { page } = rig;
  const record = (name: string, ms: number) => times.set(name, [...(times.get(name) ?? []), ms]);
  await rig.card.insert();
  await heading(page).filter({ hasText: 'Nhập 12 số căn cước của ông/bà' }).waitFor();
  for (const d of sample.idNumber) await page.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: /Xong/ }).click();
  await heading(page).filter({ hasText: 'Đây có phải là thông tin của ông/bà?' }).waitFor({ timeout: 60_000 });
  record('identity → choose procedure', await transition(page.getByRole('button', { name: 'Đúng, tiếp tục' }), 'Ông/bà cần làm thủ tục gì?'));
  await page.locator('[data-procedure="thay-doi-thong-tin-cu-tru"]').waitFor();
  record('choose procedure → form (engine opens the draft)', await transition(page.locator('[data-procedure="thay-doi-thong-tin-cu-tru"]'), 'Điều chỉnh thông tin về cư trú'));
  await rig.card.remove();
  await heading(page).filter({ hasText: ATTRACT }).waitFor();
  record('attract → queue services', await transition(page.getByRole('button', { name: /Lấy số thứ tự/ }), 'Ông/bà cần làm thủ tục gì?'));
  record('queue services → attract (back)', await transition(page.getByRole('button', { name: 'Quay lại' }), ATTRACT));
  record('attract → dossier lookup keyboard', await transition(page.getByRole('button', { name: /Tra cứu hồ sơ/ }), 'Tra cứu tiến độ hồ sơ'));
  record('dossier lookup → attract (back)', await transition(page.getByRole('button', { name: 'Quay lại' }), ATTRACT));
}

const bench: Benchmark = {
  name: 'ui',
  description: `kiosk UI in Chromium: cold start to first paint, screen transitions, memory over ${SESSIONS} citizen sessions`,
  async run() {
    const figures: BenchFigure[] = [];
    const cold = [];
    for (let i = 0; i < COLD_RUNS; i++) cold.push(await coldStart());
    // A daily boot: the data folder (database, device key) already exists.
    const seedDir = mkdtempSync(path.join(tmpdir(), 'kiosk-bench-'));
    const daily = [];
    try {
      if (COLD_RUNS > 0) await (await startKioskProcess('', 60_000, seedDir)).stop();
      for (let i = 0; i < COLD_RUNS; i++) daily.push(await coldStart(seedDir));
    } finally {
      rmSync(seedDir, { recursive: true, force: true });
    }
    const dailyNote = `median of ${COLD_RUNS}; existing data folder; kiosk process and Chromium launched together, simulated devices`;
    figures.push(
      { metric: 'daily boot to first contentful paint of the attract screen', value: round(median(daily.map((c) => c.fcp))), unit: 'ms', note: dailyNote },
      { metric: 'daily boot to attract screen with engine data', value: round(median(daily.map((c) => c.attract))), unit: 'ms', note: dailyNote },
      { metric: 'daily boot: kiosk host serving the page', value: round(median(daily.map((c) => c.servingMs))), unit: 'ms', note: dailyNote },
      { metric: 'daily boot: kiosk process "ready"', value: round(median(daily.map((c) => c.readyMs))), unit: 'ms', note: `${dailyNote}; last run ${daily.at(-1)?.phases}` },
    );
    const note = `median of ${COLD_RUNS}; first boot (fresh data folder); kiosk process and Chromium launched together, simulated devices`;
    figures.push(
      { metric: 'first boot to first contentful paint of the attract screen', value: round(median(cold.map((c) => c.fcp))), unit: 'ms', note },
      { metric: 'first boot to attract screen with engine data', value: round(median(cold.map((c) => c.attract))), unit: 'ms', note },
      { metric: 'first boot: kiosk host serving the page', value: round(median(cold.map((c) => c.servingMs))), unit: 'ms', note },
      { metric: 'first boot: kiosk process "ready"', value: round(median(cold.map((c) => c.readyMs))), unit: 'ms', note: `${note}; last run ${cold.at(-1)?.phases}` },
      { metric: 'cold start: Chromium launched (first boots)', value: round(median(cold.map((c) => c.chromiumMs))), unit: 'ms', note },
    );

    const rig = await sessionRig();
    const times = new Map<string, number[]>();
    const heap: Array<[number, number]> = [];
    const rss: Array<[number, number]> = [];
    const rssSplit: Array<[number, { anon: number; file: number }]> = [];
    const engineHeap: Array<[number, EngineHeap]> = [];
    const dom: Array<[number, DomCounters]> = [];
    const MiB = 1024 * 1024;
    // Early snapshot after the warm-up (a tenth of the run, at least 10 sessions), late one at the end.
    const earlySnapshot = Math.max(SAMPLE_EVERY, Math.round(SESSIONS / 10 / SAMPLE_EVERY) * SAMPLE_EVERY);
    const snapshot = async (i: number) => {
      if (!SNAPSHOT_DIR) return;
      const file = path.join(SNAPSHOT_DIR, `engine-${String(i).padStart(5, '0')}.heapsnapshot`);
      await rig.engine.writeHeapSnapshot(file);
      process.stderr.write(`ui bench: engine heap snapshot after ${i} sessions: ${file}\n`);
    };
    const sampleAll = async (i: number) => {
      heap.push([i, await heapMiB(rig.page)]);
      dom.push([i, await domCounters(rig.page)]);
      engineHeap.push([i, await rig.engine.heapAfterGc()]);
      rss.push([i, rssMiB(rig.kiosk.pid)]);
      rssSplit.push([i, rssSplitMiB(rig.kiosk.pid)]);
    };
    const started = Date.now();
    try {
      await sampleAll(0);
      for (let i = 1; i <= SESSIONS; i++) {
        await citizenSession(rig, times);
        if (i % SAMPLE_EVERY === 0 || i === SESSIONS) {
          await sampleAll(i);
          if (process.env.KIOSK_BENCH_PROGRESS) {
            const e = engineHeap.at(-1)![1];
            process.stderr.write(`ui bench: ${i} sessions, ${((Date.now() - started) / 1000).toFixed(0)} s: engine heap ${(e.heapUsed / MiB).toFixed(2)} MiB, external ${(e.external / MiB).toFixed(2)} MiB, RSS ${rss.at(-1)![1].toFixed(1)} MiB, renderer heap ${heap.at(-1)![1].toFixed(2)} MiB\n`);
          }
        }
        if (i === earlySnapshot || i === SESSIONS) await snapshot(i);
      }
    } finally {
      await rig.close();
    }
    const perSession = ((Date.now() - started) / SESSIONS / 1000).toFixed(1);
    for (const [name, ms] of times) {
      figures.push({ metric: `transition ${name} (median)`, value: round(median(ms)), unit: 'ms', note: `${ms.length} taps; p95 ${round(percentile(ms, 95))} ms; tap to heading painted, in-page` });
    }
    // The first half includes one-off warm-up (code compiled, caches and SQLite pages filled, the
    // engine's heap settling after the first GCs): the slope is taken over the second half, where a
    // leak keeps climbing and a healthy kiosk stays flat.
    const steady = (points: Array<[number, number]>) => points.filter(([x]) => x >= SESSIONS / 2);
    const first = (p: Array<[number, number]>) => p[0]![1];
    const last = (p: Array<[number, number]>) => p.at(-1)![1];
    figures.push(
      { metric: 'renderer JS heap after GC, start → end', value: round(last(heap), 2), unit: 'MiB', note: `from ${round(first(heap), 2)} MiB before session 1, after ${SESSIONS} sessions (${perSession} s each)` },
      { metric: 'renderer JS heap slope (second half of the sessions)', value: round(slope(steady(heap)) * 1024, 1), unit: 'KiB/session', note: `least squares over ${steady(heap).length} samples: ${steady(heap).map(([, y]) => round(y, 3)).join(', ')} MiB; all: ${heap.map(([, y]) => round(y, 2)).join(', ')}` },
      { metric: 'engine + host RSS, start → end', value: round(last(rss)), unit: 'MiB', note: `from ${round(first(rss))} MiB before session 1; process started with --inspect (no debugger attached)` },
      { metric: 'engine + host RSS slope (second half of the sessions)', value: round(slope(steady(rss)) * 1024, 1), unit: 'KiB/session', note: `least squares over ${steady(rss).length} samples: ${steady(rss).map(([, y]) => round(y)).join(', ')} MiB; all: ${rss.map(([, y]) => round(y)).join(', ')}` },
      {
        metric: 'engine + host anonymous RSS slope (second half of the sessions)',
        value: round(slope(steady(rssSplit.map(([x, r]): [number, number] => [x, r.anon]))) * 1024, 1),
        unit: 'KiB/session',
        note: `anonymous ${round(rssSplit[0]![1].anon)} → ${round(rssSplit.at(-1)![1].anon)} MiB, file-backed ${round(rssSplit[0]![1].file)} → ${round(rssSplit.at(-1)![1].file)} MiB (file slope ${round(slope(steady(rssSplit.map(([x, r]): [number, number] => [x, r.file]))) * 1024, 1)} KiB/session)`,
      },
    );
    const domSeries = (key: keyof DomCounters) => dom.map(([x, c]): [number, number] => [x, c[key]]);
    const [nodes, listeners] = [domSeries('nodes'), domSeries('jsEventListeners')];
    figures.push(
      { metric: 'renderer DOM nodes after GC, start → end', value: last(nodes), unit: 'nodes', note: `from ${first(nodes)}; slope over the second half ${round(slope(steady(nodes)), 2)} nodes/session; each sample on the attract screen; CDP Memory.getDOMCounters` },
      { metric: 'renderer JS event listeners, start → end', value: last(listeners), unit: 'listeners', note: `from ${first(listeners)}; slope over the second half ${round(slope(steady(listeners)), 2)} listeners/session; all: ${listeners.map(([, y]) => y).join(', ')}` },
    );
    const engineSeries = (key: keyof EngineHeap) => engineHeap.map(([x, m]): [number, number] => [x, m[key] / MiB]);
    const used = engineSeries('heapUsed');
    const code = engineSeries('code');
    const data: Array<[number, number]> = used.map(([x, y], i) => [x, y - code[i]![1]]);
    const external = engineSeries('external');
    const buffers = engineSeries('arrayBuffers');
    figures.push(
      { metric: 'engine + host V8 heap used after full GC, start → end', value: round(last(used), 2), unit: 'MiB', note: `from ${round(first(used), 2)} MiB before session 1; process.memoryUsage() after HeapProfiler.collectGarbage ×2, over the Node inspector` },
      { metric: 'engine + host V8 heap slope (second half of the sessions)', value: round(slope(steady(used)) * 1024, 2), unit: 'KiB/session', note: `least squares over ${steady(used).length} samples; all: ${used.map(([, y]) => round(y, 2)).join(', ')} MiB` },
      { metric: 'engine + host V8 heap without compiled code, slope (second half of the sessions)', value: round(slope(steady(data)) * 1024, 2), unit: 'KiB/session', note: `heapUsed minus code and bytecode (v8.getHeapCodeStatistics), which V8 grows while it optimizes hot functions: ${round(first(data), 2)} → ${round(last(data), 2)} MiB; code ${round(first(code), 2)} → ${round(last(code), 2)} MiB` },
      { metric: 'engine + host external memory after full GC, start → end', value: round(last(external), 2), unit: 'MiB', note: `from ${round(first(external), 2)} MiB; of which ArrayBuffers ${round(first(buffers), 2)} → ${round(last(buffers), 2)} MiB` },
      { metric: 'engine + host external memory slope (second half of the sessions)', value: round(slope(steady(external)) * 1024, 2), unit: 'KiB/session', note: `least squares over ${steady(external).length} samples; all: ${external.map(([, y]) => round(y, 2)).join(', ')} MiB` },
    );
    // KIOSK_BENCH_COLD_RUNS=0 (a memory-only run) leaves the boot figures without samples.
    return figures.filter((f) => !Number.isNaN(f.value));
  },
};

export default bench;
