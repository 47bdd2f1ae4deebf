// End-to-end tests: the real renderer in Debian's Chromium, served by the real browser host, on
// simulated devices. Playwright never downloads a browser here.
import { defineConfig } from '@playwright/test';

export const CHROMIUM = process.env.KIOSK_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: process.env.KIOSK_PLAYWRIGHT_REPORT ?? 'test-reports/playwright.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 1024 },
    locale: 'vi-VN',
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--autoplay-policy=no-user-gesture-required'],
    },
    screenshot: 'only-on-failure',
  },
});
