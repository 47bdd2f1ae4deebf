// Runs in: Node (engine). Opens the kiosk's encrypted SQLite database (SQLite3MultipleCiphers,
// SQLCipher v4 format) in WAL mode and brings its schema up to date.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import DatabaseCtor, { type Database } from 'better-sqlite3-multiple-ciphers';
import { KioskError } from '../../shared/errors';
import { getLogger } from '../log';
import { loadOrCreateKeyFile, type KeyProvider } from './keys';
import { migrate, type Migration } from './migrations';

export type { Database } from 'better-sqlite3-multiple-ciphers';

export interface OpenDatabaseOptions {
  /** Folder holding the database (created 0700 when missing). */
  dataDir: string;
  /** Root-only key file; default `<dataDir>/kiosk.key`. Created on first run. */
  keyFile?: string;
  /** OS keystore hook; when given, the key file is not used. */
  keyProvider?: KeyProvider;
  /** Database file name inside dataDir; default `kiosk.db`. */
  fileName?: string;
  /** Schema migrations to apply (the dossier store passes its own). */
  migrations?: readonly Migration[];
}

export interface OpenedDatabase {
  db: Database;
  /** The 32-byte database key, for deriving sub-keys (attachment encryption). Never log it. */
  key: Buffer;
  file: string;
  schemaVersion: number;
}

const log = getLogger('db');
const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

const refuse = (code: string, technicianMessage: string, cause?: unknown) =>
  new KioskError({
    code,
    technicianMessage,
    citizenMessage: 'Máy đang bảo trì. Xin vui lòng nhờ cán bộ hỗ trợ.',
    retryable: false,
    cause,
  });

function readHeader(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    const n = readSync(fd, header, 0, 16, 0);
    return header.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs `fn` in an IMMEDIATE transaction whose commit is fsynced (synchronous=FULL) before this
 * returns: use it for anything a person is told has been saved.
 */
export function durableTransaction<T>(db: Database, fn: () => T): T {
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(fn).immediate();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}

/** Same as openDatabaseWithKey but returns only the handle (the common case). */
export function openDatabase(options: OpenDatabaseOptions): Database {
  return openDatabaseWithKey(options).db;
}

/**
 * Opens (or creates) the encrypted database. A wrong key, a corrupt file or a plaintext file is
 * refused with a KioskError and the file is left untouched: no automatic recreate, because the
 * file may hold dossiers not yet delivered upstream.
 */
export function openDatabaseWithKey(options: OpenDatabaseOptions): OpenedDatabase {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(options.dataDir, options.fileName ?? 'kiosk.db');
  const key = options.keyProvider ? options.keyProvider() : loadOrCreateKeyFile(options.keyFile ?? path.join(options.dataDir, 'kiosk.key'));
  if (key.length !== 32) throw refuse('db.key-invalid', `database key must be 32 bytes, got ${key.length}`);
  if (existsSync(file)) {
    const header = readHeader(file);
    if (header.length > 0 && header.equals(PLAINTEXT_HEADER.subarray(0, header.length)) && header.length === 16) {
      throw refuse('db.not-encrypted', `${file} is a plaintext SQLite database; refusing to use it (personal data must be encrypted at rest)`);
    }
  }
  let db: Database;
  try {
    db = new DatabaseCtor(file);
  } catch (error) {
    throw refuse('db.open-failed', `cannot open database ${file}: ${(error as Error).message}`, error);
  }
  try {
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    db.pragma(`key="x'${key.toString('hex')}'"`);
    // The first read is where a wrong key or a corrupt file shows itself.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (error) {
    db.close();
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') {
      throw refuse('db.wrong-key-or-corrupt', `database ${file} cannot be decrypted: wrong key or corrupt file (left untouched)`, error);
    }
    throw refuse('db.corrupt', `database ${file} failed its first read (${code ?? 'unknown'}); left untouched`, error);
  }
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL keeps the file consistent but may lose the last commits on power loss. That is
    // fine for sync bookkeeping (re-delivery is idempotent); commits a citizen is told about use
    // durableTransaction(), which switches to FULL around the commit.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const quick = db.pragma('quick_check', { simple: true });
    if (quick !== 'ok') throw refuse('db.corrupt', `database ${file} failed quick_check: ${String(quick)}`);
    const schemaVersion = migrate(db, options.migrations ?? []);
    // Encrypted, but still nobody else's business: owner-only like the key file.
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
    log.info({ schemaVersion }, 'database opened');
    return { db, key, file, schemaVersion };
  } catch (error) {
    db.close();
    if (error instanceof KioskError) throw error;
    const code = (error as { code?: string }).code;
    throw refuse(code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' ? 'db.corrupt' : 'db.open-failed', `database ${file}: ${(error as Error).message}`, error);
  }
}
