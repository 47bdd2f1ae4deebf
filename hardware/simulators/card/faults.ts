// Runs in: Node (simulator CLI, engine with a simulated card reader, tests). Pure.
// Faults on demand for the virtual chip: parses `--fault NAME[=VALUE]` (repeatable or
// comma-separated) and turns the faults into options for the sample applets and for the vpcd card.
import { KioskError } from '../../../src/shared/errors';
import type { SampleAppletOptions } from './emrtd';

/**
 * cccd: the sample CCCD (PACE + BAC, AA, CA) under the TEST CSCA; passport: the sample TD3 passport
 * (BAC only); cccd-unknown-csca: the same CCCD signed by a throw-away Document Signer whose CSCA is
 * in no trust store (passive authentication: "issuer-unverified", never an error).
 */
export type CardProfile = 'cccd' | 'passport' | 'cccd-unknown-csca';
export const CARD_PROFILES: readonly CardProfile[] = ['cccd', 'passport', 'cccd-unknown-csca'];

export type CardFault =
  /** The card leaves the reader when the n-th command APDU (1-based) arrives; it is never answered. */
  | { kind: 'removed-mid-read'; apduNumber: number }
  /** The MAC of the n-th secure-messaging response (1-based) has a bit flipped. */
  | { kind: 'corrupt-mac'; responseNumber: number }
  /** The chip expects a CAN and MRZ key other than the ones the sample document advertises. */
  | { kind: 'wrong-key' }
  /** Every response is delayed by `ms`. */
  | { kind: 'slow'; ms: number }
  /** READ BINARY with Ne above `bytes` is refused with 6700, so the reader has to back off. */
  | { kind: 'small-reads'; bytes: number }
  /** The data group is altered after the SOD was signed: its hash no longer matches. */
  | { kind: 'bad-hash'; dataGroup: number };

export type FaultName = CardFault['kind'];

interface FaultSpec {
  /** Shown in usage and errors. */
  syntax: string;
  help: string;
  parse(value: string | undefined, raw: string): CardFault;
}

const NO_VALUE = (name: FaultName, raw: string, value: string | undefined): void => {
  if (value !== undefined) throw badValue(raw, `${name} takes no value`);
};

function intValue(raw: string, value: string | undefined, fallback: number, min: number, max: number, what: string): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,9}$/.test(value)) throw badValue(raw, `${what} must be a whole number ${min}..${max}`);
  const n = Number(value);
  if (n < min || n > max) throw badValue(raw, `${what} must be ${min}..${max}`);
  return n;
}

/** Defaults: a removal well inside DG2 of the sample CCCD, the 5th protected response, a chip slow enough to notice. */
export const FAULT_DEFAULTS = { removedAtApdu: 25, corruptMacAt: 5, slowMs: 150, smallReadBytes: 64, badHashDataGroup: 13 } as const;

const SPECS: Record<FaultName, FaultSpec> = {
  'removed-mid-read': {
    syntax: 'removed-mid-read[=APDU]',
    help: `card pulled out when command APDU number APDU arrives (default ${FAULT_DEFAULTS.removedAtApdu})`,
    parse: (v, raw) => ({ kind: 'removed-mid-read', apduNumber: intValue(raw, v, FAULT_DEFAULTS.removedAtApdu, 1, 1_000_000, 'APDU number') }),
  },
  'corrupt-mac': {
    syntax: 'corrupt-mac[=RESPONSE]',
    help: `MAC of secure-messaging response number RESPONSE corrupted (default ${FAULT_DEFAULTS.corruptMacAt})`,
    parse: (v, raw) => ({ kind: 'corrupt-mac', responseNumber: intValue(raw, v, FAULT_DEFAULTS.corruptMacAt, 1, 1_000_000, 'response number') }),
  },
  'wrong-key': {
    syntax: 'wrong-key',
    help: 'chip expects a CAN and MRZ key other than the sample document advertises',
    parse: (v, raw) => {
      NO_VALUE('wrong-key', raw, v);
      return { kind: 'wrong-key' };
    },
  },
  slow: {
    syntax: 'slow[=MS]',
    help: `every response delayed by MS milliseconds (default ${FAULT_DEFAULTS.slowMs})`,
    parse: (v, raw) => ({ kind: 'slow', ms: intValue(raw, v, FAULT_DEFAULTS.slowMs, 0, 60_000, 'delay') }),
  },
  'small-reads': {
    syntax: 'small-reads[=BYTES]',
    help: `READ BINARY longer than BYTES refused with 6700 (default ${FAULT_DEFAULTS.smallReadBytes})`,
    parse: (v, raw) => ({ kind: 'small-reads', bytes: intValue(raw, v, FAULT_DEFAULTS.smallReadBytes, 1, 65_536, 'read size') }),
  },
  'bad-hash': {
    syntax: 'bad-hash[=DG]',
    help: `data group DG altered after signing, its hash no longer matches the SOD (default ${FAULT_DEFAULTS.badHashDataGroup})`,
    parse: (v, raw) => ({ kind: 'bad-hash', dataGroup: intValue(raw, v, FAULT_DEFAULTS.badHashDataGroup, 1, 16, 'data group') }),
  },
};

export const FAULT_NAMES = Object.keys(SPECS) as FaultName[];

/** One line per fault for `kiosk sim card` usage text. */
export function faultUsage(indent = '  '): string {
  return FAULT_NAMES.map((n) => `${indent}${SPECS[n].syntax.padEnd(26)}${SPECS[n].help}`).join('\n');
}

function badValue(raw: string, why: string): KioskError {
  return new KioskError({ code: 'sim.bad-fault', technicianMessage: `--fault ${raw}: ${why}` });
}

function isFaultName(name: string): name is FaultName {
  return Object.prototype.hasOwnProperty.call(SPECS, name);
}

/**
 * Parses `--fault` values; each may hold several comma-separated faults. A fault named twice is
 * refused (which value would win is not obvious). Unknown names -> KioskError `sim.unknown-fault`
 * listing the valid ones; bad values -> `sim.bad-fault`.
 */
export function parseFaults(values: readonly string[]): CardFault[] {
  const out: CardFault[] = [];
  for (const value of values) {
    for (const part of value.split(',')) {
      const raw = part.trim();
      if (raw === '') continue;
      const eq = raw.indexOf('=');
      const name = (eq === -1 ? raw : raw.slice(0, eq)).trim().toLowerCase();
      const arg = eq === -1 ? undefined : raw.slice(eq + 1).trim();
      if (!isFaultName(name)) {
        throw new KioskError({
          code: 'sim.unknown-fault',
          technicianMessage: `unknown card fault "${name.slice(0, 40)}"; valid faults: ${FAULT_NAMES.join(', ')}`,
        });
      }
      if (out.some((f) => f.kind === name)) throw badValue(raw, `fault ${name} given more than once`);
      out.push(SPECS[name].parse(arg, raw));
    }
  }
  return out;
}

export function parseProfile(value: string | undefined): CardProfile {
  if (value === undefined) return 'cccd';
  const v = value.trim().toLowerCase();
  if ((CARD_PROFILES as readonly string[]).includes(v)) return v as CardProfile;
  throw new KioskError({ code: 'sim.unknown-profile', technicianMessage: `unknown card profile "${value.slice(0, 40)}"; valid profiles: ${CARD_PROFILES.join(', ')}` });
}

/**
 * Takes every `--NAME VALUE` / `--NAME=VALUE` out of argv (the shared parser keeps only the last
 * occurrence of a flag), returning the values in order and the remaining arguments.
 */
export function takeRepeatedFlag(args: readonly string[], name: string): { values: string[]; rest: string[] } {
  const values: string[] = [];
  const rest: string[] = [];
  const flag = `--${name}`;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (arg === flag) {
      const v = args[i + 1];
      if (v === undefined) throw new KioskError({ code: 'cli.missing-value', technicianMessage: `option ${flag} needs a value` });
      values.push(v);
      i++;
    } else if (arg.startsWith(`${flag}=`)) values.push(arg.slice(flag.length + 1));
    else rest.push(arg);
  }
  return { values, rest };
}

/** What the faults mean for each layer: the applet (chip content/behaviour) and the vpcd card (transport). */
export interface FaultPlan {
  /** Options for createSampleCccdApplet / createSamplePassportApplet. */
  applet: SampleAppletOptions;
  /** Options for startVirtualCard. */
  card: {
    responseDelayMs?: number;
    /** 1-based number of the command APDU on which the card is pulled (once per virtual card). */
    removeAtApdu?: number;
  };
  /** Faults that only the eMRTD applet can carry (not the generic file-system card). */
  needsEmrtd: FaultName[];
}

export function planFaults(faults: readonly CardFault[]): FaultPlan {
  const plan: FaultPlan = { applet: {}, card: {}, needsEmrtd: [] };
  for (const f of faults) {
    switch (f.kind) {
      case 'removed-mid-read':
        plan.card.removeAtApdu = f.apduNumber;
        break;
      case 'slow':
        plan.card.responseDelayMs = f.ms;
        break;
      case 'small-reads':
        plan.applet.quirks = { ...plan.applet.quirks, maxReadLength: f.bytes, tooLongStatus: 0x6700 };
        break;
      case 'corrupt-mac':
        plan.applet.faults = { ...plan.applet.faults, corruptResponseMacAt: f.responseNumber };
        plan.needsEmrtd.push(f.kind);
        break;
      case 'wrong-key':
        plan.applet.wrongAccessKey = true;
        plan.needsEmrtd.push(f.kind);
        break;
      case 'bad-hash':
        plan.applet.tamperDataGroup = f.dataGroup;
        plan.needsEmrtd.push(f.kind);
        break;
    }
  }
  return plan;
}

/** `removed-mid-read=25, slow=150` — for the CLI banner. */
export function describeFaults(faults: readonly CardFault[]): string {
  if (faults.length === 0) return 'none';
  return faults
    .map((f) => {
      switch (f.kind) {
        case 'removed-mid-read':
          return `${f.kind}=${f.apduNumber}`;
        case 'corrupt-mac':
          return `${f.kind}=${f.responseNumber}`;
        case 'slow':
          return `${f.kind}=${f.ms}`;
        case 'small-reads':
          return `${f.kind}=${f.bytes}`;
        case 'bad-hash':
          return `${f.kind}=${f.dataGroup}`;
        case 'wrong-key':
          return f.kind;
      }
    })
    .join(', ');
}
