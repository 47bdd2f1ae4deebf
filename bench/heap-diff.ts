// Runs in: Node (bench tool). Compares two V8 heap snapshots (.heapsnapshot, as written by
// bench/ui.bench.ts with KIOSK_BENCH_HEAP_SNAPSHOTS, v8.writeHeapSnapshot or Chrome DevTools) by
// constructor: count and self size of each group, late minus early, biggest growth first — the
// "Comparison" view of DevTools' Memory tab, for a machine without DevTools.
//   npx tsx bench/heap-diff.ts early.heapsnapshot late.heapsnapshot [--top 40] [--per N]
//   npx tsx bench/heap-diff.ts --find TEXT snapshot.heapsnapshot   (who holds strings with TEXT)
// --per N divides the growth by N (the number of sessions between the snapshots).
// Then the objects of the late snapshot that did not exist in the early one (V8 keeps node ids
// stable within a process), grouped the same way, each group with the shortest retainer path
// from a GC root of one of its objects: what holds on to them.
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

function groupKey(snapshot: Snapshot, node: number): string {
  const fields = snapshot.snapshot.meta.node_fields;
  const type = snapshot.snapshot.meta.node_types[0][snapshot.nodes[node * fields.length + fields.indexOf('type')]!]!;
  // Strings and code are grouped by type alone: their "name" is their content.
  const named = type === 'object' || type === 'closure' || type === 'native' || type === 'hidden' || type === 'synthetic';
  return named ? `${type}:${snapshot.strings[snapshot.nodes[node * fields.length + fields.indexOf('name')]!]!.slice(0, 80)}` : type;
}

/**
 * For every node (by ordinal), the node and edge that first reach it in a breadth-first walk from
 * the root over strong edges: the shortest retainer path, as DevTools shows it.
 */
function shortestRetainers(snapshot: Snapshot): { parent: Int32Array; via: Int32Array } {
  const nf = snapshot.snapshot.meta.node_fields.length;
  const ef = snapshot.snapshot.meta.edge_fields.length;
  const edgeTypes = snapshot.snapshot.meta.edge_types[0];
  const [weak, shortcut] = [edgeTypes.indexOf('weak'), edgeTypes.indexOf('shortcut')];
  const count = snapshot.nodes.length / nf;
  const edgeCountAt = snapshot.snapshot.meta.node_fields.indexOf('edge_count');
  const firstEdge = new Int32Array(count + 1);
  for (let n = 0; n < count; n++) firstEdge[n + 1] = firstEdge[n]! + snapshot.nodes[n * nf + edgeCountAt]!;
  const parent = new Int32Array(count).fill(-1);
  const via = new Int32Array(count).fill(-1);
  const queue = new Int32Array(count);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  parent[0] = 0;
  while (head < tail) {
    const n = queue[head++]!;
    for (let e = firstEdge[n]!; e < firstEdge[n + 1]!; e++) {
      const type = snapshot.edges[e * ef]!;
      if (type === weak || type === shortcut) continue;
      const to = snapshot.edges[e * ef + 2]! / nf;
      if (parent[to] !== -1) continue;
      parent[to] = n;
      via[to] = e;
      queue[tail++] = to;
    }
  }
  return { parent, via };
}

function retainerPath(snapshot: Snapshot, tree: { parent: Int32Array; via: Int32Array }, node: number, depth = 12): string {
  const ef = snapshot.snapshot.meta.edge_fields.length;
  const edgeTypes = snapshot.snapshot.meta.edge_types[0];
  const steps: string[] = [];
  let n = node;
  while (n > 0 && steps.length < depth) {
    const e = tree.via[n]!;
    if (e < 0) return `${steps.join(' ← ')} ← (unreachable)`;
    const type = edgeTypes[snapshot.edges[e * ef]!]!;
    const nameOrIndex = snapshot.edges[e * ef + 1]!;
    const edge = type === 'element' || type === 'hidden' ? `[${nameOrIndex}]` : String(snapshot.strings[nameOrIndex]).slice(0, 40);
    const holder = tree.parent[n]!;
    steps.push(`.${edge} of ${groupKey(snapshot, holder)}`);
    n = holder;
  }
  return steps.join(' ← ');
}

/** Retainer paths of the live strings of `snapshot` that contain `text` (node names are cut at 1024 characters). */
export function whoHolds(snapshot: Snapshot, text: string, limit = 10): string[] {
  const nf = snapshot.snapshot.meta.node_fields.length;
  const nameAt = snapshot.snapshot.meta.node_fields.indexOf('name');
  const typeAt = snapshot.snapshot.meta.node_fields.indexOf('type');
  const types = snapshot.snapshot.meta.node_types[0];
  const tree = shortestRetainers(snapshot);
  const out: string[] = [];
  for (let n = 0; n < snapshot.nodes.length / nf && out.length < limit; n++) {
    if (!types[snapshot.nodes[n * nf + typeAt]!]!.includes('string')) continue;
    const value = snapshot.strings[snapshot.nodes[n * nf + nameAt]!]!;
    if (value.includes(text)) out.push(`${JSON.stringify(value.slice(0, 60))}… held by ${retainerPath(snapshot, tree, n, 14)}`);
  }
  return out;
}

/**
 * Objects of `late` whose id is not in `early`, grouped, with their most common retainer paths
 * (the first three steps decide which path an object counts under; the full path of the first
 * object seen is shown). Native and synthetic nodes get fresh ids in every snapshot: compare their
 * counts in the first table instead.
 */
export function newObjects(early: Snapshot, late: Snapshot, top: number): Array<{ key: string; count: number; size: number; paths: Array<{ count: number; path: string }> }> {
  const nf = early.snapshot.meta.node_fields.length;
  const idAt = early.snapshot.meta.node_fields.indexOf('id');
  const sizeAt = early.snapshot.meta.node_fields.indexOf('self_size');
  const seen = new Set<number>();
  for (let i = idAt; i < early.nodes.length; i += nf) seen.add(early.nodes[i]!);
  const tree = shortestRetainers(late);
  const groups = new Map<string, { count: number; size: number; paths: Map<string, { count: number; path: string }> }>();
  for (let n = 0; n < late.nodes.length / nf; n++) {
    if (seen.has(late.nodes[n * nf + idAt]!)) continue;
    const key = groupKey(late, n);
    if (key.startsWith('native:') || key.startsWith('synthetic:')) continue;
    const g = groups.get(key) ?? { count: 0, size: 0, paths: new Map() };
    g.count++;
    g.size += late.nodes[n * nf + sizeAt]!;
    const short = retainerPath(late, tree, n, 3);
    const p = g.paths.get(short) ?? { count: 0, path: retainerPath(late, tree, n, 14) };
    p.count++;
    g.paths.set(short, p);
    groups.set(key, g);
  }
  return [...groups.entries()]
    .sort((a, b) => b[1].size - a[1].size)
    .slice(0, top)
    .map(([key, g]) => ({ key, count: g.count, size: g.size, paths: [...g.paths.values()].sort((a, b) => b.count - a.count).slice(0, 3) }));
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
  const findAt = args.indexOf('--find');
  if (findAt >= 0) {
    // npx tsx bench/heap-diff.ts --find TEXT snapshot.heapsnapshot: who holds strings containing TEXT.
    const [text, file] = [args[findAt + 1]!, args[findAt + 2]!];
    for (const line of whoHolds(JSON.parse(readFileSync(file, 'utf8')) as Snapshot, text)) process.stdout.write(`${line}\n`);
    process.exit(0);
  }
  const top = flag('--top', 40);
  const per = flag('--per', 1);
  const [earlyFile, lateFile] = args;
  if (!earlyFile || !lateFile) {
    process.stderr.write('usage: npx tsx bench/heap-diff.ts early.heapsnapshot late.heapsnapshot [--top 40] [--per N]\n');
    process.exit(2);
  }
  const [early, late] = [earlyFile, lateFile].map((f) => JSON.parse(readFileSync(f, 'utf8')) as Snapshot) as [Snapshot, Snapshot];
  const diff = diffHeaps(groupHeap(early), groupHeap(late));
  const total = diff.reduce((s, d) => s + d.size, 0);
  process.stdout.write(`total self size growth: ${(total / 1024).toFixed(1)} KiB${per > 1 ? ` (${(total / 1024 / per).toFixed(2)} KiB per session over ${per})` : ''}\n`);
  process.stdout.write(`${'Δ KiB'.padStart(10)} ${'Δ count'.padStart(9)}  group\n`);
  for (const d of diff.slice(0, top)) {
    process.stdout.write(`${(d.size / 1024).toFixed(1).padStart(10)} ${String(d.count).padStart(9)}  ${d.key}\n`);
  }
  const shrunk = diff.filter((d) => d.size < 0).slice(-10);
  if (shrunk.length) process.stdout.write(`smallest (shrunk) groups:\n${shrunk.map((d) => `${(d.size / 1024).toFixed(1).padStart(10)} ${String(d.count).padStart(9)}  ${d.key}`).join('\n')}\n`);
  process.stdout.write(`\nobjects in the late snapshot that the early one did not have (still alive after a GC):\n`);
  for (const g of newObjects(early, late, top)) {
    process.stdout.write(`${(g.size / 1024).toFixed(1).padStart(10)} ${String(g.count).padStart(9)}  ${g.key}\n`);
    for (const p of g.paths) process.stdout.write(`${' '.repeat(12)}${String(p.count).padStart(8)}× held by ${p.path}\n`);
  }
}
