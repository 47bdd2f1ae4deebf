// Runs in: Node (engine). Adapter for the provincial one-stop / national-portal (DVCQG) style JSON
// API: session-token login, one integration endpoint with `service` names (DongBoHoSoMC,
// TraCuuHoSo), dates yyyyMMddHHmmss Asia/Ho_Chi_Minh, status codes 1–10, attachments uploaded
// (resumably) before the record that references their URL.
import { createHash } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { formatUpstreamDate } from '../dossiers/code';
import { isDossierStatus, type DossierStatus } from '../dossiers/status';
import { getLogger } from '../log';
import type { AttachmentSource, CredentialSource, OutgoingDossier, UpstreamAdapter, UpstreamRecord } from './adapter';
import { UpstreamError } from './errors';

const log = getLogger('sync.dvc');

export interface DvcAdapterOptions {
  baseUrl: string;
  /** MaDinhDanh sent as `madonvi`. */
  unitCode: string;
  credentials: CredentialSource;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
  /** Upload chunk size; default 256 KiB. */
  chunkBytes?: number;
}

type Json = Record<string, unknown>;

/** The fields of a HoSoDongBoDVC built from a kiosk dossier (see upstream-sync-and-forms.md §1.2). */
export function toHoSo(d: OutgoingDossier): Json {
  return {
    MaHoSo: d.code,
    MaTTHC: d.procedureCode,
    TenTTHC: d.procedureName,
    MaLinhVuc: d.sectorCode ?? '',
    KenhThucHien: 1,
    ChuHoSo: d.ownerName,
    SoGiayToChuHoSo: d.ownerIdNumber,
    LoaiDoiTuong: d.ownerType,
    Email: d.email ?? '',
    SoDienThoai: d.phone ?? '',
    TrichYeuHoSo: d.summary.slice(0, 1000),
    NgayTiepNhan: formatUpstreamDate(d.receivedAt),
    NgayNopHoSo: formatUpstreamDate(d.receivedAt),
    NgayHenTra: d.promisedAt === null ? '' : formatUpstreamDate(d.promisedAt),
    TrangThaiHoSo: 1,
    NoiNopHoSo: d.unitCode,
    DinhDanhCHS: [{ LoaiDinhDanh: d.ownerIdNumber.length === 9 ? 2 : 1, SoDinhDanh: d.ownerIdNumber }],
    TaiLieuNop: d.attachments.map((a) => ({
      TepDinhKemId: a.sha256,
      TenTepDinhKem: a.name,
      IsDeleted: false,
      MaThanhPhanHoSo: a.componentCode,
      DuongDanTaiTepTin: a.url,
      DuocSoHoa: true,
      DuocTaiSuDung: false,
      DuocLayTuKhoDMQG: false,
    })),
    DuLieuBieuMau: d.form,
  };
}

const VOLATILE = new Set(['TrangThaiHoSo', 'MaHoSoKhac', 'SoLanCapNhat']);

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value as Json)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Json)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Content fingerprint, ignoring the fields the upstream owns (status, its own code). */
export function hoSoFingerprint(h: Json): string {
  const stable = Object.fromEntries(Object.entries(h).filter(([k]) => !VOLATILE.has(k)));
  return createHash('sha256').update(canonical(stable)).digest('hex');
}

export class DvcAdapter implements UpstreamAdapter {
  readonly name = 'dvc';
  private session: string | null = null;
  private loggingIn: Promise<string> | null = null;
  /** Re-logins after a rejected session: exposed for diagnostics and tests. */
  relogins = 0;
  private readonly timeoutMs: number;
  private readonly chunkBytes: number;
  private readonly agent = new HttpAgent({ keepAlive: true, maxSockets: 16 });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 16 });

  constructor(private readonly options: DvcAdapterOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.chunkBytes = options.chunkBytes ?? 256 * 1024;
  }

  /**
   * One request over node:http with a keep-alive agent. Not fetch: undici writes headers and body
   * as separate segments, and on a reused connection Nagle + the peer's delayed ACK then add up to
   * 40 ms per request, which capped backlog drain at ~15 dossiers/s.
   */
  private http(method: string, path: string, body: Buffer | string | undefined, headers: Record<string, string> = {}): Promise<{ status: number; json: Json | null; text: string }> {
    const payload = body === undefined ? undefined : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const url = new URL(this.options.baseUrl + path);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const fail = (why: string, cause?: unknown) => reject(new UpstreamError('retry', 'upstream.unreachable', `${method} ${path}: ${why}`, { network: true, cause }));
      const req = request(
        url,
        {
          method,
          agent: url.protocol === 'https:' ? this.httpsAgent : this.agent,
          headers: {
            ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}),
            ...(payload ? { 'content-length': String(payload.length) } : {}),
            ...headers,
          },
          timeout: this.timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            // A reply this large is not the API's; stop reading rather than buffer it.
            if (size > 16 * 1024 * 1024) req.destroy(new Error('reply too large'));
            else chunks.push(c);
          });
          res.on('error', (e) => fail((e as NodeJS.ErrnoException).code ?? e.message, e));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: Json | null = null;
            try {
              const parsed: unknown = JSON.parse(text);
              json = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Json) : null;
            } catch {
              json = null;
            }
            resolve({ status: res.statusCode ?? 0, json, text });
          });
        },
      );
      const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })), this.timeoutMs);
      req.on('close', () => clearTimeout(timer));
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'timeout' })));
      req.on('error', (e) => fail((e as NodeJS.ErrnoException).code ?? e.message, e));
      req.end(payload);
    });
  }

  /** Maps an HTTP reply to success JSON or a classified UpstreamError. */
  private check(path: string, r: { status: number; json: Json | null }, allow: string[] = []): Json {
    const code = r.json ? String(r.json.error_code ?? '') : '';
    const message = r.json && typeof r.json.message === 'string' ? r.json.message.slice(0, 300) : '';
    if (r.status === 401 || code === '01') throw new UpstreamError('auth', 'upstream.auth', `${path}: session rejected (${message || r.status})`);
    if (r.status >= 500 || r.status === 408 || r.status === 429) throw new UpstreamError('retry', 'upstream.server-error', `${path}: HTTP ${r.status} ${message}`);
    if (!r.json || code === '') throw new UpstreamError('retry', 'upstream.malformed', `${path}: HTTP ${r.status} reply is not the API's JSON`);
    if (code === '00' || allow.includes(code)) return r.json;
    if (r.status >= 400 || code === '02') throw new UpstreamError('reject', 'upstream.rejected', message || `${path}: HTTP ${r.status} error_code ${code}`);
    throw new UpstreamError('retry', 'upstream.error', `${path}: error_code ${code} ${message}`);
  }

  private async login(): Promise<string> {
    this.loggingIn ??= (async () => {
      try {
        const creds = await this.options.credentials();
        const r = await this.http('POST', '/api/auth/login', JSON.stringify({ username: creds.username, password: creds.password }));
        if (r.status === 401) throw new UpstreamError('auth', 'upstream.login-refused', 'upstream refused the kiosk credentials');
        const j = this.check('/api/auth/login', r);
        if (typeof j.session !== 'string' || j.session === '') throw new UpstreamError('retry', 'upstream.malformed', 'login reply has no session');
        this.session = j.session;
        log.info('upstream session opened');
        return j.session;
      } finally {
        this.loggingIn = null;
      }
    })();
    return this.loggingIn;
  }

  /** Runs a call with the session; on a rejected session logs in once more and retries once. */
  private async withSession<T>(call: (session: string) => Promise<T>): Promise<T> {
    const session = this.session ?? (await this.login());
    try {
      return await call(session);
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.kind !== 'auth') throw error;
      if (this.session === session) this.session = null;
      this.relogins++;
      return call(this.session ?? (await this.login()));
    }
  }

  private async integration(service: string, data: Json[], isUpdating?: boolean, allow: string[] = []): Promise<Json> {
    return this.withSession(async (session) => {
      const body = JSON.stringify({ session, madonvi: this.options.unitCode, service, ...(isUpdating === undefined ? {} : { isUpdating: isUpdating ? 'True' : 'False' }), data });
      return this.check(`/api/integration ${service}`, await this.http('POST', '/api/integration', body), allow);
    });
  }

  /** Closes pooled connections (process shutdown, tests). */
  close(): void {
    this.agent.destroy();
    this.httpsAgent.destroy();
  }

  async ping(): Promise<boolean> {
    try {
      const r = await this.http('GET', '/api/ping', undefined);
      return r.status === 200;
    } catch {
      return false;
    }
  }

  private toRecord(h: Json): UpstreamRecord {
    const status = Number(h.TrangThaiHoSo);
    if (!isDossierStatus(status)) throw new UpstreamError('retry', 'upstream.malformed', `TraCuuHoSo: status ${String(h.TrangThaiHoSo).slice(0, 10)} is not 1–10`);
    const own = typeof h.MaHoSoKhac === 'string' && h.MaHoSoKhac ? h.MaHoSoKhac : h.MaHoSo;
    if (typeof own !== 'string') throw new UpstreamError('retry', 'upstream.malformed', 'TraCuuHoSo: record without MaHoSo');
    return { upstreamCode: own, status, fingerprint: hoSoFingerprint(h) };
  }

  private async lookupMany(codes: string[]): Promise<Json[]> {
    const j = await this.integration('TraCuuHoSo', codes.map((MaHoSo) => ({ MaHoSo })));
    if (!Array.isArray(j.result)) throw new UpstreamError('retry', 'upstream.malformed', 'TraCuuHoSo: result is not a list');
    return (j.result as unknown[]).filter((r): r is Json => !!r && typeof r === 'object');
  }

  async lookup(code: string): Promise<UpstreamRecord | null> {
    const hit = (await this.lookupMany([code])).find((h) => h.MaHoSo === code || h.MaHoSoKhac === code);
    return hit ? this.toRecord(hit) : null;
  }

  async upsert(dossier: OutgoingDossier, existing: UpstreamRecord | null): Promise<UpstreamRecord> {
    const hoSo = toHoSo(dossier);
    const fingerprint = hoSoFingerprint(hoSo);
    // Lost acknowledgement: the write already happened with this exact content.
    if (existing && existing.fingerprint === fingerprint) return existing;
    let j = await this.integration('DongBoHoSoMC', [hoSo], existing !== null, ['03', '04']);
    // "đã tồn tại" on create (a duplicate delivery won the race) → update; "không tồn tại" on update → create.
    if (j.error_code === '03') j = await this.integration('DongBoHoSoMC', [hoSo], true);
    else if (j.error_code === '04') j = await this.integration('DongBoHoSoMC', [hoSo], false, ['03']);
    if (j.error_code === '03') j = await this.integration('DongBoHoSoMC', [hoSo], true);
    const first = Array.isArray(j.result) ? (j.result[0] as Json | undefined) : undefined;
    const status = Number(first?.TrangThaiHoSo ?? 1);
    const upstreamCode = typeof first?.MaHoSoKhac === 'string' && first.MaHoSoKhac ? first.MaHoSoKhac : dossier.code;
    return { upstreamCode, status: isDossierStatus(status) ? status : 1, fingerprint };
  }

  async uploadAttachment(file: AttachmentSource): Promise<string> {
    return this.withSession(async (session) => {
      const headers = { 'x-session': session };
      const init = this.check('/api/files', await this.http('POST', '/api/files', JSON.stringify({ sha256: file.sha256, size: file.size, name: file.name }), headers));
      const url = init.url;
      if (typeof url !== 'string') throw new UpstreamError('retry', 'upstream.malformed', '/api/files: no url');
      if (init.complete === true) return url;
      let offset = Number(init.offset);
      if (!Number.isInteger(offset) || offset < 0 || offset > file.size) throw new UpstreamError('retry', 'upstream.malformed', '/api/files: bad offset');
      const bytes = file.read();
      const path = `/api/files/${file.sha256}`;
      for (let guard = 0; guard < 100_000; guard++) {
        const chunk = bytes.subarray(offset, Math.min(bytes.length, offset + this.chunkBytes));
        const r = await this.http('PATCH', path, Buffer.from(chunk), { ...headers, 'upload-offset': String(offset), 'content-type': 'application/octet-stream' });
        if (r.status === 409 && r.json && Number.isInteger(r.json.offset)) {
          offset = r.json.offset as number; // resume where the upstream actually is
          continue;
        }
        const j = this.check(path, r);
        const next = Number(j.offset);
        if (!Number.isInteger(next) || next < offset || next > file.size) throw new UpstreamError('retry', 'upstream.malformed', `${path}: bad offset in reply`);
        if (j.complete === true) return url;
        if (next === file.size) {
          // All bytes sent but the upstream did not accept the assembly (hash mismatch): restart.
          throw new UpstreamError('retry', 'upstream.upload-incomplete', `${path}: upload did not verify; restarting`);
        }
        offset = next;
      }
      throw new UpstreamError('retry', 'upstream.upload-stuck', `${path}: upload made no progress`);
    });
  }

  async statuses(codes: string[]): Promise<Map<string, { status: DossierStatus; upstreamCode: string }>> {
    const out = new Map<string, { status: DossierStatus; upstreamCode: string }>();
    // Chunks of 10, as the reference integrations do, to keep each request small.
    for (let i = 0; i < codes.length; i += 10) {
      for (const h of await this.lookupMany(codes.slice(i, i + 10))) {
        const rec = this.toRecord(h);
        if (typeof h.MaHoSo === 'string') out.set(h.MaHoSo, { status: rec.status, upstreamCode: rec.upstreamCode });
      }
    }
    return out;
  }
}
