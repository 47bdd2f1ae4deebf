// Runs in: Node (vitest). Scans versus a person typing, from timestamps alone.
import { describe, expect, it } from 'vitest';
import { createKeyboardWedge, KeyboardWedgeScanner, type WedgeOutput } from './keyboard-wedge';

/** Keys of `text` at `gap` ms apart from `t0`, then Enter. */
function burst(text: string, t0: number, gap: number, enter = true) {
  const keys = [...text].map((key, i) => ({ key, time: t0 + i * gap }));
  if (enter) keys.push({ key: 'Enter', time: t0 + text.length * gap });
  return keys;
}

function feed(keys: { key: string; time: number }[], wedge = createKeyboardWedge()): WedgeOutput[] {
  return keys.flatMap((k) => wedge.push(k));
}

describe('keyboard wedge', () => {
  it('a fast burst ending in Enter is a scan (Vietnamese text, with Shift events inside)', () => {
    const keys = burst('001099012345|Nguyễn', 1000, 5);
    keys.splice(3, 0, { key: 'Shift', time: 1012 });
    expect(feed(keys)).toEqual([{ kind: 'scan', text: '001099012345|Nguyễn' }]);
  });

  it('human typing (150 ms between keys) is handed back, not a scan', () => {
    const out = feed(burst('1234', 0, 150));
    expect(out.some((o) => o.kind === 'scan')).toBe(false);
    expect(out.flatMap((o) => (o.kind === 'typed' ? o.keys : []))).toEqual(['1', '2', '3', '4', 'Enter']);
  });

  it('a person typing, then a scan right after, are separated', () => {
    const out = feed([...burst('ab', 0, 200, false), ...burst('QR-PAYLOAD', 1000, 4)]);
    expect(out).toEqual([{ kind: 'typed', keys: ['a'] }, { kind: 'typed', keys: ['b'] }, { kind: 'scan', text: 'QR-PAYLOAD' }]);
  });

  it('a short fast burst (double key press) is typing', () => {
    expect(feed(burst('ab', 0, 5)).some((o) => o.kind === 'scan')).toBe(false);
  });

  it('an Enter that comes after a pause does not complete a scan', () => {
    const keys = burst('ABCDEFG', 0, 5, false);
    keys.push({ key: 'Enter', time: 500 });
    expect(feed(keys).some((o) => o.kind === 'scan')).toBe(false);
  });

  it('accepts unterminated bursts only when configured, via tick()', () => {
    const wedge = createKeyboardWedge({ acceptUnterminated: true });
    expect(feed(burst('HELLO123', 0, 5, false), wedge)).toEqual([]);
    expect(wedge.pending()).toBe(true);
    expect(wedge.tick(100)).toEqual([{ kind: 'scan', text: 'HELLO123' }]);
    const strict = createKeyboardWedge();
    feed(burst('HELLO123', 0, 5, false), strict);
    expect(strict.tick(100)).toEqual([{ kind: 'typed', keys: [...'HELLO123'] }]);
  });

  it('as a Device: status, scan events and typed keys', async () => {
    const typed: string[] = [];
    const dev = new KeyboardWedgeScanner('wedge', {}, (k) => typed.push(...k));
    const scans: string[] = [];
    dev.onScan((s) => scans.push(`${s.device}:${s.text}`));
    expect(dev.handleKey({ key: 'x', time: 0 })).toBe(false);
    await dev.start();
    expect(dev.status().state).toBe('ready');
    for (const k of burst('ABCDE', 10, 3)) dev.handleKey(k);
    dev.handleKey({ key: 'Backspace', time: 900 });
    expect(scans).toEqual(['wedge:ABCDE']);
    expect(typed).toEqual(['Backspace']);
  });
});

describe('keyboard wedge fuzz', () => {
  it('random key streams give only scans and typed keys, and every key comes back out exactly once', () => {
    let s = 5;
    const rnd = (n: number) => ((s = (s * 1664525 + 1013904223) >>> 0) % n);
    const names = ['Enter', 'Shift', 'Backspace', 'Tab', 'ArrowLeft', 'a', 'Z', '7', 'ễ', '|'];
    for (let run = 0; run < 200; run++) {
      const wedge = createKeyboardWedge({ acceptUnterminated: run % 2 === 0 });
      let t = 0;
      const sent: string[] = [];
      const got: string[] = [];
      for (let i = 0; i < 200; i++) {
        t += rnd(3) === 0 ? rnd(400) : rnd(20);
        const key = names[rnd(names.length)]!;
        if (key !== 'Shift') sent.push(key);
        for (const o of wedge.push({ key, time: t })) got.push(...(o.kind === 'scan' ? [...o.text, 'Enter'] : o.keys));
      }
      for (const o of wedge.tick(t + 1000)) got.push(...(o.kind === 'scan' ? [...o.text] : o.keys));
      // Scans swallow their Enter (or none when unterminated); everything else is preserved in order.
      expect(got.filter((k) => k !== 'Enter')).toEqual(sent.filter((k) => k !== 'Enter'));
    }
  });
});
