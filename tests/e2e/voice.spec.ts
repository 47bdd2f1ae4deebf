// Voice guidance in the real renderer: Chromium here has no Vietnamese voice, so the engine's
// offline voice (espeak-ng) speaks every screen's prompt; switched off in config, prompts are
// captioned only. The audio is checked as bytes (a WAV from the engine), since a headless machine
// has no loudspeaker to listen to.
import { expect, test, type Page } from '@playwright/test';
import { startKioskProcess, type KioskProcess } from './kiosk-process';

declare global {
  interface Window {
    __played: Array<{ src: string; header: string; bytes: number }>;
  }
}

// Records every <audio> play with the first bytes and size of its blob, read from the Blob itself
// (the page's CSP forbids fetching blob: URLs, which is as it should be).
async function recordPlays(page: Page) {
  await page.addInitScript(() => {
    window.__played = [];
    const blobs = new Map<string, Blob>();
    const createObjectURL = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (obj: Blob | MediaSource) => {
      const url = createObjectURL(obj);
      if (obj instanceof Blob) blobs.set(url, obj);
      return url;
    };
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      const entry = { src: this.src, header: '', bytes: 0 };
      window.__played.push(entry);
      void blobs
        .get(this.src)
        ?.arrayBuffer()
        .then((b) => {
          entry.bytes = b.byteLength;
          entry.header = String.fromCharCode(...new Uint8Array(b.slice(0, 4)), ...new Uint8Array(b.slice(8, 12)));
        });
      return play.call(this);
    };
  });
}
const plays = (page: Page) => page.evaluate(() => window.__played.map((p) => ({ ...p })));

test.describe('with the offline voice', () => {
  let kiosk: KioskProcess;
  test.beforeAll(async () => {
    kiosk = await startKioskProcess('devices: {}\n');
  });
  test.afterAll(async () => kiosk?.stop());

  test('every screen prompt is spoken as engine-made WAV audio, and "Nghe lại" repeats it', async ({ page }) => {
    await recordPlays(page);
    await page.goto(kiosk.url);
    const captions = page.getByTestId('captions');
    await expect(captions).toHaveAttribute('data-mode', 'voice');
    await expect(captions).toContainText('Xin mời đặt thẻ Căn cước lên đầu đọc');
    await expect.poll(async () => (await plays(page)).filter((p) => p.bytes > 0).length).toBeGreaterThanOrEqual(1);
    const first = (await plays(page))[0]!;
    expect(first.src).toMatch(/^blob:/);
    expect(first.header).toBe('RIFFWAVE');
    expect(first.bytes).toBeGreaterThan(20_000); // ~1 s or more of 22 kHz 16-bit speech

    await page.getByRole('button', { name: /Tra cứu hồ sơ/ }).click();
    await expect(captions).toContainText('Tra cứu tiến độ hồ sơ');
    await expect.poll(async () => (await plays(page)).length).toBeGreaterThanOrEqual(2);

    const before = (await plays(page)).length;
    await captions.getByRole('button', { name: /Nghe lại/ }).click();
    await expect.poll(async () => (await plays(page)).length).toBe(before + 1);
    await expect(captions).toContainText('Tra cứu tiến độ hồ sơ');
  });
});

test.describe('with the offline voice switched off', () => {
  let kiosk: KioskProcess;
  test.beforeAll(async () => {
    kiosk = await startKioskProcess('devices: {}\nspeech: { offlineVoice: false }\n');
  });
  test.afterAll(async () => kiosk?.stop());

  test('prompts are captioned, nothing is played, and there is no useless "Nghe lại"', async ({ page }) => {
    await recordPlays(page);
    await page.goto(kiosk.url);
    const captions = page.getByTestId('captions');
    await expect(captions).toContainText('Xin mời đặt thẻ Căn cước lên đầu đọc');
    await expect(captions).toHaveAttribute('data-mode', 'captions');
    await expect(captions.getByRole('button', { name: /Nghe lại/ })).toHaveCount(0);
    expect(await plays(page)).toEqual([]);
  });
});
