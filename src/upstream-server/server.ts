// Runs in: Node (reference upstream server: its own process via `kiosk upstream`, or in-process in
// tests). A provincial one-stop / DVCQG-style JSON API with its own SQLite store, statuses that
// advance over time, and injected faults. Binds to 127.0.0.1 only.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import DatabaseCtor, { type Database } from 'better-sqlite3-multiple-ciphers';
import { drawFault, parseFaultSpec, seededRandom, FAULT_KINDS, type FaultKind, type FaultSpec } from './faults';

export interface UpstreamServerOptions {
  port?: number;
  host?: string;
  /** A SPEC string (see faults.ts) or a parsed spec. */
  faults?: string | FaultSpec;
  /** SQLite file for the upstream's own store; default in memory. */
  dbFile?: string;
  /** Accepted login; default kiosk / kiosk-secret. */
  credentials?: { username: string; password: string };
  /** Province identifier the dossier code prefix must contain; otherwise a MaHoSoKhac is assigned. */
  provinceId?: string;
  /** Advance every open dossier one status step this often; 0 = never. Default 0. */
  advanceEveryMs?: number;
  /** Max body size for a file chunk. */
  maxChunkBytes?: number;
  /** Procedure codes missing from this upstream's catalogue: dossiers for them are rejected. */
  unknownProcedures?: string[];
}

export interface UpstreamStats {
  requests: number;
  faults: Record<FaultKind, number>;
  logins: number;
  creates: number;
  updates: number;
  createsRefusedAsExisting: number;
  rejects: number;
  sessionsExpired: number;
  chunks: number;
}

export interface UpstreamDossierRecord {
  maHoSo: string;
  maHoSoKhac: string | null;
  status: number;
  /** The last HoSo JSON the kiosk sent. */
  data: Record<string, unknown>;
  writes: number;
  createdAt: number;
}

export interface RunningUpstreamServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  stats(): UpstreamStats;
  dossiers(): UpstreamDossierRecord[];
  /** Move every open dossier one step along its path (what each `advanceEveryMs` tick does). */
  advanceStatuses(): void;
  /** Test hook: set a dossier's status (e.g. to simulate a staff decision upstream). */
  setStatus(maHoSo: string, status: number): void;
  /** Stop accepting/serving (link down) or resume (link up), keeping the store. */
  setOnline(online: boolean): void;
  /** Replace the list of procedure codes the catalogue lacks. */
  setUnknownProcedures(codes: string[]): void;
}

const STATUS_PATH: Record<number, number> = { 1: 2, 2: 4, 4: 9, 9: 10, 5: 4, 6: 4 };

function reply(res: ServerResponse, http: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(http, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function schema(db: Database): void {
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS hoso (ma_ho_so TEXT PRIMARY KEY, ma_ho_so_khac TEXT UNIQUE, status INTEGER NOT NULL,
      data TEXT NOT NULL, writes INTEGER NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS files (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER NOT NULL, name TEXT NOT NULL,
      received INTEGER NOT NULL, complete INTEGER NOT NULL DEFAULT 0, data BLOB NOT NULL);
    CREATE TABLE IF NOT EXISTS sessions (token TEXT PRIMARY KEY, expires_at INTEGER);
  `);
}

const MA_TTHC = /^\d\.\d{6}(\.[A-Za-z0-9.]+)?$/;

/** Validates a HoSo; returns the reason for a permanent rejection, or null. */
function validateHoSo(h: Record<string, unknown>, fileComplete: (url: string) => boolean, unknown: ReadonlySet<string>): string | null {
  if (typeof h.MaHoSo !== 'string' || h.MaHoSo.length < 5) return 'Thiếu MaHoSo';
  if (typeof h.MaTTHC !== 'string' || !MA_TTHC.test(h.MaTTHC)) return `Mã thủ tục không hợp lệ: ${String(h.MaTTHC).slice(0, 40)}`;
  if (unknown.has(h.MaTTHC)) return `Thủ tục ${h.MaTTHC} không có trong danh mục`;
  if (typeof h.ChuHoSo !== 'string' || h.ChuHoSo.trim() === '') return 'Thiếu ChuHoSo';
  if (typeof h.NgayTiepNhan !== 'string' || !/^\d{14}$/.test(h.NgayTiepNhan)) return 'NgayTiepNhan phải có dạng yyyyMMddHHmmss';
  const files = h.TaiLieuNop;
  if (!Array.isArray(files)) return 'TaiLieuNop phải là danh sách';
  for (const f of files as Record<string, unknown>[]) {
    if (typeof f?.DuongDanTaiTepTin !== 'string' || !fileComplete(f.DuongDanTaiTepTin)) return `Không tải được tệp ${String(f?.TenTepDinhKem).slice(0, 60)}`;
  }
  return null;
}

export async function startUpstreamServer(options: UpstreamServerOptions = {}): Promise<RunningUpstreamServer> {
  const spec = typeof options.faults === 'string' || options.faults === undefined ? parseFaultSpec(options.faults) : options.faults;
  const random = seededRandom(spec.seed);
  const creds = options.credentials ?? { username: 'kiosk', password: 'kiosk-secret' };
  const provinceId = options.provinceId ?? null;
  const maxChunk = options.maxChunkBytes ?? 8 * 1024 * 1024;
  const db = new DatabaseCtor(options.dbFile ?? ':memory:');
  schema(db);
  const stats: UpstreamStats = {
    requests: 0,
    faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>,
    logins: 0,
    creates: 0,
    updates: 0,
    createsRefusedAsExisting: 0,
    rejects: 0,
    sessionsExpired: 0,
    chunks: 0,
  };
  let online = true;
  let unknownProcedures = new Set(options.unknownProcedures ?? []);
  let baseUrl = '';
  const sockets = new Set<Socket>();
  const hung = new Set<ServerResponse>();

  const sessionValid = (token: unknown): 'ok' | 'expired' | 'unknown' => {
    if (typeof token !== 'string') return 'unknown';
    const row = db.prepare('SELECT expires_at FROM sessions WHERE token = ?').get(token) as { expires_at: number | null } | undefined;
    if (!row) return 'unknown';
    if (row.expires_at !== null && row.expires_at < Date.now()) return 'expired';
    return 'ok';
  };

  const fileComplete = (url: string): boolean => {
    const m = /\/files\/([0-9a-f]{64})$/.exec(url);
    if (!m || !url.startsWith(baseUrl)) return false;
    const row = db.prepare('SELECT complete FROM files WHERE id = ?').get(m[1]) as { complete: number } | undefined;
    return row?.complete === 1;
  };

  const lookup = (code: string) =>
    db.prepare('SELECT * FROM hoso WHERE ma_ho_so = ? OR ma_ho_so_khac = ?').get(code, code) as
      | { ma_ho_so: string; ma_ho_so_khac: string | null; status: number; data: string; writes: number; created_at: number }
      | undefined;

  /** The API proper. Returns [http status, body]; pure with respect to faults. */
  const handle = (method: string, path: string, headers: IncomingMessage['headers'], body: Buffer): [number, unknown] => {
    if (method === 'GET' && path === '/api/ping') return [200, { ok: true }];
    if (method === 'GET' && path.startsWith('/files/')) {
      const row = db.prepare('SELECT data, complete FROM files WHERE id = ?').get(path.slice(7)) as { data: Buffer; complete: number } | undefined;
      return row?.complete ? [200, { size: row.data.length }] : [404, { error_code: '04', message: 'Không tìm thấy tệp' }];
    }
    if (method === 'POST' && path === '/api/auth/login') {
      const j = parseJson(body) as { username?: unknown; password?: unknown } | null;
      if (!j || j.username !== creds.username || j.password !== creds.password) return [401, { error_code: '01', message: 'Sai tên đăng nhập hoặc mật khẩu' }];
      const token = randomBytes(16).toString('hex');
      db.prepare('INSERT INTO sessions (token, expires_at) VALUES (?, ?)').run(token, spec.sessionTtlMs === null ? null : Date.now() + spec.sessionTtlMs);
      stats.logins++;
      return [200, { error_code: '00', session: token, expires_in: spec.sessionTtlMs === null ? null : Math.floor(spec.sessionTtlMs / 1000) }];
    }
    const sessionToken = path.startsWith('/api/files') ? headers['x-session'] : (parseJson(body) as { session?: unknown } | null)?.session;
    const sv = sessionValid(sessionToken);
    if (sv !== 'ok') {
      if (sv === 'expired') stats.sessionsExpired++;
      return [401, { error_code: '01', message: sv === 'expired' ? 'Phiên làm việc đã hết hạn' : 'Phiên làm việc không hợp lệ' }];
    }
    if (method === 'POST' && path === '/api/files') {
      const j = parseJson(body) as { sha256?: unknown; size?: unknown; name?: unknown } | null;
      if (!j || typeof j.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(j.sha256) || typeof j.size !== 'number' || !Number.isInteger(j.size) || j.size < 0 || j.size > 200 * 1024 * 1024) {
        stats.rejects++;
        return [400, { error_code: '02', message: 'Thông tin tệp không hợp lệ' }];
      }
      db.prepare('INSERT OR IGNORE INTO files (id, sha256, size, name, received, complete, data) VALUES (?, ?, ?, ?, 0, ?, ?)').run(j.sha256, j.sha256, j.size, String(j.name ?? ''), j.size === 0 ? 1 : 0, Buffer.alloc(0));
      const row = db.prepare('SELECT received, complete FROM files WHERE id = ?').get(j.sha256) as { received: number; complete: number };
      return [200, { error_code: '00', id: j.sha256, offset: row.received, complete: row.complete === 1, url: `${baseUrl}/files/${j.sha256}` }];
    }
    const chunk = /^\/api\/files\/([0-9a-f]{64})$/.exec(path);
    if (chunk && (method === 'PATCH' || method === 'GET')) {
      const row = db.prepare('SELECT sha256, size, received, complete FROM files WHERE id = ?').get(chunk[1]) as { sha256: string; size: number; received: number; complete: number } | undefined;
      if (!row) return [404, { error_code: '04', message: 'Không tìm thấy phiên tải tệp' }];
      if (method === 'GET') return [200, { error_code: '00', offset: row.received, size: row.size, complete: row.complete === 1 }];
      const offset = Number(headers['upload-offset']);
      if (!Number.isInteger(offset) || offset !== row.received) return [409, { error_code: '05', message: 'Lệch vị trí tải tệp', offset: row.received }];
      if (row.received + body.length > row.size) return [400, { error_code: '02', message: 'Tệp vượt quá kích thước đã khai báo' }];
      appendChunk(chunk[1]!, body);
      stats.chunks++;
      return [200, { error_code: '00', offset: row.received + body.length, complete: finishIfComplete(chunk[1]!) }];
    }
    if (method === 'POST' && path === '/api/integration') {
      const j = parseJson(body) as { service?: unknown; isUpdating?: unknown; data?: unknown; madonvi?: unknown } | null;
      if (!j || !Array.isArray(j.data)) {
        stats.rejects++;
        return [400, { error_code: '02', message: 'Yêu cầu không hợp lệ' }];
      }
      if (j.service === 'TraCuuHoSo') {
        const results = (j.data as { MaHoSo?: unknown }[]).map((q) => (typeof q?.MaHoSo === 'string' ? lookup(q.MaHoSo) : undefined)).filter((r) => r !== undefined);
        return [200, { error_code: '00', result: results.map((r) => ({ ...(JSON.parse(r.data) as object), MaHoSo: r.ma_ho_so, MaHoSoKhac: r.ma_ho_so_khac, TrangThaiHoSo: r.status, SoLanCapNhat: r.writes })) }];
      }
      if (j.service === 'DongBoHoSoMC') {
        const updating = j.isUpdating === 'True' || j.isUpdating === true;
        const out: { MaHoSo: string; MaHoSoKhac: string | null; TrangThaiHoSo: number }[] = [];
        const tx = db.transaction(() => {
          for (const h of j.data as Record<string, unknown>[]) {
            const reason = validateHoSo(h ?? {}, fileComplete, unknownProcedures);
            if (reason) return { reject: reason };
            const code = h.MaHoSo as string;
            const existing = lookup(code);
            const now = Date.now();
            if (!updating) {
              if (existing) return { exists: code };
              const khac = provinceId && !code.includes(provinceId) ? `${provinceId}-${code.split('-')[1]}-${String(Math.floor(random() * 100000)).padStart(5, '0')}` : null;
              db.prepare('INSERT INTO hoso (ma_ho_so, ma_ho_so_khac, status, data, writes, created_at, updated_at) VALUES (?, ?, 1, ?, 1, ?, ?)').run(code, khac, JSON.stringify(h), now, now);
              stats.creates++;
              out.push({ MaHoSo: code, MaHoSoKhac: khac, TrangThaiHoSo: 1 });
            } else {
              if (!existing) return { missing: code };
              db.prepare('UPDATE hoso SET data = ?, writes = writes + 1, updated_at = ? WHERE ma_ho_so = ?').run(JSON.stringify(h), now, existing.ma_ho_so);
              stats.updates++;
              out.push({ MaHoSo: existing.ma_ho_so, MaHoSoKhac: existing.ma_ho_so_khac, TrangThaiHoSo: existing.status });
            }
          }
          return null;
        });
        const problem = tx();
        if (problem && 'reject' in problem) {
          stats.rejects++;
          return [200, { error_code: '02', message: problem.reject }];
        }
        if (problem && 'exists' in problem) {
          stats.createsRefusedAsExisting++;
          return [200, { error_code: '03', message: `Hồ sơ ${problem.exists} đã tồn tại` }];
        }
        if (problem && 'missing' in problem) return [200, { error_code: '04', message: `Hồ sơ ${problem.missing} không tồn tại` }];
        return [200, { error_code: '00', message: 'Thành công', result: out }];
      }
      stats.rejects++;
      return [400, { error_code: '02', message: `Dịch vụ không hỗ trợ: ${String(j.service).slice(0, 40)}` }];
    }
    return [404, { error_code: '04', message: 'Không tìm thấy' }];
  };

  const appendChunk = (id: string, bytes: Buffer) => {
    // Concatenate in JS: SQLite's || turns BLOBs into TEXT.
    const row = db.prepare('SELECT data FROM files WHERE id = ?').get(id) as { data: Buffer };
    db.prepare('UPDATE files SET data = ?, received = received + ? WHERE id = ?').run(Buffer.concat([row.data, bytes]), bytes.length, id);
  };
  const finishIfComplete = (id: string): boolean => {
    const row = db.prepare('SELECT sha256, size, received, data FROM files WHERE id = ?').get(id) as { sha256: string; size: number; received: number; data: Buffer };
    if (row.received < row.size) return false;
    if (createHash('sha256').update(row.data).digest('hex') !== row.sha256) {
      // Corrupt assembly: start over rather than keep a file that does not match its name.
      db.prepare('UPDATE files SET data = X\'\', received = 0 WHERE id = ?').run(id);
      return false;
    }
    db.prepare('UPDATE files SET complete = 1 WHERE id = ?').run(id);
    return true;
  };

  const server = createServer((req, res) => {
    // A client that vanished mid-request (killed kiosk) must never take the server down.
    const guard = (p: Promise<void>) => p.catch(() => res.destroy());
    void guard((async () => {
      stats.requests++;
      const url = new URL(req.url ?? '/', 'http://x');
      const isChunk = req.method === 'PATCH' && url.pathname.startsWith('/api/files/');
      const isControl = url.pathname === '/api/ping' || url.pathname.startsWith('/files/');
      const fault = isControl ? null : drawFault(spec, random, isChunk);
      if (fault) stats.faults[fault]++;
      const [lo, hi] = spec.latencyMs;
      if (hi > 0) await new Promise((r) => setTimeout(r, lo + random() * (hi - lo)));
      if (fault === 'reset') {
        (req.socket as Socket | null)?.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let tooBig = false;
      try {
        for await (const c of req as AsyncIterable<Buffer>) {
          size += c.length;
          if (size > maxChunk + 1024 * 1024) tooBig = true;
          else chunks.push(c);
          if (fault === 'reset-upload' && size >= Number(req.headers['content-length'] ?? 0) / 2) break;
        }
      } catch {
        return;
      }
      let body = Buffer.concat(chunks);
      if (fault === 'reset-upload') {
        // Keep the first half, as a server that flushes to disk while streaming would.
        const m = /^\/api\/files\/([0-9a-f]{64})$/.exec(url.pathname);
        const offset = Number(req.headers['upload-offset']);
        const row = m ? (db.prepare('SELECT received, size FROM files WHERE id = ?').get(m[1]) as { received: number; size: number } | undefined) : undefined;
        body = body.subarray(0, Math.floor(Number(req.headers['content-length'] ?? 0) / 2));
        if (m && row && row.received === offset && sessionValid(req.headers['x-session']) === 'ok' && row.received + body.length <= row.size) {
          appendChunk(m[1]!, body);
          finishIfComplete(m[1]!);
        }
        (req.socket as Socket | null)?.destroy();
        return;
      }
      if (tooBig) return reply(res, 413, { error_code: '02', message: 'Dữ liệu quá lớn' });
      if (fault === '5xx') return reply(res, 503, { error_code: '99', message: 'Hệ thống đang bận' });
      if (fault === 'timeout') {
        hung.add(res);
        res.on('close', () => hung.delete(res));
        return;
      }
      if (fault === 'malformed') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>502 Bad Gateway</body></html>');
        return;
      }
      let result: [number, unknown];
      try {
        result = handle(req.method ?? 'GET', url.pathname, req.headers, body);
        if (fault === 'duplicate') result = handle(req.method ?? 'GET', url.pathname, req.headers, body);
      } catch {
        return reply(res, 500, { error_code: '99', message: 'Lỗi hệ thống' });
      }
      if (fault === 'lost-ack') {
        (req.socket as Socket | null)?.destroy();
        return;
      }
      reply(res, result[0], result[1]);
    })());
  });
  server.on('connection', (s) => {
    if (!online) {
      s.destroy();
      return;
    }
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  // One statement, so each dossier moves exactly one step per tick (row by row, 1 → 2 → 4 would
  // otherwise cascade to 10 at once).
  const advanceOneStep = db.prepare(
    `UPDATE hoso SET status = CASE status ${Object.entries(STATUS_PATH).map(([from, to]) => `WHEN ${Number(from)} THEN ${Number(to)}`).join(' ')} END
     WHERE status IN (${Object.keys(STATUS_PATH).map(Number).join(', ')})`,
  );
  const advance = options.advanceEveryMs
    ? setInterval(() => advanceOneStep.run(), options.advanceEveryMs)
    : null;
  advance?.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${options.host ?? '127.0.0.1'}:${port}`;

  return {
    url: baseUrl,
    port,
    async stop() {
      if (advance) clearInterval(advance);
      for (const r of hung) r.destroy();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      db.close();
    },
    stats: () => structuredClone(stats),
    dossiers: () =>
      (db.prepare('SELECT * FROM hoso ORDER BY ma_ho_so').all() as { ma_ho_so: string; ma_ho_so_khac: string | null; status: number; data: string; writes: number; created_at: number }[]).map((r) => ({
        maHoSo: r.ma_ho_so,
        maHoSoKhac: r.ma_ho_so_khac,
        status: r.status,
        data: JSON.parse(r.data) as Record<string, unknown>,
        writes: r.writes,
        createdAt: r.created_at,
      })),
    advanceStatuses() {
      advanceOneStep.run();
    },
    setStatus(maHoSo, status) {
      db.prepare('UPDATE hoso SET status = ? WHERE ma_ho_so = ?').run(status, maHoSo);
    },
    setUnknownProcedures(codes) {
      unknownProcedures = new Set(codes);
    },
    setOnline(value) {
      online = value;
      if (!value) {
        for (const r of hung) r.destroy();
        for (const s of sockets) s.destroy();
      }
    },
  };
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
}
