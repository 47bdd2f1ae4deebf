// Runs in: Node (engine). The one I/O edge of lds/: turns a DG2 face into something the UI can
// show. JPEG passes through; JPEG 2000 is decoded by OpenJPEG's opj_decompress (Debian
// libopenjp2-tools; sharp's bundled libvips has no JPEG 2000 and no JS decoder is installed).
// The face is personal data, so the scratch files live in RAM (/dev/shm) in a private 0700
// directory and are removed before returning, on success or failure.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KioskError } from '../../../src/shared/errors';
import type { FaceImage } from './dg2';

export interface DisplayableFace {
  mimeType: 'image/jpeg' | 'image/png';
  data: Uint8Array;
}

export interface FaceConversionOptions {
  /** Path of opj_decompress (default: found on PATH). */
  decoder?: string;
  /** Kill the decoder after this long (a hostile codestream must not hang the engine). */
  timeoutMs?: number;
}

const CITIZEN = 'Không hiển thị được ảnh chân dung trên thẻ. Thông tin khác vẫn được đọc bình thường.';

function scratchRoot(): string {
  return existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 1 << 20 }, (err) => (err ? reject(err) : resolve()));
  });
}

export async function faceForDisplay(face: FaceImage, options: FaceConversionOptions = {}): Promise<DisplayableFace> {
  if (face.format === 'jpeg') return { mimeType: 'image/jpeg', data: face.data };
  if (face.format === 'unknown') {
    throw new KioskError({ code: 'card.face-format-unsupported', technicianMessage: 'DG2 face image is neither JPEG nor JPEG 2000', citizenMessage: CITIZEN });
  }
  const dir = await mkdtemp(join(scratchRoot(), 'kiosk-face-'));
  try {
    const input = join(dir, face.format === 'jpeg2000' ? 'face.jp2' : 'face.j2k');
    const output = join(dir, 'face.png');
    await writeFile(input, face.data, { mode: 0o600 });
    try {
      await run(options.decoder ?? 'opj_decompress', ['-quiet', '-i', input, '-o', output], options.timeoutMs ?? 10_000);
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { killed?: boolean };
      if (e.code === 'ENOENT') {
        throw new KioskError({
          code: 'card.face-decoder-missing',
          technicianMessage: 'opj_decompress not found: install Debian libopenjp2-tools (scripts/setup-system.sh) to show JPEG 2000 faces',
          citizenMessage: CITIZEN,
          cause: err,
        });
      }
      throw new KioskError({
        code: 'card.face-undecodable',
        technicianMessage: e.killed ? 'JPEG 2000 face decoding timed out' : 'DG2 JPEG 2000 face could not be decoded (corrupt codestream)',
        citizenMessage: CITIZEN,
        cause: err,
      });
    }
    let data: Buffer;
    try {
      data = await readFile(output);
    } catch (err) {
      throw new KioskError({ code: 'card.face-undecodable', technicianMessage: 'JPEG 2000 decoder produced no image', citizenMessage: CITIZEN, cause: err });
    }
    return { mimeType: 'image/png', data: new Uint8Array(data) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
