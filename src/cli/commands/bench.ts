// Runs in: Node (CLI). `kiosk bench [name…]` runs `bench/*.bench.ts`, prints a table and writes
// `bench/results.json` with the machine it ran on.
import { cpus, totalmem } from 'node:os';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Benchmark, BenchFigure } from '../../../bench/harness';
import { parseArgs } from '../args';
import type { CliCommand } from '../types';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bench');

interface BenchRecord extends BenchFigure {
  bench: string;
}

function machine() {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

export function formatTable(rows: BenchRecord[]): string {
  const header = ['bench', 'metric', 'value', 'unit'];
  const cells = rows.map((r) => [r.bench, r.metric, String(r.value), r.unit]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === 2 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}

export const command: CliCommand = {
  name: 'bench',
  summary: 'run the benchmarks under bench/, print a table, write bench/results.json',
  usage: `kiosk bench [NAME…] [--out FILE]
  NAME        run only benchmarks whose name contains NAME
  --out FILE  results file (default bench/results.json)`,
  async run(args) {
    const { flags, positionals } = parseArgs(args, { out: true });
    const files = readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).sort();
    const records: BenchRecord[] = [];
    const failures: { bench: string; error: string }[] = [];
    for (const file of files) {
      const bench = ((await import(pathToFileURL(path.join(benchDir, file)).href)) as { default: Benchmark }).default;
      if (positionals.length && !positionals.some((p) => bench.name.includes(p))) continue;
      process.stderr.write(`bench: ${bench.name} — ${bench.description}\n`);
      try {
        for (const figure of await bench.run()) records.push({ bench: bench.name, ...figure });
      } catch (error) {
        // One broken benchmark must not hide the others' figures.
        const message = error instanceof Error ? error.message : String(error);
        failures.push({ bench: bench.name, error: message });
        process.stderr.write(`bench: ${bench.name} failed: ${message}\n`);
      }
    }
    const out = typeof flags.out === 'string' ? path.resolve(flags.out) : path.join(benchDir, 'results.json');
    const ran = new Set([...records.map((r) => r.bench), ...failures.map((f) => f.bench)]);
    // `kiosk bench sync` refreshes the sync figures and keeps every other benchmark's last figures.
    const kept = positionals.length ? previousRecords(out).filter((r) => !ran.has(r.bench)) : [];
    const report = { date: new Date().toISOString(), machine: machine(), results: [...kept, ...records], failures };
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`${formatTable(records)}\n\nmachine: ${report.machine.cpu}, ${report.machine.cores} cores\nwritten: ${path.relative(process.cwd(), out)}\n`);
    return failures.length ? 1 : 0;
  },
};

function previousRecords(file: string): BenchRecord[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { results?: unknown };
    return Array.isArray(parsed.results) ? (parsed.results as BenchRecord[]).filter((r) => typeof r?.bench === 'string') : [];
  } catch {
    return []; // no previous file, or unreadable: start afresh
  }
}
