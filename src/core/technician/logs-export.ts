// Runs in: Node (engine). Packs the rotating log files (already redacted on their way in) into one
// .tar.gz a technician can carry away. Plain ustar + gzip from Node's own zlib: no tar binary, so it
// works the same on a Windows kiosk.
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { KioskError } from '../../shared/errors';

const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

/** One ustar header. Names are our own log file names (ASCII, < 100 bytes). */
export function tarHeader(name: string, size: number, mtime: Date, mode = 0o600): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  h.write(name, 0, 100, 'ascii');
  h.write(octal(mode, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii');
  h.write(octal(0, 8), 116, 'ascii');
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  h.write('        ', 148, 'ascii'); // checksum field counts as spaces while summing
  h.write('0', 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

export function tarEntry(name: string, data: Buffer, mtime: Date): Buffer[] {
  const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
  return [tarHeader(name, data.length, mtime), data, Buffer.alloc(pad)];
}

export interface LogsExport {
  path: string;
  bytes: number;
  files: number;
}

/** Writes `<outDir>/kiosk-logs-<kioskId>-<UTC stamp>.tar.gz` (mode 0600) with every file of `logDir`. */
export async function exportLogs(logDir: string, outDir: string, kioskId: string, now = new Date()): Promise<LogsExport> {
  let names: string[];
  try {
    names = (await readdir(logDir)).sort();
  } catch (error) {
    throw new KioskError({ code: 'logs.unavailable', technicianMessage: `cannot read the log folder ${logDir}: ${(error as Error).message}`, cause: error });
  }
  const parts: Buffer[] = [];
  let files = 0;
  for (const name of names) {
    const file = path.join(logDir, name);
    const info = await stat(file);
    if (!info.isFile() || Buffer.byteLength(name) >= 100) continue;
    // A rotation may rename the file between readdir and readFile: skip it rather than fail the export.
    const data = await readFile(file).catch(() => null);
    if (!data) continue;
    parts.push(...tarEntry(`logs/${name}`, data, info.mtime));
    files += 1;
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  await mkdir(outDir, { recursive: true, mode: 0o700 });
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const out = path.join(outDir, `kiosk-logs-${kioskId.replace(/[^A-Za-z0-9._-]/g, '_')}-${stamp}.tar.gz`);
  try {
    await pipeline(Readable.from(parts), createGzip(), createWriteStream(out, { mode: 0o600 }));
  } catch (error) {
    throw new KioskError({ code: 'logs.export-failed', technicianMessage: `writing ${out} failed: ${(error as Error).message}`, cause: error, retryable: true });
  }
  await pruneExports(outDir, KEEP_EXPORTS);
  return { path: out, bytes: (await stat(out)).size, files };
}

/** Exports kept in the data folder; older ones go, so repeated exports cannot fill the disk. */
export const KEEP_EXPORTS = 5;

async function pruneExports(outDir: string, keep: number): Promise<void> {
  // Names carry a sortable UTC stamp after the kiosk id, so the name order is the age order.
  const ours = (await readdir(outDir)).filter((n) => /^kiosk-logs-.+-\d{8}T\d{6}Z\.tar\.gz$/.test(n)).sort((a, b) => a.slice(-24).localeCompare(b.slice(-24)));
  for (const name of ours.slice(0, Math.max(0, ours.length - keep))) await rm(path.join(outDir, name), { force: true });
}
