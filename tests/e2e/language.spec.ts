// Vietnamese by default, English on request for one visit: the switch changes every string on
// screen, the page language (for screen readers and hyphenation) and the voice; the next visit
// starts in the kiosk's language again.
import { expect, test } from '@playwright/test';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

let kiosk: KioskProcess;
test.beforeAll(async () => {
  kiosk = await startKioskProcess('devices: {}\n');
});
test.afterAll(async () => kiosk?.stop());

test('a citizen switches to English for their visit; the next visit is Vietnamese again', async ({ page }) => {
  await page.goto(kiosk.url);
  const h1 = page.getByRole('heading', { level: 1 });
  await expect(h1).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(h1).toHaveText('Please place your ID card on the reader');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('button', { name: /Take a queue number/ })).toBeVisible();
  await expect(page.getByTestId('captions')).toContainText('Please place your ID card on the reader');
  await page.screenshot({ path: 'test-results/language/attract-en.png' });

  await page.getByRole('button', { name: /Check an application/ }).click();
  await expect(h1).toHaveText("Check an application's progress");
  await expect(page.getByRole('button', { name: 'Back' })).toBeVisible();
  // The on-screen keyboard speaks English too (its letters stay Vietnamese: it types Vietnamese).
  await expect(page.getByRole('group', { name: 'Vietnamese keyboard' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Space' })).toBeVisible();
  await page.screenshot({ path: 'test-results/language/tracking-en.png' });
  // No Vietnamese sentence is left on the English screen, apart from the way back to Vietnamese.
  const text = (await page.locator('.kiosk-main').innerText()).replace(/\s+/g, ' ');
  expect(text).not.toMatch(/Tra cứu|Quay lại|Hoặc gõ|Dấu cách/);

  await page.getByRole('button', { name: 'Back' }).click();
  await expect(h1).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(page.getByRole('button', { name: 'Switch to English' })).toBeVisible();
});

test('an error already on screen follows a language switch: it is kept as its cause, not as words', async ({ page }) => {
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: /Tra cứu hồ sơ/ }).click();
  for (const key of '000-1') await page.getByRole('button', { name: key, exact: true }).first().click();
  await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
  await expect(page.getByRole('alert')).toHaveText('Mã hồ sơ không hợp lệ. Xin vui lòng kiểm tra lại biên nhận.');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.getByRole('alert')).toHaveText('This application code is not valid. Please check your receipt.');
  await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
  await expect(page.getByRole('alert')).toHaveText('Mã hồ sơ không hợp lệ. Xin vui lòng kiểm tra lại biên nhận.');
});

test('English can be switched back to Vietnamese at any time, with a target big enough to hit', async ({ page }) => {
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('button', { name: /Take a queue number/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('What do you need to do?');
  const back = page.getByRole('button', { name: 'Chuyển sang tiếng Việt' });
  const box = await back.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(44);
  expect(box!.width).toBeGreaterThanOrEqual(44);
  await back.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ông/bà cần làm thủ tục gì?');
});

test('text size: larger for this visit, everything scales, back to normal when the visit ends', async ({ page }) => {
  await page.goto(kiosk.url);
  const rootPx = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  const h1 = page.getByRole('heading', { level: 1 });
  const before = (await h1.boundingBox())!;
  expect(await rootPx()).toBe('24px');

  await page.getByRole('button', { name: 'Cỡ chữ: vừa' }).click();
  await expect(page.getByRole('button', { name: 'Cỡ chữ: to' })).toBeVisible();
  expect(await rootPx()).toBe('28.8px');
  await page.getByRole('button', { name: 'Cỡ chữ: to' }).click();
  await expect.poll(rootPx).toBe('33.6px');
  // The heading grows with it (rem-based styles), and so do the buttons.
  const after = (await h1.boundingBox())!;
  expect(after.height).toBeGreaterThan(before.height * 1.2);
  const track = page.getByRole('button', { name: /Tra cứu hồ sơ/ });
  await track.scrollIntoViewIfNeeded();
  expect((await track.boundingBox())!.height).toBeGreaterThanOrEqual(64);
  await page.screenshot({ path: 'test-results/language/attract-largest-text.png' });

  await track.click();
  await expect(h1).toHaveText('Tra cứu tiến độ hồ sơ');
  expect(await rootPx()).toBe('33.6px');
  await page.getByRole('button', { name: 'Quay lại' }).click();
  await expect(h1).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  // The reset runs as the start screen mounts (an effect after its first paint): poll for it.
  await expect.poll(rootPx).toBe('24px');
});
