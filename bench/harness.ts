// Runs in: Node. The contract every `bench/*.bench.ts` file follows, and the statistics they share.
// Benchmarks report figures; they never pass or fail on a timing.

export interface BenchFigure {
  /** What was measured: "cold start to attract screen (median of 5)". */
  metric: string;
  value: number;
  /** "ms", "MB", "ops/s", "%", … */
  unit: string;
  /** How it was measured, sample size, caveats. */
  note?: string;
}

export interface Benchmark {
  /** Short id, used to filter: `kiosk bench startup`. */
  name: string;
  description: string;
  run(): Promise<BenchFigure[]>;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Runs `fn` `runs` times after `warmup` unmeasured runs; returns each run's wall time in ms. */
export async function timeRuns(fn: () => Promise<unknown> | unknown, runs: number, warmup = 1): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
