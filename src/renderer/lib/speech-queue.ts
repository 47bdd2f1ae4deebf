// Runs in: renderer (pure). Speech state for voice guidance: one utterance at a time, a new prompt
// interrupts the old one, "Nghe lại" repeats the last, and a caption always shows what is (or
// would be) said, so a kiosk without a Vietnamese voice still guides the citizen in writing.

/** What actually produces sound (Web Speech in the browser; any other engine can implement it). */
export interface SpeechBackend {
  /** True when a voice for `lang` exists that works without the network. */
  hasVoice(lang: string): boolean;
  /** Starts speaking; calls onDone once when finished, failed or cancelled. */
  speak(text: string, lang: string, onDone: () => void): void;
  cancel(): void;
}

export interface SpeakOptions {
  lang?: string;
  /** Wait for the current prompt instead of interrupting it (e.g. a receipt read in parts). */
  queue?: boolean;
}

export interface SpeechState {
  /** Text shown as the caption: the prompt being spoken, or the last prompt. */
  caption: string | null;
  speaking: boolean;
  /** 'voice' when a Vietnamese voice speaks; 'captions' when only the caption can be given. */
  mode: 'voice' | 'captions';
  /** Prompts waiting behind the current one. */
  pending: number;
}

interface Item {
  text: string;
  lang: string;
}

export class SpeechController {
  private current: { item: Item; id: number } | null = null;
  private queue: Item[] = [];
  private last: Item | null = null;
  private caption: string | null = null;
  private nextId = 1;
  private mode: SpeechState['mode'] = 'captions';
  private listeners = new Set<(s: SpeechState) => void>();

  constructor(private backend: SpeechBackend | null) {}

  /**
   * Swaps the voice (e.g. the engine's offline voice became available). The prompt on screen is
   * said again with the new voice: the first screen's prompt is usually captioned before the
   * engine has answered.
   */
  setBackend(backend: SpeechBackend | null): void {
    if (this.current) this.backend?.cancel();
    this.current = null;
    this.queue = [];
    this.backend = backend;
    if (this.caption !== null && this.last) this.start(this.last);
    else this.emit();
  }

  speak(text: string, options: SpeakOptions = {}): void {
    const item = { text: text.trim(), lang: options.lang ?? 'vi-VN' };
    if (item.text === '') return;
    if (options.queue && this.current) {
      this.queue.push(item);
      this.emit();
      return;
    }
    this.queue = [];
    this.start(item);
  }

  /** Says the last prompt again ("Nghe lại"). */
  repeat(): void {
    if (this.last) this.speak(this.last.text, { lang: this.last.lang });
  }

  /** Stops speaking and drops the queue; the caption is cleared too (e.g. the session ended). */
  cancel(): void {
    this.queue = [];
    const wasSpeaking = this.current !== null;
    this.current = null;
    this.caption = null;
    if (wasSpeaking) this.backend?.cancel();
    this.emit();
  }

  /** Forgets the last prompt as well, so "Nghe lại" cannot replay a previous citizen's data. */
  clear(): void {
    this.last = null;
    this.cancel();
  }

  getState(): SpeechState {
    return { caption: this.caption, speaking: this.current !== null, mode: this.mode, pending: this.queue.length };
  }

  subscribe(listener: (s: SpeechState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private start(item: Item): void {
    if (this.current) this.backend?.cancel();
    this.last = item;
    this.caption = item.text;
    const voice = this.backend !== null && this.backend.hasVoice(item.lang);
    this.mode = voice ? 'voice' : 'captions';
    if (!voice) {
      this.current = null;
      this.emit();
      const next = this.queue.shift();
      if (next) this.start(next);
      return;
    }
    const id = this.nextId++;
    this.current = { item, id };
    this.emit();
    // Browsers fire end/error for cancelled utterances too, often after the next one began: only
    // the callback of the utterance still current may advance the queue.
    this.backend!.speak(item.text, item.lang, () => this.done(id));
  }

  private done(id: number): void {
    if (this.current?.id !== id) return;
    this.current = null;
    const next = this.queue.shift();
    if (next) this.start(next);
    else this.emit();
  }

  private emit(): void {
    const s = this.getState();
    for (const l of this.listeners) l(s);
  }
}
