// Runs in: Node (vitest). The suffix framer: every terminator, split chunks, silence, oversize, fuzz.
import { describe, expect, it } from 'vitest';
import { createFramer, splitAimPrefix } from './framing';

const enc = (s: string) => new TextEncoder().encode(s);

describe('createFramer', () => {
  it('splits on CR and swallows the LF of a CRLF scanner', () => {
    const f = createFramer({ terminator: 'CR' });
    expect(f.push(enc('ABC\r\nDEF\r'), 0)).toEqual(['ABC', 'DEF']);
  });

  it('splits on LF and on CRLF, keeping a lone CR inside CRLF data', () => {
    expect(createFramer({ terminator: 'LF' }).push(enc('a\nb\n'), 0)).toEqual(['a', 'b']);
    expect(createFramer({ terminator: 'CRLF' }).push(enc('x\ry\r\nz\r\n'), 0)).toEqual(['x\ry', 'z']);
  });

  it('reassembles a multi-byte UTF-8 character split across reads', () => {
    const bytes = enc('Nguyễn\r');
    const f = createFramer({ terminator: 'CR' });
    expect(f.push(bytes.subarray(0, 5), 0)).toEqual([]);
    expect(f.push(bytes.subarray(5), 3)).toEqual(['Nguyễn']);
  });

  it('with no terminator, silence ends a scan', () => {
    const f = createFramer({ terminator: 'none', idleTimeoutMs: 50 });
    expect(f.push(enc('12345'), 0)).toEqual([]);
    expect(f.push(enc('678'), 20)).toEqual([]);
    expect(f.deadline()).toBe(70);
    expect(f.tick(60)).toEqual([]);
    expect(f.tick(70)).toEqual(['12345678']);
    expect(f.push(enc('9'), 500)).toEqual([]);
    expect(f.push(enc('0'), 600)).toEqual(['9']);
  });

  it('drops a stale fragment instead of gluing it to the next scan', () => {
    const f = createFramer({ terminator: 'CR', idleTimeoutMs: 100 });
    f.push(enc('half-a-co'), 0);
    expect(f.push(enc('FULL\r'), 1000)).toEqual(['FULL']);
    expect(f.stats.discarded).toBe(1);
  });

  it('discards an oversized frame whole', () => {
    const f = createFramer({ terminator: 'CR', maxLength: 10 });
    expect(f.push(enc('0123456789ABCDEF\rok\r'), 0)).toEqual(['ok']);
    expect(f.stats.discarded).toBe(1);
  });

  it('survives random bytes and chunkings (fuzz)', () => {
    let seed = 9;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (const terminator of ['CR', 'LF', 'CRLF', 'none'] as const) {
      const f = createFramer({ terminator, maxLength: 64 });
      let t = 0;
      for (let i = 0; i < 3000; i++) {
        const bytes = Uint8Array.from({ length: Math.floor(rnd() * 40) }, () => (rnd() < 0.1 ? 13 : Math.floor(rnd() * 256)));
        t += rnd() * 100;
        for (const s of [...f.push(bytes, t), ...f.tick(t + rnd() * 100)]) expect(typeof s).toBe('string');
      }
    }
  });
});

describe('splitAimPrefix', () => {
  it('splits a leading AIM identifier and leaves other text alone', () => {
    expect(splitAimPrefix(']Q1001099012345|x')).toEqual({ text: '001099012345|x', symbology: ']Q1' });
    expect(splitAimPrefix(']E08934563123451')).toEqual({ text: '8934563123451', symbology: ']E0' });
    expect(splitAimPrefix('MCR1?dc=1')).toEqual({ text: 'MCR1?dc=1' });
    expect(splitAimPrefix(']')).toEqual({ text: ']' });
  });
});
