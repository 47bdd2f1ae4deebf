// Assisted mode end to end: staff sign in, start "làm giúp công dân", the panel steps aside and the
// banner says so; the citizen's card is read (pcscd + vpcd), the procedure filled in and submitted;
// the dossier is filed as staff-assisted (audit actor `staff:assisted`, tag in the staff list),
// and the mark ends with the citizen's session.
import { expect, test, type Page } from '@playwright/test';
import { SAMPLE_CITIZEN, buildSampleCccd } from '../../hardware/card-reader/sample/documents';
import { createSampleCccdApplet } from '../../hardware/simulators/card/emrtd';
import { acquireVirtualReader, type VirtualReaderLease } from '../../hardware/simulators/card/pcscd-harness';
import { startVirtualCard, type VirtualCard } from '../../hardware/simulators/card/vpcd';
import { DossierStore } from '../../src/core/dossiers/store';
import { signInAsStaff, startStaffKiosk, type StaffKiosk } from './staff-helpers';

const UNIT = '000.00.00.H89';
const SHOTS = 'test-results/staff';
const sample = buildSampleCccd();
let lease: VirtualReaderLease;
let card: VirtualCard;
let running: StaffKiosk;

test.beforeAll(async () => {
  // Other test processes on this machine may hold every vpcd slot for a while.
  test.setTimeout(300_000);
  lease = await acquireVirtualReader({ timeoutMs: 150_000 });
  card = startVirtualCard({ applet: createSampleCccdApplet(), port: lease.port });
  running = await startStaffKiosk({
    unitCode: UNIT,
    devicesYaml:
      `devices:\n  cardReader: { driver: pcsc, reader: ${JSON.stringify(lease.readerName)}, simulate: false }\n` +
      `  printer: { driver: escpos, profile: 80mm, simulate: true }\n`,
  });
});

test.afterAll(async () => {
  await running?.stop();
  await card?.close();
  await lease?.release();
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
  await signInAsStaff(page, running.kiosk.url);
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
  const store = DossierStore.open({ dataDir: running.kiosk.dataDir, unitCode: UNIT });
  try {
    expect(store.auditLog(code).find((e) => e.action === 'submit')?.actor).toBe('staff:assisted');
  } finally {
    store.close();
  }
});
