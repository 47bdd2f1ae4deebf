// Runs in: Node (Playwright) driving Chromium against a real kiosk process on simulated devices.
// Walks every screen a citizen, a staff member or a technician can reach, and on each one runs
// axe-core's WCAG 2.1 AA rules plus our own contrast (4.5:1) and touch-target (44 px) probes,
// leaving a full-page screenshot in test-reports/screenshots/vi/ for a human to judge.
// Screens the kiosk shows only while it waits for the engine (reading the chip, printing) are held
// on screen by delaying the engine's own replies (engine-gate.ts).
import { expect, test, type Page } from '@playwright/test';
import { buildSampleCccd } from '../../hardware/card-reader/sample/documents';
import type { VirtualCard } from '../../hardware/simulators/card/vpcd';
import type { VirtualPrinter } from '../../hardware/simulators/printer/virtual-printer';
import type { VirtualQrScanner } from '../../hardware/simulators/qr-scanner/virtual';
import { hashPin } from '../../src/core/technician/pin';
import { expectNoAxeViolations, lowContrast, saveScreen, smallTargets } from './a11y-checks';
import { gateEngine } from './engine-gate';
import { startDeviceRig, type DeviceRig } from './device-rig';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

const sample = buildSampleCccd();
let rig: DeviceRig;
let card: VirtualCard;
let printer: VirtualPrinter;
let scanner: VirtualQrScanner;
let kiosk: KioskProcess;

test.beforeAll(async () => {
  rig = await startDeviceRig();
  ({ card, printer, scanner } = rig);
  const tech = await hashPin('24681357');
  const staff = await hashPin('9753');
  kiosk = await startKioskProcess(`${rig.devicesYaml}technician: { pinHash: ${JSON.stringify(tech)} }\nstaff: { pinHash: ${JSON.stringify(staff)} }\n`);
});

test.afterAll(async () => {
  await kiosk?.stop();
  await rig?.stop();
});

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
let shotNumber = 0;
let shotGroup = '';
/** Screenshots are named group-NN-screen, in the order a person meets them. */
function startShots(group: string) {
  shotGroup = group;
  shotNumber = 0;
}

/**
 * One screen: axe-core's WCAG 2.1 AA rules over the whole page, our contrast and target-size probes
 * over `scope` (they find what axe leaves "incomplete": text over translucent overlays), and the
 * screenshot.
 */
async function checkScreen(page: Page, name: string, scope = '.kiosk') {
  // Animations and transitions settle first: axe measures colours as they are drawn.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await saveScreen(page, `${shotGroup}-${String(++shotNumber).padStart(2, '0')}-${name}`);
  await expectNoAxeViolations(page, name, { soft: true });
  expect.soft(await lowContrast(page, scope), `${name}: contrast below 4.5:1`).toEqual([]);
  expect.soft(await smallTargets(page, scope), `${name}: touch targets below 44 px`).toEqual([]);
}

async function typeDigits(page: Page, digits: string) {
  for (const d of digits) await page.getByRole('button', { name: d, exact: true }).click();
}

async function typeOnScreen(page: Page, text: string) {
  for (const c of text) {
    if (c === ' ') await page.getByRole('button', { name: 'Dấu cách' }).click();
    else await page.locator(`[data-key="${c}"]`).click();
  }
}

async function fillField(page: Page, path: string, value: string) {
  await page.locator(`.proc-field[data-path="${path}"]`).click();
  await page.getByTestId('editor-input').fill(value);
  await page.getByRole('button', { name: 'Xong ✓' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

test('citizen screens: attract, lookup, queue, identity, procedure journey, receipt, progress', async ({ page }) => {
  startShots('1-citizen');
  test.setTimeout(300_000);
  const gate = await gateEngine(page);
  await page.goto(kiosk.url);
  await expect(page.locator('.overlay')).toHaveCount(0);
  await expect(page.locator('.kiosk-centre')).not.toBeEmpty();
  await checkScreen(page, 'attract');

  // Progress lookup: the keyboard, then a code that cannot be one.
  await page.getByRole('button', { name: /Tra cứu hồ sơ/ }).click();
  await expect(heading(page)).toHaveText('Tra cứu tiến độ hồ sơ');
  await checkScreen(page, 'tracking-ask');
  for (const key of '000-1') await page.getByRole('button', { name: key, exact: true }).first().click();
  await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Mã hồ sơ không hợp lệ');
  await checkScreen(page, 'tracking-ask-error');
  await page.getByRole('button', { name: 'Quay lại' }).click();

  // Queue number: services, the printing wait, the ticket.
  await page.getByRole('button', { name: /Lấy số thứ tự/ }).click();
  await expect(page.getByRole('button', { name: /Hộ tịch/ })).toBeVisible();
  await checkScreen(page, 'queue-services');
  gate.close();
  await page.getByRole('button', { name: /Hộ tịch/ }).click();
  await expect(heading(page)).toHaveText('Đang in phiếu…');
  await checkScreen(page, 'queue-printing');
  gate.open();
  await expect(page.getByTestId('ticket-number')).toHaveText(/^HT-\d{3}$/);
  await checkScreen(page, 'queue-ticket');
  await page.getByRole('button', { name: 'Xong' }).click();

  // Identity: keypad, a wrong ID explained, reading, the citizen's data.
  await card.insert();
  await expect(heading(page)).toHaveText('Nhập 12 số căn cước của ông/bà');
  // The way back is on screen without scrolling.
  await expect(page.getByRole('button', { name: 'Quay lại' })).toBeInViewport({ ratio: 1 });
  await checkScreen(page, 'enter-id');
  await typeDigits(page, sample.idNumber);
  gate.close();
  await page.getByRole('button', { name: /Xong/ }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
  await checkScreen(page, 'reading-card');
  gate.open();
  await expect(heading(page)).toHaveText('Đây có phải là thông tin của ông/bà?', { timeout: 45_000 });
  await expect(page.getByRole('img', { name: 'Ảnh chân dung trên thẻ' })).toBeVisible();
  await checkScreen(page, 'identity');
  await page.getByRole('button', { name: 'Đúng, tiếp tục' }).click();

  // Choosing a procedure, by category and by search on the on-screen keyboard.
  await expect(heading(page)).toHaveText('Ông/bà cần làm thủ tục gì?');
  await expect(page.locator('[data-procedure="lien-thong-khai-sinh"]')).toBeVisible();
  // The list is longer than the screen; the way out stays on screen while it scrolls.
  await expect(page.getByRole('button', { name: 'Kết thúc' })).toBeInViewport({ ratio: 1 });
  // Each category has its picture beside its name, and so does each of its buttons.
  await expect(page.getByRole('heading', { level: 2, name: 'Hộ tịch' }).locator('svg[data-icon="civil-status"]')).toBeVisible();
  await expect(page.locator('[data-procedure="dang-ky-thuong-tru"] svg[data-icon="residence"]')).toBeVisible();
  await checkScreen(page, 'choose-procedure');
  await page.getByLabel('Tìm thủ tục (gõ không dấu cũng được)').click();
  await typeOnScreen(page, 'khai sinh');
  await expect(page.locator('[data-procedure]').first()).toBeVisible();
  await checkScreen(page, 'choose-procedure-search');
  await page.getByRole('button', { name: 'Xoá tìm kiếm' }).click();
  await page.getByRole('button', { name: 'Ẩn bàn phím' }).click();

  // The form, its errors, and each kind of field editor. The full list must be back before the
  // gate closes: it holds the engine's reply to the cleared search too.
  await expect(page.locator('[data-procedure="thay-doi-thong-tin-cu-tru"]')).toBeVisible();
  gate.close();
  await page.locator('[data-procedure="thay-doi-thong-tin-cu-tru"]').click();
  await expect(heading(page)).toHaveText('Đang mở tờ khai…');
  await checkScreen(page, 'form-opening');
  gate.open();
  await expect(heading(page)).toHaveText('Điều chỉnh thông tin về cư trú');
  await checkScreen(page, 'form');
  await page.getByRole('button', { name: 'Tiếp tục ›' }).click();
  await expect(page.getByTestId('form-message')).toBeVisible();
  await checkScreen(page, 'form-errors');
  await page.locator('.proc-field[data-path="household.headName"]').click();
  await expect(page.getByTestId('viet-keyboard')).toBeVisible();
  await checkScreen(page, 'editor-text-keyboard');
  await page.getByRole('button', { name: 'Đóng' }).click();
  await page.locator('.proc-field[data-path="requester.phone"]').click();
  await typeOnScreen(page, '12345');
  await page.getByRole('button', { name: 'Xong ✓' }).click();
  await expect(page.getByTestId('editor-error')).toBeVisible();
  await checkScreen(page, 'editor-number-pad-error');
  await page.getByRole('button', { name: 'Đóng' }).click();
  await page.locator('.proc-field[data-path="requester.dateOfBirth"]').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await checkScreen(page, 'editor-date-picker');
  await page.getByRole('button', { name: 'Đóng' }).click();
  await page.locator('.proc-field[data-path="requester.sex"]').click();
  await expect(page.getByRole('button', { name: 'Nữ', exact: true })).toBeVisible();
  await checkScreen(page, 'editor-choice');
  await page.getByRole('button', { name: 'Đóng' }).click();
  await page.locator('.proc-field[data-path="requester.residence"]').click();
  await page.getByRole('button', { name: 'Chọn lại tỉnh, xã' }).click();
  await expect(page.getByRole('button', { name: 'Thành phố Hà Nội', exact: true })).toBeVisible();
  await checkScreen(page, 'editor-address-province');
  await page.getByRole('button', { name: 'Thành phố Hà Nội', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Phường Văn Miếu - Quốc Tử Giám', exact: true })).toBeVisible();
  await checkScreen(page, 'editor-address-commune');
  await page.getByRole('button', { name: 'Phường Văn Miếu - Quốc Tử Giám', exact: true }).click();
  await expect(page.getByLabel('Số nhà, đường')).toBeVisible();
  await checkScreen(page, 'editor-address-detail');
  await page.getByRole('button', { name: 'Đóng' }).click();

  await fillField(page, 'requester.phone', '0912345678');
  await fillField(page, 'household.headName', 'Lê Đức Thắng');
  await fillField(page, 'household.relationshipToHead', 'Con');
  await fillField(page, 'household.headPersonalId', '001088054321');
  await fillField(page, 'change.content', 'Điều chỉnh nghề nghiệp trong Cơ sở dữ liệu về cư trú');
  await page.getByRole('button', { name: 'Tiếp tục ›' }).click();

  // Review and consent, submitting, the receipt.
  await expect(heading(page)).toHaveText('Xin ông/bà kiểm tra lại');
  await checkScreen(page, 'review');
  await page.getByRole('checkbox', { name: /Tôi đã đọc và đồng ý/ }).click();
  await checkScreen(page, 'review-consented');
  const jobsBefore = printer.jobs().length;
  gate.close();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(heading(page)).toHaveText('Đang nộp hồ sơ và in giấy biên nhận…');
  await checkScreen(page, 'submitting');
  gate.open();
  await expect(heading(page)).toHaveText('Hồ sơ đã được tiếp nhận', { timeout: 30_000 });
  // Above the caption bar that reads the receipt aloud, without scrolling.
  await expect(page.getByRole('button', { name: 'Xong', exact: true })).toBeInViewport();
  await checkScreen(page, 'submitted');
  const receipt = (await printer.waitForJobs(jobsBefore + 1)).at(-1)!;
  await page.getByRole('button', { name: 'Xong', exact: true }).click();
  await expect(heading(page)).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  await card.remove();

  // The receipt's own QR, shown to the scanner on the start screen: the dossier's progress.
  await scanner.send(Buffer.from(receipt.qrPayloads[0]!).toString('utf8'));
  await expect(page.getByTestId('tracking-status')).toBeVisible({ timeout: 30_000 });
  await checkScreen(page, 'tracking-result');
  await page.getByRole('button', { name: 'Xong' }).click();
  await expect(heading(page)).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
});

test('the start screen telling why the previous screen closed: the card was taken out', async ({ page }) => {
  startShots('2-card-removed');
  await page.goto(kiosk.url);
  await expect(heading(page)).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  await card.insert();
  await expect(heading(page)).toHaveText('Nhập 12 số căn cước của ông/bà');
  await card.remove();
  await expect(page.getByTestId('attract-notice')).toBeVisible();
  // The notice does not push the start screen's own buttons out of view.
  await expect(page.getByRole('button', { name: /Tra cứu hồ sơ/ })).toBeInViewport({ ratio: 1 });
  await checkScreen(page, 'attract-card-removed');
});

test('the idle warning over a citizen screen', async ({ page }) => {
  startShots('3-idle');
  await page.clock.install();
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: /Lấy số thứ tự/ }).click();
  await expect(heading(page)).toHaveText('Ông/bà cần làm thủ tục gì?');
  await page.clock.fastForward(91_000);
  await expect(page.getByTestId('idle-warning')).toBeVisible();
  await checkScreen(page, 'idle-warning', '.idle-box');
  await page.getByRole('button', { name: 'Tôi cần thêm thời gian' }).click();
  await expect(page.getByTestId('idle-warning')).toHaveCount(0);
});

test('staff and technician: role choice, PIN pad, technician page, staff panel, alarm banner', async ({ page }) => {
  startShots('4-staff');
  test.setTimeout(180_000);
  await page.goto(kiosk.url);
  await expect(page.getByRole('button', { name: /Lấy số thứ tự/ })).toBeVisible();
  await page.keyboard.press('Control+Alt+KeyK');
  await expect(page.getByRole('button', { name: 'Kỹ thuật viên' })).toBeVisible();
  await checkScreen(page, 'staff-choose-role', '.staff-choose');
  await page.getByRole('button', { name: 'Kỹ thuật viên' }).click();
  await expect(page.getByTestId('pin-display')).toBeVisible();
  await checkScreen(page, 'pin-pad', '.staff-pin');
  const pad = page.getByRole('group', { name: 'Bàn phím số' });
  for (const d of '9753') await pad.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'Mở khoá' }).click();
  await expect(page.getByRole('alert')).toContainText('Mã PIN không đúng');
  await checkScreen(page, 'pin-pad-wrong', '.staff-pin');
  for (const d of '24681357') await pad.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'Mở khoá' }).click();
  await expect(page.getByRole('heading', { name: 'Kiểm tra thiết bị' })).toBeVisible();
  await expect(page.getByTestId('tech-state-printer')).toHaveText('Sẵn sàng');
  await checkScreen(page, 'technician', '.staff-layer');
  printer.paperOut(true);
  await expect(page.getByTestId('tech-state-printer')).toHaveText('Báo động', { timeout: 15_000 });
  await checkScreen(page, 'technician-paper-out', '.staff-layer');
  await page.getByRole('button', { name: 'Thu nhỏ' }).click();
  await expect(page.getByTestId('staff-alarms')).toContainText('hết giấy');
  await checkScreen(page, 'alarm-banner-over-attract');
  await page.getByRole('button', { name: 'Khoá' }).click();
  await expect(page.getByTestId('staff-banner')).toHaveCount(0);

  await page.keyboard.press('Control+Alt+KeyK');
  await page.getByRole('button', { name: 'Cán bộ' }).click();
  for (const d of '9753') await pad.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'Mở khoá' }).click();
  await expect(page.getByRole('heading', { name: 'Chế độ cán bộ' })).toBeVisible();
  await expect(page.getByTestId('staff-alarms')).toContainText('hết giấy', { timeout: 15_000 });
  await checkScreen(page, 'staff-panel', '.staff-layer');
  printer.paperOut(false);
  await page.getByRole('button', { name: 'Khoá' }).click();
});

test('the "kiosk is restarting" overlay when the page cannot reach the engine', async ({ page }) => {
  startShots('5-offline');
  await page.goto(kiosk.origin + '/');
  await expect(page.locator('.overlay')).toBeVisible();
  await checkScreen(page, 'engine-unreachable', '.overlay-box');
});
