// Staff mode end to end, on real parts: the kiosk process delivers to the reference upstream server
// (run here, so the test can change its catalogue), which rejects a dossier whose procedure it
// does not know. Staff sign in with their PIN, see the dead letter with the upstream's reason,
// resubmit it once the province has added the procedure, and see it delivered (exactly once
// upstream); they reprint its receipt on the simulated printer (a PNG in dataDir/virtual-printer
// whose QR carries the dossier code) without the citizen's data reaching any log. Assisted mode is
// in staff-assisted.spec.ts (it needs a vpcd card slot, which other test processes may hold).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DossierStore } from '../../src/core/dossiers/store';
import { decodeImage } from '../../src/core/qr/decode';
import { parseReceiptQrPayload } from '../../src/core/tickets/receipt-qr';
import type { RunningUpstreamServer } from '../../src/upstream-server/server';
import { lowContrast, smallTargets } from './a11y-checks';
import type { KioskProcess } from './kiosk-process';
import { TECHNICIAN_PIN, signIn, signInAsStaff, startStaffKiosk, type StaffKiosk } from './staff-helpers';

const UNIT = '000.00.00.H88';
/** A well-formed procedure code missing from the upstream's catalogue until the test adds it. */
const MISSING_PROCEDURE = '1.000777';
const APPLICANT = { name: 'Đỗ Thị Hồng Nhung', id: '036190004321' };
const SHOTS = 'test-results/staff';

let running: StaffKiosk;
let upstream: RunningUpstreamServer;
let kiosk: KioskProcess;
let rejected = '';

test.beforeAll(async () => {
  test.setTimeout(180_000); // the renderer may need a rebuild first
  mkdirSync(SHOTS, { recursive: true });
  // No card reader: nothing here reads a card.
  running = await startStaffKiosk({ unitCode: UNIT, devicesYaml: `devices:\n  printer: { driver: escpos, profile: 80mm, simulate: true }\n`, unknownProcedures: [MISSING_PROCEDURE] });
  ({ kiosk, upstream } = running);
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
  await running?.stop();
});

function logText(): string {
  const dir = path.join(kiosk.dataDir, 'logs');
  const files = existsSync(dir) ? readdirSync(dir).map((f) => path.join(dir, f)) : [];
  return kiosk.output() + files.map((f) => readFileSync(f, 'utf8')).join('\n');
}

test('staff see a rejected dossier with the reason, resubmit it, see it delivered, and reprint its receipt', async ({ page }) => {
  await signInAsStaff(page, kiosk.url);
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

  // A receipt can also be reprinted by typing its code on the on-screen keyboard.
  await page.getByRole('button', { name: 'Nhập mã hồ sơ để in lại' }).click();
  for (const c of rejected.toLowerCase()) await page.locator(`.staff-reprint [data-key="${c}"]`).click();
  await expect(page.getByTestId('reprint-code')).toHaveText(rejected);
  await page.getByRole('button', { name: 'In lại', exact: true }).click();
  await expect(page.getByTestId('staff-notice')).toContainText(`Đã in lại giấy biên nhận hồ sơ ${rejected} (bản in lại lần 2)`, { timeout: 30_000 });
  await expect.poll(() => pngs().length).toBe(before + 2);
  await page.getByRole('button', { name: 'Ẩn bàn phím' }).click();

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
    expect(audit.filter(([, action]) => action === 'read-personal')).toHaveLength(2); // one per reprint
  } finally {
    store.close();
  }
});

test('with the link down, staff see the failed attempt and why; "try now" says the kiosk is offline; it goes once the link is back', async ({ page }) => {
  upstream.setOnline(false);
  const store = DossierStore.open({ dataDir: kiosk.dataDir, unitCode: UNIT });
  const waiting = store.submitDossier({
    procedureCode: '1.001193',
    procedureName: 'Đăng ký khai sinh',
    promisedAt: Date.parse('2026-12-08T10:00:00+07:00'),
    personal: { ownerName: APPLICANT.name, ownerIdNumber: APPLICANT.id, summary: 'Đăng ký khai sinh', form: {} },
    attachments: [],
  }).code;
  store.close();

  await signInAsStaff(page, kiosk.url);
  const row = page.getByTestId(`outbox-row-${waiting}`);
  await expect(row).toHaveAttribute('data-state', 'retrying', { timeout: 30_000 });
  await expect(row.getByTestId('outbox-state')).toHaveText('↻ Đang thử gửi lại');
  await expect(row).toContainText('upstream.unreachable');
  await expect(row).toContainText('Không kết nối được hệ thống một cửa của tỉnh');
  await expect(page.getByTestId('staff-link')).toContainText('Mất kết nối', { timeout: 30_000 });
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/06-offline.png` });
  expect(await lowContrast(page, '.staff-layer')).toEqual([]);

  await row.getByRole('button', { name: 'Thử gửi ngay' }).click();
  await expect(page.getByTestId('staff-notice')).toContainText('Chưa kết nối được hệ thống của tỉnh');
  expect(upstream.dossiers().some((d) => d.maHoSo === waiting)).toBe(false);

  upstream.setOnline(true);
  await expect(row).toHaveAttribute('data-state', 'delivered', { timeout: 30_000 });
  await expect(page.getByTestId('staff-link')).toContainText('Đang kết nối');
  expect(upstream.dossiers().filter((d) => d.maHoSo === waiting)).toHaveLength(1);
  await page.getByRole('button', { name: 'Khoá' }).click();
});

test('the technician, who may do all staff can, reaches the staff panel with one switch', async ({ page }) => {
  await signIn(page, kiosk.url, 'Kỹ thuật viên', TECHNICIAN_PIN);
  await expect(page.getByRole('heading', { name: 'Kiểm tra thiết bị' })).toBeVisible();
  await page.getByRole('button', { name: 'Hồ sơ, in lại, hỗ trợ công dân' }).click();
  await expect(page.getByRole('heading', { name: 'Chế độ cán bộ' })).toBeVisible();
  await expect(page.getByTestId(`outbox-row-${rejected}`)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/07-technician-switch.png` });
  expect(await smallTargets(page, '.staff-layer')).toEqual([]);
  expect(await lowContrast(page, '.staff-layer')).toEqual([]);
  await page.getByRole('button', { name: 'Thiết bị', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Kiểm tra thiết bị' })).toBeVisible();
  await page.getByRole('button', { name: 'Khoá' }).click();
});
