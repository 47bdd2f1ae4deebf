// Technician mode end to end: the hidden corner, a wrong then the right PIN, the printer test
// printing a real page on the virtual printer over TCP, and paper running out showing up as an
// alarm in the technician page and the staff banner. The printer is "real" in the config (not
// simulated), so only the configured PIN hashes work, never the demo PINs.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startVirtualPrinter, type VirtualPrinter } from '../../hardware/simulators/printer/virtual-printer';
import { acquireVirtualReader, type VirtualReaderLease } from '../../hardware/simulators/card/pcscd-harness';
import { loadApplet } from '../../hardware/simulators/card/simulated-reader';
import { startVirtualCard, type VirtualCard } from '../../hardware/simulators/card/vpcd';
import { hashPin } from '../../src/core/technician/pin';
import { lowContrast, smallTargets } from './a11y-checks';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

let printer: VirtualPrinter;
let kiosk: KioskProcess;
/** A real PC/SC reader slot (pcscd + vpcd) with the sample chip on the far side. */
let lease: VirtualReaderLease;
let card: VirtualCard;
/** The centre's monitoring endpoint: every alarm webhook POST the kiosk makes lands here. */
let monitor: Server;
const hooks: Array<{ url: string; body: { event: string; code: string; kioskId: string; device: { id: string } } & Record<string, unknown> }> = [];
const SHOTS = 'test-results/technician';

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  printer = await startVirtualPrinter({ transport: 'tcp', port: 0 });
  lease = await acquireVirtualReader();
  card = startVirtualCard({ applet: await loadApplet('fs'), port: lease.port });
  monitor = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      hooks.push({ url: req.url ?? '', body: JSON.parse(data) });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => monitor.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(monitor.address() as AddressInfo).port}/kiosk-alarms`;
  const tech = await hashPin('24681357');
  const staff = await hashPin('9753');
  kiosk = await startKioskProcess(
    `devices:\n  printer: { driver: escpos, uri: ${JSON.stringify(printer.uri)}, profile: 80mm, simulate: false }\n` +
      `  documentScanner: { simulate: true }\n` +
      `  cardReader: { driver: pcsc, reader: ${JSON.stringify(lease.readerName)}, simulate: false }\n` +
      `technician: { pinHash: ${JSON.stringify(tech)} }\nstaff: { pinHash: ${JSON.stringify(staff)} }\n` +
      `alarms: { notify: [screen, sound, log, webhook], webhook: { url: ${JSON.stringify(hookUrl)} } }\n`,
  );
});

test.afterAll(async () => {
  await kiosk?.stop();
  await card?.close();
  await lease?.release();
  await printer?.stop();
  await new Promise((r) => monitor?.close(r));
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
  await expect(page.getByTestId('tech-state-qr-scanner')).toHaveText('Chưa cấu hình');
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

test('technician tools: darkness and cut on paper, alarm to screen and webhook, event list, config edit validated and saved', async ({ page }) => {
  await page.goto(kiosk.url);
  await expect(page.getByRole('button', { name: /Lấy số thứ tự/ })).toBeVisible();
  await page.keyboard.press('Control+Alt+KeyK');
  await page.getByRole('button', { name: 'Kỹ thuật viên' }).click();
  await typePin(page, '24681357');
  await expect(page.getByRole('heading', { name: 'Kiểm tra thiết bị' })).toBeVisible();

  // Card test read: each step timed (connect, EF.CardAccess, SELECT eMRTD), no data group read.
  await card.insert();
  const reader = page.getByTestId('tech-device-card-reader');
  await expect(reader.locator('.tech-detail')).toContainText(/ATR [0-9A-F]{8,}/, { timeout: 15_000 });
  await reader.getByRole('button', { name: 'Kiểm tra' }).click();
  await expect(page.getByTestId('tech-result-card-reader')).toContainText('✓ Đạt — card answered SELECT eMRTD with 9000', { timeout: 30_000 });
  const timings = page.getByTestId('tech-timings-card-reader');
  await expect(timings.locator('li')).toHaveText([/^connect \d+(\.\d)? ms$/, /^cardAccess \d+(\.\d)? ms$/, /^select \d+(\.\d)? ms$/, /^total \d+(\.\d)? ms$/]);
  await reader.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/19-card-test-read.png` });
  await card.remove();
  await expect(reader.locator('.tech-detail')).toContainText('no card', { timeout: 15_000 });

  // Darkness +2 and a full cut, saved, then a test page: the virtual printer prints it at 110 % and cuts it fully.
  const panel = page.getByTestId('tech-printer-settings');
  await expect(panel.getByTestId('tech-darkness')).toHaveText('Theo máy in');
  await panel.getByRole('button', { name: /Đậm hơn/ }).click();
  await panel.getByRole('button', { name: /Đậm hơn/ }).click();
  await expect(panel.getByTestId('tech-darkness')).toHaveText('+2 (110 %)');
  await panel.getByRole('button', { name: 'Cắt đứt' }).click();
  await panel.getByRole('button', { name: 'Lưu và áp dụng' }).click();
  const configFile = path.join(path.dirname(kiosk.dataDir), 'kiosk.config.yaml');
  await expect(panel.getByTestId('tech-printer-saved')).toContainText(`lưu vào ${configFile}`);
  expect(readFileSync(configFile, 'utf8')).toMatch(/darkness: 2[\s\S]*cut: full|cut: full[\s\S]*darkness: 2/);
  const before = printer.jobs().length;
  await panel.getByRole('button', { name: 'In trang thử' }).click();
  await expect(panel.getByTestId('tech-printer-test')).toContainText('✓ Đạt — test page printed', { timeout: 30_000 });
  const page1 = (await printer.waitForJobs(before + 1))[before]!;
  expect(page1).toMatchObject({ density: 110, cut: 'full', complete: true });
  await panel.screenshot({ path: `${SHOTS}/20-printer-settings.png` });

  // Paper out: the alarm reaches the monitoring webhook (device facts only) and the screen strip.
  // The earlier tests' paper-out must have been cleared (and posted) before counting from here.
  await expect.poll(() => hooks.at(-1)?.body.event ?? 'none', { timeout: 15_000 }).not.toBe('raised');
  const hooksBefore = hooks.length;
  printer.paperOut(true);
  await expect.poll(() => hooks.slice(hooksBefore).map((h) => `${h.body.event}:${h.body.code}`), { timeout: 15_000 }).toEqual(['raised:printer.paper-out']);
  expect(hooks.at(-1)).toMatchObject({ url: '/kiosk-alarms', body: { kioskId: 'KIOSK-DEMO-01', device: { id: 'printer' }, state: 'alarm' } });
  const events = page.getByTestId('tech-event-list');
  await expect(events.locator('tr.tech-ev-alarm').first()).toContainText('alarm raised: printer.paper-out');
  await expect(events.locator('tr.tech-ev-delivery').first()).toContainText('raised printer.paper-out delivered (HTTP 204)');
  await events.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/21-event-list.png` });
  // Locked, the kiosk is the citizens' again: the strip under the header says staff were called.
  await page.getByRole('button', { name: 'Khoá' }).click();
  await expect(page.getByTestId('alarm-strip')).toContainText('Máy in phiếu:');
  await expect(page.getByTestId('alarm-strip')).toContainText('Đã báo cán bộ.');
  await page.screenshot({ path: `${SHOTS}/22-alarm-strip.png` });
  expect(await lowContrast(page, '.alarm-strip')).toEqual([]);
  printer.paperOut(false);
  await expect.poll(() => hooks.slice(hooksBefore).map((h) => h.body.event), { timeout: 15_000 }).toEqual(['raised', 'cleared']);
  await expect(page.getByTestId('alarm-strip')).toHaveCount(0);

  // Config edit: an invalid value is refused naming the key, the file untouched; a valid edit is saved with a backup.
  await page.keyboard.press('Control+Alt+KeyK');
  await page.getByRole('button', { name: 'Kỹ thuật viên' }).click();
  await typePin(page, '24681357');

  // Scanner calibration: 3 mm off the top edge, tried on a test scan (before/after), then saved.
  const scan = page.getByTestId('tech-scan-calibration');
  for (let i = 0; i < 3; i++) await scan.getByRole('button', { name: 'Tăng lề trên' }).click();
  await expect(scan.getByRole('group', { name: 'Trên' })).toContainText('3 mm');
  await scan.getByRole('button', { name: 'Quét thử' }).click();
  await expect(scan.getByTestId('tech-scan-result')).toContainText('trimmedPx', { timeout: 60_000 });
  await expect(scan.getByRole('img', { name: 'Sau hiệu chỉnh' })).toBeVisible();
  await expect(scan.getByTestId('tech-scan-result')).toContainText('18/0/0/0'); // 3 mm at 150 dpi
  await scan.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/25-scanner-calibration.png` });
  await scan.getByRole('button', { name: 'Lưu hiệu chỉnh' }).click();
  await expect(scan.getByTestId('tech-scan-saved')).toContainText(configFile);
  expect(readFileSync(configFile, 'utf8')).toMatch(/calibration:[\s\S]*top: 3/);

  await page.getByRole('button', { name: 'Sửa tệp cấu hình' }).click();
  const editor = page.getByTestId('tech-config-edit');
  const text = await editor.inputValue();
  expect(text).toMatch(/pinHash: "?\(set\)"?/);
  expect(text).not.toContain('scrypt');
  const onDisk = readFileSync(configFile, 'utf8');
  await editor.fill(text.replace('profile: 80mm', 'profile: 76mm'));
  await page.getByRole('button', { name: 'Kiểm tra và lưu' }).click();
  await expect(page.getByTestId('tech-config-invalid')).toContainText('devices.printer.profile');
  await page.getByTestId('tech-config-invalid').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/23-config-invalid.png` });
  expect(readFileSync(configFile, 'utf8')).toBe(onDisk);
  await editor.fill(`${text.trimEnd()}\nkioskId: KIOSK-BN-07\n`);
  await page.getByRole('button', { name: 'Kiểm tra và lưu' }).click();
  await expect(page.getByTestId('tech-config-saved')).toContainText('Đã lưu. Bản cũ được giữ ở');
  await expect(page.getByTestId('tech-config-saved')).toContainText('khởi động lại');
  const saved = readFileSync(configFile, 'utf8');
  expect(saved).toContain('kioskId: KIOSK-BN-07');
  expect(saved).toContain('scrypt$'); // the masked hashes were put back
  const backups = readdirSync(path.dirname(configFile)).filter((n) => n.startsWith('kiosk.config.yaml.') && n.endsWith('.bak'));
  expect(backups.length).toBeGreaterThanOrEqual(2); // printer settings save + this one
  await page.getByTestId('tech-config-saved').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/24-config-saved.png` });
  expect(await lowContrast(page, '.staff-layer')).toEqual([]);
  expect(await smallTargets(page, '.staff-layer')).toEqual([]);
  await page.getByRole('button', { name: 'Khoá' }).click();
});
