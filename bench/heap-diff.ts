// Runs in: Node (bench tool). Compares two V8 heap snapshots (.heapsnapshot, as written by
// bench/ui.bench.ts with KIOSK_BENCH_HEAP_SNAPSHOTS, v8.writeHeapSnapshot or Chrome DevTools) by
// constructor: count and self size of each group, late minus early, biggest growth first — the
// "Comparison" view of DevTools' Memory tab, for a machine without DevTools.
//   npx tsx bench/heap-diff.ts early.heapsnapshot late.heapsnapshot [--top 40] [--per N]
// --per N divides the growth by N (the number of sessions between the snapshots).
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

interface Group {
  count: number;
  size: number;
}

/** Groups a snapshot's nodes by "type:name" ("object:Map", "closure:onData", "string", …). */
export function groupHeap(snapshot: Snapshot): Map<string, Group> {
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const groups = new Map<string, Group>();
  const { nodes, strings } = snapshot;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]!]!;
    // Strings and code are grouped by type alone: their "name" is their content.
    const named = type === 'object' || type === 'closure' || type === 'native' || type === 'hidden' || type === 'synthetic';
    const key = named ? `${type}:${strings[nodes[i + nameAt]!]!.slice(0, 80)}` : type;
    const g = groups.get(key) ?? { count: 0, size: 0 };
    g.count++;
    g.size += nodes[i + sizeAt]!;
    groups.set(key, g);
  }
  return groups;
}

export function diffHeaps(early: Map<string, Group>, late: Map<string, Group>): Array<{ key: string; count: number; size: number }> {
  const keys = new Set([...early.keys(), ...late.keys()]);
  return [...keys]
    .map((key) => ({
      key,
      count: (late.get(key)?.count ?? 0) - (early.get(key)?.count ?? 0),
      size: (late.get(key)?.size ?? 0) - (early.get(key)?.size ?? 0),
    }))
    .filter((d) => d.count !== 0 || d.size !== 0)
    .sort((a, b) => b.size - a.size);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    if (i < 0) return fallback;
    const v = Number(args[i + 1]);
    args.splice(i, 2);
    return v;
  };
  const top = flag('--top', 40);
  const per = flag('--per', 1);
  const [earlyFile, lateFile] = args;
  if (!earlyFile || !lateFile) {
    process.stderr.write('usage: npx tsx bench/heap-diff.ts early.heapsnapshot late.heapsnapshot [--top 40] [--per N]\n');
    process.exit(2);
  }
  const load = (f: string) => groupHeap(JSON.parse(readFileSync(f, 'utf8')) as Snapshot);
  const diff = diffHeaps(load(earlyFile), load(lateFile));
  const total = diff.reduce((s, d) => s + d.size, 0);
  process.stdout.write(`total self size growth: ${(total / 1024).toFixed(1)} KiB${per > 1 ? ` (${(total / 1024 / per).toFixed(2)} KiB per session over ${per})` : ''}\n`);
  process.stdout.write(`${'Δ KiB'.padStart(10)} ${'Δ count'.padStart(9)}  group\n`);
  for (const d of diff.slice(0, top)) {
    process.stdout.write(`${(d.size / 1024).toFixed(1).padStart(10)} ${String(d.count).padStart(9)}  ${d.key}\n`);
  }
  const shrunk = diff.filter((d) => d.size < 0).slice(-10);
  if (shrunk.length) process.stdout.write(`smallest (shrunk) groups:\n${shrunk.map((d) => `${(d.size / 1024).toFixed(1).padStart(10)} ${String(d.count).padStart(9)}  ${d.key}`).join('\n')}\n`);
}
