// Runs in: Node (CLI). Pure.
// A small, strict argument parser: unknown flags are errors, so a technician's typo is reported
// instead of silently ignored.
import { KioskError } from '../shared/errors';

export interface FlagSpec {
  /** `true` = takes a value (`--port 9100` or `--port=9100`); `false` = boolean switch. */
  [flag: string]: boolean;
}

export interface ParsedArgs {
  flags: Record<string, string | boolean>;
  positionals: string[];
}

export function parseArgs(args: string[], spec: FlagSpec): ParsedArgs {
  const flags: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (!(name in spec)) {
      throw new KioskError({ code: 'cli.unknown-flag', technicianMessage: `unknown option --${name}` });
    }
    if (spec[name]) {
      const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined) {
        throw new KioskError({ code: 'cli.missing-value', technicianMessage: `option --${name} needs a value` });
      }
      flags[name] = value;
    } else {
      flags[name] = true;
    }
  }
  return { flags, positionals };
}
