// Runs in: Node (vitest). Interruption, queueing, repeat and captions fallback of voice guidance.
import { describe, expect, it } from 'vitest';
import { SpeechController, type SpeechBackend } from './speech-queue';

/** A recording backend: the browser's speechSynthesis is the real one; this is the test double for it. */
class FakeSynth implements SpeechBackend {
  spoken: string[] = [];
  cancels = 0;
  pending: (() => void)[] = [];
  constructor(private voices: string[]) {}
  hasVoice(lang: string) {
    return this.voices.some((v) => v.toLowerCase().startsWith(lang.slice(0, 2).toLowerCase()));
  }
  speak(text: string, _lang: string, onDone: () => void) {
    this.spoken.push(text);
    this.pending.push(onDone);
  }
  cancel() {
    this.cancels++;
  }
  finish(i: number) {
    this.pending[i]!();
  }
}

describe('SpeechController', () => {
  it('speaks with a Vietnamese voice and shows the caption meanwhile', () => {
    const synth = new FakeSynth(['vi-VN']);
    const c = new SpeechController(synth);
    c.speak('Mời ông bà đưa thẻ vào');
    expect(synth.spoken).toEqual(['Mời ông bà đưa thẻ vào']);
    expect(c.getState()).toEqual({ caption: 'Mời ông bà đưa thẻ vào', speaking: true, mode: 'voice', pending: 0 });
    synth.finish(0);
    expect(c.getState().speaking).toBe(false);
    expect(c.getState().caption).toBe('Mời ông bà đưa thẻ vào');
  });

  it('a new prompt interrupts the current one; the stale end callback is ignored', () => {
    const synth = new FakeSynth(['vi-VN']);
    const c = new SpeechController(synth);
    c.speak('một');
    c.speak('hai');
    expect(synth.cancels).toBe(1);
    expect(synth.spoken).toEqual(['một', 'hai']);
    synth.finish(0); // the cancelled utterance reports its end late
    expect(c.getState()).toMatchObject({ caption: 'hai', speaking: true });
    synth.finish(1);
    expect(c.getState().speaking).toBe(false);
  });

  it('queued prompts play in order after the current one', () => {
    const synth = new FakeSynth(['vi-VN']);
    const c = new SpeechController(synth);
    c.speak('Mã hồ sơ', { queue: true });
    c.speak('Ngày hẹn', { queue: true });
    c.speak('Cảm ơn', { queue: true });
    expect(c.getState().pending).toBe(2);
    synth.finish(0);
    synth.finish(1);
    expect(synth.spoken).toEqual(['Mã hồ sơ', 'Ngày hẹn', 'Cảm ơn']);
    expect(synth.cancels).toBe(0);
    // an interrupting prompt drops what was waiting
    c.speak('Xin chờ', { queue: true });
    c.speak('Hết giờ');
    synth.finish(2);
    synth.finish(3);
    expect(synth.spoken).toEqual(['Mã hồ sơ', 'Ngày hẹn', 'Cảm ơn', 'Hết giờ']);
  });

  it('repeat says the last prompt again, as often as asked', () => {
    const synth = new FakeSynth(['vi-VN']);
    const c = new SpeechController(synth);
    c.speak('Xin chào');
    synth.finish(0);
    c.repeat();
    c.repeat();
    expect(synth.spoken).toEqual(['Xin chào', 'Xin chào', 'Xin chào']);
  });

  it('without a Vietnamese voice (or any backend) it falls back to captions only', () => {
    for (const backend of [new FakeSynth(['en-US']), null]) {
      const c = new SpeechController(backend);
      const seen: (string | null)[] = [];
      c.subscribe((s) => seen.push(s.caption));
      c.speak('Còn 20 giây');
      expect(c.getState()).toEqual({ caption: 'Còn 20 giây', speaking: false, mode: 'captions', pending: 0 });
      expect(seen).toContain('Còn 20 giây');
      if (backend) expect(backend.spoken).toEqual([]);
    }
  });

  it('cancel stops speech and clears the caption; clear also forgets what repeat would say', () => {
    const synth = new FakeSynth(['vi-VN']);
    const c = new SpeechController(synth);
    c.speak('Nguyễn Văn An');
    c.cancel();
    expect(c.getState()).toMatchObject({ caption: null, speaking: false });
    c.clear();
    c.repeat();
    expect(synth.spoken).toEqual(['Nguyễn Văn An']);
    c.speak('   ');
    expect(synth.spoken).toHaveLength(1);
  });
});
