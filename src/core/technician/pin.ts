// Runs in: Node (engine, CLI). PIN hashes for the staff and technician modes: scrypt with a random
// salt, stored as one self-describing string so the cost can rise later without breaking old hashes.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { KioskError } from '../../shared/errors';

/** Cost for new hashes: ~16 MiB and tens of ms per try — slow enough to make offline guessing of a short PIN expensive. */
export const DEFAULT_SCRYPT = { N: 16384, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** Refuse absurd parameters from a config file (a hash that would take minutes or gigabytes). */
const MAX_N = 1 << 20;

export const PIN_PATTERN = /^\d{4,12}$/;
export const PIN_HASH_PATTERN = /^scrypt\$\d{1,8}\$\d{1,2}\$\d{1,2}\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/;

export interface ParsedPinHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function invalidHash(why: string): KioskError {
  return new KioskError({
    code: 'auth.invalid-hash',
    technicianMessage: `PIN hash in the config is not usable: ${why} (make one with \`npx kiosk pin hash\`)`,
    citizenMessage: 'Chức năng này chưa được cấu hình. Xin vui lòng báo cán bộ kỹ thuật.',
  });
}

/** `scrypt$N$r$p$salt$key` (base64 salt and key) -> parts. Throws auth.invalid-hash. */
export function parsePinHash(text: string): ParsedPinHash {
  if (typeof text !== 'string' || text.length > 200 || !PIN_HASH_PATTERN.test(text)) throw invalidHash('expected scrypt$N$r$p$salt$key');
  const [, n, r, p, salt, key] = text.split('$') as [string, string, string, string, string, string];
  const N = Number(n);
  const parsed = { N, r: Number(r), p: Number(p), salt: Buffer.from(salt, 'base64'), key: Buffer.from(key, 'base64') };
  if (N < 2 || N > MAX_N || (N & (N - 1)) !== 0) throw invalidHash('N must be a power of two up to 2^20');
  if (parsed.r < 1 || parsed.r > 32 || parsed.p < 1 || parsed.p > 16) throw invalidHash('r or p out of range');
  if (parsed.salt.length < 8) throw invalidHash('salt shorter than 8 bytes');
  if (parsed.key.length < 16 || parsed.key.length > 64) throw invalidHash('key length out of range');
  return parsed;
}

function derive(pin: string, salt: Buffer, length: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem: 128 * N * r plus headroom; Node's default 32 MiB would refuse the larger allowed costs.
    scryptCb(pin.normalize('NFC'), salt, length, { ...opts, maxmem: 256 * (opts.N ?? 0) * (opts.r ?? 8) + 1024 * 1024 }, (err, key) =>
      err ? reject(new KioskError({ code: 'auth.hash-failed', technicianMessage: `scrypt failed: ${err.message}` })) : resolve(key),
    );
  });
}

export function assertPinShape(pin: string): void {
  if (!PIN_PATTERN.test(pin)) {
    throw new KioskError({ code: 'auth.invalid-pin', technicianMessage: 'a PIN is 4 to 12 digits', citizenMessage: 'Mã PIN gồm 4 đến 12 chữ số.' });
  }
}

export async function hashPin(pin: string, params: { N: number; r: number; p: number } = DEFAULT_SCRYPT): Promise<string> {
  assertPinShape(pin);
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(pin, salt, KEY_BYTES, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/** True when `pin` matches. The comparison is constant-time; a malformed hash throws auth.invalid-hash. */
export async function verifyPin(pin: string, hash: string | ParsedPinHash): Promise<boolean> {
  const parsed = typeof hash === 'string' ? parsePinHash(hash) : hash;
  // Still derive for a malformed PIN, so its rejection costs the same time as a wrong one.
  const candidate = await derive(PIN_PATTERN.test(pin) ? pin : '', parsed.salt, parsed.key.length, { N: parsed.N, r: parsed.r, p: parsed.p });
  return timingSafeEqual(candidate, parsed.key) && PIN_PATTERN.test(pin);
}
