// Runs in: Node (vitest).
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/errors';
import { createAdapter, credentialsFromRef } from './config';

describe('upstream credentials are referenced, never inline', () => {
  it('reads env:NAME and a 0600 file:PATH; refuses group-readable files and inline secrets', async () => {
    process.env.KIOSK_TEST_UPSTREAM = '{"username":"u","password":"p"}';
    expect(await credentialsFromRef('env:KIOSK_TEST_UPSTREAM')()).toEqual({ username: 'u', password: 'p' });
    const f = path.join(mkdtempSync(path.join(tmpdir(), 'cred-')), 'c.json');
    writeFileSync(f, '{"username":"a","password":"b"}', { mode: 0o600 });
    expect(await credentialsFromRef(`file:${f}`)()).toEqual({ username: 'a', password: 'b' });
    chmodSync(f, 0o640);
    await expect(credentialsFromRef(`file:${f}`)()).rejects.toBeInstanceOf(KioskError);
    await expect(credentialsFromRef('env:KIOSK_TEST_UNSET_VAR')()).rejects.toBeInstanceOf(KioskError);
    expect(() => credentialsFromRef('kiosk:secret')).toThrow(KioskError);
    process.env.KIOSK_TEST_UPSTREAM = 'not json';
    await expect(credentialsFromRef('env:KIOSK_TEST_UPSTREAM')()).rejects.toBeInstanceOf(KioskError);
  });

  it('chooses the adapter by config kind', () => {
    expect(createAdapter({ kind: 'dvc', baseUrl: 'http://127.0.0.1:1/', unitCode: 'H22', credentialsRef: 'env:X' }).name).toBe('dvc');
    expect(() => createAdapter({ kind: 'lgsp' as 'dvc', baseUrl: 'http://x', unitCode: 'H22', credentialsRef: 'env:X' })).toThrow(KioskError);
  });
});
