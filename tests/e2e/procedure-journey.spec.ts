// The citizen's procedure journey as they live it, on real parts: card on the reader (pcscd +
// vpcd), 12 digits on the keypad, their data confirmed, a procedure found by typing without
// diacritics, a form pre-filled from the chip, a missing field explained, review and consent,
// the dossier stored, the receipt printed on the virtual printer with a QR that carries the code
// shown on screen — and nothing of the citizen left once they finish.
import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { SAMPLE_CITIZEN, buildSampleCccd } from '../../hardware/card-reader/sample/documents';
import { createSampleCccdApplet } from '../../hardware/simulators/card/emrtd';
import { acquireVirtualReader, type VirtualReaderLease } from '../../hardware/simulators/card/pcscd-harness';
import { startVirtualCard, type VirtualCard } from '../../hardware/simulators/card/vpcd';
import { startVirtualPrinter, type VirtualPrinter } from '../../hardware/simulators/printer/virtual-printer';
import { parseReceiptQrPayload } from '../../src/core/tickets/receipt-qr';
import { lowContrast, smallTargets } from './a11y-checks';
import { gateEngine } from './engine-gate';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

const sample = buildSampleCccd();
let lease: VirtualReaderLease;
let card: VirtualCard;
let printer: VirtualPrinter;
let kiosk: KioskProcess;

test.beforeAll(async () => {
  lease = await acquireVirtualReader();
  card = startVirtualCard({ applet: createSampleCccdApplet(), port: lease.port });
  printer = await startVirtualPrinter({ transport: 'tcp', port: 0 });
  kiosk = await startKioskProcess(
    `devices:\n  cardReader: { driver: pcsc, reader: ${JSON.stringify(lease.readerName)}, simulate: false }\n` +
      `  printer: { driver: escpos, uri: ${JSON.stringify(printer.uri)}, profile: 80mm, simulate: false }\n`,
  );
});

test.afterAll(async () => {
  await kiosk?.stop();
  await printer?.stop();
  await card?.close();
  await lease?.release();
});

const heading = (page: Page) => page.getByRole('heading', { level: 1 });
/** Screenshot for a human to look at, plus the contrast (4.5:1) and touch-target (44 px) probes. */
async function shot(page: Page, name: string, scope = '.proc-screen') {
  await page.screenshot({ path: `test-results/procedure-${name}.png`, fullPage: true });
  expect(await lowContrast(page, scope), `${name}: contrast`).toEqual([]);
  expect(await smallTargets(page, scope, 44), `${name}: target size`).toEqual([]);
}

async function typeDigits(page: Page, digits: string) {
  for (const d of digits) await page.getByRole('button', { name: d, exact: true }).click();
}

/** Presses keys on the on-screen keyboard, as a citizen would. */
async function typeOnScreen(page: Page, text: string) {
  for (const c of text) {
    if (c === ' ') await page.getByRole('button', { name: 'Dấu cách' }).click();
    // The Telex keyboard, or the number pad for phone and ID fields: whichever is on screen.
    else await page.locator(`[data-key="${c}"]`).click();
  }
}

async function fillField(page: Page, path: string, value: string) {
  await page.locator(`.proc-field[data-path="${path}"]`).click();
  await page.getByTestId('editor-input').fill(value);
  await page.getByRole('button', { name: 'Xong ✓' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

test('identity -> search -> form with a missing field -> review -> consent -> submit -> printed receipt -> nothing left', async ({ page }) => {
  await page.goto(kiosk.url);
  await expect(page.locator('.overlay')).toHaveCount(0);
  await card.insert();
  await expect(heading(page)).toHaveText('Nhập 12 số căn cước của ông/bà');
  await typeDigits(page, sample.idNumber);
  await page.getByRole('button', { name: /Xong/ }).click();
  await expect(heading(page)).toHaveText('Đây có phải là thông tin của ông/bà?', { timeout: 45_000 });
  await page.getByRole('button', { name: 'Đúng, tiếp tục' }).click();

  // Choose: categories with big buttons; the interconnected groups say what they do in one sentence.
  await expect(heading(page)).toHaveText('Ông/bà cần làm thủ tục gì?');
  await expect(page.locator('[data-procedure="lien-thong-khai-tu"]')).toContainText('Khai một lần, làm cùng lúc 3 việc');
  await shot(page, '1-choose');
  // Search typed on the on-screen keyboard, without diacritics.
  await page.getByLabel('Tìm thủ tục (gõ không dấu cũng được)').click();
  await typeOnScreen(page, 'khai tu');
  await expect(page.locator('[data-procedure]').first()).toHaveText('Đăng ký khai tử');
  await shot(page, '2-search');
  await page.getByRole('button', { name: 'Xoá tìm kiếm' }).click();
  await page.getByRole('button', { name: 'Ẩn bàn phím' }).click();
  await page.locator('[data-procedure="thay-doi-thong-tin-cu-tru"]').click();

  // The form: the citizen's own data from the chip, marked as such.
  await expect(heading(page)).toHaveText('Điều chỉnh thông tin về cư trú');
  const name = page.locator('.proc-field[data-path="requester.fullName"]');
  await expect(name).toContainText(SAMPLE_CITIZEN.fullName!);
  await expect(name).toContainText('Từ thẻ Căn cước');
  await expect(page.locator('.proc-field[data-path="requester.phone"]')).not.toContainText('Từ thẻ Căn cước');
  await expect(page.locator('.proc-field.has-error')).toHaveCount(0);
  await shot(page, '3-form');

  // Continuing with required fields empty: each one says so, next to itself.
  await page.getByRole('button', { name: 'Tiếp tục ›' }).click();
  await expect(page.getByTestId('form-message')).toContainText('Còn mục chưa điền');
  const phone = page.locator('.proc-field[data-path="requester.phone"]');
  await expect(phone).toHaveClass(/has-error/);
  await expect(phone).toContainText('Mục này chưa điền. Xin chạm vào đây để điền.');
  await expect(name).not.toHaveClass(/has-error/);
  await shot(page, '4-form-errors');

  // A wrong phone number keeps the editor open with the reason in plain words.
  await phone.click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await typeOnScreen(page, '12345');
  await shot(page, '5-editor', '.proc-editor-box');
  await page.getByRole('button', { name: 'Xong ✓' }).click();
  await expect(page.getByTestId('editor-error')).toContainText(/[ăâđêôơư]/);
  await expect(page.getByTestId('number-pad')).toBeVisible();
  await shot(page, '6-editor-error', '.proc-editor-box');
  for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Xoá số cuối' }).click();
  await expect(page.getByTestId('editor-input')).toHaveValue('');
  await typeOnScreen(page, '0912345678');
  await page.getByRole('button', { name: 'Xong ✓' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(phone).toContainText('0912345678');
  await expect(phone).not.toHaveClass(/has-error/);

  await fillField(page, 'household.headName', 'Lê Đức Thắng');
  await fillField(page, 'household.relationshipToHead', 'Con');
  await fillField(page, 'household.headPersonalId', '001088054321');
  await fillField(page, 'change.content', 'Điều chỉnh nghề nghiệp trong Cơ sở dữ liệu về cư trú');
  await expect(page.locator('.proc-field.has-error')).toHaveCount(0);

  // Review: what was declared, fee, return date, papers, and the consent.
  await page.getByRole('button', { name: 'Tiếp tục ›' }).click();
  await expect(heading(page)).toHaveText('Xin ông/bà kiểm tra lại');
  await expect(page.getByTestId('consent-text')).toContainText('Nghị định 13/2023/NĐ-CP');
  const appointment = (await page.getByTestId('review-appointment').textContent())!;
  expect(appointment).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
  const submit = page.getByRole('button', { name: 'Nộp hồ sơ' });
  await expect(submit).toBeDisabled();
  await shot(page, '7-review');
  await page.getByRole('checkbox', { name: /Tôi đã đọc và đồng ý/ }).click();
  await expect(submit).toBeEnabled();
  const jobsBefore = printer.jobs().length;
  await submit.click();

  // Received: the code and the date on screen, and on the printed receipt's QR.
  await expect(heading(page)).toHaveText('Hồ sơ đã được tiếp nhận', { timeout: 30_000 });
  const code = (await page.getByTestId('dossier-code').textContent())!;
  expect(code).toMatch(/^[A-Za-z0-9.]+-\d{6}-\d{4}$/);
  await expect(page.getByTestId('appointment-date')).toHaveText(appointment);
  await expect(page.locator('main').getByText('Xin mời nhận giấy biên nhận ở khe máy in.', { exact: false })).toBeVisible();
  await shot(page, '8-submitted');
  const jobs = await printer.waitForJobs(jobsBefore + 1);
  const receipt = jobs.at(-1)!;
  expect(receipt.complete).toBe(true);
  expect(receipt.qrPayloads).toHaveLength(1);
  const qr = parseReceiptQrPayload(Buffer.from(receipt.qrPayloads[0]!).toString('utf8'));
  expect(qr.dossierCode).toBe(code);
  expect(qr.applicantId).toBe(sample.idNumber);
  writeFileSync('test-results/procedure-receipt.png', receipt.png);

  // Finishing: back to the attract screen, nothing of the citizen remains.
  await page.getByRole('button', { name: 'Xong', exact: true }).click();
  await expect(heading(page)).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  const body = page.locator('body');
  for (const secret of [sample.idNumber, SAMPLE_CITIZEN.fullName!, code, '0912345678']) await expect(body).not.toContainText(secret);
  await page.screenshot({ path: 'test-results/procedure-9-attract.png' });
  await card.remove();
});

test('taking the card away in the middle of the form ends the session and clears the screen', async ({ page }) => {
  await page.goto(kiosk.url);
  await card.insert();
  await expect(heading(page)).toHaveText('Nhập 12 số căn cước của ông/bà');
  await typeDigits(page, sample.idNumber);
  await page.getByRole('button', { name: /Xong/ }).click();
  await expect(heading(page)).toHaveText('Đây có phải là thông tin của ông/bà?', { timeout: 45_000 });
  await page.getByRole('button', { name: 'Đúng, tiếp tục' }).click();
  await page.locator('[data-procedure="thay-doi-thong-tin-cu-tru"]').click();
  await expect(page.locator('.proc-field[data-path="requester.fullName"]')).toContainText(SAMPLE_CITIZEN.fullName!);
  await page.locator('.proc-field[data-path="requester.phone"]').click();
  await typeOnScreen(page, '0912');

  await card.remove();
  await expect(heading(page)).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // Told in plain words what happened and that nothing of theirs is left.
  await expect(page.getByTestId('attract-notice')).toHaveText(
    'Thẻ đã được rút ra nên máy đã dừng lại và xoá thông tin của ông/bà. Muốn làm tiếp, xin đặt lại thẻ.',
  );
  await page.screenshot({ path: 'test-results/procedure-card-removed.png' });
  const body = page.locator('body');
  for (const secret of [sample.idNumber, SAMPLE_CITIZEN.fullName!, '0912']) await expect(body).not.toContainText(secret);
  // The next citizen starts clean: the notice goes with the next card.
  await card.insert();
  await expect(heading(page)).toHaveText('Nhập 12 số căn cước của ông/bà');
  await expect(page.getByTestId('attract-notice')).toHaveCount(0);
  await card.remove();
  await expect(heading(page)).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
});

test('a card taken away late does not throw a citizen out of a queue ticket, which never needed it', async ({ page }) => {
  const engine = await gateEngine(page);
  await page.goto(kiosk.url);
  await card.insert();
  await expect(heading(page)).toHaveText('Nhập 12 số căn cước của ông/bà');
  await page.getByRole('button', { name: 'Quay lại' }).click();
  await expect(heading(page)).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  await page.getByRole('button', { name: /Lấy số thứ tự/ }).click();
  await expect(page.getByRole('button', { name: /Hộ tịch/ })).toBeVisible();
  await card.remove();
  // Once the removal has reached the page (pcscd polls the reader), the queue screen is still there.
  await expect.poll(() => engine.delivered().filter((m) => m.includes('card.removed')).length).toBe(1);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await expect(page.getByRole('button', { name: /Hộ tịch/ })).toBeVisible();
  await page.getByRole('button', { name: 'Quay lại' }).click();
  await expect(page.getByTestId('attract-notice')).toHaveCount(0);
});

test('an address is chosen province -> commune (2025 list) -> house number, without typing the names', async ({ page }) => {
  await page.goto(kiosk.url);
  await card.insert();
  await typeDigits(page, sample.idNumber);
  await page.getByRole('button', { name: /Xong/ }).click();
  await expect(heading(page)).toHaveText('Đây có phải là thông tin của ông/bà?', { timeout: 45_000 });
  await page.getByRole('button', { name: 'Đúng, tiếp tục' }).click();
  await page.locator('[data-procedure="thay-doi-thong-tin-cu-tru"]').click();
  const residence = page.locator('.proc-field[data-path="requester.residence"]');
  await expect(residence).toContainText('Từ thẻ Căn cước');
  // The chip's "Phường Văn Miếu, Quận Đống Đa" (before the 2024 merger) is already the 2025 ward.
  await expect(residence).toContainText('Phường Văn Miếu - Quốc Tử Giám, Thành phố Hà Nội');

  await residence.click();
  await page.getByRole('button', { name: 'Chọn lại tỉnh, xã' }).click();
  await expect(page.getByText('Chọn tỉnh/thành phố:')).toBeVisible();
  await page.getByRole('button', { name: 'Thành phố Hà Nội', exact: true }).click();
  await typeOnScreen(page, 'van mieu');
  await shot(page, 'address-commune', '.proc-editor-box');
  await page.getByRole('button', { name: 'Phường Văn Miếu - Quốc Tử Giám', exact: true }).click();
  await page.getByLabel('Số nhà, đường').fill('Số 5 Phố Quốc Tử Giám');
  await page.getByRole('button', { name: 'Xong ✓' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(residence).toContainText('Số 5 Phố Quốc Tử Giám, Phường Văn Miếu - Quốc Tử Giám, Thành phố Hà Nội');
  // Now the citizen's own answer, no longer the card's.
  await expect(residence).not.toContainText('Từ thẻ Căn cước');
  await expect(residence).not.toHaveClass(/has-error/);
  await card.remove();
  await expect(heading(page)).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
});

test('household members changing together: add a person, fill them in, remove one only after saying yes', async ({ page }) => {
  await page.goto(kiosk.url);
  await card.insert();
  await typeDigits(page, sample.idNumber);
  await page.getByRole('button', { name: /Xong/ }).click();
  await expect(heading(page)).toHaveText('Đây có phải là thông tin của ông/bà?', { timeout: 45_000 });
  await page.getByRole('button', { name: 'Đúng, tiếp tục' }).click();
  await page.locator('[data-procedure="thay-doi-thong-tin-cu-tru"]').click();
  const part = page.getByRole('group', { name: 'Những thành viên trong hộ gia đình cùng thay đổi' });
  await expect(part).toContainText('Chưa có ai');

  // Adding a person opens their first item at once, its title saying whose it is.
  await part.getByRole('button', { name: /Thêm người cùng thay đổi/ }).click();
  await expect(page.getByRole('dialog')).toContainText('Họ, chữ đệm và tên — Người cùng thay đổi 1');
  await page.getByTestId('editor-input').fill('Lê Thị Ợn');
  await page.getByRole('button', { name: 'Xong ✓' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.locator('.proc-field[data-path="members[0].sex"]').click();
  await page.getByRole('button', { name: 'Nữ', exact: true }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.locator('.proc-field[data-path="members[0].sex"]')).toContainText('Nữ');

  await part.getByRole('button', { name: /Thêm người cùng thay đổi/ }).click();
  await page.getByTestId('editor-input').fill('Lê Đức Ựng');
  await page.getByRole('button', { name: 'Xong ✓' }).click();
  await expect(page.getByRole('group', { name: 'Người cùng thay đổi 2' })).toContainText('Lê Đức Ựng');
  await part.getByRole('button', { name: /Thêm người cùng thay đổi/ }).scrollIntoViewIfNeeded();
  await shot(page, 'rows');

  // One tap on "Xoá" only asks; "Không xoá" keeps the person.
  const first = page.getByRole('group', { name: 'Người cùng thay đổi 1' });
  await first.getByRole('button', { name: /Xoá người cùng thay đổi 1/ }).click();
  await expect(first.getByRole('alertdialog')).toContainText('Xoá người cùng thay đổi 1 khỏi tờ khai?');
  await expect(first.getByRole('button', { name: 'Có, xoá' })).toBeInViewport();
  await shot(page, 'rows-confirm');
  await first.getByRole('button', { name: 'Không xoá' }).click();
  await expect(first).toContainText('Lê Thị Ợn');
  await first.getByRole('button', { name: /Xoá người cùng thay đổi 1/ }).click();
  await first.getByRole('button', { name: 'Có, xoá' }).click();
  // The second person moves up and becomes number 1.
  await expect(page.locator('.proc-row')).toHaveCount(1);
  await expect(page.getByRole('group', { name: 'Người cùng thay đổi 1' })).toContainText('Lê Đức Ựng');
  await expect(page.locator('body')).not.toContainText('Lê Thị Ợn');
  await card.remove();
  await expect(heading(page)).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
});
