#!/usr/bin/env node
// `npm test`: lint (import boundaries) -> typecheck -> vitest (unit + integration) -> Playwright
// (end-to-end in Debian's Chromium). Every stage runs even when an earlier one fails, so one run
// shows everything that is wrong; the last line is the combined count.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

// Reports named for this run, so a concurrent `vitest run <folder>` cannot overwrite them.
const vitestReport = `test-reports/vitest-${process.pid}.json`;
const playwrightReport = `test-reports/playwright-${process.pid}.json`;

const stages = [
  ['lint', ['npx', 'eslint', '.']],
  ['typecheck', ['npx', 'tsc', '-p', 'tsconfig.json']],
  ['vitest', ['npx', 'vitest', 'run']],
  ['e2e', ['npx', 'playwright', 'test']],
];

const failedStages = [];
for (const [name, [cmd, ...args]] of stages) {
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0', KIOSK_VITEST_REPORT: vitestReport, KIOSK_PLAYWRIGHT_REPORT: playwrightReport } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) failedStages.push(name);
  process.stdout.write(`=== ${name}: ${result.status === 0 ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds} s\n`);
}

function readJson(file) {
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  } catch {
    return null;
  }
}

const vitest = readJson(vitestReport);
const playwright = readJson(playwrightReport);
rmSync(vitestReport, { force: true });
rmSync(playwrightReport, { force: true });
const passed = (vitest?.numPassedTests ?? 0) + (playwright?.stats?.expected ?? 0) + (playwright?.stats?.flaky ?? 0);
const failed = (vitest?.numFailedTests ?? 0) + (playwright?.stats?.unexpected ?? 0);
const skipped = (vitest?.numPendingTests ?? 0) + (vitest?.numTodoTests ?? 0) + (playwright?.stats?.skipped ?? 0);

process.stdout.write(`\nvitest: ${vitest ? `${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed` : 'no report'}; ` +
  `playwright: ${playwright ? `${playwright.stats.expected} passed, ${playwright.stats.unexpected} failed, ${playwright.stats.skipped} skipped` : 'no report'}` +
  `${failedStages.length ? `; failed stages: ${failedStages.join(', ')}` : ''}\n`);
// The closing line CI reads.
process.stdout.write(`${passed} passed, ${failed + (failedStages.length && !failed ? failedStages.length : 0)} failed, ${skipped} skipped\n`);
process.exit(failedStages.length ? 1 : 0);
