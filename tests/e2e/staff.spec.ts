// Staff mode end to end, on real parts: the kiosk process delivers to the reference upstream server
// (run here, so the test can change its catalogue), which rejects a dossier whose procedure it
// does not know. Staff sign in with their PIN, see the dead letter with the upstream's reason,
// resubmit it once the province has added the procedure, and see it delivered (exactly once
// upstream); they reprint its receipt on the simulated printer (a PNG in dataDir/virtual-printer
// whose QR carries the dossier code) without the citizen's data reaching any log. Then assisted
// mode: staff walk a citizen through a procedure and the dossier is filed as staff-assisted.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { SAMPLE_CITIZEN, buildSampleCccd } from '../../hardware/card-reader/sample/documents';
import { createSampleCccdApplet } from '../../hardware/simulators/card/emrtd';
import { acquireVirtualReader, type VirtualReaderLease } from '../../hardware/simulators/card/pcscd-harness';
import { startVirtualCard, type VirtualCard } from '../../hardware/simulators/card/vpcd';
import { DossierStore } from '../../src/core/dossiers/store';
import { decodeImage } from '../../src/core/qr/decode';
import { hashPin } from '../../src/core/technician/pin';
import { parseReceiptQrPayload } from '../../src/core/tickets/receipt-qr';
import { startUpstreamServer, type RunningUpstreamServer } from '../../src/upstream-server/server';
import { lowContrast, smallTargets } from './a11y-checks';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

const UNIT = '000.00.00.H88';
const PIN = '2468';
/** A well-formed procedure code missing from the upstream's catalogue until the test adds it. */
const MISSING_PROCEDURE = '1.000777';
const CREDS_ENV = 'KIOSK_E2E_STAFF_UPSTREAM';
const APPLICANT = { name: 'Đỗ Thị Hồng Nhung', id: '036190004321' };
const SHOTS = 'test-results/staff';

const sample = buildSampleCccd();
let upstream: RunningUpstreamServer;
let lease: VirtualReaderLease;
let card: VirtualCard;
let kiosk: KioskProcess;
let rejected = '';

test.beforeAll(async () => {
  // Other test processes on this machine may hold the vpcd slots, or the renderer may need a rebuild.
  test.setTimeout(180_000);
  mkdirSync(SHOTS, { recursive: true });
  const credentials = { username: 'kiosk', password: 'e2e-staff' };
  upstream = await startUpstreamServer({ port: 0, credentials, unknownProcedures: [MISSING_PROCEDURE] });
  process.env[CREDS_ENV] = JSON.stringify(credentials); // inherited by the kiosk process
  lease = await acquireVirtualReader();
  card = startVirtualCard({ applet: createSampleCccdApplet(), port: lease.port });
  kiosk = await startKioskProcess(
    `centre: { name: "Trung tâm Phục vụ hành chính công thử nghiệm", unitCode: "${UNIT}" }\n` +
      `devices:\n  cardReader: { driver: pcsc, reader: ${JSON.stringify(lease.readerName)}, simulate: false }\n` +
      `  printer: { driver: escpos, profile: 80mm, simulate: true }\n` +
      `upstream: { url: ${JSON.stringify(upstream.url)}, credentialsRef: "env:${CREDS_ENV}", simulate: false }\n` +
      `staff: { pinHash: ${JSON.stringify(await hashPin(PIN))} }\n`,
    120_000,
  );
  // A dossier this kiosk accepted earlier (another connection to its encrypted store).
  const store = DossierStore.open({ dataDir: kiosk.dataDir, unitCode: UNIT });
  rejected = store.submitDossier({
    procedureCode: MISSING_PROCEDURE,
    procedureName: 'Cấp bản sao trích lục hộ tịch',
    promisedAt: Date.parse('2026-12-07T10:00:00+07:00'),
    personal: { ownerName: APPLICANT.name, ownerIdNumber: APPLICANT.id, summary: 'Cấp bản sao trích lục khai sinh', form: {} },
    attachments: [],
  }).code;
  store.close();
});

test.afterAll(async () => {
  await kiosk?.stop();
  await card?.close();
  await lease?.release();
  await upstream?.stop();
  delete process.env[CREDS_ENV];
});

async function signIn(page: Page) {
  await page.goto(kiosk.url);
  await expect(page.getByRole('button', { name: /Lấy số thứ tự/ })).toBeVisible();
  // Playwright's keyboard has no F24; a hardware key reaches the page as this same keydown.
  await page.evaluate(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F24', code: 'F24' })));
  await page.getByRole('button', { name: 'Cán bộ' }).click();
  const pad = page.getByRole('group', { name: 'Bàn phím số' });
  for (const d of PIN) await pad.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: 'Mở khoá' }).click();
  await expect(page.getByRole('heading', { name: 'Chế độ cán bộ' })).toBeVisible();
}

function logText(): string {
  const dir = path.join(kiosk.dataDir, 'logs');
  const files = existsSync(dir) ? readdirSync(dir).map((f) => path.join(dir, f)) : [];
  return kiosk.output() + files.map((f) => readFileSync(f, 'utf8')).join('\n');
}

test('staff see a rejected dossier with the reason, resubmit it, see it delivered, and reprint its receipt', async ({ page }) => {
  await signIn(page);
  const row = page.getByTestId(`outbox-row-${rejected}`);
  await expect(row).toHaveAttribute('data-state', 'dead', { timeout: 30_000 });
  await expect(row.getByTestId('outbox-state')).toHaveText('✕ Bị từ chối');
  await expect(row).toContainText(`Thủ tục ${MISSING_PROCEDURE} không có trong danh mục`);
  await expect(row).toContainText('Hệ thống một cửa của tỉnh không nhận hồ sơ này');
  await expect(page.getByTestId('outbox-count-dead')).toContainText('1');
  await expect(page.getByTestId('staff-link')).toContainText('Đang kết nối');
  // The staff list shows no personal data, only the code and the procedure.
  await expect(page.locator('body')).not.toContainText(APPLICANT.name);
  await expect(page.locator('body')).not.toContainText(APPLICANT.id);
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/01-dead-letter.png` });
  expect(await lowContrast(page, '.staff-layer')).toEqual([]);
  expect(await smallTargets(page, '.staff-layer')).toEqual([]);

  // The province adds the procedure to its catalogue; staff send the dossier again.
  expect(upstream.dossiers().some((d) => d.maHoSo === rejected)).toBe(false);
  upstream.setUnknownProcedures([]);
  await row.getByRole('button', { name: 'Gửi lại hồ sơ' }).click();
  await expect(page.getByTestId('staff-notice')).toContainText('Đang gửi lại 1 hồ sơ lên hệ thống của tỉnh.');
  await expect(row).toHaveAttribute('data-state', 'delivered', { timeout: 30_000 });
  await expect(row.getByTestId('outbox-state')).toHaveText('✓ Đã gửi');
  await expect(page.getByTestId('outbox-count-dead')).toContainText('0');
  await expect(page.getByTestId('outbox-count-deliveredToday')).toContainText('1');
  expect(upstream.dossiers().filter((d) => d.maHoSo === rejected)).toHaveLength(1);
  await page.screenshot({ path: `${SHOTS}/02-delivered.png` });

  // Reprint: a new page on the simulated printer, its QR carrying the dossier code.
  const out = path.join(kiosk.dataDir, 'virtual-printer');
  const pngs = () => (existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.png')) : []);
  const before = pngs().length;
  await row.getByRole('button', { name: 'In lại giấy biên nhận' }).click();
  await expect(page.getByTestId('staff-notice')).toContainText(`Đã in lại giấy biên nhận hồ sơ ${rejected} (bản in lại lần 1)`, { timeout: 30_000 });
  await expect.poll(() => pngs().length).toBe(before + 1);
  const png = readFileSync(path.join(out, pngs().sort().at(-1)!));
  writeFileSync(`${SHOTS}/reprinted-receipt.png`, png);
  const qr = (await decodeImage(png)).filter((c) => c.format.toLowerCase().includes('qr'));
  expect(qr).toHaveLength(1);
  expect(parseReceiptQrPayload(qr[0]!.text)).toMatchObject({ dossierCode: rejected, applicantId: APPLICANT.id });
  await page.screenshot({ path: `${SHOTS}/03-reprinted.png` });
  // The whole panel at once, for a person to look at.
  await page.setViewportSize({ width: 1280, height: 2600 });
  await page.screenshot({ path: `${SHOTS}/00-panel-full.png` });
  await page.setViewportSize({ width: 1280, height: 1024 });

  // The reprint read the citizen's data inside the engine: audited there, absent from every log.
  const logs = logText();
  expect(logs).toContain(rejected);
  for (const secret of [APPLICANT.name, APPLICANT.id]) expect(logs).not.toContain(secret);
  await page.getByRole('button', { name: 'Khoá' }).click();
  await expect(page.getByTestId('staff-banner')).toHaveCount(0);
  const store = DossierStore.open({ dataDir: kiosk.dataDir, unitCode: UNIT });
  try {
    const audit = store.auditLog(rejected).map((e) => [e.actor, e.action]);
    expect(audit).toEqual(expect.arrayContaining([['staff', 'resubmit'], ['staff', 'read-personal']]));
  } finally {
    store.close();
  }
});

async function typeOnScreen(page: Page, text: string) {
  for (const c of text) {
    if (c === ' ') await page.getByRole('button', { name: 'Dấu cách' }).click();
    else await page.locator(`[data-key="${c}"]`).click();
  }
}

async function fillField(page: Page, fieldPath: string, value: string) {
  await page.locator(`.proc-field[data-path="${fieldPath}"]`).click();
  await page.getByTestId('editor-input').fill(value);
  await page.getByRole('button', { name: 'Xong ✓' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

test('assisted mode: staff walk a citizen through a procedure; the dossier is filed as staff-assisted', async ({ page }) => {
  const heading = page.getByRole('heading', { level: 1 });
  await signIn(page);
  await page.getByRole('button', { name: 'Bắt đầu làm giúp công dân' }).click();
  // The panel steps aside for the citizen screens; the banner says whose session this is.
  await expect(page.getByRole('heading', { name: 'Chế độ cán bộ' })).toHaveCount(0);
  await expect(page.getByTestId('staff-banner-note')).toHaveText('Đang làm hồ sơ giúp công dân');
  await expect(heading).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  await page.screenshot({ path: `${SHOTS}/04-assisted-attract.png` });

  await card.insert();
  await expect(heading).toHaveText('Nhập 12 số căn cước của ông/bà');
  for (const d of sample.idNumber) await page.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: /Xong/ }).click();
  await expect(heading).toHaveText('Đây có phải là thông tin của ông/bà?', { timeout: 45_000 });
  await page.getByRole('button', { name: 'Đúng, tiếp tục' }).click();
  await page.locator('[data-procedure="thay-doi-thong-tin-cu-tru"]').click();
  await expect(page.locator('.proc-field[data-path="requester.fullName"]')).toContainText(SAMPLE_CITIZEN.fullName!);
  await page.locator('.proc-field[data-path="requester.phone"]').click();
  await typeOnScreen(page, '0912345678');
  await page.getByRole('button', { name: 'Xong ✓' }).click();
  await fillField(page, 'household.headName', 'Lê Đức Thắng');
  await fillField(page, 'household.relationshipToHead', 'Con');
  await fillField(page, 'household.headPersonalId', '001088054321');
  await fillField(page, 'change.content', 'Điều chỉnh nghề nghiệp trong Cơ sở dữ liệu về cư trú');
  await page.getByRole('button', { name: 'Tiếp tục ›' }).click();
  await expect(heading).toHaveText('Xin ông/bà kiểm tra lại');
  await page.getByRole('checkbox', { name: /Tôi đã đọc và đồng ý/ }).click();
  await page.getByRole('button', { name: 'Nộp hồ sơ' }).click();
  await expect(heading).toHaveText('Hồ sơ đã được tiếp nhận', { timeout: 30_000 });
  const code = (await page.getByTestId('dossier-code').textContent())!;
  await expect(page.getByTestId('staff-banner-note')).toBeVisible();

  // The citizen finishes: the session ends and with it the assisted mark.
  await page.getByRole('button', { name: 'Xong', exact: true }).click();
  await expect(heading).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  await expect(page.getByTestId('staff-banner-note')).toHaveCount(0);
  await card.remove();

  await page.getByRole('button', { name: 'Mở bảng' }).click();
  const row = page.getByTestId(`outbox-row-${code}`);
  await expect(row).toContainText('Cán bộ hỗ trợ');
  await expect(row).toContainText('Điều chỉnh thông tin về cư trú');
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/05-assisted-row.png` });
  await page.getByRole('button', { name: 'Khoá' }).click();
  const store = DossierStore.open({ dataDir: kiosk.dataDir, unitCode: UNIT });
  try {
    expect(store.auditLog(code).find((e) => e.action === 'submit')?.actor).toBe('staff:assisted');
  } finally {
    store.close();
  }
});
