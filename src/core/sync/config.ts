// Runs in: Node (engine). Picks the upstream adapter from config. Config names where credentials
// live (an env var or a root-only file), never the credentials themselves.
import { readFileSync, statSync } from 'node:fs';
import { KioskError } from '../../shared/errors';
import type { CredentialSource, UpstreamAdapter } from './adapter';
import { DvcAdapter } from './dvc-adapter';

export interface UpstreamConfig {
  kind: 'dvc';
  baseUrl: string;
  unitCode: string;
  /** `env:NAME` (JSON {"username","password"} in that variable) or `file:/path` (0600 JSON file). */
  credentialsRef: string;
  timeoutMs?: number;
  chunkBytes?: number;
}

export function credentialsFromRef(ref: string): CredentialSource {
  const fail = (why: string) => new KioskError({ code: 'upstream.credentials', technicianMessage: `upstream credentials ${ref.split(':')[0]}: ${why}` });
  const parse = (text: string) => {
    let j: unknown;
    try {
      j = JSON.parse(text);
    } catch {
      throw fail('not JSON');
    }
    const c = j as { username?: unknown; password?: unknown };
    if (typeof c?.username !== 'string' || typeof c.password !== 'string') throw fail('need {"username","password"}');
    return { username: c.username, password: c.password };
  };
  if (ref.startsWith('env:')) {
    const name = ref.slice(4);
    return async () => {
      const v = process.env[name];
      if (!v) throw fail(`environment variable ${name} is not set`);
      return parse(v);
    };
  }
  if (ref.startsWith('file:')) {
    const file = ref.slice(5);
    return async () => {
      let st;
      try {
        st = statSync(file);
      } catch {
        throw fail(`cannot read ${file}`);
      }
      if ((st.mode & 0o077) !== 0) throw fail(`${file} is readable by group/others; chmod 600 it`);
      return parse(readFileSync(file, 'utf8'));
    };
  }
  throw fail('reference must be env:NAME or file:/path');
}

export function createAdapter(config: UpstreamConfig): UpstreamAdapter {
  if (config.kind === 'dvc') {
    return new DvcAdapter({ baseUrl: config.baseUrl.replace(/\/$/, ''), unitCode: config.unitCode, credentials: credentialsFromRef(config.credentialsRef), timeoutMs: config.timeoutMs, chunkBytes: config.chunkBytes });
  }
  throw new KioskError({ code: 'config.upstream-kind', technicianMessage: `unknown upstream kind ${String((config as { kind: unknown }).kind)}` });
}
