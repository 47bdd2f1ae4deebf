// Runs in: Node (vitest).
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoff with full jitter', () => {
  it('spans [0, min(cap, base·2^(n-1))) and grows until the cap', () => {
    const opts = { baseMs: 100, capMs: 1000 };
    expect(backoffDelay(1, opts, () => 0.999)).toBe(99);
    expect(backoffDelay(3, opts, () => 0.999)).toBe(399);
    expect(backoffDelay(10, opts, () => 0.999)).toBe(999);
    expect(backoffDelay(10_000, opts, () => 0.5)).toBe(500);
    expect(backoffDelay(5, opts, () => 0)).toBe(0);
  });

  it('is jittered: many retries of the same attempt spread across the window', () => {
    const delays = Array.from({ length: 1000 }, () => backoffDelay(4, { baseMs: 100, capMs: 10_000 }));
    expect(Math.min(...delays)).toBeLessThan(100);
    expect(Math.max(...delays)).toBeGreaterThan(700);
    expect(new Set(delays).size).toBeGreaterThan(300);
  });
});
