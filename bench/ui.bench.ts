// Runs in: Node (bench). The kiosk UI as a citizen meets it, in Debian's Chromium against a real
// `kiosk start` process reading the sample CCCD chip through pcscd + vpcd:
//  - cold start: kiosk process and Chromium launched together, to the attract screen's first
//    contentful paint and to the attract screen filled with engine data — on a first boot (fresh
//    data folder: database created, device key generated) and on a daily boot (folder exists);
//  - screen transitions: from the tap to the next screen's heading painted, measured in the page;
//  - memory over N citizen sessions (card → 12 digits → chip read → confirm → procedure form →
//    card removed): renderer JS heap after a forced GC and engine RSS, with their slope per
//    session (a leak shows as a steady positive slope; noise as ~0).
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
import { median, percentile, round, type BenchFigure, type Benchmark } from './harness';

const COLD_RUNS = 3;
/** 100 by default (the figure); fewer for a quick look: KIOSK_BENCH_SESSIONS=20. */
const SESSIONS = Number(process.env.KIOSK_BENCH_SESSIONS ?? 100);
const SAMPLE_EVERY = 10;
const ATTRACT = 'Xin mời đặt thẻ Căn cước lên đầu đọc';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

const launch = (extra: string[] = []) =>
  chromium.launch({ executablePath: process.env.KIOSK_CHROMIUM ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extra] });

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
  const [k, b] = await Promise.all([since(startKioskProcess('', 60_000, reuseDir, 'serving')), since(launch())]);
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
  browser: Browser;
  page: Page;
  card: { insert(): Promise<void> | void; remove(): Promise<void> | void };
  close(): Promise<void>;
}

async function sessionRig(): Promise<SessionRig> {
  const lease = await acquireVirtualReader();
  const card = startVirtualCard({ applet: createSampleCccdApplet(), port: lease.port });
  const kiosk = await startKioskProcess(`devices:\n  cardReader: { driver: pcsc, reader: ${JSON.stringify(lease.readerName)}, simulate: false }\n`);
  // --js-flags exposes gc() so each heap sample is taken after a full collection, not mid-cycle.
  const browser = await launch(['--js-flags=--expose-gc', '--enable-precise-memory-info']);
  const page = await browser.newPage({ viewport: { width: 1280, height: 1024 }, locale: 'vi-VN' });
  await page.goto(kiosk.url);
  await heading(page).filter({ hasText: ATTRACT }).waitFor();
  return {
    kiosk,
    browser,
    page,
    card,
    async close() {
      await browser.close();
      await kiosk.stop();
      await card.close();
      await lease.release();
    },
  };
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
      await (await startKioskProcess('', 60_000, seedDir)).stop();
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
    const started = Date.now();
    try {
      heap.push([0, await heapMiB(rig.page)]);
      rss.push([0, rssMiB(rig.kiosk.pid)]);
      for (let i = 1; i <= SESSIONS; i++) {
        await citizenSession(rig, times);
        if (i % SAMPLE_EVERY === 0 || i === SESSIONS) {
          heap.push([i, await heapMiB(rig.page)]);
          rss.push([i, rssMiB(rig.kiosk.pid)]);
        }
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
      { metric: 'engine + host RSS, start → end', value: round(last(rss)), unit: 'MiB', note: `from ${round(first(rss))} MiB before session 1` },
      { metric: 'engine + host RSS slope (second half of the sessions)', value: round(slope(steady(rss)) * 1024, 1), unit: 'KiB/session', note: `least squares over ${steady(rss).length} samples: ${steady(rss).map(([, y]) => round(y)).join(', ')} MiB; all: ${rss.map(([, y]) => round(y)).join(', ')}` },
    );
    return figures;
  },
};

export default bench;
