// Runs in: Node (engine, CLI). Reads, parses and validates the config file. Any problem stops
// start-up with a message that names the key and the reason — never a stack trace.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { KioskError } from '../../shared/errors';
import { kioskConfigSchema, type KioskConfig } from './schema';

export interface LoadedConfig {
  config: KioskConfig;
  /** Absolute path of the file read, or null when running on defaults. */
  file: string | null;
  /** Absolute data directory (relative `dataDir` resolved against the file's folder or cwd). */
  dataDir: string;
}

const CONFIG_CITIZEN_MESSAGE = 'Máy đang được bảo trì. Xin vui lòng liên hệ cán bộ tại quầy.';

function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const key = issue.path.length ? issue.path.join('.') : '(top level)';
      if (issue.code === 'unrecognized_keys') {
        const prefix = issue.path.length ? `${issue.path.join('.')}.` : '';
        return issue.keys.map((k) => `${prefix}${k}: unknown key (misspelt?)`).join('\n');
      }
      return `${key}: ${issue.message}`;
    })
    .join('\n');
}

export function parseConfig(text: string, source: string): KioskConfig {
  let raw: unknown;
  try {
    if (text.trim() === '') raw = {};
    else {
      const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true, logLevel: 'silent' });
      // Warnings (unknown !tags and the like) mean the file does not say what its author thinks.
      const problem = doc.errors[0] ?? doc.warnings[0];
      if (problem) throw problem;
      raw = doc.toJS();
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new KioskError({
      code: 'config.syntax',
      technicianMessage: `${source}: not valid YAML/JSON: ${reason}`,
      citizenMessage: CONFIG_CITIZEN_MESSAGE,
      cause: error,
    });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new KioskError({
      code: 'config.invalid',
      technicianMessage: `${source}: (top level): expected a mapping of keys (kioskId, centre, devices, …)`,
      citizenMessage: CONFIG_CITIZEN_MESSAGE,
    });
  }
  const parsed = kioskConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new KioskError({
      code: 'config.invalid',
      technicianMessage: `${source}: invalid configuration:\n${formatIssues(parsed.error)}`,
      citizenMessage: CONFIG_CITIZEN_MESSAGE,
    });
  }
  return parsed.data;
}

/**
 * `explicit` (from --config or KIOSK_CONFIG) must exist; otherwise `./kiosk.config.yaml` is used
 * when present, else the defaults (every device simulated).
 */
export function loadConfig(explicit?: string, cwd = process.cwd()): LoadedConfig {
  const fromEnv = process.env.KIOSK_CONFIG || undefined; // an empty variable means unset
  const candidate = explicit ?? fromEnv ?? path.join(cwd, 'kiosk.config.yaml');
  const file = path.resolve(cwd, candidate);
  if (!existsSync(file)) {
    if (explicit ?? fromEnv) {
      throw new KioskError({
        code: 'config.missing',
        technicianMessage: `config file ${file} does not exist`,
        citizenMessage: CONFIG_CITIZEN_MESSAGE,
      });
    }
    const config = kioskConfigSchema.parse({});
    return { config, file: null, dataDir: path.resolve(cwd, config.dataDir) };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new KioskError({
      code: 'config.unreadable',
      technicianMessage: `cannot read ${file}: ${(error as Error).message}`,
      citizenMessage: CONFIG_CITIZEN_MESSAGE,
      cause: error,
    });
  }
  const config = parseConfig(text, file);
  return { config, file, dataDir: path.resolve(path.dirname(file), config.dataDir) };
}
