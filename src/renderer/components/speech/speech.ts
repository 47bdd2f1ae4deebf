// Runs in: renderer. Voice guidance through the Web Speech API, one shared controller for the app.
// Only voices that work offline (localService) are used: the kiosk must not send what it says
// (names, dossier codes) to a cloud voice.
import { useSyncExternalStore } from 'react';
import type { KioskClient } from '../../../shared/transport/client';
import { SpeechController, type SpeakOptions, type SpeechBackend, type SpeechState } from '../../lib/speech-queue';
import { createOfflineVoiceBackend, preferBrowserVoice } from './offline-voice';

export type { SpeakOptions, SpeechState } from '../../lib/speech-queue';

function pickVoice(synth: SpeechSynthesis, lang: string): SpeechSynthesisVoice | undefined {
  const want = lang.toLowerCase();
  const prefix = want.slice(0, 2);
  const local = synth.getVoices().filter((v) => v.localService);
  return local.find((v) => v.lang.toLowerCase() === want) ?? local.find((v) => v.lang.toLowerCase().replace('_', '-').startsWith(prefix));
}

/** The browser's speech synthesis as a SpeechBackend; null where the API is missing. */
type SpeechWindow = Pick<Window, 'speechSynthesis'> & { SpeechSynthesisUtterance?: typeof SpeechSynthesisUtterance };

export function createWebSpeechBackend(win: SpeechWindow | undefined = typeof window === 'undefined' ? undefined : window): SpeechBackend | null {
  const synth = win?.speechSynthesis;
  const Utterance = win?.SpeechSynthesisUtterance;
  if (!synth || typeof Utterance !== 'function') return null;
  // Voices load asynchronously in Chromium; getVoices() is re-read on every call, and this first
  // call starts the loading so a voice is usually known by the first prompt.
  synth.getVoices();
  return {
    hasVoice: (lang) => pickVoice(synth, lang) !== undefined,
    speak(text, lang, onDone) {
      const u = new Utterance(text);
      u.lang = lang;
      const voice = pickVoice(synth, lang);
      if (voice) u.voice = voice;
      u.rate = 0.9; // a little slower for elderly listeners
      let done = false;
      const finish = () => {
        if (!done) {
          done = true;
          onDone();
        }
      };
      u.onend = finish;
      u.onerror = finish;
      synth.speak(u);
    },
    cancel: () => synth.cancel(),
  };
}

let shared: SpeechController | null = null;
/** The app-wide controller (created on first use). */
export function speechController(): SpeechController {
  shared ??= new SpeechController(createWebSpeechBackend());
  return shared;
}

/**
 * Adds the engine's offline voice (espeak-ng) for languages the browser cannot speak. Called once
 * at start-up; until the engine answers, prompts are captioned only.
 */
export async function enableOfflineVoice(client: Pick<KioskClient, 'call'>): Promise<void> {
  const { languages } = await client.call('speech.voices', {});
  if (languages.length === 0) return;
  const offline = createOfflineVoiceBackend({ client, languages });
  speechController().setBackend(preferBrowserVoice(createWebSpeechBackend(), offline));
}

/** Says `text` (Vietnamese by default), interrupting whatever was being said. */
export function speak(text: string, options: SpeakOptions = {}): void {
  speechController().speak(text, { lang: 'vi-VN', ...options });
}
export const repeatSpeech = (): void => speechController().repeat();
export const cancelSpeech = (): void => speechController().cancel();
/** Call when a session ends: stops speech and forgets the last prompt. */
export const clearSpeech = (): void => speechController().clear();

/** Live speech state (caption, speaking, mode) for components. */
export function useSpeechState(): SpeechState {
  const c = speechController();
  return useSyncExternalStore(
    (cb) => c.subscribe(cb),
    () => snapshot(c),
  );
}

// useSyncExternalStore needs a stable snapshot between changes.
let lastSnap: { key: string; value: SpeechState } | null = null;
function snapshot(c: SpeechController): SpeechState {
  const s = c.getState();
  const key = JSON.stringify(s);
  if (lastSnap?.key !== key) lastSnap = { key, value: s };
  return lastSnap.value;
}
