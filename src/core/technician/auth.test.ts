import { beforeAll, describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/errors';
import { AuthService } from './auth';
import { hashPin } from './pin';

const FAST = { N: 1024, r: 8, p: 1 };
let staffHash = '';
let techHash = '';

beforeAll(async () => {
  staffHash = await hashPin('2468', FAST);
  techHash = await hashPin('135790', FAST);
});

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

async function codeOf(p: Promise<unknown>): Promise<{ code: string; citizenMessage: string }> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(KioskError);
    return error as KioskError;
  }
  throw new Error('expected a KioskError');
}

describe('AuthService', () => {
  it('unlocks the right role with the right PIN and grants until expiry', async () => {
    const c = clock();
    const auth = new AuthService({ hashes: { staff: staffHash, technician: techHash }, ttlMs: 60_000, now: c.now });
    expect(() => auth.require('staff')).toThrow(expect.objectContaining({ code: 'auth.required' }));
    const grant = await auth.unlock('staff', '2468');
    expect(grant).toEqual({ role: 'staff', expiresAt: c.t + 60_000 });
    expect(auth.require('staff').role).toBe('staff');
    // Staff may not do technician things.
    expect(() => auth.require('technician')).toThrow(expect.objectContaining({ code: 'auth.required' }));
    c.t += 59_999;
    expect(auth.active()?.role).toBe('staff');
    c.t += 1;
    expect(auth.active()).toBeNull();
    expect(() => auth.require('staff')).toThrow(expect.objectContaining({ code: 'auth.required' }));
  });

  it('the technician PIN opens technician and staff functions; the staff PIN does not open technician', async () => {
    const auth = new AuthService({ hashes: { staff: staffHash, technician: techHash } });
    expect((await codeOf(auth.unlock('technician', '2468'))).code).toBe('auth.wrong-pin');
    await auth.unlock('technician', '135790');
    expect(auth.require('staff').role).toBe('technician');
    expect(auth.require('technician').role).toBe('technician');
    expect(auth.lock()).toBe(true);
    expect(auth.lock()).toBe(false);
    expect(() => auth.require('staff')).toThrow(expect.objectContaining({ code: 'auth.required' }));
  });

  it('counts down remaining attempts, locks out after five, across both roles, and doubles the lockout', async () => {
    const c = clock();
    const auth = new AuthService({ hashes: { staff: staffHash, technician: techHash }, maxAttempts: 5, lockoutMs: 60_000, now: c.now });
    const messages: string[] = [];
    for (const [i, role] of (['staff', 'technician', 'staff', 'technician'] as const).entries()) {
      const e = await codeOf(auth.unlock(role, '0000'));
      expect(e.code).toBe('auth.wrong-pin');
      messages.push(e.citizenMessage);
      expect(auth.remainingAttempts()).toBe(4 - i);
    }
    expect(messages).toEqual(['Mã PIN không đúng. Còn 4 lần thử.', 'Mã PIN không đúng. Còn 3 lần thử.', 'Mã PIN không đúng. Còn 2 lần thử.', 'Mã PIN không đúng. Còn 1 lần thử.']);
    expect((await codeOf(auth.unlock('staff', '0000'))).code).toBe('auth.locked-out');
    // Locked: even the right PIN is refused, without being checked.
    expect((await codeOf(auth.unlock('staff', '2468'))).code).toBe('auth.locked-out');
    c.t += 59_999;
    expect((await codeOf(auth.unlock('staff', '2468'))).code).toBe('auth.locked-out');
    c.t += 1;
    // Five more wrong: the second lockout lasts twice as long.
    for (let i = 0; i < 4; i++) expect((await codeOf(auth.unlock('staff', '9999'))).code).toBe('auth.wrong-pin');
    expect((await codeOf(auth.unlock('staff', '9999'))).code).toBe('auth.locked-out');
    c.t += 60_000;
    expect((await codeOf(auth.unlock('staff', '2468'))).code).toBe('auth.locked-out');
    c.t += 60_000;
    await auth.unlock('staff', '2468');
    expect(auth.remainingAttempts()).toBe(5);
  });

  it('a success resets the failure count', async () => {
    const auth = new AuthService({ hashes: { staff: staffHash } });
    for (let i = 0; i < 4; i++) await codeOf(auth.unlock('staff', '1111'));
    await auth.unlock('staff', '2468');
    for (let i = 0; i < 4; i++) expect((await codeOf(auth.unlock('staff', '1111'))).code).toBe('auth.wrong-pin');
  });

  it('a role without a hash cannot be unlocked; fallback hashes apply only to roles without one', async () => {
    const auth = new AuthService({ hashes: { staff: staffHash }, fallbackHashes: { staff: techHash, technician: techHash } });
    expect(auth.isConfigured('technician')).toBe(true);
    expect((await codeOf(auth.unlock('staff', '135790'))).code).toBe('auth.wrong-pin');
    await auth.unlock('technician', '135790');
    const none = new AuthService({ hashes: {} });
    expect(none.isConfigured('staff')).toBe(false);
    expect((await codeOf(none.unlock('staff', '2468'))).code).toBe('auth.not-configured');
  });

  it('a broken hash in the config fails at construction', () => {
    expect(() => new AuthService({ hashes: { staff: 'scrypt$3$8$1$AAAA$BBBB' } })).toThrow(expect.objectContaining({ code: 'auth.invalid-hash' }));
  });
});
