// Runs in: Node (bench, e2e tests). Reads the V8 heap of a kiosk process started with
// `--inspect=127.0.0.1:0` (startKioskProcess's nodeArgs), through the Node inspector protocol
// (Chrome DevTools Protocol over a WebSocket): a full GC (HeapProfiler.collectGarbage), then
// process.memoryUsage() in the engine's own context (bench/ui.bench.ts); heap snapshots for a leak
// hunt; and a search of every live string and byte array for a citizen's data, to prove a session
// left nothing behind (session-memory.spec.ts).
//
// Why the inspector and not a diagnostic request in the contract: it needs no code in the product
// (no "force a GC" request reachable from the renderer, no --expose-gc in production), it reads the
// whole process (engine and host share it) rather than what one handler chooses to report, and the
// same connection takes heap snapshots. The inspector listens only when the bench asks for it, on
// loopback and a random port, for a process that lives as long as the bench.
import { createWriteStream } from 'node:fs';
import WebSocket from 'ws';

export interface EngineHeap {
  /** V8 heap in use after a full GC. */
  heapUsed: number;
  heapTotal: number;
  /** Memory of C++ objects bound to JS objects (Buffers, native handles), after the GC. */
  external: number;
  /** ArrayBuffers and SharedArrayBuffers (part of `external`). */
  arrayBuffers: number;
  rss: number;
  /**
   * Compiled code and bytecode with their metadata (v8.getHeapCodeStatistics), part of heapUsed.
   * It grows for hundreds of sessions as V8 optimizes hot functions, then levels off: heapUsed
   * minus this is the engine's data.
   */
  code: number;
}

/** Node prints this on stderr when --inspect is on. */
export function inspectorUrl(output: string): string | null {
  return /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1] ?? null;
}

export interface EngineInspector {
  /** Full GC, then process.memoryUsage() in bytes. */
  heapAfterGc(): Promise<EngineHeap>;
  /** Full GC, then a heap snapshot streamed to `file` (Chrome DevTools .heapsnapshot format). */
  writeHeapSnapshot(file: string): Promise<void>;
  /**
   * After a full GC, which of `needles` still occur in the process: in a live string (from a heap
   * snapshot) or, UTF-8 encoded, inside a live Uint8Array/Buffer (found with Runtime.queryObjects).
   */
  findInHeap(needles: string[]): Promise<Array<{ needle: string; in: 'string' | 'bytes' }>>;
  /** Evaluates an expression in the engine's main context and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

export async function connectInspector(url: string): Promise<EngineInspector> {
  const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 1 << 30 });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, (params: Record<string, unknown>) => void>();
  socket.on('message', (data) => {
    const msg = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: Record<string, unknown> };
    if (msg.id !== undefined) {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(msg.error.message));
      else p?.resolve(msg.result);
    } else if (msg.method) listeners.get(msg.method)?.(msg.params ?? {});
  });
  socket.on('close', () => {
    for (const p of pending.values()) p.reject(new Error('inspector connection closed'));
    pending.clear();
  });
  const send = <T>(method: string, params: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  const evaluate = async <T>(expression: string): Promise<T> => {
    const r = await send<{ result: { value?: unknown }; exceptionDetails?: { text: string } }>('Runtime.evaluate', { expression, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`inspector evaluate failed: ${r.exceptionDetails.text}`);
    return r.result.value as T;
  };
  return {
    evaluate,
    async heapAfterGc() {
      // Twice: objects with finalizers (WeakRefs, FinalizationRegistry, native handles) are freed
      // by the second pass once the first has run their callbacks.
      await send('HeapProfiler.collectGarbage');
      await send('HeapProfiler.collectGarbage');
      return evaluate<EngineHeap>(
        `(() => {
          const m = process.memoryUsage();
          const c = process.getBuiltinModule('node:v8').getHeapCodeStatistics();
          return { heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, rss: m.rss, code: c.code_and_metadata_size + c.bytecode_and_metadata_size };
        })()`,
      );
    },
    async findInHeap(needles) {
      const found: Array<{ needle: string; in: 'string' | 'bytes' }> = [];
      // Strings: a snapshot's string table holds the content of every live string.
      let json = '';
      listeners.set('HeapProfiler.addHeapSnapshotChunk', (params) => (json += String(params.chunk)));
      try {
        await send('HeapProfiler.enable');
        await send('HeapProfiler.collectGarbage');
        await send('HeapProfiler.collectGarbage');
        await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      } finally {
        listeners.delete('HeapProfiler.addHeapSnapshotChunk');
      }
      const strings = (JSON.parse(json) as { strings: string[] }).strings;
      json = '';
      for (const needle of needles) if (strings.some((s) => s.includes(needle))) found.push({ needle, in: 'string' });
      // Bytes: every object whose prototype chain holds Uint8Array.prototype (Buffers included).
      const proto = await send<{ result: { objectId: string } }>('Runtime.evaluate', { expression: 'Uint8Array.prototype' });
      const arrays = await send<{ objects: { objectId: string } }>('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId, objectGroup: 'kiosk-find' });
      try {
        // The needles travel as byte values, never as strings: a string made in the engine by this
        // search would be found by the next one.
        const hits = await send<{ result: { value: number[] }; exceptionDetails?: { text: string; exception?: { description?: string } } }>('Runtime.callFunctionOn', {
          objectId: arrays.objects.objectId,
          functionDeclaration: `function (needles) {
            const hits = new Set();
            for (const a of this) {
              // Prototypes (Uint8Array's, Buffer's) are in the list too and are no arrays.
              if (!ArrayBuffer.isView(a) || !(a instanceof Uint8Array) || a.length === 0) continue;
              for (let n = 0; n < needles.length; n++) {
                const b = needles[n];
                if (hits.has(n) || a.length < b.length) continue;
                for (let i = a.indexOf(b[0]); i >= 0 && i <= a.length - b.length; i = a.indexOf(b[0], i + 1)) {
                  let j = 1;
                  while (j < b.length && a[i + j] === b[j]) j++;
                  if (j === b.length) { hits.add(n); break; }
                }
              }
            }
            return [...hits];
          }`,
          arguments: [{ value: needles.map((n) => [...Buffer.from(n, 'utf8')]) }],
          returnByValue: true,
        });
        if (hits.exceptionDetails) throw new Error(`heap search failed: ${hits.exceptionDetails.exception?.description ?? hits.exceptionDetails.text}`);
        for (const n of hits.result.value) found.push({ needle: needles[n]!, in: 'bytes' });
      } finally {
        await send('Runtime.releaseObjectGroup', { objectGroup: 'kiosk-find' });
      }
      return found;
    },
    async writeHeapSnapshot(file) {
      const out = createWriteStream(file);
      listeners.set('HeapProfiler.addHeapSnapshotChunk', (params) => out.write(String(params.chunk)));
      try {
        await send('HeapProfiler.enable');
        await send('HeapProfiler.collectGarbage');
        await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      } finally {
        listeners.delete('HeapProfiler.addHeapSnapshotChunk');
        await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
      }
    },
    async close() {
      if (socket.readyState === WebSocket.OPEN) {
        const closed = new Promise((r) => socket.once('close', r));
        socket.close();
        await closed;
      }
    },
  };
}
