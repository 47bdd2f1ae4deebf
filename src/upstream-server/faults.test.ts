// Runs in: Node (vitest).
import { describe, expect, it } from 'vitest';
import { KioskError } from '../shared/errors';
import { drawFault, formatFaultSpec, parseFaultSpec, seededRandom } from './faults';

describe('fault SPEC', () => {
  it('parses every field and round-trips through formatFaultSpec', () => {
    const s = parseFaultSpec('latency=20ms..80ms,5xx=0.1,timeout=2%,reset=0.05,reset-upload=0.05,lost-ack=0.1,duplicate=0.05,malformed=0.02,session-ttl=30s,seed=7');
    expect(s.latencyMs).toEqual([20, 80]);
    expect(s.probabilities).toEqual({ '5xx': 0.1, timeout: 0.02, reset: 0.05, 'reset-upload': 0.05, 'lost-ack': 0.1, duplicate: 0.05, malformed: 0.02 });
    expect(s.sessionTtlMs).toBe(30_000);
    expect(s.seed).toBe(7);
    expect(parseFaultSpec(formatFaultSpec(s))).toEqual(s);
    expect(parseFaultSpec('latency=1m').latencyMs).toEqual([60_000, 60_000]);
  });

  it('rejects bad specs with KioskError', () => {
    for (const bad of ['5xx=2', 'nope=0.1', 'latency=fast', '5xx=0.6,reset=0.6', 'latency=9ms..1ms', '5xx', 'seed=-1', 'session-ttl=0s', '5xx=0.1,5xx=0.2']) {
      expect(() => parseFaultSpec(bad), bad).toThrow(KioskError);
    }
  });

  it('draws faults at the configured rate, reset-upload only on chunks', () => {
    const s = parseFaultSpec('5xx=0.2,reset-upload=0.1,seed=3');
    const rnd = seededRandom(3);
    const n = 20_000;
    let fivexx = 0;
    let resets = 0;
    for (let i = 0; i < n; i++) {
      const f = drawFault(s, rnd, false);
      if (f === '5xx') fivexx++;
      if (f === 'reset') resets++;
      expect(f).not.toBe('reset-upload');
    }
    expect(fivexx / n).toBeGreaterThan(0.18);
    expect(fivexx / n).toBeLessThan(0.22);
    expect(resets / n).toBeGreaterThan(0.08);
    expect(drawFault(parseFaultSpec('reset-upload=1'), rnd, true)).toBe('reset-upload');
  });

  it('fuzz: random specs parse or throw KioskError only', () => {
    const atoms = ['latency', '5xx', 'timeout', 'reset', 'lost-ack', 'duplicate', 'seed', 'session-ttl', '=', ',', '0.1', '..', 'ms', 's', '%', '2', ' ', 'x'];
    for (let i = 0; i < 5000; i++) {
      const text = Array.from({ length: Math.floor(Math.random() * 10) }, () => atoms[Math.floor(Math.random() * atoms.length)]).join('');
      try {
        parseFaultSpec(text);
      } catch (error) {
        expect(error).toBeInstanceOf(KioskError);
      }
    }
  });
});
