// Runs in: renderer. The engine's offline voice (espeak-ng) as a SpeechBackend: the engine
// synthesises a WAV, this plays it with an <audio> element. Used for a language only when the
// browser has no local voice for it — Chromium on Linux and Electron usually have none for Vietnamese.
import type { SpeechLang } from '../../../shared/contract';
import type { KioskClient } from '../../../shared/transport/client';
import type { SpeechBackend } from '../../lib/speech-queue';

export interface AudioLike {
  play(): Promise<void>;
  pause(): void;
  onended: ((ev: Event) => unknown) | null;
  onerror: ((ev: Event | string) => unknown) | null;
}

export interface OfflineVoiceDeps {
  client: Pick<KioskClient, 'call'>;
  languages: readonly string[];
  /** Creates the player for a blob URL (an HTMLAudioElement in the app). */
  createAudio?: (url: string) => AudioLike;
  createUrl?: (blob: Blob) => string;
  revokeUrl?: (url: string) => void;
}

function isSpeechLang(lang: string): lang is SpeechLang {
  return lang === 'vi-VN' || lang === 'en-US';
}

export function createOfflineVoiceBackend(deps: OfflineVoiceDeps): SpeechBackend {
  const createAudio = deps.createAudio ?? ((url: string) => new Audio(url));
  const createUrl = deps.createUrl ?? ((blob: Blob) => URL.createObjectURL(blob));
  const revokeUrl = deps.revokeUrl ?? ((url: string) => URL.revokeObjectURL(url));
  // Every speak() gets a generation; cancel() bumps it, so audio that arrives for a cancelled
  // prompt is dropped instead of talking over the next screen.
  let generation = 0;
  let playing: { audio: AudioLike; url: string } | null = null;

  const stop = () => {
    if (!playing) return;
    playing.audio.onended = null;
    playing.audio.onerror = null;
    playing.audio.pause();
    revokeUrl(playing.url);
    playing = null;
  };

  return {
    hasVoice: (lang) => deps.languages.includes(lang),
    speak(text, lang, onDone) {
      stop();
      const mine = ++generation;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        if (generation === mine) stop();
        onDone();
      };
      if (!isSpeechLang(lang)) return finish();
      deps.client
        .call('speech.synthesize', { text: text.slice(0, 1000), lang })
        .then(({ audioBase64, mimeType }) => {
          if (generation !== mine) return finish();
          const bytes = Uint8Array.from(atob(audioBase64), (c) => c.charCodeAt(0));
          const url = createUrl(new Blob([bytes], { type: mimeType }));
          const audio = createAudio(url);
          playing = { audio, url };
          audio.onended = finish;
          audio.onerror = finish;
          // Autoplay can be refused before the first touch; the caption still shows the prompt.
          audio.play().catch(finish);
        })
        .catch(finish);
    },
    cancel() {
      generation++;
      stop();
    },
  };
}

/** Web Speech where it has a local voice for the language, the offline voice otherwise. */
export function preferBrowserVoice(browser: SpeechBackend | null, offline: SpeechBackend): SpeechBackend {
  let active: SpeechBackend | null = null;
  return {
    hasVoice: (lang) => (browser?.hasVoice(lang) ?? false) || offline.hasVoice(lang),
    speak(text, lang, onDone) {
      active = browser?.hasVoice(lang) ? browser : offline;
      active.speak(text, lang, onDone);
    },
    cancel() {
      active?.cancel();
      active = null;
    },
  };
}
