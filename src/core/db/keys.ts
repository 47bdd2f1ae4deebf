// Runs in: Node (engine). Loads the database key from a root-only key file or an OS keystore hook.
// The key never lives in the config: the config may at most name the key file's path.
import { randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { KioskError } from '../../shared/errors';

/** An OS keystore (TPM, Secret Service, DPAPI…) plugged in by the host; returns 32 key bytes. */
export type KeyProvider = () => Buffer;

const KEY_BYTES = 32;

function keyError(code: string, technicianMessage: string, cause?: unknown): KioskError {
  return new KioskError({
    code,
    technicianMessage,
    citizenMessage: 'Máy đang bảo trì. Xin vui lòng nhờ cán bộ hỗ trợ.',
    retryable: false,
    cause,
  });
}

/** Parses a key file body: 64 hex characters, optional trailing newline. */
export function parseKeyFile(text: string): Buffer {
  const trimmed = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(trimmed)) {
    throw keyError('db.key-invalid', 'database key file must hold exactly 64 hex characters (32 bytes)');
  }
  return Buffer.from(trimmed, 'hex');
}

/**
 * Reads the key file, creating it (0600, fsynced, atomically renamed) on first run. Refuses a key
 * file other users can read: a leaked key defeats encryption at rest.
 */
export function loadOrCreateKeyFile(keyFile: string): Buffer {
  let fd: number;
  try {
    fd = openSync(keyFile, constants.O_RDONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw keyError('db.key-unreadable', `cannot open database key file ${keyFile}: ${(error as Error).message}`, error);
    }
    return createKeyFile(keyFile);
  }
  try {
    const stat = fstatSync(fd);
    if ((stat.mode & 0o077) !== 0) {
      throw keyError('db.key-permissions', `database key file ${keyFile} is accessible to group/others (mode ${(stat.mode & 0o777).toString(8)}); chmod 600 it`);
    }
    if (process.getuid && stat.uid !== process.getuid()) {
      throw keyError('db.key-owner', `database key file ${keyFile} is not owned by the kiosk user (uid ${stat.uid})`);
    }
    return parseKeyFile(readFileSync(fd, 'utf8'));
  } finally {
    closeSync(fd);
  }
}

function createKeyFile(keyFile: string): Buffer {
  const key = randomBytes(KEY_BYTES);
  mkdirSync(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  const tmp = `${keyFile}.${process.pid}.tmp`;
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    writeSync(fd, `${key.toString('hex')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, keyFile);
  fsyncDir(path.dirname(keyFile));
  return key;
}

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Derives an independent sub-key (attachment encryption, file naming) from the database key. */
export function deriveSubKey(masterKey: Uint8Array, purpose: string): Buffer {
  return Buffer.from(hkdf(sha256, masterKey, new TextEncoder().encode('motcua-kiosk'), new TextEncoder().encode(purpose), 32));
}
