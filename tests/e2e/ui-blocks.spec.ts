// Runs in: Node (Playwright) driving Chromium. The renderer's building blocks on the dev-only
// gallery page: real React components in the real browser, typed into with real clicks. The
// gallery is built here with Vite's API (it is not part of the kiosk bundle) and served on
// 127.0.0.1. Screenshots go to test-results/ui-blocks/.
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { expect, test } from '@playwright/test';
import { build } from 'vite';
import { lowContrast, smallTargets } from './a11y-checks';

const SHOTS = resolve('test-results/ui-blocks');
let outDir = '';
let server: Server;
let base = '';

test.beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'kiosk-gallery-'));
  await build({
    configFile: false,
    root: resolve('src/renderer/gallery'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: { outDir, emptyOutDir: true, target: 'chrome120', modulePreload: false },
  });
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    try {
      const body = await readFile(join(outDir, path.endsWith('/') ? 'index.html' : path));
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'text/html' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
});

test.afterAll(async () => {
  await new Promise((ok) => server?.close(ok));
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

test('the contrast and target-size checks used below do flag bad UI', async ({ page }) => {
  await page.setContent('<div id="s" style="background:#fff"><p style="color:#999">mờ</p><p style="color:#111">rõ</p><button style="width:30px;height:30px">x</button></div>');
  expect(await lowContrast(page, '#s')).toEqual(['mờ: 2.85']);
  expect(await smallTargets(page, '#s', 44)).toEqual(['x 30x30']);
});

test('Telex keyboard: big keys type "Nguyễn Văn Án" in NFC; Telex can be switched off', async ({ page }) => {
  await page.goto(`${base}?only=keyboard`);
  const kb = page.getByTestId('viet-keyboard');
  const type = async (keys: string) => {
    for (const k of keys) await (k === ' ' ? kb.getByRole('button', { name: 'Dấu cách' }) : kb.locator(`[data-key="${k}"]`)).click();
  };
  await kb.getByRole('button', { name: /Chữ hoa/ }).click();
  await type('nguyeenx ');
  await kb.getByRole('button', { name: /Chữ hoa/ }).click();
  await type('vawn ');
  await kb.getByRole('button', { name: /Chữ hoa/ }).click();
  await type('ans');
  const value = await page.getByTestId('g-keyboard-value').inputValue();
  expect(value).toBe('Nguyễn Văn Án');
  expect(value).toBe(value.normalize('NFC'));
  await page.screenshot({ path: join(SHOTS, 'keyboard.png'), fullPage: true });

  await kb.getByRole('button', { name: 'Xoá chữ cuối' }).click();
  await expect(page.getByTestId('g-keyboard-value')).toHaveValue('Nguyễn Văn Á');
  await kb.getByRole('button', { name: 'Xoá chữ cuối' }).click();
  await expect(page.getByTestId('g-keyboard-value')).toHaveValue('Nguyễn Văn ');
  await kb.getByRole('button', { name: /Gõ dấu: Bật/ }).click();
  await type('dd');
  await expect(page.getByTestId('g-keyboard-value')).toHaveValue('Nguyễn Văn dd');
  await kb.getByRole('button', { name: 'Xong ✓' }).click();
  await expect(page.getByTestId('g-keyboard-entered')).toHaveText('Đã nhập: Nguyễn Văn dd');

  expect(await smallTargets(page, '[data-testid="viet-keyboard"]', 64)).toEqual([]);
  expect(await lowContrast(page, '[data-testid="g-keyboard"]')).toEqual([]);
});

test('date picker: no 31/02, steppers and typed year give dd/mm/yyyy', async ({ page }) => {
  await page.goto(`${base}?only=date`);
  const dp = page.getByTestId('date-picker');
  await dp.locator('select[aria-label="Ngày"]').selectOption('31');
  await dp.locator('select[aria-label="Tháng"]').selectOption('2');
  await dp.getByLabel('Năm (gõ 4 số)').fill('2023');
  await expect(page.getByTestId('g-date-value')).toHaveText('28/02/2023');
  // the day list of February 2023 stops at 28
  await expect(dp.locator('select[aria-label="Ngày"]').locator('option')).toHaveCount(29);
  await dp.getByRole('button', { name: 'Năm tăng' }).click();
  await expect(page.getByTestId('g-date-value')).toHaveText('28/02/2024');
  await dp.getByRole('button', { name: 'Ngày tăng' }).click();
  await expect(page.getByTestId('g-date-value')).toHaveText('29/02/2024');
  await dp.getByRole('button', { name: 'Tháng giảm' }).click();
  await expect(page.getByTestId('g-date-value')).toHaveText('29/01/2024');
  await dp.getByLabel('Năm (gõ 4 số)').fill('1948');
  await expect(page.getByTestId('g-date-value')).toHaveText('29/01/1948');
  // the year list runs newest first, from this year down to 1900
  const years = await dp.getByLabel('Chọn năm trong danh sách').locator('option').allTextContents();
  expect(years[1]).toBe(String(new Date().getFullYear()));
  expect(years.at(-1)).toBe('1900');
  // a year after today is refused (value cleared), not silently accepted
  await dp.getByLabel('Năm (gõ 4 số)').fill(String(new Date().getFullYear() + 1));
  await expect(page.getByTestId('g-date-value')).toHaveText('(trống)');
  await dp.getByLabel('Năm (gõ 4 số)').fill('1948');
  await page.screenshot({ path: join(SHOTS, 'date-picker.png'), fullPage: true });
  expect(await smallTargets(page, '[data-testid="date-picker"]', 64)).toEqual([]);
  expect(await lowContrast(page, '[data-testid="g-date"]')).toEqual([]);
});

test('procedure search ignores diacritics', async ({ page }) => {
  await page.goto(`${base}?only=search`);
  await page.getByTestId('g-search-input').fill('dang ky khai sinh');
  await expect(page.getByTestId('g-search-hits').locator('li')).toHaveText(['Đăng ký khai sinh']);
  await page.getByTestId('g-search-input').fill('tru');
  await expect(page.getByTestId('g-search-hits').locator('li')).toHaveText(['Đăng ký thường trú', 'Đăng ký tạm trú']);
  await page.screenshot({ path: join(SHOTS, 'search.png'), fullPage: true });
});

test('idle warning: shown with 20 s, captioned, extended by one press, expires when ignored', async ({ page }) => {
  await page.clock.install();
  await page.goto(`${base}?only=idle&idleMs=5000`);
  await page.getByTestId('g-idle-toggle').click();
  await expect(page.getByTestId('g-idle-phase')).toHaveText('active');
  await page.clock.runFor(5_000);
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('.idle-seconds')).toHaveText('20');
  // the warning is spoken once; where no Vietnamese voice exists it appears as a caption
  await expect(page.getByTestId('captions')).toContainText('còn cần thêm thời gian');
  await page.screenshot({ path: join(SHOTS, 'idle-warning.png') });
  expect(await smallTargets(page, '.idle-box', 64)).toEqual([]);
  expect(await lowContrast(page, '.idle-box')).toEqual([]);

  await page.clock.runFor(12_000);
  await expect(dialog.locator('.idle-seconds')).toHaveText('8');
  await dialog.getByRole('button', { name: 'Tôi cần thêm thời gian' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('g-idle-phase')).toHaveText('active');
  await expect(page.getByTestId('g-idle-ended')).toHaveText('0');

  await page.clock.runFor(5_000);
  await expect(page.getByRole('alertdialog')).toBeVisible();
  await page.clock.runFor(20_500);
  await expect(page.getByTestId('g-idle-phase')).toHaveText('expired');
  await expect(page.getByTestId('g-idle-ended')).toHaveText('1');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
});

test('speech: without a Vietnamese voice the prompt is captioned, and Nghe lại repeats it', async ({ page }) => {
  await page.goto(`${base}?only=speech`);
  await page.getByRole('button', { name: 'Đọc lời hướng dẫn' }).click();
  const captions = page.getByTestId('captions');
  await expect(captions).toContainText('Xin mời ông bà đưa thẻ căn cước vào khe đọc thẻ.');
  const hasViVoice = await page.evaluate(() => speechSynthesis.getVoices().some((v) => v.lang.startsWith('vi') && v.localService));
  await expect(captions).toHaveAttribute('data-mode', hasViVoice ? 'voice' : 'captions');
  await page.getByRole('button', { name: /Nghe lại/ }).click();
  await expect(captions).toContainText('Xin mời ông bà');
  await page.screenshot({ path: join(SHOTS, 'speech.png'), fullPage: true });
  expect(await lowContrast(page, '[data-testid="g-speech"]')).toEqual([]);
  expect(await smallTargets(page, '[data-testid="g-speech"]', 64)).toEqual([]);
});
