// Runs in: Node (engine). The speech.* calls: the offline voice, when config enables it and
// espeak-ng is installed with the Vietnamese voice.
import type { SpeechLang, SpeechVoices } from '../../shared/contract/speech';
import { KioskError } from '../../shared/errors';
import { EspeakSynthesizer, type EspeakOptions } from './espeak';

export interface SpeechServiceOptions extends EspeakOptions {
  enabled: boolean;
}

export class SpeechService {
  private readonly espeak: EspeakSynthesizer | null;

  constructor(options: SpeechServiceOptions) {
    this.espeak = options.enabled ? new EspeakSynthesizer(options) : null;
  }

  async voices(): Promise<SpeechVoices> {
    if (!this.espeak || !(await this.espeak.available())) return { engine: null, languages: [] };
    return { engine: 'espeak-ng', languages: ['vi-VN', 'en-US'] };
  }

  async synthesize(text: string, lang: SpeechLang): Promise<{ mimeType: 'audio/wav'; audioBase64: string; durationMs: number }> {
    if (!this.espeak) {
      throw new KioskError({ code: 'speech.disabled', technicianMessage: 'the offline voice is switched off (speech.offlineVoice: false)' });
    }
    const { wav, durationMs } = await this.espeak.synthesize(text, lang);
    return { mimeType: 'audio/wav', audioBase64: wav.toString('base64'), durationMs };
  }
}
