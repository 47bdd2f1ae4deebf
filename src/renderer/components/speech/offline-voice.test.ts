// Runs in: Node (vitest). The offline-voice backend's ordering rules: audio for a cancelled prompt
// never plays, every prompt finishes exactly once, and the browser's own voice wins when it has one.
import { describe, expect, it } from 'vitest';
import type { SpeechBackend } from '../../lib/speech-queue';
import { SpeechController } from '../../lib/speech-queue';
import { createOfflineVoiceBackend, preferBrowserVoice, type AudioLike } from './offline-voice';

function harness() {
  const calls: Array<{ text: string; lang: string; resolve: () => void; reject: (e: Error) => void }> = [];
  const played: Array<FakeAudio> = [];
  const revoked: string[] = [];
  class FakeAudio implements AudioLike {
    onended: ((ev: Event) => unknown) | null = null;
    onerror: ((ev: Event | string) => unknown) | null = null;
    paused = true;
    constructor(readonly url: string) {}
    play() {
      this.paused = false;
      played.push(this);
      return Promise.resolve();
    }
    pause() {
      this.paused = true;
    }
  }
  let n = 0;
  const backend = createOfflineVoiceBackend({
    languages: ['vi-VN'],
    client: {
      call: ((channel: string, payload: { text: string; lang: string }) =>
        new Promise((resolve, reject) => {
          expect(channel).toBe('speech.synthesize');
          calls.push({ ...payload, resolve: () => resolve({ mimeType: 'audio/wav', audioBase64: btoa('RIFF....WAVE'), durationMs: 10 }), reject });
        })) as never,
    },
    createAudio: (url) => new FakeAudio(url),
    createUrl: () => `blob:${++n}`,
    revokeUrl: (url) => revoked.push(url),
  });
  return { backend, calls, played, revoked };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('offline voice backend', () => {
  it('speaks only the languages the engine offers', () => {
    const { backend } = harness();
    expect(backend.hasVoice('vi-VN')).toBe(true);
    expect(backend.hasVoice('en-US')).toBe(false);
  });

  it('plays the synthesised audio and finishes once when it ends, freeing the blob URL', async () => {
    const { backend, calls, played, revoked } = harness();
    let done = 0;
    backend.speak('Xin mời', 'vi-VN', () => done++);
    expect(calls[0]!.text).toBe('Xin mời');
    calls[0]!.resolve();
    await tick();
    expect(played).toHaveLength(1);
    played[0]!.onended?.(new Event('ended'));
    played[0]!.onended?.(new Event('ended'));
    expect(done).toBe(1);
    expect(revoked).toEqual(['blob:1']);
  });

  it('drops audio that arrives after its prompt was cancelled', async () => {
    const { backend, calls, played } = harness();
    let done = 0;
    backend.speak('Họ tên: Trần Thị Minh Thư', 'vi-VN', () => done++);
    backend.cancel();
    calls[0]!.resolve();
    await tick();
    expect(played).toHaveLength(0);
    expect(done).toBe(1);
  });

  it('a new prompt stops the one playing', async () => {
    const { backend, calls, played } = harness();
    backend.speak('một', 'vi-VN', () => undefined);
    calls[0]!.resolve();
    await tick();
    backend.speak('hai', 'vi-VN', () => undefined);
    expect(played[0]!.paused).toBe(true);
    calls[1]!.resolve();
    await tick();
    expect(played).toHaveLength(2);
    expect(played[1]!.paused).toBe(false);
  });

  it('finishes (so the queue moves on) when the engine cannot synthesise', async () => {
    const { backend, calls } = harness();
    let done = 0;
    backend.speak('một', 'vi-VN', () => done++);
    calls[0]!.reject(new Error('speech.failed'));
    await tick();
    expect(done).toBe(1);
  });

  it('puts the controller in voice mode with the offline voice, captions without it', () => {
    const { backend } = harness();
    const c = new SpeechController(null);
    c.speak('Xin mời');
    expect(c.getState().mode).toBe('captions');
    c.setBackend(backend);
    c.speak('Xin mời');
    expect(c.getState()).toMatchObject({ mode: 'voice', speaking: true, caption: 'Xin mời' });
  });
});

describe('preferBrowserVoice', () => {
  function recorder(langs: string[], log: string[], name: string): SpeechBackend {
    return { hasVoice: (l) => langs.includes(l), speak: (t) => log.push(`${name}:${t}`), cancel: () => log.push(`${name}:cancel`) };
  }

  it("uses the browser's voice where it has one and the offline voice elsewhere", () => {
    const log: string[] = [];
    const b = preferBrowserVoice(recorder(['en-US'], log, 'web'), recorder(['vi-VN'], log, 'offline'));
    b.speak('hello', 'en-US', () => undefined);
    b.speak('xin chào', 'vi-VN', () => undefined);
    b.cancel();
    expect(log).toEqual(['web:hello', 'offline:xin chào', 'offline:cancel']);
    expect(b.hasVoice('fr-FR')).toBe(false);
  });
});
