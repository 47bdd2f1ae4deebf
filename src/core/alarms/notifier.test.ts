// Runs in: Node (vitest). Alarm notices from device statuses, delivered as real HTTP POSTs to a
// local server (node:http), on the channels the config selects and no others.
import { createHmac } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlarmNotice, DeviceStatus, TechnicianEvent } from '../../shared/contract';
import { alarmsConfigSchema } from '../config/schema';
import { AlarmNotifier, type WebhookBody } from './notifier';

interface Received {
  method: string;
  url: string;
  type: string;
  body: WebhookBody;
  raw: string;
  headers: IncomingMessage['headers'];
}

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A monitoring endpoint answering each request with the next status in `answers` (then 204). */
async function receiver(answers: number[] = []): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, type: req.headers['content-type'] ?? '', body: JSON.parse(data) as WebhookBody, raw: data, headers: req.headers });
      res.statusCode = answers.shift() ?? 204;
      res.end();
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/kiosk?token=s3cret`, received };
}

let clock = Date.parse('2026-11-23T08:00:00Z');
function status(state: DeviceStatus['state'], alarm?: { code: string; message: string }, detail = 'tcp://127.0.0.1:9100'): DeviceStatus {
  clock += 1000;
  return { id: 'printer', kind: 'printer', driver: 'escpos', port: 'tcp://127.0.0.1:9100', simulated: true, state, detail, ...(alarm ? { alarm } : {}), updatedAt: new Date(clock).toISOString() };
}
const PAPER_OUT = { code: 'printer.paper-out', message: 'Máy in hết giấy. Vui lòng thay cuộn giấy mới.' };
const COVER = { code: 'printer.cover-open', message: 'Nắp máy in đang mở. Vui lòng đóng nắp.' };

function notifier(config: unknown, retryDelaysMs = [10, 10]) {
  const emitted: AlarmNotice[] = [];
  const events: TechnicianEvent[] = [];
  const n = new AlarmNotifier({ config: alarmsConfigSchema.parse(config), kioskId: 'KIOSK-7', unitCode: 'H01.10', emit: (x) => emitted.push(x), record: (e) => events.push(e), retryDelaysMs });
  return { n, emitted, events };
}

describe('alarm notifier', () => {
  it('posts raised then cleared to the webhook, in order, once each, with no personal data', async () => {
    const hook = await receiver();
    const { n, emitted } = notifier({ notify: ['webhook'], webhook: { url: hook.url } });
    n.onStatus(status('ready'));
    n.onStatus(status('alarm', PAPER_OUT));
    n.onStatus(status('alarm', PAPER_OUT)); // the driver re-sends an unchanged status on each poll
    expect(n.list().map((a) => a.code)).toEqual(['printer.paper-out']);
    n.onStatus(status('ready'));
    await n.flush();
    expect(hook.received.map((r) => [r.method, r.url, r.type, r.body.event, r.body.code])).toEqual([
      ['POST', '/hooks/kiosk?token=s3cret', 'application/json', 'raised', 'printer.paper-out'],
      ['POST', '/hooks/kiosk?token=s3cret', 'application/json', 'cleared', 'printer.paper-out'],
    ]);
    expect(hook.received[0]!.body).toEqual({
      type: 'kiosk.device-alarm',
      kioskId: 'KIOSK-7',
      unitCode: 'H01.10',
      event: 'raised',
      device: { id: 'printer', kind: 'printer', driver: 'escpos', simulated: true },
      state: 'alarm',
      code: 'printer.paper-out',
      message: PAPER_OUT.message,
      detail: 'tcp://127.0.0.1:9100',
      at: expect.stringMatching(/^2026-11-23T08:00:0\d\.000Z$/) as unknown as string,
    });
    expect(n.list()).toEqual([]);
    // Webhook only: nothing for the screen.
    expect(emitted).toEqual([]);
  });

  it('a different alarm on the same device clears the first and raises the second', async () => {
    const hook = await receiver();
    const { n } = notifier({ notify: ['webhook', 'log'], webhook: { url: hook.url } });
    n.onStatus(status('alarm', COVER));
    n.onStatus(status('alarm', PAPER_OUT));
    await n.flush();
    expect(hook.received.map((r) => `${r.body.event}:${r.body.code}`)).toEqual(['raised:printer.cover-open', 'cleared:printer.cover-open', 'raised:printer.paper-out']);
  });

  it('retries a 503 and gives up on a 400, recording each outcome for the technician (origin only, no token)', async () => {
    const hook = await receiver([503, 200, 400]);
    const { n, events } = notifier({ notify: ['webhook'], webhook: { url: hook.url } });
    n.onStatus(status('alarm', PAPER_OUT));
    n.onStatus(status('ready'));
    await n.flush();
    // 503 then 200 for "raised"; 400 for "cleared" is final.
    expect(hook.received.map((r) => r.body.event)).toEqual(['raised', 'raised', 'cleared']);
    const deliveries = events.filter((e) => e.type === 'delivery').map((e) => e.detail);
    expect(deliveries[0]).toMatch(/raised printer\.paper-out delivered \(HTTP 200\)/);
    expect(deliveries[1]).toMatch(/cleared printer\.paper-out NOT delivered after 1 attempt\(s\): HTTP 400/);
    expect(deliveries.join(' ')).not.toContain('s3cret');
  });

  it('an unreachable receiver costs three attempts, then the engine carries on', async () => {
    const hook = await receiver();
    const url = hook.url;
    await new Promise((r) => servers.pop()!.close(r));
    const { n, events } = notifier({ notify: ['webhook'], webhook: { url, timeoutMs: 1000 } });
    n.onStatus(status('absent', { code: 'device.unavailable', message: 'Thiết bị chưa sẵn sàng.' }));
    await n.flush();
    expect(events.filter((e) => e.type === 'delivery').map((e) => e.detail)).toEqual([expect.stringMatching(/NOT delivered after 3 attempt\(s\): ECONNREFUSED/)]);
  });

  it('screen and sound: the notice goes to the UI; a warning without alarm raises nothing', () => {
    const { n, emitted, events } = notifier({ notify: ['screen', 'sound'] });
    n.onStatus(status('warning', undefined, 'paper near end'));
    expect(emitted).toEqual([]);
    n.onStatus(status('alarm', PAPER_OUT));
    n.onStatus(status('ready'));
    expect(emitted.map((e) => [e.event, e.code, e.kind, e.message])).toEqual([
      ['raised', 'printer.paper-out', 'printer', PAPER_OUT.message],
      ['cleared', 'printer.paper-out', 'printer', PAPER_OUT.message],
    ]);
    // The technician's list has the status changes and both alarm edges, newest last here.
    expect(events.map((e) => e.type)).toEqual(['status', 'status', 'alarm', 'status', 'alarm']);
  });

  it('with a secretRef each POST is signed: HMAC-SHA256 of "<timestamp>.<body>" the receiver can recompute', async () => {
    const hook = await receiver();
    process.env.KIOSK_TEST_ALARM_SECRET = 'centre-shared-secret';
    try {
      const { n } = notifier({ notify: ['webhook'], webhook: { url: hook.url, secretRef: 'env:KIOSK_TEST_ALARM_SECRET' } });
      n.onStatus(status('alarm', PAPER_OUT));
      await n.flush();
    } finally {
      delete process.env.KIOSK_TEST_ALARM_SECRET;
    }
    const [r] = hook.received;
    const ts = String(r!.headers['x-kiosk-timestamp']);
    expect(Math.abs(Number(ts) - Date.now() / 1000)).toBeLessThan(600);
    expect(r!.headers['x-kiosk-signature']).toBe(`sha256=${createHmac('sha256', 'centre-shared-secret').update(`${ts}.${r!.raw}`).digest('hex')}`);
    // The secret itself never travels.
    expect(JSON.stringify(r!.headers) + r!.raw).not.toContain('centre-shared-secret');
  });

  it('a group-readable secret file stops the delivery with the reason, instead of sending unsigned', async () => {
    const hook = await receiver();
    const dir = mkdtempSync(path.join(tmpdir(), 'alarm-secret-'));
    const file = path.join(dir, 'secret');
    writeFileSync(file, 's3cret\n');
    chmodSync(file, 0o640);
    const { n, events } = notifier({ notify: ['webhook'], webhook: { url: hook.url, secretRef: `file:${file}` } });
    n.onStatus(status('alarm', PAPER_OUT));
    await n.flush();
    expect(hook.received).toEqual([]);
    expect(events.filter((e) => e.type === 'delivery').map((e) => e.detail)).toEqual([expect.stringMatching(/NOT sent: signing secret file: .*chmod 600/)]);
    chmodSync(file, 0o600);
    n.onStatus(status('ready'));
    await n.flush();
    expect(hook.received.map((r) => r.body.event)).toEqual(['cleared']);
    expect(hook.received[0]!.headers['x-kiosk-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    rmSync(dir, { recursive: true, force: true });
  });

  it('the config refuses a webhook channel without a URL, and a duplicate channel', () => {
    expect(() => alarmsConfigSchema.parse({ notify: ['webhook'] })).toThrow(/webhook.url/);
    expect(() => alarmsConfigSchema.parse({ notify: ['log', 'log'] })).toThrow(/twice/);
    expect(() => alarmsConfigSchema.parse({ notify: ['webhook'], webhook: { url: 'ftp://x/y' } })).toThrow();
    // The secret itself never goes in the config.
    expect(() => alarmsConfigSchema.parse({ notify: ['webhook'], webhook: { url: 'https://m.example/x', secretRef: 'centre-shared-secret' } })).toThrow(/file:\/absolute\/path or env:VARIABLE/);
    expect(alarmsConfigSchema.parse({}).notify).toEqual(['screen', 'sound', 'log']);
  });
});
