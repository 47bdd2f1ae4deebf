// Runs in: Node (vitest). Malformed upstream replies become classified errors, never crashes:
// a raw TCP server on 127.0.0.1 answers with arbitrary bytes.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DvcAdapter } from './dvc-adapter';
import { UpstreamError } from './errors';

let server: Server;
let nextReply: () => Buffer = () => Buffer.alloc(0);
let url = '';

beforeAll(async () => {
  server = createServer((s) => {
    s.once('data', () => {
      s.end(nextReply());
    });
    s.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address() as { port: number };
  url = `http://127.0.0.1:${addr.port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const http = (status: number, body: string) => Buffer.from(`HTTP/1.1 ${status} X\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);

describe('DvcAdapter against malformed upstream replies', () => {
  it('fuzz: every reply yields a result or an UpstreamError', async () => {
    const adapter = new DvcAdapter({ baseUrl: url, unitCode: 'H22', credentials: async () => ({ username: 'u', password: 'p' }), timeoutMs: 150 });
    const bodies = ['', '{', 'null', '[]', '{"error_code":"00"}', '{"error_code":"00","session":"s","result":[{"MaHoSo":"H22-250101-0001","TrangThaiHoSo":77}]}', '{"error_code":"02","message":"x"}', '{"error_code":"01"}', '<html>', '{"error_code":"00","session":"s","result":"no"}'];
    for (let i = 0; i < 200; i++) {
      const base = bodies[i % bodies.length]!;
      const mutated = i < bodies.length ? base : base.slice(0, Math.floor(Math.random() * (base.length + 1))) + String.fromCharCode(Math.floor(Math.random() * 128));
      const status = [200, 200, 200, 400, 401, 500, 503, 302][i % 8]!;
      nextReply = i % 29 === 0 ? () => Buffer.from('garbage\r\n\r\n') : () => http(status, mutated);
      try {
        await adapter.lookup('H22-250101-0001');
      } catch (error) {
        expect(error).toBeInstanceOf(UpstreamError);
        expect(['retry', 'reject', 'auth']).toContain((error as UpstreamError).kind);
      }
    }
  });

  it('classifies: 503 → retry, 401 → auth, error_code 02 → reject, HTML → retry', async () => {
    const adapter = new DvcAdapter({ baseUrl: url, unitCode: 'H22', credentials: async () => ({ username: 'u', password: 'p' }), timeoutMs: 500 });
    const kindOf = async (reply: Buffer) => {
      nextReply = () => reply;
      try {
        await adapter.lookup('H22-250101-0001');
        return 'ok';
      } catch (error) {
        return (error as UpstreamError).kind;
      }
    };
    expect(await kindOf(http(503, '{"error_code":"99"}'))).toBe('retry');
    expect(await kindOf(http(401, '{"error_code":"01"}'))).toBe('auth');
    expect(await kindOf(http(200, '<html>502</html>'))).toBe('retry');
    // Login succeeds, then the call itself is refused permanently.
    let n = 0;
    nextReply = () => (n++ % 2 === 0 ? http(200, '{"error_code":"00","session":"s"}') : http(200, '{"error_code":"02","message":"Sai dữ liệu"}'));
    const fresh = new DvcAdapter({ baseUrl: url, unitCode: 'H22', credentials: async () => ({ username: 'u', password: 'p' }), timeoutMs: 500 });
    await expect(fresh.lookup('H22-250101-0001')).rejects.toMatchObject({ kind: 'reject', technicianMessage: 'Sai dữ liệu' });
  });
});
