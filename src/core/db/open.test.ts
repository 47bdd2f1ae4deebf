// Runs in: Node (vitest).
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import DatabaseCtor from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { KioskError } from '../../shared/errors';
import { openDatabase, openDatabaseWithKey } from './open';
import { loadOrCreateKeyFile, parseKeyFile } from './keys';
import type { Migration } from './migrations';

const dir = () => mkdtempSync(path.join(tmpdir(), 'kiosk-db-'));
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const PII = 'Nguyễn Thị Ấu 079212345678';

const migrations: Migration[] = [
  { version: 1, name: 'people', up: (db) => db.exec('CREATE TABLE people (name TEXT)') },
  { version: 2, name: 'people.note', up: (db) => db.exec('ALTER TABLE people ADD COLUMN note TEXT') },
];

function expectKioskError(fn: () => unknown, code: string): KioskError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(KioskError);
    expect((error as KioskError).code).toBe(code);
    return error as KioskError;
  }
  throw new Error(`expected KioskError ${code}`);
}

describe('openDatabase', () => {
  it('creates a 0600 key file and an encrypted WAL database that reveals no plaintext', () => {
    const d = dir();
    const db = openDatabase({ dataDir: d, migrations });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.prepare('INSERT INTO people (name, note) VALUES (?, ?)').run(PII, 'x'.repeat(5000));
    // Read while the WAL still holds the write: the WAL must be encrypted too.
    const files = readdirSync(d).filter((f) => f.startsWith('kiosk.db'));
    expect(files).toContain('kiosk.db-wal');
    for (const f of files) {
      const bytes = readFileSync(path.join(d, f));
      expect(bytes.includes(Buffer.from(PII, 'utf8'))).toBe(false);
      expect(bytes.includes(Buffer.from('079212345678'))).toBe(false);
      expect(bytes.includes(Buffer.from('CREATE TABLE'))).toBe(false);
    }
    db.close();
    const header = readFileSync(path.join(d, 'kiosk.db')).subarray(0, 16);
    expect(header.toString('latin1')).not.toBe('SQLite format 3\0');
    expect(statSync(path.join(d, 'kiosk.key')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(d, 'kiosk.db')).mode & 0o777).toBe(0o600);
    // And a plain SQLite (no key) cannot read it.
    const plain = new DatabaseCtor(path.join(d, 'kiosk.db'));
    expect(() => plain.prepare('SELECT * FROM people').all()).toThrow();
    plain.close();
  });

  it('reopens with the same key and keeps data; migrations are recorded once', () => {
    const d = dir();
    openDatabase({ dataDir: d, migrations: migrations.slice(0, 1) }).close();
    const opened = openDatabaseWithKey({ dataDir: d, migrations });
    expect(opened.schemaVersion).toBe(2);
    opened.db.prepare('INSERT INTO people (name, note) VALUES (?, ?)').run(PII, 'n');
    opened.db.close();
    const again = openDatabase({ dataDir: d, migrations });
    expect(again.prepare('SELECT name FROM people').get()).toEqual({ name: PII });
    expect(again.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual([
      { version: 1, name: 'people' },
      { version: 2, name: 'people.note' },
    ]);
    again.close();
  });

  it('refuses a wrong key with a clear KioskError and leaves the file untouched', () => {
    const d = dir();
    const db = openDatabase({ dataDir: d, migrations });
    db.prepare('INSERT INTO people (name) VALUES (?)').run(PII);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = sha(path.join(d, 'kiosk.db'));
    const other = path.join(d, 'other.key');
    writeFileSync(other, `${'11'.repeat(32)}\n`, { mode: 0o600 });
    const e = expectKioskError(() => openDatabase({ dataDir: d, keyFile: other, migrations }), 'db.wrong-key-or-corrupt');
    expect(e.technicianMessage).toMatch(/wrong key or corrupt/);
    expect(e.citizenMessage).toMatch(/cán bộ/);
    expect(sha(path.join(d, 'kiosk.db'))).toBe(before);
  });

  it('refuses a corrupt file and a plaintext SQLite file, untouched', () => {
    const d = dir();
    writeFileSync(path.join(d, 'kiosk.db'), Buffer.alloc(8192, 0x5a));
    const before = sha(path.join(d, 'kiosk.db'));
    expectKioskError(() => openDatabase({ dataDir: d, migrations }), 'db.wrong-key-or-corrupt');
    expect(sha(path.join(d, 'kiosk.db'))).toBe(before);

    const d2 = dir();
    const plain = new DatabaseCtor(path.join(d2, 'kiosk.db'));
    plain.exec('CREATE TABLE t (x)');
    plain.close();
    const before2 = sha(path.join(d2, 'kiosk.db'));
    expectKioskError(() => openDatabase({ dataDir: d2, migrations }), 'db.not-encrypted');
    expect(sha(path.join(d2, 'kiosk.db'))).toBe(before2);
  });

  it('refuses a schema newer than the build', () => {
    const d = dir();
    openDatabase({ dataDir: d, migrations }).close();
    expectKioskError(() => openDatabase({ dataDir: d, migrations: migrations.slice(0, 1) }), 'db.schema-too-new');
  });

  it('accepts a keystore hook instead of the key file', () => {
    const d = dir();
    const key = Buffer.alloc(32, 7);
    openDatabase({ dataDir: d, keyProvider: () => key, migrations }).close();
    expect(readdirSync(d)).not.toContain('kiosk.key');
    expectKioskError(() => openDatabase({ dataDir: d, keyProvider: () => Buffer.alloc(32, 8), migrations }), 'db.wrong-key-or-corrupt');
    openDatabase({ dataDir: d, keyProvider: () => key, migrations }).close();
  });
});

describe('key file', () => {
  it('refuses a key file readable by others and malformed key files', () => {
    const d = dir();
    const f = path.join(d, 'k.key');
    loadOrCreateKeyFile(f);
    chmodSync(f, 0o644);
    expectKioskError(() => loadOrCreateKeyFile(f), 'db.key-permissions');
    expectKioskError(() => parseKeyFile('abc'), 'db.key-invalid');
    expect(parseKeyFile(`${'0f'.repeat(32)}\n`)).toEqual(Buffer.alloc(32, 0x0f));
  });

  it('fuzz: random key-file bodies give a key or a KioskError, nothing else', () => {
    for (let i = 0; i < 3000; i++) {
      const len = Math.floor(Math.random() * 80);
      const text = Array.from({ length: len }, () => String.fromCharCode(Math.floor(Math.random() * 128))).join('');
      try {
        expect(parseKeyFile(text).length).toBe(32);
      } catch (error) {
        expect(error).toBeInstanceOf(KioskError);
      }
    }
  });
});
