// The technician page on the all-simulated demo kiosk (`npm start` defaults): the demo technician
// PIN works there, and every device's test runs through its simulator — the chip reader on
// pcscd + vpcd, the QR scanner's pty, SANE's test backend (a real scan thumbnail), the printer.
import { mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

let kiosk: KioskProcess;
const SHOTS = 'test-results/technician';

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  kiosk = await startKioskProcess('');
});

test.afterAll(async () => {
  await kiosk?.stop();
});

test('demo PIN 1357 opens the technician page; each device test runs against its simulator', async ({ page }) => {
  await page.goto(kiosk.url);
  await expect(page.getByRole('button', { name: /Lấy số thứ tự/ })).toBeVisible();
  // Playwright's keyboard has no F24; a hardware key reaches the page as this same keydown.
  await page.evaluate(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F24', code: 'F24' })));
  await page.getByRole('button', { name: 'Kỹ thuật viên' }).click();
  const pad = page.getByRole('group', { name: 'Bàn phím số' });
  for (const d of '1357') await pad.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'Mở khoá' }).click();
  await expect(page.getByRole('heading', { name: 'Kiểm tra thiết bị' })).toBeVisible();
  await expect(page.getByText('Đang dùng mã PIN mẫu')).toBeVisible();

  for (const kind of ['printer', 'document-scanner', 'qr-scanner', 'card-reader'] as const) {
    await expect(page.getByTestId(`tech-state-${kind}`)).toHaveText('Sẵn sàng', { timeout: 20_000 });
  }
  for (const kind of ['document-scanner', 'qr-scanner', 'card-reader', 'printer'] as const) {
    await page.getByTestId(`tech-device-${kind}`).getByRole('button', { name: 'Kiểm tra' }).click();
    await expect(page.getByTestId(`tech-result-${kind}`)).toContainText('✓ Đạt', { timeout: 30_000 });
  }
  await expect(page.getByTestId('tech-result-document-scanner')).toContainText('at 75 dpi');
  const thumb = page.getByTestId('tech-result-document-scanner').getByRole('img', { name: 'Ảnh quét thử' });
  await expect(thumb).toBeVisible();
  // SANE's grid test picture: both black and white pixels, not a blank or solid frame.
  const range = await thumb.evaluate((img: HTMLImageElement) => {
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let min = 255;
    let max = 0;
    for (let i = 0; i < data.length; i += 4) {
      min = Math.min(min, data[i]!);
      max = Math.max(max, data[i]!);
    }
    return { width: img.naturalWidth, min, max };
  });
  expect(range.width).toBeGreaterThan(100);
  expect(range.min).toBeLessThan(60);
  expect(range.max).toBeGreaterThan(200);
  await expect(page.getByTestId('tech-result-card-reader')).toContainText('reader');
  await page.getByTestId('tech-device-document-scanner').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/08-demo-scanner-printer.png` });
  await page.getByTestId('tech-device-card-reader').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/09-demo-reader-qr.png` });
});
