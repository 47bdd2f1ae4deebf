// Progress lookup: the citizen shows the receipt QR (or types the code) and sees where the dossier
// is — from the kiosk's own store, refreshed from the (simulated) provincial system.
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { startVirtualQrScanner, type VirtualQrScanner } from '../../hardware/simulators/qr-scanner/virtual';
import { DossierStore } from '../../src/core/dossiers/store';
import { buildReceiptQrPayload } from '../../src/core/tickets/receipt-qr';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

let kiosk: KioskProcess;
let scanner: VirtualQrScanner;
let code = '';

test.beforeAll(async () => {
  scanner = await startVirtualQrScanner({ terminator: 'CR' });
  kiosk = await startKioskProcess(
    `centre: { name: "Trung tâm thử", unitCode: "000.00.00.H77" }\n` +
      `devices:\n  qrScanner: { driver: serial, port: ${JSON.stringify(scanner.path)}, terminator: CR, simulate: false }\n` +
      // Statuses pulled every second, so a change upstream reaches an open progress screen quickly.
      `upstream: { statusPollSeconds: 1 }\n`,
  );
  // A dossier accepted earlier by this kiosk (another connection to its encrypted store).
  const store = DossierStore.open({ dataDir: kiosk.dataDir, unitCode: '000.00.00.H77' });
  code = store.submitDossier({
    procedureCode: '1.004222',
    procedureName: 'Đăng ký thường trú',
    promisedAt: Date.parse('2026-12-07T10:00:00+07:00'),
    personal: { ownerName: 'Trần Thị Minh Thư', ownerIdNumber: '001195012345', summary: 'Đăng ký thường trú', form: {} },
    attachments: [],
  }).code;
  store.close();
});

test.afterAll(async () => {
  await kiosk?.stop();
  await scanner?.close();
});

test('scanning the receipt QR on the start screen shows the dossier status, without personal data', async ({ page }) => {
  await page.goto(kiosk.url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  await scanner.send(
    buildReceiptQrPayload({ dossierCode: code, procedureCode: '1.004222', applicantId: '001195012345', documentName: 'Giấy tiếp nhận hồ sơ', sourceSystem: 'KIOSK', issuedAt: new Date() }),
  );
  await expect(page.getByRole('heading', { level: 1 })).toContainText(code);
  await expect(page.getByTestId('tracking-status')).toHaveText(/Mới đăng ký|Được tiếp nhận|Đang xử lý/);
  await expect(page.getByText('Ngày hẹn trả kết quả: 07/12/2026')).toBeVisible();
  await expect(page.locator('body')).not.toContainText('Trần Thị Minh Thư');
  await expect(page.locator('body')).not.toContainText('001195012345');
  await page.screenshot({ path: 'test-results/tracking.png' });
});

test('a mistyped code on the keyboard is explained plainly', async ({ page }) => {
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: /Tra cứu hồ sơ/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tra cứu tiến độ hồ sơ');
  for (const key of '000-1') await page.getByRole('button', { name: key, exact: true }).first().click();
  await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Mã hồ sơ không hợp lệ');
  await scanner.send('not a receipt');
  await expect(page.getByRole('alert')).toHaveText('Mã này không được nhận dạng');
});

test('a status change in the provincial system reaches the open progress screen by itself', async ({ page }) => {
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: /Tra cứu hồ sơ/ }).click();
  await scanner.send(
    buildReceiptQrPayload({ dossierCode: code, procedureCode: '1.004222', applicantId: '001195012345', documentName: 'Giấy tiếp nhận hồ sơ', sourceSystem: 'KIOSK', issuedAt: new Date() }),
  );
  await expect(page.getByRole('heading', { level: 1 })).toContainText(code);
  // The simulated provincial system (its own SQLite file) decides the dossier is done; nobody
  // touches the kiosk screen.
  await expect.poll(() => upstreamStatus(code), { timeout: 30_000 }).not.toBeNull();
  const upstream = new Database(path.join(kiosk.dataDir, 'upstream-simulator.db'));
  try {
    upstream.prepare('UPDATE hoso SET status = 9 WHERE ma_ho_so = ?').run(code);
  } finally {
    upstream.close();
  }
  await expect(page.getByTestId('tracking-status')).toHaveAttribute('data-status', '9', { timeout: 20_000 });
  await expect(page.getByTestId('tracking-status')).toHaveText('Đã xử lý xong');
});

function upstreamStatus(dossierCode: string): number | null {
  const upstream = new Database(path.join(kiosk.dataDir, 'upstream-simulator.db'), { readonly: true, fileMustExist: true });
  try {
    const row = upstream.prepare('SELECT status FROM hoso WHERE ma_ho_so = ?').get(dossierCode) as { status: number } | undefined;
    return row?.status ?? null;
  } finally {
    upstream.close();
  }
}
