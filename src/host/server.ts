// Runs in: Node (browser host). Serves the built renderer and the contract over WebSocket on
// 127.0.0.1 only. A per-launch secret, handed to the browser in the URL fragment (never sent
// over HTTP, never in the served HTML), is required to open the socket, and the socket's Origin
// must be this host: no other page or local process can drive the kiosk.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { contentSecurityPolicy } from '../core/security/csp';
import type { Engine } from '../core/engine';
import { getLogger } from '../core/log';
import { requestEnvelopeSchema, type ServerEnvelope } from '../shared/transport/envelopes';
import { createDispatcher } from '../shared/transport/dispatcher';

const log = getLogger('host');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ico': 'image/x-icon',
};

export interface HostOptions {
  engine: Pick<Engine, 'handlers' | 'subscribe'>;
  /** Folder with the built renderer (index.html + assets). */
  staticDir: string;
  /** 0 = any free port. */
  port?: number;
  /** Fixed secret (tests); default: 32 random bytes per launch. */
  secret?: string;
  /** Largest accepted WebSocket message: the contract has no bulk uploads over the socket. */
  maxPayloadBytes?: number;
  /**
   * Settles when the engine has started. The host can listen before that, so the page loads and
   * paints while the engine opens its database and devices; requests wait for it, events flow at once.
   */
  engineStarted?: Promise<unknown>;
}

export interface Host {
  /** Origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  port: number;
  secret: string;
  /** What to open in the browser: origin + `/#k=<secret>`. */
  url: string;
  /** Number of connected UIs. */
  clients(): number;
  close(): Promise<void>;
}

export const API_PATH = '/api';

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function securityHeaders(origin: string): Record<string, string> {
  const wsOrigin = origin.replace(/^http/, 'ws');
  return {
    'Content-Security-Policy': contentSecurityPolicy({ connectSrc: [wsOrigin] }),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=()',
    'Cache-Control': 'no-store',
  };
}

function serveStatic(staticDir: string, origin: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', origin).pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  const root = path.resolve(staticDir);
  let file = path.resolve(root, `.${pathname}`);
  // Anything outside the renderer folder is refused, whatever `..` or encoding tricks it uses.
  if (file !== root && !file.startsWith(root + path.sep)) {
    res.writeHead(403).end();
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) {
    // Single-page app: unknown paths without an extension get index.html.
    if (path.extname(pathname) !== '') {
      res.writeHead(404, securityHeaders(origin)).end('not found');
      return;
    }
    file = path.join(root, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('renderer not built: run `npx kiosk build`');
      return;
    }
  }
  res.writeHead(200, {
    ...securityHeaders(origin),
    'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

export async function startHost(options: HostOptions): Promise<Host> {
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const dispatch = createDispatcher(options.engine.handlers, (channel, error) =>
    log.warn({ channel, code: error.code, err: error }, 'request failed'),
  );
  let origin = '';
  const server: Server = createServer((req, res) => serveStatic(options.staticDir, origin, req, res));
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes ?? 1 << 20 });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const refuse = (status: number, reason: string) => {
      log.warn({ reason }, 'refused a WebSocket connection');
      socket.end(`HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      return refuse(400, 'bad url');
    }
    if (url.pathname !== API_PATH) return refuse(403, 'wrong path');
    // Browsers always send Origin; a page from any other origin (or a file://) is refused even
    // with a stolen secret.
    if (req.headers.origin !== undefined && req.headers.origin !== origin) return refuse(403, 'foreign origin');
    const token = url.searchParams.get('k') ?? '';
    if (!safeEqual(token, secret)) return refuse(401, 'missing or wrong secret');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    sockets.add(ws);
    log.info({ clients: sockets.size }, 'UI connected');
    ws.on('message', async (data, isBinary) => {
      if (isBinary) return;
      let envelope;
      try {
        envelope = requestEnvelopeSchema.safeParse(JSON.parse(data.toString()));
      } catch {
        envelope = null;
      }
      if (!envelope?.success) {
        log.warn('ignored a malformed frame');
        return;
      }
      // A failed start ends the process; until then a request gets the engine's own refusal.
      await options.engineStarted?.catch(() => undefined);
      const result = await dispatch(envelope.data.channel, envelope.data.payload);
      const reply: ServerEnvelope = { type: 'response', id: envelope.data.id, result };
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
    });
    ws.on('close', () => {
      sockets.delete(ws);
      log.info({ clients: sockets.size }, 'UI disconnected');
    });
  });

  const unsubscribe = options.engine.subscribe((event, payload) => {
    const frame = JSON.stringify({ type: 'event', event, payload } satisfies ServerEnvelope);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  log.info({ port }, 'browser host listening on 127.0.0.1');

  return {
    origin,
    port,
    secret,
    url: `${origin}/#k=${secret}`,
    clients: () => sockets.size,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
