// Runs in: Node (engine). Who may use the staff and technician functions right now. The engine
// holds the unlocked role (one kiosk, one screen); privileged handlers call `require()`.
// Wrong PINs are counted across both roles, so alternating roles gains an attacker nothing.
import { randomBytes } from 'node:crypto';
import { KioskError } from '../../shared/errors';
import { parsePinHash, verifyPin, type ParsedPinHash } from './pin';

export type Role = 'staff' | 'technician';

export interface AuthOptions {
  /** Configured hashes (config `staff.pinHash`, `technician.pinHash`). */
  hashes: Partial<Record<Role, string>>;
  /**
   * Hashes accepted only when the role has no configured hash: the demo PINs, which the engine
   * passes only while every device is simulated.
   */
  fallbackHashes?: Partial<Record<Role, string>>;
  /** Wrong PINs in a row before the lockout. Default 5. */
  maxAttempts?: number;
  /** Lockout length (ms). Default 5 min. Doubles for each further lockout until a right PIN. */
  lockoutMs?: number;
  /** How long an unlocked role lasts (ms). Default 10 min. */
  ttlMs?: number;
  now?: () => number;
}

export interface Unlocked {
  role: Role;
  /** Random, never leaves the engine: a new unlock replaces it, so a stale grant cannot linger. */
  token: string;
  expiresAt: number;
}

export class AuthService {
  private readonly hashes = new Map<Role, ParsedPinHash>();
  private failures = 0;
  private lockouts = 0;
  private lockedUntil = 0;
  private current: Unlocked | null = null;
  private readonly maxAttempts: number;
  private readonly lockoutMs: number;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: AuthOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.lockoutMs = options.lockoutMs ?? 5 * 60_000;
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
    for (const role of ['staff', 'technician'] as const) {
      const hash = options.hashes[role] ?? options.fallbackHashes?.[role];
      // Parsed now: a broken hash in the config is reported at start-up, not at the first unlock.
      if (hash) this.hashes.set(role, parsePinHash(hash));
    }
  }

  isConfigured(role: Role): boolean {
    return this.hashes.has(role);
  }

  async unlock(role: Role, pin: string): Promise<{ role: Role; expiresAt: number }> {
    const now = this.now();
    if (now < this.lockedUntil) {
      const seconds = Math.ceil((this.lockedUntil - now) / 1000);
      throw new KioskError({
        code: 'auth.locked-out',
        technicianMessage: `too many wrong PINs; locked for ${seconds} s more`,
        citizenMessage: `Nhập sai quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(seconds / 60)} phút.`,
      });
    }
    const hash = this.hashes.get(role);
    if (!hash) {
      throw new KioskError({
        code: 'auth.not-configured',
        technicianMessage: `no ${role}.pinHash in the config (demo PINs work only while every device is simulated)`,
        citizenMessage: 'Chức năng này chưa được cấu hình mã PIN.',
      });
    }
    if (!(await verifyPin(pin, hash))) {
      this.failures += 1;
      const remaining = this.maxAttempts - this.failures;
      if (remaining <= 0) {
        this.lockedUntil = this.now() + this.lockoutMs * 2 ** Math.min(this.lockouts, 6);
        this.lockouts += 1;
        this.failures = 0;
        this.lock();
        throw new KioskError({
          code: 'auth.locked-out',
          technicianMessage: `${this.maxAttempts} wrong PINs in a row; locked for ${Math.round((this.lockedUntil - this.now()) / 1000)} s`,
          citizenMessage: `Nhập sai quá nhiều lần. Vui lòng thử lại sau ${Math.ceil((this.lockedUntil - this.now()) / 60_000)} phút.`,
        });
      }
      throw new KioskError({
        code: 'auth.wrong-pin',
        technicianMessage: `wrong ${role} PIN; ${remaining} attempt(s) left before the lockout`,
        citizenMessage: `Mã PIN không đúng. Còn ${remaining} lần thử.`,
        retryable: true,
      });
    }
    this.failures = 0;
    this.lockouts = 0;
    this.current = { role, token: randomBytes(16).toString('hex'), expiresAt: this.now() + this.ttlMs };
    return { role, expiresAt: this.current.expiresAt };
  }

  lock(): boolean {
    const was = this.active() !== null;
    this.current = null;
    return was;
  }

  /** Wrong PINs left before the lockout (for the PIN pad's hint). */
  remainingAttempts(): number {
    return this.maxAttempts - this.failures;
  }

  active(): Unlocked | null {
    if (this.current && this.now() >= this.current.expiresAt) this.current = null;
    return this.current;
  }

  /** Throws auth.required unless `role` (or the technician, who may do all staff can) is unlocked. */
  require(role: Role): Unlocked {
    const grant = this.active();
    if (!grant || (grant.role !== role && grant.role !== 'technician')) {
      throw new KioskError({
        code: 'auth.required',
        technicianMessage: `${role} PIN required${grant ? ` (unlocked role: ${grant.role})` : ''}`,
        citizenMessage: 'Chức năng này chỉ dành cho cán bộ. Vui lòng nhập mã PIN.',
      });
    }
    return grant;
  }
}
