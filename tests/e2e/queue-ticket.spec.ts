// Taking a queue number end to end: the kiosk's ESC/POS driver prints to the virtual printer over
// TCP; paper running out never loses the number, and the ticket prints once after the refill.
import { expect, test } from '@playwright/test';
import { startVirtualPrinter, type VirtualPrinter } from '../../hardware/simulators/printer/virtual-printer';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

let printer: VirtualPrinter;
let kiosk: KioskProcess;

test.beforeAll(async () => {
  printer = await startVirtualPrinter({ transport: 'tcp', port: 0 });
  kiosk = await startKioskProcess(`devices:\n  printer: { driver: escpos, uri: ${JSON.stringify(printer.uri)}, profile: 80mm, simulate: false }\n`);
});

test.afterAll(async () => {
  await kiosk?.stop();
  await printer?.stop();
});

test('a citizen takes a number and gets a printed ticket', async ({ page }) => {
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: /Lấy số thứ tự/ }).click();
  await page.getByRole('button', { name: /Hộ tịch/ }).click();
  await expect(page.getByTestId('ticket-number')).toHaveText('HT-001');
  await expect(page.getByText('Xin mời nhận phiếu ở khe máy in.')).toBeVisible();
  const jobs = await printer.waitForJobs(1);
  expect(jobs.filter((j) => j.complete)).toHaveLength(1);
  expect(jobs[0]!.heightDots).toBeGreaterThan(200);
  await page.screenshot({ path: 'test-results/queue-ticket.png' });

  // Next citizen, same service: number 2, one person ahead.
  await page.getByRole('button', { name: 'Xong' }).click();
  await page.getByRole('button', { name: /Lấy số thứ tự/ }).click();
  await page.getByRole('button', { name: /Hộ tịch/ }).click();
  await expect(page.getByTestId('ticket-number')).toHaveText('HT-002');
  await expect(page.getByText('Còn 1 người phía trước.')).toBeVisible();
});

test('out of paper: the number is kept on screen, the ticket prints once after the refill', async ({ page }) => {
  const before = printer.jobs().filter((j) => j.complete).length;
  printer.paperOut(true);
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: /Lấy số thứ tự/ }).click();
  await page.getByRole('button', { name: /Chứng thực/ }).click();
  await expect(page.getByTestId('ticket-number')).toHaveText('CTH-001', { timeout: 30_000 });
  await expect(page.getByRole('alert')).toContainText('ghi nhớ số thứ tự');
  printer.paperOut(false);
  await expect.poll(() => printer.jobs().filter((j) => j.complete).length, { timeout: 30_000 }).toBe(before + 1);
  await page.waitForTimeout(3000);
  expect(printer.jobs().filter((j) => j.complete).length).toBe(before + 1); // not twice
});

test('in English, the service and what to do when the ticket did not come out are English, and follow a switch back at once', async ({ page }) => {
  const before = printer.jobs().filter((j) => j.complete).length;
  printer.paperOut(true);
  await page.goto(kiosk.url);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('button', { name: /Take a queue number/ }).click();
  await page.getByRole('button', { name: 'Land and housing' }).click();
  await expect(page.getByTestId('ticket-number')).toHaveText('DD-001', { timeout: 30_000 });
  await expect(page.locator('.queue-ticket')).toContainText('Land and housing');
  await expect(page.getByRole('alert')).toHaveText('! The printer is out of paper. A staff member will help you shortly; please wait. Please note the queue number on the screen.');
  await page.screenshot({ path: 'test-results/screenshots-en/queue-ticket-paper-out.png' });
  // Back to Vietnamese on the same screen: the engine already sent both.
  await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
  await expect(page.locator('.queue-ticket')).toContainText('Đất đai, nhà ở');
  await expect(page.getByRole('alert')).toContainText('Máy in đang hết giấy.');
  printer.paperOut(false);
  await expect.poll(() => printer.jobs().filter((j) => j.complete).length, { timeout: 30_000 }).toBe(before + 1);
});
