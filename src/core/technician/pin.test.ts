import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isKioskError } from '../../shared/errors';
import { hashPin, parsePinHash, verifyPin } from './pin';
import { DEMO_PIN_HASHES, isFullySimulated, pinHashesFor } from './demo';
import { kioskConfigSchema } from '../config/schema';

const FAST = { N: 1024, r: 8, p: 1 };

describe('PIN hashes', () => {
  it('round-trips, rejects other PINs and salts each hash', async () => {
    const h1 = await hashPin('24681357', FAST);
    const h2 = await hashPin('24681357', FAST);
    expect(h1).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(h1).not.toBe(h2);
    expect(h1).not.toContain('24681357');
    expect(await verifyPin('24681357', h1)).toBe(true);
    expect(await verifyPin('24681357', h2)).toBe(true);
    expect(await verifyPin('24681358', h1)).toBe(false);
    expect(await verifyPin('2468135', h1)).toBe(false);
    expect(await verifyPin('', h1)).toBe(false);
    expect(await verifyPin('abcd', h1)).toBe(false);
  });

  it('is plain scrypt (RFC 7914) over the NFC PIN: a hash made by another tool verifies', async () => {
    const salt = randomBytes(16);
    const key = scryptSync('1357', salt, 32, { N: 2048, r: 8, p: 1 });
    const foreign = `scrypt$2048$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPin('1357', foreign)).toBe(true);
    expect(await verifyPin('1358', foreign)).toBe(false);
  });

  it('the default cost is the one documented', async () => {
    expect(parsePinHash(await hashPin('1234')).N).toBe(16384);
  });

  it('refuses malformed PINs when hashing', async () => {
    for (const bad of ['123', '1234567890123', '12a4', ' 1234', '１２３４']) {
      await expect(hashPin(bad, FAST)).rejects.toMatchObject({ code: 'auth.invalid-pin' });
    }
  });

  it('the demo hashes are those of the README demo PINs', async () => {
    expect(await verifyPin('2468', DEMO_PIN_HASHES.staff)).toBe(true);
    expect(await verifyPin('1357', DEMO_PIN_HASHES.technician)).toBe(true);
    expect(await verifyPin('1357', DEMO_PIN_HASHES.staff)).toBe(false);
  });

  it('fuzz: any hash string parses or throws auth.invalid-hash, nothing else', async () => {
    const good = await hashPin('1234', FAST);
    const alphabet = 'scrypt$0123456789+/=ABCxyz';
    let rng = 12345;
    const rand = (n: number) => ((rng = (rng * 1103515245 + 12345) & 0x7fffffff), rng % n);
    for (let i = 0; i < 3000; i++) {
      const chars = good.split('');
      const mode = rand(3);
      let text: string;
      if (mode === 0) {
        for (let k = 0; k <= rand(4); k++) chars[rand(chars.length)] = alphabet[rand(alphabet.length)]!;
        text = chars.join('');
      } else if (mode === 1) text = good.slice(0, rand(good.length + 1)) + good.slice(rand(good.length + 1));
      else text = Array.from({ length: rand(80) }, () => alphabet[rand(alphabet.length)]).join('');
      try {
        const parsed = parsePinHash(text);
        expect(parsed.N & (parsed.N - 1)).toBe(0);
      } catch (error) {
        expect(isKioskError(error), String(error)).toBe(true);
        expect((error as { code: string }).code).toBe('auth.invalid-hash');
      }
    }
  });

  it('rejects hashes whose cost would exhaust the kiosk', () => {
    const salt = Buffer.alloc(16).toString('base64');
    const key = Buffer.alloc(32).toString('base64');
    expect(() => parsePinHash(`scrypt$4194304$8$1$${salt}$${key}`)).toThrow(/power of two up to 2\^20/);
    expect(() => parsePinHash(`scrypt$1000$8$1$${salt}$${key}`)).toThrow(/power of two/);
    expect(() => parsePinHash(`scrypt$1024$8$1$AAAA$${key}`)).toThrow(/salt/);
  });
});

describe('demo PINs', () => {
  it('are offered only while every device and the upstream are simulated', () => {
    const all = kioskConfigSchema.parse({});
    expect(isFullySimulated(all)).toBe(true);
    expect(pinHashesFor(all).fallbackHashes).toEqual(DEMO_PIN_HASHES);
    const realPrinter = kioskConfigSchema.parse({ devices: { printer: { uri: 'tcp://10.0.0.5:9100', simulate: false } } });
    expect(pinHashesFor(realPrinter).fallbackHashes).toEqual({});
    const realUpstream = kioskConfigSchema.parse({ upstream: { simulate: false } });
    expect(pinHashesFor(realUpstream).fallbackHashes).toEqual({});
  });

  it('config takes hashes, refuses a plain PIN', () => {
    const hash = DEMO_PIN_HASHES.staff;
    expect(kioskConfigSchema.parse({ staff: { pinHash: hash } }).staff.pinHash).toBe(hash);
    expect(pinHashesFor(kioskConfigSchema.parse({ staff: { pinHash: hash } })).hashes).toEqual({ staff: hash });
    expect(kioskConfigSchema.safeParse({ technician: { pinHash: '1357' } }).success).toBe(false);
    expect(kioskConfigSchema.safeParse({ technician: { pin: '1357' } }).success).toBe(false);
  });
});
