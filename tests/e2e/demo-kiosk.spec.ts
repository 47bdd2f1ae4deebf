// The kiosk exactly as `npm start` runs it on a fresh clone: every device on its simulator.
import { expect, test } from '@playwright/test';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

let kiosk: KioskProcess;

test.beforeAll(async () => {
  kiosk = await startKioskProcess('');
});
test.afterAll(async () => kiosk?.stop());

test('a demo kiosk shows the ticket the virtual printer rendered', async ({ page }) => {
  await page.goto(kiosk.url);
  await expect(page.locator('.kiosk-demo')).toHaveText('MÔ PHỎNG');
  await page.getByRole('button', { name: /Lấy số thứ tự/ }).click();
  await page.getByRole('button', { name: /Cư trú/ }).click();
  await expect(page.getByTestId('ticket-number')).toHaveText(/^CT-\d{3}$/);
  const ticket = page.getByRole('img', { name: 'Phiếu vừa in (máy in mô phỏng)' });
  await expect(ticket).toBeVisible({ timeout: 20_000 });
  // 80 mm profile: 576 printable dots, drawn on a slightly wider paper strip
  expect(await ticket.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThanOrEqual(576);
  await page.screenshot({ path: 'test-results/demo-ticket.png' });
  expect(kiosk.output()).toMatch(/device printer: ready/);
});

test('an idle citizen is warned with time to extend, then the kiosk returns to the start', async ({ page }) => {
  await page.clock.install();
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: /Lấy số thứ tự/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ông/bà cần làm thủ tục gì?');
  await page.clock.fastForward(91_000);
  const extend = page.getByRole('button', { name: 'Tôi cần thêm thời gian' });
  await expect(extend).toBeVisible();
  await expect(page.getByTestId('idle-warning')).toContainText(/sau\s*(2\d|30)\s*giây/); // ≥ 20 s to answer
  await extend.click();
  await expect(extend).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ông/bà cần làm thủ tục gì?');
  await page.clock.fastForward(91_000);
  await expect(extend).toBeVisible();
  await page.clock.fastForward(31_000);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
});
