// Runs in: Node (vitest). The offline voice against the real espeak-ng, plus its WAV helpers.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EspeakSynthesizer, fixWavSizes, normaliseForSpeech, wavDurationMs } from './espeak';

const PROMPT = 'Xin mời ông bà đưa thẻ căn cước vào khe đọc thẻ.';
const dir = mkdtempSync(path.join(tmpdir(), 'espeak-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function header(riffSize: number, dataSize: number, byteRate = 44100): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(riffSize, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(byteRate / 2, 24);
  h.writeUInt32LE(byteRate, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataSize, 40);
  return h;
}

describe('espeak-ng synthesiser (real binary)', () => {
  const espeak = new EspeakSynthesizer();

  it('has the Vietnamese voice here', async () => {
    expect(await espeak.available()).toBe(true);
  });

  it('speaks a Vietnamese prompt as a WAV whose header sizes are the real ones', async () => {
    const { wav, durationMs } = await espeak.synthesize(PROMPT, 'vi-VN');
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.readUInt32LE(4)).toBe(wav.length - 8);
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    // ~12 syllables at 140 words per minute: seconds, not milliseconds and not minutes.
    expect(durationMs).toBeGreaterThan(1500);
    expect(durationMs).toBeLessThan(15000);
    // Not silence: PCM samples vary.
    const samples = new Int16Array(wav.buffer, wav.byteOffset + 44, (wav.length - 44) >> 1);
    expect(Math.max(...samples.slice(0, 50000)) - Math.min(...samples.slice(0, 50000))).toBeGreaterThan(1000);
  });

  it('speaks slower when configured slower', async () => {
    const slow = await new EspeakSynthesizer({ wordsPerMinute: 90 }).synthesize(PROMPT, 'vi-VN');
    const fast = await new EspeakSynthesizer({ wordsPerMinute: 220 }).synthesize(PROMPT, 'vi-VN');
    expect(slow.durationMs).toBeGreaterThan(fast.durationMs * 1.5);
  });

  it('refuses empty and over-long prompts with typed errors', async () => {
    await expect(espeak.synthesize(' \n\t ', 'vi-VN')).rejects.toMatchObject({ code: 'speech.empty' });
    await expect(espeak.synthesize('a'.repeat(1001), 'vi-VN')).rejects.toMatchObject({ code: 'speech.too-long' });
  });
});

describe('espeak-ng process handling', () => {
  it('passes the text on stdin, never on the command line (a name must not show in ps)', async () => {
    const argvFile = path.join(dir, 'argv.txt');
    const stdinFile = path.join(dir, 'stdin.txt');
    const fake = path.join(dir, 'fake-espeak');
    writeFileSync(fake, `#!/bin/sh\necho "$@" > ${argvFile}\ncat > ${stdinFile}\nprintf 'RIFF'\n`);
    chmodSync(fake, 0o755);
    await new EspeakSynthesizer({ command: fake }).synthesize('Trần Thị Minh Thư, mã hồ sơ 000.00.01.H22-261123-0001', 'vi-VN');
    expect(readFileSync(argvFile, 'utf8')).not.toMatch(/Trần|Thư|0001/);
    expect(readFileSync(stdinFile, 'utf8')).toBe('Trần Thị Minh Thư, mã hồ sơ 000.00.01.H22-261123-0001');
  });

  it('reports a missing binary as speech.unavailable, and available() as false', async () => {
    const missing = new EspeakSynthesizer({ command: path.join(dir, 'no-such-espeak') });
    expect(await missing.available()).toBe(false);
    await expect(missing.synthesize(PROMPT, 'vi-VN')).rejects.toMatchObject({ code: 'speech.unavailable', technicianMessage: expect.stringContaining('not installed') });
  });

  it('kills a hung synthesiser after the timeout', async () => {
    const hang = path.join(dir, 'hang-espeak');
    writeFileSync(hang, '#!/bin/sh\nexec sleep 30\n');
    chmodSync(hang, 0o755);
    await expect(new EspeakSynthesizer({ command: hang, timeoutMs: 300 }).synthesize(PROMPT, 'vi-VN')).rejects.toMatchObject({ code: 'speech.failed', retryable: true });
  });

  it('reports a failing synthesiser with its exit code', async () => {
    const bad = path.join(dir, 'bad-espeak');
    writeFileSync(bad, '#!/bin/sh\necho "voice not found" >&2\nexit 1\n');
    chmodSync(bad, 0o755);
    await expect(new EspeakSynthesizer({ command: bad }).synthesize(PROMPT, 'vi-VN')).rejects.toMatchObject({ code: 'speech.failed', technicianMessage: expect.stringContaining('voice not found') });
  });
});

describe('WAV helpers', () => {
  it('fixes streaming placeholder sizes and measures the duration', () => {
    const pcm = Buffer.alloc(44100); // 0.5 s of 16-bit mono at 44.1 kB/s
    const wav = Buffer.concat([header(0x7ffff024, 0x7ffff000), pcm]);
    expect(wavDurationMs(wav)).toBe(1000);
    const fixed = fixWavSizes(wav);
    expect(fixed.readUInt32LE(4)).toBe(wav.length - 8);
    expect(fixed.readUInt32LE(40)).toBe(44100);
    expect(wavDurationMs(fixed)).toBe(1000);
  });

  it('never throws on arbitrary bytes (5,000 seeded random inputs, half with a RIFF/WAVE header)', () => {
    let seed = 0x2468ace;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) & 0xff;
    const real = Buffer.concat([header(0x7ffff024, 0x7ffff000), Buffer.alloc(64)]);
    for (let i = 0; i < 5000; i++) {
      const len = next() % 120;
      const b = i % 2 === 0 ? Buffer.from(real.subarray(0, len)) : Buffer.alloc(len);
      for (let j = 0; j < b.length; j++) if (i % 2 === 1 || next() < 20) b[j] = next();
      expect(wavDurationMs(b)).toBeGreaterThanOrEqual(0);
      expect(fixWavSizes(b).length).toBe(b.length);
    }
  });

  it('normalises decomposed Vietnamese to NFC and strips control characters', () => {
    expect(normaliseForSpeech('Tha\u0300nh\u0000 pho\u0302\u0301\n\n  Hà Nội')).toBe('Thành phố Hà Nội');
  });
});
