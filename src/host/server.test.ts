// The browser host over real HTTP and WebSocket on 127.0.0.1, driving a real engine.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { drivers } from '../../hardware/drivers';
import { parseConfig } from '../core/config/load';
import { createEngine, type Engine } from '../core/engine';
import { createKioskClient } from '../shared/transport/client';
import { createWebSocketTransport } from '../shared/transport/websocket-client';
import { startHost, type Host } from './server';

let dir: string;
let engine: Engine;
let host: Host;

function httpGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with the HTTP status the server answered the upgrade with (101 = accepted). */
function tryConnect(url: string, origin?: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kiosk-host-'));
  const staticDir = path.join(dir, 'renderer');
  mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside');
  const config = parseConfig('kioskId: HOST-TEST\ndevices: {}\n', 'test');
  engine = createEngine({ config, dataDir: dir, version: '0.0.0-test', drivers, resourcesDir: path.resolve('resources') });
  await engine.start();
  host = await startHost({ engine, staticDir });
});

afterAll(async () => {
  await host.close();
  await engine.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser host', () => {
  it('listens on 127.0.0.1 only and puts the secret in the URL fragment', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#k=${host.secret}`);
    expect(host.secret.length).toBeGreaterThanOrEqual(40);
  });

  it('serves the renderer with a strict CSP and never the secret', async () => {
    const res = await httpGet(`${host.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.body).not.toContain(host.secret);
    expect((await httpGet(`${host.origin}/assets/app.js`)).headers['content-type']).toContain('text/javascript');
    expect((await httpGet(`${host.origin}/some/route`)).body).toContain('<title>kiosk</title>');
    expect((await httpGet(`${host.origin}/missing.js`)).status).toBe(404);
  });

  it('refuses path traversal out of the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const res = await httpGet(`${host.origin}${p}`);
      expect(res.body, p).not.toContain('outside');
    }
  });

  it('refuses a WebSocket without the secret, with a wrong one, or from another origin', async () => {
    const api = `ws://127.0.0.1:${host.port}/api`;
    expect(await tryConnect(api)).toBe(401);
    expect(await tryConnect(`${api}?k=wrong`)).toBe(401);
    expect(await tryConnect(`${api}?k=${host.secret.slice(0, -1)}`)).toBe(401);
    expect(await tryConnect(`${api}?k=${host.secret}`, 'http://evil.example')).toBe(403);
    expect(await tryConnect(`${api}?k=${host.secret}`, 'http://127.0.0.1:1')).toBe(403);
    expect(await tryConnect(`ws://127.0.0.1:${host.port}/other?k=${host.secret}`)).toBe(403);
    expect(await tryConnect(`${api}?k=${host.secret}`, host.origin)).toBe(101);
  });

  it('carries the contract: calls, errors and events reach a UI client', async () => {
    const transport = createWebSocketTransport(`ws://127.0.0.1:${host.port}/api?k=${host.secret}`, (u) => new WebSocket(u, { origin: host.origin }));
    const client = createKioskClient(transport);
    try {
      const info = await client.call('kiosk.info', {});
      expect(info).toMatchObject({ kioskId: 'HOST-TEST', language: 'vi', version: '0.0.0-test' });
      await expect(client.call('session.end', { reason: 'nonsense' as never })).rejects.toMatchObject({ code: 'contract.invalid-request' });

      const ended = new Promise<string>((resolve) => client.on('session.ended', (p) => resolve(p.reason)));
      engine.session.put('identity', { fullName: 'Trần Văn Bình', face: new Uint8Array([1, 2, 3]) });
      await expect(client.call('session.end', { reason: 'finished' })).resolves.toEqual({ cleared: true });
      expect(await ended).toBe('finished');
      expect(engine.session.size).toBe(0);
      expect(host.clients()).toBe(1);
    } finally {
      transport.close();
    }
  });

  it('ignores malformed frames without dropping the connection', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?k=${host.secret}`);
    await new Promise((r) => ws.on('open', r));
    const answer = new Promise<string>((resolve) => ws.on('message', (d) => resolve(d.toString())));
    ws.send('not json');
    ws.send(JSON.stringify({ type: 'request', id: -1, channel: 'kiosk.info' }));
    ws.send(Buffer.from([0, 1, 2]));
    ws.send(JSON.stringify({ type: 'request', id: 9, channel: 'kiosk.info', payload: {} }));
    const reply = JSON.parse(await answer) as { id: number; result: { ok: boolean } };
    expect(reply).toMatchObject({ type: 'response', id: 9, result: { ok: true } });
    ws.close();
  });
  it('serves the page before the engine has started; requests wait for the start instead of failing', async () => {
    const early = mkdtempSync(path.join(tmpdir(), 'kiosk-host-early-'));
    const config = parseConfig('kioskId: HOST-EARLY\ndevices: {}\n', 'test');
    const starting = createEngine({ config, dataDir: early, version: '0.0.0-test', drivers, resourcesDir: path.resolve('resources') });
    let open!: () => void;
    const engineStarted = new Promise<void>((resolve) => (open = resolve));
    const earlyHost = await startHost({ engine: starting, staticDir: path.join(dir, 'renderer'), engineStarted });
    const transport = createWebSocketTransport(`ws://127.0.0.1:${earlyHost.port}/api?k=${earlyHost.secret}`, (u) => new WebSocket(u, { origin: earlyHost.origin }));
    const client = createKioskClient(transport);
    try {
      expect((await httpGet(`${earlyHost.origin}/`)).status).toBe(200);
      // The dossier store needs the database: answered now, this would be engine.not-started.
      let settled = false;
      const lookup = client.call('dossier.lookup', { code: 'G01.00-251123-0001' }).then(
        (value) => ({ value }),
        (error: { code?: string }) => ({ error }),
      );
      void lookup.finally(() => (settled = true));
      expect((await httpGet(`${earlyHost.origin}/`)).status).toBe(200);
      expect(settled).toBe(false);
      await starting.start();
      open();
      const outcome = await lookup;
      expect('error' in outcome ? outcome.error.code : 'answered').not.toBe('engine.not-started');
    } finally {
      transport.close();
      await earlyHost.close();
      await starting.stop();
      rmSync(early, { recursive: true, force: true });
    }
  });
});
