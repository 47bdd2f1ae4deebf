// A citizen's session, then a look inside the engine's own heap: once the card is taken away, no
// live string and no live byte array in the kiosk process holds the citizen's name or ID number
// (the session wipes them, and nothing else — a reader's queue, a cache, a log buffer — may keep
// a copy). Read through the Node inspector of a kiosk process started with --inspect.
import { expect, test } from '@playwright/test';
import { buildSampleCccd } from '../../hardware/card-reader/sample/documents';
import { createSampleCccdApplet } from '../../hardware/simulators/card/emrtd';
import { acquireVirtualReader, type VirtualReaderLease } from '../../hardware/simulators/card/pcscd-harness';
import { startVirtualCard, type VirtualCard } from '../../hardware/simulators/card/vpcd';
import { connectInspector, inspectorUrl, type EngineInspector } from './engine-inspector';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

// A citizen of this file only: the sample citizen's name and number are literals in modules the
// kiosk loads (CLI help, simulators), so they are in its heap before any card is read.
const citizen = { idNumber: '001195739164', fullName: 'Khổng Thị Diệu Thuỳ', identifyingMarks: 'Sẹo chấm C:1cm dưới sau cằm trái' };
const sample = buildSampleCccd({ citizen });
const ATTRACT = 'Xin mời đặt thẻ Căn cước lên đầu đọc';
let lease: VirtualReaderLease;
let card: VirtualCard;
let kiosk: KioskProcess;
let engine: EngineInspector;

test.beforeAll(async () => {
  lease = await acquireVirtualReader();
  card = startVirtualCard({ applet: createSampleCccdApplet({ citizen }), port: lease.port });
  kiosk = await startKioskProcess(
    `devices:\n  cardReader: { driver: pcsc, reader: ${JSON.stringify(lease.readerName)}, simulate: false }\n`,
    60_000,
    undefined,
    { nodeArgs: ['--inspect=127.0.0.1:0'] },
  );
  engine = await connectInspector(inspectorUrl(kiosk.output())!);
});

test.afterAll(async () => {
  await engine?.close();
  await kiosk?.stop();
  await card?.close();
  await lease?.release();
});

test('after the card is taken away the engine holds none of the citizen’s data', async ({ page }) => {
  test.setTimeout(180_000);
  // The name and identifying marks as the chip carries them (DG13, UTF-8), the 12-digit number
  // typed and read.
  const needles = [citizen.fullName, citizen.identifyingMarks, citizen.idNumber];
  const h1 = page.getByRole('heading', { level: 1 });
  await page.goto(kiosk.url);
  await expect(h1).toHaveText(ATTRACT);
  expect(await engine.findInHeap(needles)).toEqual([]);

  await card.insert();
  await expect(h1).toHaveText('Nhập 12 số căn cước của ông/bà');
  for (const d of sample.idNumber) await page.getByRole('button', { name: d, exact: true }).click();
  await page.getByRole('button', { name: /Xong/ }).click();
  await expect(h1).toHaveText('Đây có phải là thông tin của ông/bà?', { timeout: 60_000 });
  await page.getByRole('button', { name: 'Đúng, tiếp tục' }).click();
  await page.locator('[data-procedure="thay-doi-thong-tin-cu-tru"]').click();
  await expect(h1).toHaveText('Điều chỉnh thông tin về cư trú');
  // The search finds the data while the session holds it: an empty answer later means gone,
  // not a search that cannot see.
  const during = await engine.findInHeap(needles);
  expect(during.map((f) => f.needle)).toEqual(expect.arrayContaining([citizen.fullName, citizen.idNumber]));

  await card.remove();
  await expect(h1).toHaveText(ATTRACT);
  expect(await engine.findInHeap(needles)).toEqual([]);
});
