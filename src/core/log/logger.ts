// Runs in: Node (engine, host, CLI, Electron main).
//
// Structured JSON logs (pino) to a size-rotated file, optionally mirrored to stderr. Every record
// passes through redact() on its way out, whatever path it took (message string, merge object,
// error, child bindings).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino, { type Logger, type DestinationStream } from 'pino';
import { createStream } from 'rotating-file-stream';
import { redact, scrubString } from './redact';

export type { Logger } from 'pino';

export interface LogOptions {
  /** Folder for `kiosk.log` and its rotations; omitted = no file. */
  dir?: string;
  level?: pino.LevelWithSilent;
  /** Rotate when a file reaches this size ("10M"). */
  maxSize?: string;
  /** Keep this many rotated files. */
  maxFiles?: number;
  /** Also write to stderr (development, CLI). */
  stderr?: boolean;
  /** Extra sink (tests). Receives the final, redacted lines. */
  sink?: DestinationStream;
}

let root: Logger = pino({ level: 'silent' });
let generation = 0;
/** File streams of the installed logger, closed when it is replaced. */
let openFiles: Array<{ end(cb?: () => void): void }> = [];

function buildStreams(options: LogOptions, files: Array<{ end(cb?: () => void): void }> = []): pino.StreamEntry[] {
  const streams: pino.StreamEntry[] = [];
  if (options.dir) {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    const file = createStream('kiosk.log', {
      path: options.dir,
      size: options.maxSize ?? '10M',
      maxFiles: options.maxFiles ?? 10,
      mode: 0o600,
    });
    files.push(file);
    streams.push({ level: 'trace', stream: file as unknown as DestinationStream });
  }
  // Streams pass everything; the logger's own level filters (multistream defaults each to info).
  if (options.stderr) streams.push({ level: 'trace', stream: process.stderr as unknown as DestinationStream });
  if (options.sink) streams.push({ level: 'trace', stream: options.sink });
  if (streams.length === 0) streams.push({ stream: new Writable({ write: (_c, _e, cb) => cb() }) as unknown as DestinationStream });
  return streams;
}

export function createRootLogger(options: LogOptions = {}, files: Array<{ end(cb?: () => void): void }> = []): Logger {
  const level = options.level ?? 'info';
  const logger = pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // The merge object, bindings and message are all redacted; `err` goes through the same path
      // instead of pino's serializer so error messages that quote input are scrubbed too.
      serializers: { err: (e: unknown) => redact(e) },
      formatters: {
        bindings: (bindings) => redact(bindings) as Record<string, unknown>,
        log: (object) => redact(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(inputArgs, method) {
          // pino copies an Error's message into `msg` unscrubbed: route errors through `err`.
          const [first, ...rest] = inputArgs as unknown[];
          const args =
            first instanceof Error
              ? [{ err: first }, typeof rest[0] === 'string' ? rest.shift() : first.message, ...rest]
              : (inputArgs as unknown[]);
          // Index 0 may be the merge object (redacted by formatters.log); later arguments are
          // printf-style values that pino would interpolate verbatim.
          const scrubbed = args.map((a, i) => (typeof a === 'string' ? scrubString(a) : i > 0 ? redact(a) : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    pino.multistream(buildStreams(options, files), { dedupe: false }),
  );
  // Child bindings are serialised once at creation, past formatters.log: redact them here.
  // Children inherit this property through their prototype, so grandchildren are covered too.
  const originalChild = logger.child;
  logger.child = function child(this: Logger, bindings, childOptions) {
    return originalChild.call(this, redact(bindings) as typeof bindings, childOptions);
  } as Logger['child'];
  return logger;
}

/** Installs the process-wide logger (called once at start-up by each entry point). */
export function configureLogging(options: LogOptions): Logger {
  const previous = openFiles;
  openFiles = [];
  root = createRootLogger(options, openFiles);
  generation += 1;
  for (const file of previous) file.end();
  return root;
}

/** Flushes and closes the log files (before exit, or before a test removes their folder). */
export async function closeLogging(): Promise<void> {
  const files = openFiles;
  openFiles = [];
  root = pino({ level: 'silent' });
  generation += 1;
  await Promise.all(files.map((f) => new Promise<void>((resolve) => f.end(() => resolve()))));
}

/** A child logger for one module: `const log = getLogger('printer')`. */
export function getLogger(module: string): Logger {
  let child = root.child({ module });
  let childGeneration = generation;
  return new Proxy({} as Logger, {
    // Modules grab their logger at import time; re-derive it after configureLogging() runs.
    get(_target, prop) {
      if (childGeneration !== generation) {
        child = root.child({ module });
        childGeneration = generation;
      }
      const value = Reflect.get(child, prop, child) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(child) : value;
    },
  });
}

export function defaultLogDir(dataDir: string): string {
  return path.join(dataDir, 'logs');
}
