// Runs in: Node (vitest). `kiosk pin hash` as a technician runs it: PIN on stdin, a config line out
// that the config schema accepts and whose hash verifies against that PIN only.
import { spawnSync } from 'node:child_process';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { kioskConfigSchema } from '../../src/core/config/schema';
import { verifyPin } from '../../src/core/technician/pin';

function kiosk(args: string[], input: string) {
  return spawnSync(process.execPath, ['bin/kiosk.mjs', ...args], { input, encoding: 'utf8', timeout: 60_000, env: { ...process.env, KIOSK_CONFIG: '' } });
}

describe('kiosk pin hash', () => {
  it('prints a config line whose hash verifies the PIN from stdin', async () => {
    const r = kiosk(['pin', 'hash', '--role', 'staff'], '24681357\n');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('24681357');
    const config = kioskConfigSchema.parse(YAML.parse(r.stdout));
    expect(config.staff.pinHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPin('24681357', config.staff.pinHash!)).toBe(true);
    expect(await verifyPin('24681358', config.staff.pinHash!)).toBe(false);
  });

  it('refuses a PIN that is not 4-12 digits, an unknown role, and a PIN given as an argument', () => {
    const short = kiosk(['pin', 'hash'], '123\n');
    expect(short.status).not.toBe(0);
    expect(short.stderr).toContain('auth.invalid-pin');
    expect(kiosk(['pin', 'hash', '--role', 'root'], '1234\n').status).toBe(2);
    expect(kiosk(['pin', 'hash', '1234'], '').status).toBe(2);
    expect(kiosk(['pin', 'hash'], '').status).toBe(1);
  });
});
