// Runs in: Node (engine). The config file as the technician edits it: shown with PIN hashes masked,
// saved only when the whole file validates (the same parser the kiosk starts with), written
// atomically (temp file, fsync, rename) after a dated copy of the previous file. A kiosk must never
// be left with a half-written or invalid config: it would not start the next morning.
import { closeSync, copyFileSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { KioskError } from '../../shared/errors';
import { parseConfig } from '../config/load';
import type { KioskConfig } from '../config/schema';

/** Shown instead of a PIN hash; saved back as the hash already in the file. */
export const MASK = '(set)';
const ROLES = ['staff', 'technician'] as const;
/** Dated backups kept next to the file; older ones are removed. */
export const BACKUPS_KEPT = 5;

function parseDoc(text: string, source: string): YAML.Document {
  const doc = YAML.parseDocument(text, { uniqueKeys: true, logLevel: 'silent' });
  if (doc.errors.length) parseConfig(text, source); // throws config.syntax naming the line
  return doc;
}

/** The file's text with every PIN hash replaced by "(set)"; comments and layout kept. */
export function maskedSource(text: string, source: string): string {
  const doc = parseDoc(text, source);
  let changed = false;
  for (const role of ROLES) {
    if (typeof doc.getIn([role, 'pinHash']) === 'string') {
      doc.setIn([role, 'pinHash'], MASK);
      changed = true;
    }
  }
  return changed ? doc.toString({ lineWidth: 0 }) : text;
}

/**
 * The text to write: "(set)" put back as the hash from the current file, then validated whole.
 * Throws config.syntax / config.invalid (each bad key named) without touching anything.
 */
export function prepareSave(edited: string, current: string, source: string): { text: string; config: KioskConfig } {
  const doc = parseDoc(edited, source);
  let text = edited;
  const currentDoc = YAML.parseDocument(current, { logLevel: 'silent' });
  let substituted = false;
  for (const role of ROLES) {
    if (doc.getIn([role, 'pinHash']) !== MASK) continue;
    const hash = currentDoc.getIn([role, 'pinHash']);
    if (typeof hash !== 'string') {
      throw new KioskError({ code: 'config.invalid', technicianMessage: `${source}: invalid configuration:\n${role}.pinHash: "${MASK}" stands for the hash already saved, but none is saved; paste a hash from \`npx kiosk pin hash\`` });
    }
    doc.setIn([role, 'pinHash'], hash);
    substituted = true;
  }
  if (substituted) text = doc.toString({ lineWidth: 0 });
  return { text, config: parseConfig(text, source) };
}

/** Writes `text` to `file` atomically after copying the old file to `<file>.<UTC stamp>.bak`. */
export function writeConfigAtomically(file: string, text: string, now = new Date()): { backup: string } {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const backup = `${file}.${stamp}.bak`;
  let mode = 0o600;
  try {
    mode = statSync(file).mode & 0o777;
    copyFileSync(file, backup);
  } catch (error) {
    throw new KioskError({ code: 'config.unwritable', technicianMessage: `cannot back up ${file}: ${(error as Error).message}`, cause: error });
  }
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, 'w', mode);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    // The rename is durable once the folder's entry is.
    const dir = openSync(path.dirname(file), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new KioskError({ code: 'config.unwritable', technicianMessage: `cannot write ${file}: ${(error as Error).message}`, cause: error });
  }
  pruneBackups(file);
  return { backup };
}

function pruneBackups(file: string): void {
  const base = path.basename(file);
  const dir = path.dirname(file);
  const backups = readdirSync(dir)
    .filter((n) => n.startsWith(`${base}.`) && n.endsWith('.bak'))
    .sort();
  for (const old of backups.slice(0, Math.max(0, backups.length - BACKUPS_KEPT))) rmSync(path.join(dir, old), { force: true });
}

export function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new KioskError({ code: 'config.unreadable', technicianMessage: `cannot read ${file}: ${(error as Error).message}`, cause: error });
  }
}

/** Sets (or, for null, removes) one key path in the file's text, comments kept. */
export function setInSource(text: string, keyPath: string[], value: unknown, source: string): string {
  const doc = parseDoc(text, source);
  if (value === null || value === undefined) doc.deleteIn(keyPath);
  else doc.setIn(keyPath, value);
  return doc.toString({ lineWidth: 0 });
}
