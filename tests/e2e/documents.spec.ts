// The documents step as a citizen lives it, on real parts: card on the reader (pcscd + vpcd), the
// form filled on screen, then the paper the procedure requires placed on the document scanner —
// SANE's test device through scanimage — previewed, a second sheet added and taken away, a
// rescan, and the dossier submitted. The page must arrive as a PDF in the kiosk's encrypted store
// and, through the sync worker, in the reference upstream server's copy of the dossier.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { PDFDocument } from 'pdf-lib';
import { expect, test, type Page } from '@playwright/test';
import { buildSampleCccd } from '../../hardware/card-reader/sample/documents';
import { createSampleCccdApplet } from '../../hardware/simulators/card/emrtd';
import { acquireVirtualReader, type VirtualReaderLease } from '../../hardware/simulators/card/pcscd-harness';
import { startVirtualCard, type VirtualCard } from '../../hardware/simulators/card/vpcd';
import { DossierStore } from '../../src/core/dossiers/store';
import { lowContrast, smallTargets } from './a11y-checks';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

const sample = buildSampleCccd();
const DOC = 'giay-to-chung-minh-thay-doi';
const UNIT = '000.00.00.H00';
let lease: VirtualReaderLease;
let card: VirtualCard;
let kiosk: KioskProcess;

test.beforeAll(async () => {
  lease = await acquireVirtualReader();
  card = startVirtualCard({ applet: createSampleCccdApplet(), port: lease.port });
  // No printer: the receipt is not this test's subject (the screen says to note the code instead).
  kiosk = await startKioskProcess(
    `devices:\n  cardReader: { driver: pcsc, reader: ${JSON.stringify(lease.readerName)}, simulate: false }\n` +
      `  documentScanner: { driver: sane, device: test, resolution: 300, simulate: true }\n`,
  );
});

test.afterAll(async () => {
  await kiosk?.stop();
  await card?.close();
  await lease?.release();
});

const heading = (page: Page) => page.getByRole('heading', { level: 1 });

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/documents-${name}.png`, fullPage: true });
  expect(await lowContrast(page, '.proc-screen'), `${name}: contrast`).toEqual([]);
  expect(await smallTargets(page, '.proc-screen', 44), `${name}: target size`).toEqual([]);
}

async function fillField(page: Page, fieldPath: string, value: string) {
  await page.locator(`.proc-field[data-path="${fieldPath}"]`).click();
  await page.getByTestId('editor-input').fill(value);
  await page.getByRole('button', { name: 'Xong ✓' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

/** Card in, ID typed, identity confirmed, the residence-change form filled: the documents step is next. */
async function throughTheForm(page: Page) {
  await page.goto(kiosk.url);
  await expect(page.locator('.overlay')).toHaveCount(0);
  await card.insert();
  await expect(heading(page)).toHaveText('Nhập 12 số căn cước của ông/bà');
  for (const d of sample.idNumber) await page.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: /Xong/ }).click();
  await expect(heading(page)).toHaveText('Đây có phải là thông tin của ông/bà?', { timeout: 45_000 });
  await page.getByRole('button', { name: 'Đúng, tiếp tục' }).click();
  await page.locator('[data-procedure="thay-doi-thong-tin-cu-tru"]').click();
  await expect(heading(page)).toHaveText('Điều chỉnh thông tin về cư trú');
  await fillField(page, 'requester.phone', '0912345678');
  await fillField(page, 'household.headName', 'Lê Đức Thắng');
  await fillField(page, 'household.relationshipToHead', 'Con');
  await fillField(page, 'household.headPersonalId', '001088054321');
  await fillField(page, 'change.content', 'Điều chỉnh nghề nghiệp trong Cơ sở dữ liệu về cư trú');
  await page.getByRole('button', { name: 'Tiếp tục ›' }).click();
}

test('scan the required paper, add and drop a sheet, rescan, submit: the PDF reaches the store and upstream', async ({ page }) => {
  await throughTheForm(page);

  // The step: a picture of the glass, the instruction in plain words, the paper marked required.
  await expect(heading(page)).toHaveText('Quét giấy tờ kèm theo');
  await expect(page.getByTestId('documents-instruction')).toContainText('mặt có chữ úp xuống');
  await expect(page.getByRole('img', { name: /đặt giấy lên mặt kính/ })).toBeVisible();
  const paper = page.locator(`[data-document="${DOC}"]`);
  await expect(paper).toContainText('Giấy tờ chứng minh thông tin thay đổi');
  await expect(paper).toContainText('Bắt buộc — chưa quét');
  await shot(page, '1-step');

  // Continuing without it: told what is missing, and the screen stays.
  await page.getByRole('button', { name: 'Tiếp tục ›' }).click();
  await expect(page.getByTestId('documents-message')).toContainText('Còn 1 giấy tờ bắt buộc chưa quét');
  await expect(heading(page)).toHaveText('Quét giấy tờ kèm theo');

  // Scan: the preview is the page as it will be filed.
  await paper.getByRole('button', { name: 'Quét giấy tờ này' }).click();
  await expect(paper.getByRole('img', { name: 'Trang 1 đã quét' })).toBeVisible({ timeout: 30_000 });
  await expect(paper).toContainText('Đã quét 1 trang');
  const preview = await paper.getByRole('img', { name: 'Trang 1 đã quét' }).evaluate((img: HTMLImageElement) => ({ w: img.naturalWidth, h: img.naturalHeight, src: img.src.slice(0, 23) }));
  expect(preview.src).toBe('data:image/jpeg;base64,');
  // SANE's test glass is 80 × 100 mm: the preview keeps the sheet's proportions.
  expect(preview.h / preview.w).toBeCloseTo(1.25, 1);
  await shot(page, '2-scanned');

  // A second sheet, then taken away again; then a rescan replaces the page.
  await paper.getByRole('button', { name: 'Quét thêm trang' }).click();
  await expect(paper).toContainText('Đã quét 2 trang', { timeout: 30_000 });
  await expect(paper.getByRole('img', { name: 'Trang 2 đã quét' })).toBeVisible();
  await shot(page, '3-two-pages');
  await paper.getByRole('button', { name: 'Bỏ trang 2' }).click();
  await expect(paper).toContainText('Đã quét 1 trang');
  await expect(paper.getByRole('img', { name: 'Trang 2 đã quét' })).toHaveCount(0);
  await paper.getByRole('button', { name: 'Quét lại' }).click();
  await expect(paper.getByRole('button', { name: 'Quét lại' })).toBeEnabled({ timeout: 30_000 });
  await expect(paper).toContainText('Đã quét 1 trang');

  // Removing the whole paper brings the requirement back; scan it once more to go on.
  await paper.getByRole('button', { name: 'Bỏ giấy tờ này' }).click();
  await expect(paper).toContainText('Bắt buộc — chưa quét');
  await paper.getByRole('button', { name: 'Quét giấy tờ này' }).click();
  await expect(paper).toContainText('Đã quét 1 trang', { timeout: 30_000 });

  await page.getByRole('button', { name: 'Tiếp tục ›' }).click();
  await expect(heading(page)).toHaveText('Xin ông/bà kiểm tra lại');
  // The review says the paper is already handed in.
  await expect(page.locator('.proc-documents li', { hasText: 'Giấy tờ chứng minh thông tin thay đổi' })).toContainText('Đã quét tại máy');
  await page.locator('.proc-documents').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/documents-5-review.png' });
  await page.getByRole('checkbox', { name: /Tôi đã đọc và đồng ý/ }).click();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(heading(page)).toHaveText('Hồ sơ đã được tiếp nhận', { timeout: 30_000 });
  const code = (await page.getByTestId('dossier-code').textContent())!;

  // In the kiosk's store: one PDF for the paper, one page, encrypted at rest (read back through the key).
  const store = DossierStore.open({ dataDir: kiosk.dataDir, unitCode: UNIT });
  let sha256: string;
  try {
    const atts = store.getAttachments(code);
    expect(atts).toHaveLength(1);
    expect(atts[0]).toMatchObject({ name: `${DOC}.pdf`, componentCode: DOC, mime: 'application/pdf' });
    const pdf = await PDFDocument.load(store.readAttachment(atts[0]!));
    expect(pdf.getPageCount()).toBe(1);
    sha256 = atts[0]!.sha256;
  } finally {
    store.close();
  }

  // Upstream: the sync worker uploads the file (resumable, by SHA-256) before it files the HoSo.
  // (This procedure has no verified national code yet, so the reference server then refuses the
  // HoSo record itself; the file transfer is what the documents step adds.)
  const upstream = new Database(path.join(kiosk.dataDir, 'upstream-simulator.db'), { readonly: true });
  try {
    const uploaded = () => upstream.prepare('SELECT data, complete FROM files WHERE id = ?').get(sha256) as { data: Buffer; complete: number } | undefined;
    await expect.poll(() => uploaded()?.complete ?? 0, { timeout: 60_000 }).toBe(1);
    expect((await PDFDocument.load(uploaded()!.data)).getPageCount()).toBe(1);
  } finally {
    upstream.close();
  }

  await page.getByRole('button', { name: 'Xong', exact: true }).click();
  await expect(heading(page)).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  await expect(page.locator('img[src^="data:image/jpeg"]')).toHaveCount(0);
  await card.remove();
});

test('leaving the step after scanning and ending the session forgets the pages', async ({ page }) => {
  await throughTheForm(page);
  await expect(heading(page)).toHaveText('Quét giấy tờ kèm theo');
  const paper = page.locator(`[data-document="${DOC}"]`);
  await paper.getByRole('button', { name: 'Quét giấy tờ này' }).click();
  await expect(paper).toContainText('Đã quét 1 trang', { timeout: 30_000 });
  // Back to the form keeps the scan (the citizen only fixes a typo)…
  await page.getByRole('button', { name: '‹ Sửa tờ khai' }).click();
  await expect(heading(page)).toHaveText('Điều chỉnh thông tin về cư trú');
  await page.getByRole('button', { name: 'Tiếp tục ›' }).click();
  await expect(paper).toContainText('Đã quét 1 trang');
  // …taking the card away forgets it with everything else.
  await card.remove();
  await expect(heading(page)).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  await expect(page.locator('img[src^="data:image/jpeg"]')).toHaveCount(0);
  await throughTheForm(page);
  await expect(page.locator(`[data-document="${DOC}"]`)).toContainText('Bắt buộc — chưa quét');
  await card.remove();
});

test('in English the papers, the engine’s “still needed” sentence and the review’s marks are English', async ({ page }) => {
  await throughTheForm(page);
  await expect(heading(page)).toHaveText('Quét giấy tờ kèm theo');
  await page.getByRole('button', { name: 'Tiếp tục ›' }).click();
  await expect(page.getByTestId('documents-message')).toHaveText('Còn 1 giấy tờ bắt buộc chưa quét: Giấy tờ chứng minh thông tin thay đổi.');
  // Switched on the documents step itself: the papers' names and the message already shown follow at once.
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(heading(page)).toHaveText('Scan the papers that go with it');
  const paper = page.locator(`[data-document="${DOC}"]`);
  await expect(paper.getByRole('heading')).toHaveText('Proof of the changed information');
  await expect(paper).toContainText('Required — not scanned');
  await expect(page.getByTestId('documents-message')).toHaveText('1 required paper is not scanned yet: Proof of the changed information.');
  mkdirSync('test-results/screenshots-en', { recursive: true });
  await page.screenshot({ path: 'test-results/screenshots-en/documents.png' });
  await paper.getByRole('button', { name: 'Scan this paper' }).click();
  await expect(paper.getByRole('img', { name: 'Scanned page 1' })).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: 'test-results/screenshots-en/documents-scanned.png' });
  await page.getByRole('button', { name: 'Continue ›' }).click();
  await expect(heading(page)).toHaveText('Please check everything');
  await expect(page.locator('.proc-documents li', { hasText: 'Proof of the changed information' })).toContainText('Scanned here');
  await page.locator('.proc-documents').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots-en/documents-review.png' });
  await card.remove();
  await expect(heading(page)).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
});

test('a configured scanner that does not answer: told in plain words, papers to the counter, the dossier still goes in', async ({ page }) => {
  // A kiosk whose scanner is unplugged: SANE does not list the configured device.
  await kiosk.stop();
  kiosk = await startKioskProcess(
    `devices:\n  cardReader: { driver: pcsc, reader: ${JSON.stringify(lease.readerName)}, simulate: false }\n` +
      `  documentScanner: { driver: sane, device: "test:7", resolution: 300, simulate: false }\n`,
  );
  await throughTheForm(page);
  await expect(heading(page)).toHaveText('Quét giấy tờ kèm theo');
  await expect(page.getByTestId('documents-notice')).toContainText('Máy quét đang không hoạt động');
  await expect(page.getByTestId('documents-notice')).toContainText('mang các giấy tờ dưới đây đến quầy');
  const paper = page.locator(`[data-document="${DOC}"]`);
  await expect(paper).toContainText('Nộp tại quầy');
  await expect(paper.getByRole('button')).toHaveCount(0);
  await shot(page, '4-scanner-offline');
  // The same notice in English, from the engine's own English.
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.getByTestId('documents-notice')).toHaveText(
    'The scanner is not working. You can still submit your application; please take the papers below to the counter for the staff.',
  );
  await expect(paper).toContainText('Hand in at the counter');
  await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
  await page.getByRole('button', { name: 'Tiếp tục ›' }).click();
  await expect(heading(page)).toHaveText('Xin ông/bà kiểm tra lại');
  await page.getByRole('checkbox', { name: /Tôi đã đọc và đồng ý/ }).click();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(heading(page)).toHaveText('Hồ sơ đã được tiếp nhận', { timeout: 30_000 });
  const code = (await page.getByTestId('dossier-code').textContent())!;
  const store = DossierStore.open({ dataDir: kiosk.dataDir, unitCode: UNIT });
  try {
    expect(store.getDossier(code)).toBeTruthy();
    expect(store.getAttachments(code)).toEqual([]);
  } finally {
    store.close();
  }
  await card.remove();
});
