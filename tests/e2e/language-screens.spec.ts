// Every main screen in English, screenshotted into test-results/screenshots-en/ for a person to
// look at: the citizen screens reachable without a card (start, tracking, queue services), the ID
// entry screen a card opens, the procedure journey from the list to the done screen, the staff
// panel and the technician page (demo PINs 2468 and 1357 on a fully simulated kiosk). No
// Vietnamese sentence may be left on them, apart from the way back to Vietnamese and data that is
// Vietnamese by nature (the centre's name, the citizen's name and address, the provincial system's
// own rejection reason shown to the technician). Texts the engine sends — procedure names, form
// labels, validation errors, review, consent, queue services, a dossier's progress, the staff
// outbox advice — come in both languages and follow the switch at once.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { buildSampleCccd } from '../../hardware/card-reader/sample/documents';
import { createSampleCccdApplet } from '../../hardware/simulators/card/emrtd';
import { acquireVirtualReader } from '../../hardware/simulators/card/pcscd-harness';
import { DOSSIER_STATUS_EN } from '../../src/core/dossiers/status';
import { DossierStore } from '../../src/core/dossiers/store';
import { loadApplet } from '../../hardware/simulators/card/simulated-reader';
import { startVirtualCard } from '../../hardware/simulators/card/vpcd';
import { startVirtualPrinter } from '../../hardware/simulators/printer/virtual-printer';
import { expectNoAxeViolations, lowContrast, smallTargets } from './a11y-checks';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

const SHOTS = 'test-results/screenshots-en';
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

let kiosk: KioskProcess;
/** A dossier this kiosk received earlier, some way along (progress screen). */
let tracked = '';
/** A dossier the provincial system refused (its procedure code is malformed): a dead letter with advice. */
let refused = '';

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // Fully simulated (the demo PINs work), with a printer so the staff and technician pages show a device.
  kiosk = await startKioskProcess('devices:\n  printer: { driver: escpos, profile: 80mm, simulate: true }\n');
  // Another connection to the kiosk's encrypted store, as the kiosk's own submit would leave it.
  const store = DossierStore.open({ dataDir: kiosk.dataDir, unitCode: '000.00.00.H00' });
  try {
    const personal = { ownerName: 'Trần Thị Minh Thư', ownerIdNumber: '001195012345', summary: 'Đăng ký thường trú', form: {} };
    tracked = store.submitDossier({ procedureCode: '1.004222', procedureName: 'Đăng ký thường trú', promisedAt: Date.parse('2026-12-07T10:00:00+07:00'), personal, attachments: [] }).code;
    refused = store.submitDossier({ procedureCode: 'KHONG-CO-MA', procedureName: 'Đăng ký khai sinh', personal, attachments: [] }).code;
  } finally {
    store.close();
  }
});
test.afterAll(async () => kiosk?.stop());

/** Lines of `area` that still hold Vietnamese, less the ones that are data rather than interface. */
async function vietnameseLines(area: Locator, data: readonly string[] = []): Promise<string[]> {
  const lines = (await area.innerText()).split('\n').map((l) => l.trim());
  return lines.filter((l) => VIETNAMESE.test(l) && l !== 'Tiếng Việt' && !data.some((d) => l.includes(d)));
}

async function toEnglish(page: Page): Promise<void> {
  await page.goto(kiosk.url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Please place your ID card on the reader');
}

test('citizen screens without a card are all in English', async ({ page }) => {
  await toEnglish(page);
  const main = page.locator('.kiosk-main');
  expect(await vietnameseLines(main)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/attract.png` });

  await page.getByRole('button', { name: /Check an application/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Check an application's progress");
  expect(await vietnameseLines(main)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/tracking.png` });
  // A code the kiosk does not know: the engine's error, in English.
  const keyboard = page.getByRole('group', { name: 'Vietnamese keyboard' });
  for (const d of '12345') await keyboard.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^(No application with this code was found on this machine|This application code is not valid)\./);
  expect(await vietnameseLines(main)).toEqual([]);
  // Read aloud as two sentences, not "receipt.. Check".
  await expect(page.getByTestId('captions')).toContainText(/receipt\. Check an application's progress/);
  await page.screenshot({ path: `${SHOTS}/tracking-error.png` });
  await page.getByRole('button', { name: 'Back' }).click();

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('button', { name: /Take a queue number/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('What do you need to do?');
  // The centre's services, named in both languages by its configuration (here the built-in ones).
  await expect(main.locator('.service-button').first()).toHaveText('Civil status (births, deaths, marriages)');
  await expect(main.locator('.service-button')).toHaveCount(6);
  expect(await vietnameseLines(main)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/queue-services.png` });
  // Switched back, the same list is Vietnamese at once: the screen had both.
  await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
  await expect(main.locator('.service-button').first()).toHaveText('Hộ tịch (khai sinh, khai tử, kết hôn)');
});

test("a dossier's progress is in English: procedure, status and every step of the timeline", async ({ page }) => {
  // The (simulated) provincial system has the dossier and is processing it: the lookup pulls that.
  await expect.poll(() => upstreamStatus(tracked), { timeout: 30_000 }).not.toBeNull();
  const upstream = new Database(path.join(kiosk.dataDir, 'upstream-simulator.db'));
  try {
    upstream.prepare('UPDATE hoso SET status = 4 WHERE ma_ho_so = ?').run(tracked);
  } finally {
    upstream.close();
  }
  await toEnglish(page);
  const main = page.locator('.kiosk-main');
  await page.getByRole('button', { name: /Check an application/ }).click();
  for (const c of tracked.toLowerCase()) await main.locator(`[data-key="${c}"]`).click();
  await expect(page.locator('.code-display')).toHaveText(tracked);
  await page.getByRole('button', { name: 'Look up' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(tracked);
  await expect(main).toContainText('Permanent residence registration');
  await expect(page.getByTestId('tracking-status')).toHaveText('Being processed');
  const steps = main.locator('.timeline-text');
  // Received here (kiosk), then in processing (provincial system), maybe accepted in between.
  expect((await steps.allInnerTexts()).length).toBeGreaterThanOrEqual(2);
  for (const step of await steps.allInnerTexts()) expect(Object.values(DOSSIER_STATUS_EN)).toContain(step);
  await expect(steps.filter({ hasText: /^Newly registered$/ })).toHaveCount(1);
  await expect(steps.filter({ hasText: /^Being processed$/ })).toHaveCount(1);
  expect(await vietnameseLines(main)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/tracking-timeline.png` });
  // Back to Vietnamese on the same screen: no new lookup needed, the words follow at once.
  await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
  await expect(main).toContainText('Đăng ký thường trú');
  await expect(page.getByTestId('tracking-status')).toHaveText('Đang xử lý');
  await expect(steps.filter({ hasText: /^Mới đăng ký$/ })).toHaveCount(1);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Hồ sơ ${tracked}`);
});

test('the staff panel and the technician page are in English', async ({ page }) => {
  await toEnglish(page);
  await page.evaluate(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F24', code: 'F24' })));
  await expect(page.getByRole('heading', { name: 'Staff modes' })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/staff-choose.png` });
  await page.getByRole('button', { name: 'Staff', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Enter the staff PIN' })).toBeVisible();
  const pad = page.getByRole('group', { name: 'Number pad' });
  await pad.getByRole('button', { name: '9', exact: true }).click();
  await pad.getByRole('button', { name: '9', exact: true }).click();
  await pad.getByRole('button', { name: '9', exact: true }).click();
  await pad.getByRole('button', { name: '9', exact: true }).click();
  await page.getByRole('button', { name: 'Unlock' }).click();
  // The engine's answer to a wrong PIN, translated, with the count of tries carried over.
  await expect(page.getByRole('alert')).toHaveText(/^Wrong PIN\. \d+ tries left\.$/);
  await page.screenshot({ path: `${SHOTS}/staff-pin-wrong.png` });
  for (const d of '2468') await pad.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'Unlock' }).click();
  const panel = page.locator('.staff-panel');
  await expect(page.getByRole('heading', { name: 'Staff mode' })).toBeVisible();
  await expect(page.getByTestId('queue-today')).toBeVisible();
  await expect(page.getByTestId('staff-banner')).toContainText('Unlocked in staff mode until');
  // The queue table names the centre's services in English too.
  await expect(page.getByTestId('queue-today').locator('tbody th').first()).toHaveText('Civil status (births, deaths, marriages)');
  // The refused dossier: the advice and its procedure in English; the provincial system's own
  // reason stays as it was given (for the technician, next to its label).
  const deadRow = page.getByTestId(`outbox-row-${refused}`);
  await expect(deadRow).toHaveAttribute('data-state', 'dead', { timeout: 30_000 });
  await expect(deadRow.getByTestId('outbox-advice')).toHaveText(/^The province's one-stop system did not accept this application \(reason below\)\. .*"Send the application again"/);
  await expect(deadRow.locator('.outbox-procedure')).toHaveText('Birth registration');
  expect(await vietnameseLines(panel, ['Reason (for the technician):'])).toEqual([]);
  expect(await vietnameseLines(page.getByTestId('staff-banner'))).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/staff-panel.png` });
  await deadRow.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/staff-outbox-advice.png` });
  // An action's result, as the engine words it, in English too (the province refuses it again).
  await deadRow.getByRole('button', { name: 'Send the application again' }).click();
  await expect(page.getByTestId('staff-notice')).toHaveText("Sending 1 application to the province's system again.");
  await expect(deadRow).toHaveAttribute('data-state', 'dead', { timeout: 30_000 });
  // The panel scrolls inside its overlay: one picture per part.
  await page.getByTestId('queue-today').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/staff-panel-queue.png` });
  await page.getByRole('button', { name: 'Type an application code to reprint' }).click();
  await page.screenshot({ path: `${SHOTS}/staff-reprint.png` });
  await page.getByRole('button', { name: 'Lock', exact: true }).click();

  await page.evaluate(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F24', code: 'F24' })));
  await page.getByRole('button', { name: 'Technician', exact: true }).click();
  for (const d of '1357') await pad.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'Device checks' })).toBeVisible();
  await expect(page.getByTestId('tech-state-printer')).toHaveText('Ready', { timeout: 20_000 });
  await page.getByTestId('tech-device-printer').getByRole('button', { name: 'Test' }).click();
  await expect(page.getByTestId('tech-result-printer')).toContainText('✓ Passed', { timeout: 30_000 });
  await expect(page.getByTestId('tech-printer-settings')).toContainText('Printer: darkness and paper cut');
  expect(await vietnameseLines(panel)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/technician.png` });
  await page.getByTestId('tech-printer-settings').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/technician-printer.png` });
  await page.getByRole('heading', { name: 'Device event log' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/technician-events.png` });
});

test('the ID entry screen a card opens is in English', async ({ page }) => {
  test.setTimeout(240_000);
  // The virtual card slots are shared with every other test process on the machine: wait for one.
  const lease = await acquireVirtualReader({ timeoutMs: 150_000 });
  const card = startVirtualCard({ applet: await loadApplet('fs'), port: lease.port });
  const withCard = await startKioskProcess(`devices:\n  cardReader: { driver: pcsc, reader: ${JSON.stringify(lease.readerName)}, simulate: false }\n`);
  try {
    await page.goto(withCard.url);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await card.insert();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enter the 12 digits of your ID number');
    expect(await vietnameseLines(page.locator('.kiosk-main'))).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/enter-id.png` });
  } finally {
    await withCard.stop();
    await card.close();
    await lease.release();
  }
});

function upstreamStatus(dossierCode: string): number | null {
  let upstream: Database.Database;
  try {
    upstream = new Database(path.join(kiosk.dataDir, 'upstream-simulator.db'), { readonly: true, fileMustExist: true });
  } catch {
    return null; // the simulator has not created its store yet
  }
  try {
    const row = upstream.prepare('SELECT status FROM hoso WHERE ma_ho_so = ?').get(dossierCode) as { status: number } | undefined;
    return row?.status ?? null;
  } finally {
    upstream.close();
  }
}

/** Texts of `locator`'s matches that still hold Vietnamese letters. */
async function vietnameseIn(locator: Locator): Promise<string[]> {
  return (await locator.allInnerTexts()).map((t) => t.trim()).filter((t) => VIETNAMESE.test(t));
}

test('the procedure journey is in English: list, search, form, a validation error, review, consent and done', async ({ page }) => {
  test.setTimeout(300_000);
  const sample = buildSampleCccd();
  const lease = await acquireVirtualReader({ timeoutMs: 150_000 });
  const card = startVirtualCard({ applet: createSampleCccdApplet(), port: lease.port });
  const printer = await startVirtualPrinter({ transport: 'tcp', port: 0 });
  const withCard = await startKioskProcess(
    `devices:\n  cardReader: { driver: pcsc, reader: ${JSON.stringify(lease.readerName)}, simulate: false }\n` +
      `  printer: { driver: escpos, uri: ${JSON.stringify(printer.uri)}, profile: 80mm, simulate: false }\n`,
  );
  const h1 = page.getByRole('heading', { level: 1 });
  const main = page.locator('.kiosk-main');
  const onScreen = async (text: string) => {
    for (const c of text) await (c === ' ' ? page.getByRole('button', { name: 'Space' }) : page.locator(`[data-key="${c}"]`)).click();
  };
  const fill = async (path: string, value: string) => {
    await page.locator(`.proc-field[data-path="${path}"]`).click();
    await page.getByTestId('editor-input').fill(value);
    await page.getByRole('button', { name: 'Done ✓' }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
  };
  try {
    await page.goto(withCard.url);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await card.insert();
    await expect(h1).toHaveText('Enter the 12 digits of your ID number');
    for (const d of sample.idNumber) await page.getByRole('button', { name: d, exact: true }).click();
    await page.getByRole('button', { name: 'Done ✓' }).click();
    await expect(h1).toHaveText('Are these your details?', { timeout: 45_000 });
    await page.getByRole('button', { name: 'Yes, continue' }).click();

    // The list: procedure names, sectors and the groups' one-sentence explanations, all English.
    await expect(h1).toHaveText('What do you need to do?');
    await expect(page.locator('[data-procedure="khai-sinh"]')).toHaveText('Birth registration');
    await expect(page.locator('[data-procedure="lien-thong-khai-tu"]')).toContainText('Fill in one form and get 3 things done at once: death registration');
    await expect(page.locator('.proc-sector-title').first()).toHaveText('Civil status');
    expect(await vietnameseLines(main)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/procedure-choose.png` });
    await expectNoAxeViolations(page, 'choose (en)');
    // English words find procedures too; the keyboard starts without Telex accents, which would turn "birth" into "bỉth".
    await page.getByLabel('Search procedures (English or Vietnamese; accents are optional)').click();
    await expect(page.getByRole('button', { name: /^Accents/ })).toHaveAttribute('aria-pressed', 'false');
    await onScreen('birth registration');
    await expect(page.getByLabel('Search procedures (English or Vietnamese; accents are optional)')).toHaveValue('birth registration');
    await expect(page.locator('[data-procedure]').first()).toHaveText('Birth registration');
    await page.screenshot({ path: `${SHOTS}/procedure-search.png` });
    await page.getByRole('button', { name: 'Clear search' }).click();
    await page.getByRole('button', { name: 'Hide keyboard' }).click();
    await page.locator('[data-procedure="thay-doi-thong-tin-cu-tru"]').click();

    // The form: title, section titles and labels in English; the citizen's data as on the card.
    await expect(h1).toHaveText('Residence information change');
    const phone = page.locator('.proc-field[data-path="requester.phone"]');
    await expect(phone.locator('.proc-field-label')).toContainText('Phone number');
    await expect(page.locator('.proc-field[data-path="requester.fullName"]')).toContainText('From your ID card');
    await expect(page.locator('.proc-field[data-path="person.sex"] .proc-field-value')).toHaveText('Female');
    expect(await vietnameseIn(page.locator('.proc-field-label, .proc-section-title, .proc-add-row'))).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/procedure-form.png` });
    // A switch mid-form follows at once, both ways, and keeps what is on the form.
    await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
    await expect(h1).toHaveText('Điều chỉnh thông tin về cư trú');
    await expect(phone.locator('.proc-field-label')).toContainText('Số điện thoại');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await expect(h1).toHaveText('Residence information change');

    // Continuing with empty required items: the engine's reasons, in English, next to each field.
    await page.getByRole('button', { name: 'Continue ›' }).click();
    await expect(page.getByTestId('form-message')).toHaveText('Some items are not filled in or not right yet. They are marked in red below; please check them.');
    await expect(phone).toHaveClass(/has-error/);
    await expect(phone).toContainText('Not filled in yet. Please tap here to fill it in.');
    expect(await vietnameseIn(page.locator('.proc-field-error'))).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/procedure-form-errors.png` });
    await expectNoAxeViolations(page, 'form errors (en)');
    await phone.click();
    await expect(page.getByRole('heading', { name: 'Phone number' })).toBeVisible();
    await onScreen('12345');
    await page.getByRole('button', { name: 'Done ✓' }).click();
    await expect(page.getByTestId('editor-error')).toHaveText(/^Invalid phone number: mobile 10 digits/);
    await page.screenshot({ path: `${SHOTS}/procedure-editor-error.png` });
    for (let i = 0; i < 5; i++) await page.getByRole('button', { name: 'Delete the last digit' }).click();
    await onScreen('0912345678');
    await page.getByRole('button', { name: 'Done ✓' }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await fill('household.headName', 'Lê Đức Thắng');
    await fill('household.relationshipToHead', 'Con');
    await fill('household.headPersonalId', '001088054321');
    await fill('change.content', 'Điều chỉnh nghề nghiệp');
    await expect(page.locator('.proc-field.has-error')).toHaveCount(0);

    // The review: labels, option values, fee, papers and consent in English; the Vietnamese consent shown as the binding one.
    await page.getByRole('button', { name: 'Continue ›' }).click();
    await expect(h1).toHaveText('Please check everything');
    await expect(page.locator('.proc-review-name')).toHaveText('Residence information change');
    await expect(page.locator('.proc-summary-row').filter({ has: page.locator('dt', { hasText: /^Sex$/ }) }).first().locator('dd')).toContainText('Female');
    await expect(page.locator('.proc-facts')).toContainText('Fee: No fee');
    await expect(page.locator('.proc-documents')).toContainText('Proof of the changed information');
    await expect(page.getByTestId('consent-text')).toContainText('Decree 13/2023/ND-CP');
    await expect(page.getByTestId('consent-text')).toContainText('"Residence information change"');
    await expect(page.getByTestId('consent-text-binding')).toContainText('Nghị định 13/2023/NĐ-CP');
    expect(await vietnameseIn(page.locator('.proc-screen h2, .proc-summary dt, .proc-facts, .proc-documents, [data-testid="consent-text"], .proc-bottom'))).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/procedure-review.png` });
    // The screen scrolls inside the kiosk frame: one picture per part.
    await page.locator('.proc-facts').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/procedure-review-fee-papers.png` });
    await page.getByTestId('consent-text-binding').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/procedure-review-consent.png` });
    expect(await lowContrast(page, '.proc-screen'), 'review: contrast').toEqual([]);
    expect(await smallTargets(page, '.proc-screen', 44), 'review: target size').toEqual([]);
    // The Vietnamese consent under the English one is marked lang="vi" for screen readers.
    await expectNoAxeViolations(page, 'review (en)');
    await page.getByRole('checkbox', { name: /I have read this and I agree/ }).click();
    const jobsBefore = printer.jobs().length;
    await page.getByRole('button', { name: 'Submit' }).click();

    // Done: the procedure's name and the receipt line in English (the receipt itself prints in Vietnamese).
    await expect(h1).toHaveText('Your application has been received', { timeout: 30_000 });
    await expect(page.getByTestId('submitted-procedure')).toHaveText('Residence information change');
    await expect(main).toContainText('Please take the receipt from the printer slot');
    expect(await vietnameseLines(main)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/procedure-done.png` });
    await expectNoAxeViolations(page, 'done (en)');
    expect((await printer.waitForJobs(jobsBefore + 1)).at(-1)!.complete).toBe(true);
    await page.getByRole('button', { name: 'Done', exact: true }).click();
    await expect(h1).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
    await card.remove();
  } finally {
    await withCard.stop();
    await printer.stop();
    await card.close();
    await lease.release();
  }
});
