// Runs in: Node (bench). Cold start of `kiosk start` (engine + simulators + browser host) to the
// attract screen rendered in Debian's Chromium, and the kiosk process's memory.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { median, round, type Benchmark } from './harness';

const RUNS = 5;

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function oneColdStart(browser: import('@playwright/test').Browser): Promise<{ readyMs: number; attractMs: number; rss: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/kiosk.mjs', 'start', '--ui', 'none'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KIOSK_CONFIG: '' } });
  let out = '';
  child.stderr.on('data', (c) => (out += c));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c) => {
      out += c;
      const m = /^ready: (\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`kiosk exited ${code}: ${out}`)));
  });
  const readyMs = performance.now() - started;
  const page = await browser.newPage();
  await page.goto(url);
  await page.getByRole('heading', { name: 'Xin mời đặt thẻ Căn cước lên đầu đọc' }).waitFor();
  await page.locator('.kiosk-centre').filter({ hasText: /\S/ }).waitFor();
  const attractMs = performance.now() - started;
  await page.waitForTimeout(500);
  const rss = rssMiB(child.pid!);
  await page.close();
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return { readyMs, attractMs, rss };
}

const bench: Benchmark = {
  name: 'startup',
  description: `cold start of engine + browser host to the attract screen in Chromium (median of ${RUNS})`,
  async run() {
    const browser = await chromium.launch({
      executablePath: process.env.KIOSK_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const runs = [];
    try {
      for (let i = 0; i < RUNS; i++) runs.push(await oneColdStart(browser));
    } finally {
      await browser.close();
    }
    return [
      { metric: 'process start to "ready" (engine + host listening)', value: round(median(runs.map((r) => r.readyMs))), unit: 'ms', note: `median of ${RUNS}` },
      { metric: 'process start to attract screen rendered with engine data', value: round(median(runs.map((r) => r.attractMs))), unit: 'ms', note: `median of ${RUNS}; Chromium already running` },
      { metric: 'kiosk process RSS at attract screen', value: round(median(runs.map((r) => r.rss))), unit: 'MiB', note: 'VmRSS of the engine + host process' },
    ];
  },
};

export default bench;
