// Runs in: Node (engine). The citizen session: the only place the engine keeps a citizen's
// personal data in memory, so that ending the session provably forgets all of it.
import type { SessionEndReason } from '../../shared/contract';
import type { EventBus } from '../events';
import { getLogger } from '../log';

const log = getLogger('session');

export class CitizenSession {
  private data = new Map<string, unknown>();
  private active = false;
  private startedAt = 0;

  constructor(private readonly bus: EventBus) {}

  /** Stores a personal datum for this session (identity, draft, scans). Starts the session. */
  put(key: string, value: unknown): void {
    if (!this.active) {
      this.active = true;
      this.startedAt = Date.now();
      log.info('session started');
    }
    this.data.set(key, value);
  }

  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  get isActive(): boolean {
    return this.active;
  }

  /** Number of personal data held: tests assert it is 0 after end(). */
  get size(): number {
    return this.data.size;
  }

  /** Wipes every personal datum, then tells every UI to do the same. Idempotent. */
  end(reason: SessionEndReason): boolean {
    const hadData = this.active || this.data.size > 0;
    for (const value of this.data.values()) wipe(value);
    this.data = new Map();
    if (this.active) log.info({ reason, seconds: Math.round((Date.now() - this.startedAt) / 1000) }, 'session ended');
    this.active = false;
    this.bus.emit('session.ended', { reason });
    return hadData;
  }
}

/** Zero byte buffers in place (face images, keys) so they do not linger in the heap. */
function wipe(value: unknown, depth = 0): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  if (ArrayBuffer.isView(value)) {
    new Uint8Array(value.buffer, value.byteOffset, value.byteLength).fill(0);
    return;
  }
  for (const item of Object.values(value)) wipe(item, depth + 1);
}
