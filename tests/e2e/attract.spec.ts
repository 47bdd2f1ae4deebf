import { expect, test } from '@playwright/test';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

let kiosk: KioskProcess;

test.beforeAll(async () => {
  kiosk = await startKioskProcess('centre: { name: "Trung tâm Phục vụ hành chính công xã Thử Nghiệm", unitCode: "000.00.00.H99" }\ndevices: {}\n');
});
test.afterAll(async () => kiosk?.stop());

test('attract screen renders in Vietnamese with the centre name, over the contract', async ({ page }) => {
  await page.goto(kiosk.url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  // The centre name comes from the engine (kiosk.info over the WebSocket), not from the bundle.
  await expect(page.locator('.kiosk-centre')).toHaveText('Trung tâm Phục vụ hành chính công xã Thử Nghiệm');
  await expect(page.locator('.overlay')).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
});

test('the attract animation can be paused (WCAG 2.2.2) with a large target', async ({ page }) => {
  await page.goto(kiosk.url);
  const button = page.getByRole('button', { name: /Dừng hình động/ });
  const box = await button.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  await button.click();
  await expect(page.locator('svg.card-animation')).toHaveClass(/is-paused/);
  await expect(page.getByRole('button', { name: /Tiếp tục hình động/ })).toHaveAttribute('aria-pressed', 'true');
});

test('a page without the secret cannot reach the engine and says so', async ({ page }) => {
  await page.goto(kiosk.origin + '/');
  await expect(page.locator('.overlay')).toBeVisible();
  await expect(page.locator('.kiosk-centre')).toHaveText('');
});
