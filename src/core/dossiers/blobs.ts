// Runs in: Node (engine). Attachment files on disk: content-addressed, encrypted (AES-256-GCM) and
// fsynced before the database transaction that references them commits.
//
// Files are named by HMAC-SHA256(name key, plaintext) rather than the bare SHA-256: still
// deterministic (dedupe, crash-safe rewrite), but someone holding the disk cannot confirm a guessed
// document by hashing it. The plain SHA-256 is kept inside the encrypted database and sent upstream.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { KioskError } from '../../shared/errors';
import { deriveSubKey, fsyncDir } from '../db/keys';

const MAGIC = Buffer.from('MKA1', 'latin1');
const NONCE = 12;
const TAG = 16;

export interface StoredBlob {
  /** SHA-256 of the plaintext, hex. */
  sha256: string;
  size: number;
  /** File name under the blob folder. */
  blobName: string;
}

export class BlobStore {
  private readonly encKey: Buffer;
  private readonly nameKey: Buffer;

  constructor(
    readonly dir: string,
    masterKey: Buffer,
  ) {
    this.encKey = deriveSubKey(masterKey, 'attachments/aes-256-gcm');
    this.nameKey = deriveSubKey(masterKey, 'attachments/name');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  /** Encrypts, writes and fsyncs (file and folder) — durable when this returns. */
  put(bytes: Uint8Array): StoredBlob {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const blobName = createHmac('sha256', this.nameKey).update(bytes).digest('hex');
    const file = path.join(this.dir, blobName);
    if (!existsSync(file)) {
      const nonce = randomBytes(NONCE);
      const cipher = createCipheriv('aes-256-gcm', this.encKey, nonce);
      cipher.setAAD(Buffer.from(blobName, 'latin1'));
      const body = Buffer.concat([cipher.update(bytes), cipher.final()]);
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
        try {
          for (const part of [MAGIC, nonce, body, cipher.getAuthTag()]) {
            let off = 0;
            while (off < part.length) off += writeSync(fd, part, off, part.length - off);
          }
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        renameSync(tmp, file);
        fsyncDir(this.dir);
      } catch (error) {
        rmSync(tmp, { force: true });
        const code = (error as NodeJS.ErrnoException).code;
        throw new KioskError({
          code: code === 'ENOSPC' ? 'dossier.disk-full' : 'dossier.attachment-write-failed',
          technicianMessage: `cannot store attachment: ${code ?? (error as Error).message}`,
          citizenMessage: 'Máy chưa lưu được hồ sơ. Xin vui lòng nhờ cán bộ hỗ trợ.',
          retryable: false,
          cause: error,
        });
      }
    }
    return { sha256, size: bytes.length, blobName };
  }

  /** Decrypts and verifies a blob against its expected SHA-256. */
  get(blobName: string, expectedSha256: string): Buffer {
    const raw = readFileSync(path.join(this.dir, blobName));
    const corrupt = (why: string) => new KioskError({ code: 'dossier.attachment-corrupt', technicianMessage: `attachment ${blobName.slice(0, 12)}…: ${why}` });
    if (raw.length < MAGIC.length + NONCE + TAG || !raw.subarray(0, 4).equals(MAGIC)) throw corrupt('bad header');
    const nonce = raw.subarray(4, 4 + NONCE);
    const tag = raw.subarray(raw.length - TAG);
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, nonce);
    decipher.setAAD(Buffer.from(blobName, 'latin1'));
    decipher.setAuthTag(tag);
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(raw.subarray(4 + NONCE, raw.length - TAG)), decipher.final()]);
    } catch (error) {
      throw new KioskError({ code: 'dossier.attachment-corrupt', technicianMessage: `attachment ${blobName.slice(0, 12)}… failed authentication`, cause: error });
    }
    if (createHash('sha256').update(plain).digest('hex') !== expectedSha256) throw corrupt('content hash mismatch');
    return plain;
  }

  remove(blobName: string): void {
    rmSync(path.join(this.dir, blobName), { force: true });
  }

  has(blobName: string): boolean {
    return existsSync(path.join(this.dir, blobName));
  }
}
