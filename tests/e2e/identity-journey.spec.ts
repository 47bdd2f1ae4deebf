// The identity step as a citizen lives it: card on the reader, 12 digits on the keypad, the
// chip read through pcscd + vpcd, their own data and photo to confirm — and nothing left on
// screen once they leave.
import { expect, test, type Page } from '@playwright/test';
import { buildSampleCccd } from '../../hardware/card-reader/sample/documents';
import { createSampleCccdApplet } from '../../hardware/simulators/card/emrtd';
import { acquireVirtualReader, type VirtualReaderLease } from '../../hardware/simulators/card/pcscd-harness';
import { startVirtualCard, type VirtualCard } from '../../hardware/simulators/card/vpcd';
import { startVirtualQrScanner, type VirtualQrScanner } from '../../hardware/simulators/qr-scanner/virtual';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

const sample = buildSampleCccd();
let lease: VirtualReaderLease;
let card: VirtualCard;
let kiosk: KioskProcess;
let scanner: VirtualQrScanner;

test.beforeAll(async () => {
  lease = await acquireVirtualReader();
  card = startVirtualCard({ applet: createSampleCccdApplet(), port: lease.port });
  scanner = await startVirtualQrScanner({ terminator: 'CR' });
  // A real reader configuration: the sample card's TEST CSCA is therefore not trusted.
  kiosk = await startKioskProcess(
    `devices:\n  cardReader: { driver: pcsc, reader: ${JSON.stringify(lease.readerName)}, simulate: false }\n` +
      `  qrScanner: { driver: serial, port: ${JSON.stringify(scanner.path)}, terminator: CR, simulate: false }\n`,
  );
});

test.afterAll(async () => {
  await kiosk?.stop();
  await scanner?.close();
  await card?.close();
  await lease?.release();
});

async function typeDigits(page: Page, digits: string) {
  for (const d of digits) await page.getByRole('button', { name: d, exact: true }).click();
}

test('card -> keypad -> chip read -> the citizen sees their own data and photo', async ({ page }) => {
  await page.goto(kiosk.url);
  await expect(page.locator('.overlay')).toHaveCount(0);
  await card.insert();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nhập 12 số căn cước của ông/bà');
  const ok = page.getByRole('button', { name: /Xong/ });
  await typeDigits(page, sample.idNumber.slice(0, 11));
  await expect(ok).toBeDisabled();
  await typeDigits(page, sample.idNumber.slice(11));
  await expect(page.getByTestId('id-display')).toHaveText(sample.idNumber.replace(/(\d{3})(?=\d)/g, '$1 '));
  await ok.click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đây có phải là thông tin của ông/bà?', { timeout: 45_000 });
  await expect(page.locator('.identity-fields')).toContainText(sample.idNumber);
  const face = page.getByRole('img', { name: 'Ảnh chân dung trên thẻ' });
  await expect(face).toBeVisible();
  expect(await face.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  // Signed by the TEST CSCA, which a real-reader configuration does not trust.
  await expect(page.getByTestId('verification-badge')).toHaveAttribute('data-status', 'issuer-unverified');
  await page.screenshot({ path: 'test-results/identity-screen.png' });

  // Taking the card away wipes the screen.
  await card.remove();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  await expect(page.locator('body')).not.toContainText(sample.idNumber);
});

test('a mistyped ID is explained next to the keypad, and the citizen can try again', async ({ page }) => {
  await page.goto(kiosk.url);
  await card.insert();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nhập 12 số căn cước của ông/bà');
  const wrong = `${sample.idNumber.slice(0, 6)}${String((Number(sample.idNumber.slice(6)) + 1) % 1_000_000).padStart(6, '0')}`;
  await typeDigits(page, wrong);
  await page.getByRole('button', { name: /Xong/ }).click();
  await expect(page.getByRole('alert')).toBeVisible({ timeout: 45_000 });
  await expect(page.getByRole('alert')).toContainText(/[ăâđêôơư]/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nhập 12 số căn cước của ông/bà');
  await card.remove();
});

test('scanning the QR on the card front replaces typing the ID', async ({ page }) => {
  await page.goto(kiosk.url);
  await card.insert();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nhập 12 số căn cước của ông/bà');
  // A garbage code is explained, not a crash.
  await scanner.send('https://example.com/not-a-cccd');
  await expect(page.getByRole('alert')).toHaveText('Mã này không được nhận dạng');
  // The CCCD front QR: ID|old ID|name|DOB|sex|address|issue date
  await scanner.send(`${sample.idNumber}||Trần Thị Minh Thư|14031995|Nữ|Số nhà 18, Phường Văn Miếu, Hà Nội|01072021`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Đây có phải là thông tin của ông/bà?', { timeout: 45_000 });
  await expect(page.locator('.identity-fields')).toContainText(sample.idNumber);
  await page.getByRole('button', { name: 'Không phải tôi' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  await expect(page.locator('body')).not.toContainText(sample.idNumber);
  await card.remove();
});
