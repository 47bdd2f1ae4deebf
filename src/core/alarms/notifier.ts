// Runs in: Node (engine). Turns device status changes into alarm notices (raised / cleared) and
// delivers them on the channels the config selects (`alarms.notify`): the log, an HTTP POST to the
// centre's monitoring (webhook), and the kiosk's own screen and speaker (an `alarm.notice` event the
// renderer shows and chimes for). Notices describe devices only — never a citizen.
import { createHmac } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { AlarmNotice, DeviceStatus, TechnicianEvent } from '../../shared/contract';
import type { KioskConfig } from '../config/schema';
import { getLogger } from '../log';

const log = getLogger('alarms');

export interface WebhookBody {
  type: 'kiosk.device-alarm';
  kioskId: string;
  unitCode: string;
  event: AlarmNotice['event'];
  device: { id: string; kind: DeviceStatus['kind']; driver: string; simulated: boolean };
  state: DeviceStatus['state'];
  code: string;
  /** For staff, Vietnamese. */
  message: string;
  /** For the technician, English: the driver's detail. */
  detail: string;
  at: string;
}

export interface AlarmNotifierOptions {
  config: KioskConfig['alarms'];
  kioskId: string;
  unitCode: string;
  /** Sends the `alarm.notice` event to the UIs (screen/sound channels). */
  emit: (notice: AlarmNotice) => void;
  /** Technician event list (status changes, alarms, deliveries). */
  record?: (event: TechnicianEvent) => void;
  /** Waits between webhook attempts; the receiver may be restarting. */
  retryDelaysMs?: number[];
}

/** The signing secret named by `secretRef`, read at each delivery so a rotated secret applies at once. */
export function readSecret(ref: string): string {
  if (ref.startsWith('env:')) {
    const v = process.env[ref.slice(4)];
    if (!v) throw new Error(`environment variable ${ref.slice(4)} is not set`);
    return v;
  }
  const file = ref.slice(5);
  const st = statSync(file);
  if ((st.mode & 0o077) !== 0) throw new Error(`${file} is readable by group/others; chmod 600 it`);
  const secret = readFileSync(file, 'utf8').trim();
  if (!secret) throw new Error(`${file} is empty`);
  return secret;
}

/** HMAC-SHA256 over "<timestamp>.<body>", hex: what a receiver recomputes to trust an alarm. */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** A device needs a person when its driver sets an alarm (paper out, cover open, unplugged, failing). */
function alarmOf(status: DeviceStatus): { code: string; message: string } | null {
  if (status.alarm && status.state !== 'ready' && status.state !== 'busy') return status.alarm;
  return null;
}

export class AlarmNotifier {
  private readonly active = new Map<string, AlarmNotice>();
  private readonly lastStatus = new Map<string, DeviceStatus>();
  private delivery: Promise<void> = Promise.resolve();
  private readonly retryDelays: number[];
  private stopped = false;
  private readonly waits = new Map<NodeJS.Timeout, () => void>();

  constructor(private readonly options: AlarmNotifierOptions) {
    this.retryDelays = options.retryDelaysMs ?? [2000, 10_000];
  }

  get notify(): KioskConfig['alarms']['notify'] {
    return this.options.config.notify;
  }

  /** Alarms not yet cleared, oldest first. */
  list(): AlarmNotice[] {
    return [...this.active.values()];
  }

  /** Feed every `device.status` here; repeats of an unchanged alarm are ignored. */
  onStatus(status: DeviceStatus): void {
    const previous = this.lastStatus.get(status.id);
    this.lastStatus.set(status.id, status);
    if (!previous || previous.state !== status.state || previous.detail !== status.detail) {
      this.options.record?.({ at: status.updatedAt, deviceId: status.id, kind: status.kind, type: 'status', state: status.state, detail: status.detail, ...(status.alarm ? { code: status.alarm.code } : {}) });
    }
    const now = alarmOf(status);
    const current = this.active.get(status.id);
    if (current && current.code === now?.code) return;
    if (current) {
      this.active.delete(status.id);
      this.dispatch({ ...current, event: 'cleared', state: status.state, at: status.updatedAt }, status);
    }
    if (now) {
      const notice: AlarmNotice = { event: 'raised', deviceId: status.id, kind: status.kind, state: status.state, code: now.code, message: now.message, at: status.updatedAt };
      this.active.set(status.id, notice);
      this.dispatch(notice, status);
    }
  }

  /** Resolves when every webhook delivery queued so far has finished (delivered or given up). */
  async flush(): Promise<void> {
    await this.delivery;
  }

  stop(): void {
    this.stopped = true;
    for (const [t, resolve] of this.waits) {
      clearTimeout(t);
      resolve();
    }
    this.waits.clear();
  }

  private dispatch(notice: AlarmNotice, status: DeviceStatus): void {
    const channels = this.options.config.notify;
    this.options.record?.({ at: notice.at, deviceId: notice.deviceId, kind: notice.kind, type: 'alarm', state: notice.state, detail: `alarm ${notice.event}: ${notice.code}`, code: notice.code });
    if (channels.includes('log')) {
      const fields = { device: notice.deviceId, code: notice.code, state: notice.state };
      if (notice.event === 'raised') log.warn(fields, 'device alarm raised');
      else log.info(fields, 'device alarm cleared');
    }
    if (channels.includes('screen') || channels.includes('sound')) this.options.emit(notice);
    const webhook = this.options.config.webhook;
    if (channels.includes('webhook') && webhook) {
      const body: WebhookBody = {
        type: 'kiosk.device-alarm',
        kioskId: this.options.kioskId,
        unitCode: this.options.unitCode,
        event: notice.event,
        device: { id: status.id, kind: status.kind, driver: status.driver, simulated: status.simulated },
        state: notice.state,
        code: notice.code,
        message: notice.message,
        detail: status.detail,
        at: notice.at,
      };
      // One at a time, in order: a receiver must never see "cleared" before its "raised".
      this.delivery = this.delivery.then(() => this.post(webhook.url, webhook.timeoutMs, body, notice, webhook.secretRef));
    }
  }

  private async post(url: string, timeoutMs: number, body: WebhookBody, notice: AlarmNotice, secretRef?: string): Promise<void> {
    const target = new URL(url);
    // The path and query may hold a token: only the origin goes to logs and the technician page.
    const where = target.origin;
    for (let attempt = 0; ; attempt++) {
      if (this.stopped) return;
      let outcome: string;
      let final = false;
      try {
        const json = JSON.stringify(body);
        const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': `motcua-kiosk/${this.options.kioskId}` };
        if (secretRef) {
          let secret: string;
          try {
            secret = readSecret(secretRef);
          } catch (error) {
            // Unsigned alarms would be refused (or worse, trusted): the technician must fix the secret.
            this.recordDelivery(notice, `webhook ${where}: ${notice.event} ${notice.code} NOT sent: signing secret ${secretRef.split(':')[0]}: ${(error as Error).message}`);
            log.error({ code: notice.code, ref: secretRef.split(':')[0] }, 'alarm webhook secret unreadable');
            return;
          }
          const timestamp = String(Math.floor(Date.now() / 1000));
          headers['x-kiosk-timestamp'] = timestamp;
          headers['x-kiosk-signature'] = signBody(secret, timestamp, json);
        }
        const response = await fetch(url, {
          method: 'POST',
          headers,
          body: json,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) {
          this.recordDelivery(notice, `webhook ${where}: ${notice.event} ${notice.code} delivered (HTTP ${response.status})`);
          log.info({ code: notice.code, event: notice.event, status: response.status, to: where }, 'alarm webhook delivered');
          return;
        }
        outcome = `HTTP ${response.status}`;
        // 4xx other than 408/429: the receiver refuses this body; sending it again will not help.
        final = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
      } catch (error) {
        const e = error as Error & { cause?: { code?: string } };
        outcome = e.name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : (e.cause?.code ?? e.message);
      }
      const delay = final ? undefined : this.retryDelays[attempt];
      if (delay === undefined) {
        this.recordDelivery(notice, `webhook ${where}: ${notice.event} ${notice.code} NOT delivered after ${attempt + 1} attempt(s): ${outcome}`);
        log.error({ code: notice.code, event: notice.event, outcome, to: where }, 'alarm webhook failed');
        return;
      }
      log.warn({ code: notice.code, outcome, to: where, retryInMs: delay }, 'alarm webhook attempt failed');
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          this.waits.delete(t);
          resolve();
        }, delay);
        this.waits.set(t, resolve);
      });
    }
  }

  private recordDelivery(notice: AlarmNotice, detail: string): void {
    this.options.record?.({ at: new Date().toISOString(), deviceId: notice.deviceId, kind: notice.kind, type: 'delivery', state: notice.state, detail, code: notice.code });
  }
}
