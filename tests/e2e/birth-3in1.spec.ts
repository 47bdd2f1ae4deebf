// The interconnected birth procedure ("3 in 1": birth registration, permanent residence, child
// health-insurance card) as a mother lives it at the kiosk, on real parts: her card on the reader
// (pcscd + vpcd), the chip read, the group chosen, every question the card cannot answer filled
// through the kiosk's own editors (on-screen keyboard, option buttons, date picker, province →
// commune), review and consent, the receipt printed on the virtual printer — and the receipt's QR,
// shown to the QR scanner, finds that same dossier in the kiosk's store.
import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { SAMPLE_CITIZEN, buildSampleCccd } from '../../hardware/card-reader/sample/documents';
import type { VirtualCard } from '../../hardware/simulators/card/vpcd';
import type { VirtualPrinter } from '../../hardware/simulators/printer/virtual-printer';
import type { VirtualQrScanner } from '../../hardware/simulators/qr-scanner/virtual';
import { parseReceiptQrPayload } from '../../src/core/tickets/receipt-qr';
import { saveScreen } from './a11y-checks';
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
  kiosk = await startKioskProcess(rig.devicesYaml);
});

test.afterAll(async () => {
  await kiosk?.stop();
  await rig?.stop();
});

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

type Answer = { text: string } | { choose: string } | { date: string } | { address: { province: string; commune: string; detail: string } };

/** The baby: born ten days ago, so the date is valid on whatever day the test runs. */
const born = new Date(Date.now() - 10 * 86_400_000);
const BABY_BIRTHDAY = `${String(born.getDate()).padStart(2, '0')}/${String(born.getMonth() + 1).padStart(2, '0')}/${born.getFullYear()}`;
const HOME = { province: 'Thành phố Hà Nội', commune: 'Phường Văn Miếu - Quốc Tử Giám', detail: 'Số 12 phố Văn Miếu' };

/**
 * What the mother answers, by field path, for every question the chip cannot answer. The test
 * fills only what the kiosk marks as missing, so a field the kiosk pre-fills (or no longer asks)
 * is left alone, and a question nobody expected fails the test by name.
 */
const ANSWERS: Record<string, Answer> = {
  'requester.relationship': { choose: 'Mẹ' },
  'requester.phone': { text: '0912345678' },
  'child.fullName': { text: 'Lê Minh An' },
  'child.dateOfBirth': { date: BABY_BIRTHDAY },
  'child.dateOfBirthInWords': { text: 'Ngày mười tháng mười một năm hai nghìn không trăm hai mươi sáu' },
  'child.sex': { choose: 'Nam' },
  'child.ethnicity': { text: 'Kinh' },
  'child.nationality': { text: 'Việt Nam' },
  'child.placeOfBirth': { address: HOME },
  'child.placeOfOrigin': { text: 'Xã Đức Hợp, tỉnh Hưng Yên' },
  'child.birthRegistrationPlace': { address: HOME },
  'fatherDeclared.declared': { choose: 'Có' },
  'father.fullName': { text: 'Lê Đức Thắng' },
  'father.dateOfBirth': { date: '02/11/1988' },
  'father.personalId': { text: '001088054321' },
  'father.ethnicity': { text: 'Kinh' },
  'father.nationality': { text: 'Việt Nam' },
  'father.residence': { address: HOME },
  'registration.hasBirthNotice': { choose: 'Có' },
  'registration.birthNoticeNumber': { text: 'GCS-2026-00123' },
  'registration.copies': { text: '2' },
  'person.occupation': { text: 'Trẻ em dưới 6 tuổi' },
  'household.headName': { text: 'Lê Đức Thắng' },
  'household.relationshipToHead': { text: 'Con' },
  'household.headPersonalId': { text: '001088054321' },
  'residence.address': { address: HOME },
  'residence.relationToOwner': { choose: 'Vợ, chồng, con, cha mẹ của chủ hộ/chủ sở hữu' },
  'residence.ownerConsent': { choose: 'Có' },
  'delivery.resultAddress': { address: HOME },
};

async function answer(page: Page, path: string, a: Answer) {
  await page.locator(`.proc-field[data-path="${path}"]`).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  if ('text' in a) {
    await page.getByTestId('editor-input').fill(a.text);
    await dialog.getByRole('button', { name: 'Xong ✓' }).click();
  } else if ('choose' in a) {
    await dialog.getByRole('button', { name: a.choose, exact: true }).click();
  } else if ('date' in a) {
    const [d, m, y] = a.date.split('/').map(Number);
    // Year, then month, then day: the day list follows the month's length.
    await dialog.getByLabel('Năm (gõ 4 số)').fill(String(y));
    await dialog.getByRole('combobox', { name: 'Tháng', exact: true }).selectOption(String(m));
    await dialog.getByRole('combobox', { name: 'Ngày', exact: true }).selectOption(String(d));
    await dialog.getByRole('button', { name: 'Xong ✓' }).click();
  } else {
    const again = dialog.getByRole('button', { name: 'Chọn lại tỉnh, xã' });
    if (await again.isVisible()) await again.click();
    await dialog.getByRole('button', { name: a.address.province, exact: true }).click();
    await dialog.getByRole('button', { name: a.address.commune, exact: true }).click();
    await dialog.getByLabel('Số nhà, đường').fill(a.address.detail);
    await dialog.getByRole('button', { name: 'Xong ✓' }).click();
  }
  await expect(dialog, `the answer to ${path} was accepted`).toHaveCount(0);
  await expect(page.locator(`.proc-field[data-path="${path}"]`)).not.toHaveClass(/has-error/);
}

test('birth 3-in-1: card -> group -> every missing answer through the editors -> review -> receipt QR finds the dossier', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(kiosk.url);
  await card.insert();
  await expect(heading(page)).toHaveText('Nhập 12 số căn cước của ông/bà');
  for (const d of sample.idNumber) await page.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: /Xong/ }).click();
  await expect(heading(page)).toHaveText('Đây có phải là thông tin của ông/bà?', { timeout: 45_000 });
  await page.getByRole('button', { name: 'Đúng, tiếp tục' }).click();

  // The group says in one sentence what it does, and opens one form for all three procedures.
  const group = page.locator('[data-procedure="lien-thong-khai-sinh"]');
  await expect(group).toContainText('Khai một lần, làm cùng lúc 3 việc');
  await group.click();
  await expect(heading(page)).toContainText('Liên thông đăng ký khai sinh');
  // The mother's own data comes from her chip.
  await expect(page.locator('.proc-field[data-path="requester.fullName"]')).toContainText(SAMPLE_CITIZEN.fullName!);
  await saveScreen(page, 'birth-3in1-form');

  // "Tiếp tục" marks what is missing; answering may reveal more (the father's section once the
  // father is declared), so the kiosk is asked again until it has nothing left to ask.
  const answered: string[] = [];
  for (let round = 0; round < 6; round++) {
    await page.getByRole('button', { name: 'Tiếp tục ›' }).click();
    const review = heading(page).filter({ hasText: 'Xin ông/bà kiểm tra lại' });
    const missing = page.locator('.proc-field.has-error');
    await expect(review.or(missing.first())).toBeVisible();
    if (await review.isVisible()) break;
    const paths = await missing.evaluateAll((els) => els.map((e) => e.getAttribute('data-path')!));
    const known = paths.filter((p) => p in ANSWERS);
    // Some questions answer themselves once another is answered (the mother's own data, from her
    // chip, once she says she is the mother): only a question left with nothing else to answer fails.
    if (known.length === 0) expect(paths, 'questions the test has no answer for').toEqual([]);
    for (const path of known) {
      await answer(page, path, ANSWERS[path]!);
      answered.push(path);
    }
  }
  await expect(heading(page)).toHaveText('Xin ông/bà kiểm tra lại');
  // She said she is the mother: the mother's section was filled from her own chip, not typed.
  expect(answered.filter((p) => p.startsWith('mother.'))).toEqual([]);
  await expect(page.locator('main')).toContainText(SAMPLE_CITIZEN.fullName!);
  // The questions of all three procedures were asked in the one form.
  expect(answered).toEqual(expect.arrayContaining(['child.fullName', 'household.headName', 'residence.address']));
  await saveScreen(page, 'birth-3in1-review');

  await page.getByRole('checkbox', { name: /Tôi đã đọc và đồng ý/ }).click();
  const jobsBefore = printer.jobs().length;
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(heading(page)).toHaveText('Hồ sơ đã được tiếp nhận', { timeout: 60_000 });
  const code = (await page.getByTestId('dossier-code').textContent())!;
  await saveScreen(page, 'birth-3in1-submitted');

  // The printed receipt's QR (decoded from the virtual printer's raster) carries that code.
  const receipt = (await printer.waitForJobs(jobsBefore + 1)).at(-1)!;
  expect(receipt.complete).toBe(true);
  writeFileSync('test-results/birth-3in1-receipt.png', receipt.png);
  const qrText = Buffer.from(receipt.qrPayloads[0]!).toString('utf8');
  const qr = parseReceiptQrPayload(qrText);
  expect(qr.dossierCode).toBe(code);
  expect(qr.applicantId).toBe(sample.idNumber);

  // She does what the screen asks, takes her card: the journey ends normally, with no alarming
  // "card taken out" notice, and nothing of hers left on screen.
  await card.remove();
  await expect(heading(page)).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  await expect(page.getByTestId('attract-notice')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(SAMPLE_CITIZEN.fullName!);

  // The same receipt at the QR scanner: the kiosk's store knows the dossier by that code.
  await scanner.send(qrText);
  await expect(page.getByTestId('tracking-status')).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('main')).toContainText(code);
  await expect(page.locator('main')).toContainText('Liên thông đăng ký khai sinh');
  await saveScreen(page, 'birth-3in1-tracking');
});
