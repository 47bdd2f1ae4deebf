// A device event travels the whole way: the simulated CCCD chip (far side of vpcd) -> pcscd ->
// the production PC/SC driver in the kiosk process -> engine -> WebSocket contract -> React.
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { createKioskClient } from '../../src/shared/transport/client';
import { createWebSocketTransport } from '../../src/shared/transport/websocket-client';
import { acquireVirtualReader, type VirtualReaderLease } from '../../hardware/simulators/card/pcscd-harness';
import { loadApplet } from '../../hardware/simulators/card/simulated-reader';
import { startVirtualCard, type VirtualCard } from '../../hardware/simulators/card/vpcd';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

let lease: VirtualReaderLease;
let card: VirtualCard;
let kiosk: KioskProcess;

test.beforeAll(async () => {
  lease = await acquireVirtualReader();
  card = startVirtualCard({ applet: await loadApplet('fs'), port: lease.port });
  kiosk = await startKioskProcess(`devices:\n  cardReader: { driver: pcsc, reader: ${JSON.stringify(lease.readerName)}, simulate: false }\n`);
});

test.afterAll(async () => {
  await kiosk?.stop();
  await card?.close();
  await lease?.release();
});

test('inserting and removing the card changes the screen through the contract', async ({ page }) => {
  await page.goto(kiosk.url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
  await expect(page.locator('.overlay')).toHaveCount(0);

  await card.insert();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nhập 12 số căn cước của ông/bà');

  await card.remove();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Xin mời đặt thẻ Căn cước lên đầu đọc');
});

test('devices.list reports the reader ready with its PC/SC name, then the card ATR', async () => {
  const secret = new URLSearchParams(new URL(kiosk.url).hash.slice(1)).get('k')!;
  const transport = createWebSocketTransport(`${kiosk.origin.replace('http', 'ws')}/api?k=${secret}`, (u) => new WebSocket(u, { origin: kiosk.origin }));
  const client = createKioskClient(transport);
  try {
    const reader = async () => (await client.call('devices.list', {})).find((d) => d.id === 'card-reader');
    await expect.poll(async () => (await reader())?.state).toBe('ready');
    expect((await reader())?.port).toBe(lease.readerName);
    expect((await reader())?.simulated).toBe(false);
    await card.insert();
    await expect.poll(async () => (await reader())?.detail).toMatch(/ATR [0-9A-F]{8,}/);
    await card.remove();
    await expect.poll(async () => (await reader())?.detail).toMatch(/no card/);
  } finally {
    transport.close();
  }
});
