import { describe, expect, it } from 'vitest';
import { isOpenKey, registerTap } from './gesture';

function run(times: number[]): boolean[] {
  let taps: number[] = [];
  return times.map((t) => {
    const r = registerTap(taps, t);
    taps = r.taps;
    return r.triggered;
  });
}

describe('hidden gesture', () => {
  it('five taps within 3 s open; the fifth tap is the trigger', () => {
    expect(run([0, 400, 800, 1200, 1600])).toEqual([false, false, false, false, true]);
    expect(run([0, 100, 200, 300, 2999])).toEqual([false, false, false, false, true]);
  });

  it('taps older than 3 s do not count, and a trigger starts a new count', () => {
    expect(run([0, 1000, 2000, 3000, 3500])).toEqual([false, false, false, false, false]);
    expect(run([0, 1000, 2000, 3000, 3500, 3600])).toEqual([false, false, false, false, false, true]);
    expect(run([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([false, false, false, false, true, false, false, false, false, true]);
  });

  it('a clock going backwards does not let old taps count', () => {
    expect(run([5000, 5100, 5200, 5300, 100])).toEqual([false, false, false, false, false]);
  });

  it('F24 or Ctrl+Alt+K, nothing else', () => {
    expect(isOpenKey({ key: 'F24', ctrlKey: false, altKey: false })).toBe(true);
    expect(isOpenKey({ key: 'k', ctrlKey: true, altKey: true, code: 'KeyK' })).toBe(true);
    expect(isOpenKey({ key: 'K', ctrlKey: true, altKey: true })).toBe(true);
    expect(isOpenKey({ key: 'k', ctrlKey: true, altKey: false, code: 'KeyK' })).toBe(false);
    expect(isOpenKey({ key: 'k', ctrlKey: false, altKey: true, code: 'KeyK' })).toBe(false);
    expect(isOpenKey({ key: 'F12', ctrlKey: false, altKey: false })).toBe(false);
  });
});
