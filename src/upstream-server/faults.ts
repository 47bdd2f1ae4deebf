// Runs in: Node (reference upstream server). Pure: the fault SPEC parser and the per-request draw.
//
// SPEC is a comma-separated list of `name=value`:
//   latency=200ms | latency=50ms..400ms   delay added to every request (uniform in the range)
//   5xx=P          reply 503 without doing anything
//   timeout=P      never reply (the client's timeout fires)
//   reset=P        destroy the connection before doing anything (mid-request)
//   reset-upload=P on a file chunk: store half of it, then destroy the connection (mid-upload)
//   lost-ack=P     do the work (commit), then destroy the connection instead of replying
//   duplicate=P    do the work twice, as a retrying proxy would, and reply to the second
//   malformed=P    reply 200 with a body that is not the API's JSON
//   session-ttl=D  sessions expire D after login (401 on use)
//   seed=N         PRNG seed, for reproducible runs
// P is a probability in [0,1] (or a percentage, `20%`); the probabilities must sum to at most 1.
// D is a duration: `500ms`, `30s`, `2m`. Example: `latency=20ms..80ms,5xx=0.1,lost-ack=0.1,session-ttl=30s`.
import { KioskError } from '../shared/errors';

export const FAULT_KINDS = ['5xx', 'timeout', 'reset', 'reset-upload', 'lost-ack', 'duplicate', 'malformed'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  latencyMs: [number, number];
  probabilities: Record<FaultKind, number>;
  sessionTtlMs: number | null;
  seed: number;
}

export const NO_FAULTS: FaultSpec = {
  latencyMs: [0, 0],
  probabilities: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>,
  sessionTtlMs: null,
  seed: 1,
};

const specError = (msg: string) => new KioskError({ code: 'upstream-server.bad-fault-spec', technicianMessage: `fault SPEC: ${msg}` });

export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw specError(`${JSON.stringify(text)} is not a duration (500ms, 30s, 2m)`);
  const n = Number(m[1]);
  return Math.round(m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n);
}

function parseProbability(text: string): number {
  const pct = text.endsWith('%');
  const n = Number(pct ? text.slice(0, -1) : text);
  const p = pct ? n / 100 : n;
  if (text.trim() === '' || !Number.isFinite(p) || p < 0 || p > 1) throw specError(`${JSON.stringify(text)} is not a probability in [0,1]`);
  return p;
}

export function parseFaultSpec(spec: string | undefined): FaultSpec {
  const out: FaultSpec = { ...NO_FAULTS, probabilities: { ...NO_FAULTS.probabilities } };
  if (!spec || spec.trim() === '' || spec.trim() === 'none') return out;
  const seen = new Set<string>();
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 1) throw specError(`${JSON.stringify(part)} is not name=value`);
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (seen.has(name)) throw specError(`${name} given twice`);
    seen.add(name);
    if (name === 'latency') {
      const [a, b] = value.split('..');
      const lo = parseDuration(a ?? '');
      const hi = b === undefined ? lo : parseDuration(b);
      if (hi < lo) throw specError('latency range is reversed');
      out.latencyMs = [lo, hi];
    } else if (name === 'session-ttl') {
      out.sessionTtlMs = parseDuration(value);
      if (out.sessionTtlMs <= 0) throw specError('session-ttl must be positive');
    } else if (name === 'seed') {
      if (!/^\d{1,9}$/.test(value)) throw specError('seed must be an integer');
      out.seed = Number(value);
    } else if ((FAULT_KINDS as readonly string[]).includes(name)) {
      out.probabilities[name as FaultKind] = parseProbability(value);
    } else {
      throw specError(`unknown fault ${JSON.stringify(name)}; known: latency, session-ttl, seed, ${FAULT_KINDS.join(', ')}`);
    }
  }
  const total = FAULT_KINDS.reduce((s, k) => s + out.probabilities[k], 0);
  if (total > 1 + 1e-9) throw specError(`fault probabilities sum to ${total.toFixed(3)} > 1`);
  return out;
}

export function formatFaultSpec(spec: FaultSpec): string {
  const parts: string[] = [];
  const [lo, hi] = spec.latencyMs;
  if (hi > 0) parts.push(lo === hi ? `latency=${lo}ms` : `latency=${lo}ms..${hi}ms`);
  for (const k of FAULT_KINDS) if (spec.probabilities[k] > 0) parts.push(`${k}=${spec.probabilities[k]}`);
  if (spec.sessionTtlMs !== null) parts.push(`session-ttl=${spec.sessionTtlMs}ms`);
  parts.push(`seed=${spec.seed}`);
  return parts.join(',');
}

/** mulberry32: small, seedable, good enough to spread faults. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks at most one fault for a request. `reset-upload` applies only to upload chunks. */
export function drawFault(spec: FaultSpec, random: () => number, isUploadChunk: boolean): FaultKind | null {
  const r = random();
  let acc = 0;
  for (const k of FAULT_KINDS) {
    acc += spec.probabilities[k];
    if (r < acc) return k === 'reset-upload' && !isUploadChunk ? 'reset' : k;
  }
  return null;
}
