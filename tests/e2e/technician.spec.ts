// Technician mode end to end: the hidden corner, a wrong then the right PIN, the printer test
// printing a real page on the virtual printer over TCP, and paper running out showing up as an
// alarm in the technician page and the staff banner. The printer is "real" in the config (not
// simulated), so only the configured PIN hashes work, never the demo PINs.
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startVirtualPrinter, type VirtualPrinter } from '../../hardware/simulators/printer/virtual-printer';
import { hashPin } from '../../src/core/technician/pin';
import { lowContrast, smallTargets } from './a11y-checks';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

let printer: VirtualPrinter;
let kiosk: KioskProcess;
const SHOTS = 'test-results/technician';

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  printer = await startVirtualPrinter({ transport: 'tcp', port: 0 });
  const tech = await hashPin('24681357');
  const staff = await hashPin('9753');
  kiosk = await startKioskProcess(
    `devices:\n  printer: { driver: escpos, uri: ${JSON.stringify(printer.uri)}, profile: 80mm, simulate: false }\n` +
      `technician: { pinHash: ${JSON.stringify(tech)} }\nstaff: { pinHash: ${JSON.stringify(staff)} }\n`,
  );
});

test.afterAll(async () => {
  await kiosk?.stop();
  await printer?.stop();
});

async function typePin(page: Page, pin: string) {
  const pad = page.getByRole('group', { name: 'Bàn phím số' });
  for (const d of pin) await pad.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'Mở khoá' }).click();
}

test('hidden corner -> wrong PIN -> right PIN -> printer test page -> paper out alarm', async ({ page }) => {
  await page.goto(kiosk.url);
  await expect(page.getByRole('button', { name: /Lấy số thứ tự/ })).toBeVisible();
  const corner = page.getByTestId('staff-corner');
  // Four taps are not enough.
  for (let i = 0; i < 4; i++) await corner.click();
  await page.waitForTimeout(3200);
  await corner.click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  for (let i = 0; i < 4; i++) await corner.click();
  await expect(page.getByRole('heading', { name: 'Chế độ dành cho cán bộ' })).toBeVisible();
  await page.getByRole('button', { name: 'Kỹ thuật viên' }).click();

  // The staff PIN is not the technician's.
  await typePin(page, '9753');
  await expect(page.getByRole('alert')).toHaveText('Mã PIN không đúng. Còn 4 lần thử.');
  await page.getByRole('button', { name: '1', exact: true }).click();
  await page.getByRole('button', { name: '2', exact: true }).click();
  await expect(page.getByTestId('pin-display')).toHaveText('●●'); // masked, never the digits
  await page.getByRole('button', { name: 'Xoá số cuối' }).click();
  await page.getByRole('button', { name: 'Xoá số cuối' }).click();
  await page.screenshot({ path: `${SHOTS}/01-wrong-pin.png` });
  expect(await lowContrast(page, '.staff-pin')).toEqual([]);
  expect(await smallTargets(page, '.staff-pin')).toEqual([]);
  await typePin(page, '24681357');

  await expect(page.getByRole('heading', { name: 'Kiểm tra thiết bị' })).toBeVisible();
  const row = page.getByTestId('tech-device-printer');
  await expect(page.getByTestId('tech-state-printer')).toHaveText('Sẵn sàng');
  await expect(page.getByTestId('tech-state-card-reader')).toHaveText('Chưa cấu hình');
  await expect(page.getByTestId('staff-banner')).toContainText('Không có cảnh báo thiết bị.');
  await page.screenshot({ path: `${SHOTS}/02-technician.png` });

  await row.getByRole('button', { name: 'Kiểm tra' }).click();
  await expect(page.getByTestId('tech-result-printer')).toContainText('✓ Đạt — test page printed', { timeout: 30_000 });
  await expect(page.getByTestId('tech-result-printer')).toContainText('paper');
  const jobs = await printer.waitForJobs(1);
  expect(jobs).toHaveLength(1);
  expect(jobs[0]!.complete).toBe(true);
  expect(jobs[0]!.heightDots).toBeGreaterThan(300);
  await page.screenshot({ path: `${SHOTS}/03-printer-test.png` });

  printer.paperOut(true);
  await expect(page.getByTestId('tech-state-printer')).toHaveText('Báo động', { timeout: 15_000 });
  await expect(page.getByTestId('staff-alarms')).toContainText('Máy in phiếu — Báo động');
  await expect(page.getByTestId('staff-alarms')).toContainText('hết giấy');
  await row.getByText(/Sự kiện gần đây/).click();
  await expect(row.locator('.tech-events li').first()).toContainText('Báo động');
  await row.getByRole('button', { name: 'Kiểm tra' }).click();
  await expect(page.getByTestId('tech-result-printer')).toContainText('✗ Không đạt — not printing a test page: printer.paper-out');
  await page.screenshot({ path: `${SHOTS}/04-paper-out.png` });
  expect(await lowContrast(page, '.staff-layer')).toEqual([]);
  expect(await smallTargets(page, '.staff-layer')).toEqual([]);
  expect(printer.jobs()).toHaveLength(1);

  // Minimised, the banner keeps the alarm on top of the citizen screens.
  await page.getByRole('button', { name: 'Thu nhỏ' }).click();
  await expect(page.getByRole('heading', { name: 'Kiểm tra thiết bị' })).toHaveCount(0);
  await expect(page.getByTestId('staff-alarms')).toContainText('hết giấy');
  await page.screenshot({ path: `${SHOTS}/05-banner-over-attract.png` });

  printer.paperOut(false);
  await expect(page.getByTestId('staff-banner')).toContainText('Không có cảnh báo thiết bị.', { timeout: 15_000 });
  await page.getByRole('button', { name: 'Mở bảng' }).click();
  await page.getByRole('button', { name: 'Xem cấu hình đang dùng' }).click();
  await expect(page.getByTestId('tech-config')).toContainText(`uri: ${printer.uri}`);
  await expect(page.getByTestId('tech-config')).toContainText('pinHash: (set)');
  await expect(page.getByTestId('tech-config')).not.toContainText('scrypt');
  await page.getByRole('button', { name: /Xuất nhật ký/ }).click();
  await expect(page.getByTestId('logs-export')).toContainText(/Đã lưu [1-9]\d* tệp nhật ký vào \/.*\/exports\/kiosk-logs-KIOSK-DEMO-01-\d{8}T\d{6}Z\.tar\.gz/);
  await page.screenshot({ path: `${SHOTS}/07-logs-export.png` });
  expect(await lowContrast(page, '.staff-layer')).toEqual([]);
  await page.getByRole('button', { name: 'Khoá' }).click();
  await expect(page.getByTestId('staff-banner')).toHaveCount(0);
});

test('the staff PIN via Ctrl+Alt+K shows device alarms; technician tests stay closed to staff', async ({ page }) => {
  await page.goto(kiosk.url);
  await expect(page.getByRole('button', { name: /Lấy số thứ tự/ })).toBeVisible();
  printer.paperOut(true);
  await page.keyboard.press('Control+Alt+KeyK');
  await page.getByRole('button', { name: 'Cán bộ' }).click();
  await typePin(page, '9753');
  await expect(page.getByRole('heading', { name: 'Chế độ cán bộ' })).toBeVisible();
  await expect(page.getByTestId('staff-alarms')).toContainText('hết giấy', { timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'Kiểm tra' })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/06-staff-alarm.png` });
  printer.paperOut(false);
  await page.getByRole('button', { name: 'Khoá' }).click();
});
