// Runs in: every process. Offline voice for prompts when the browser has no Vietnamese voice: the
// engine synthesises (espeak-ng), the renderer plays the audio.
import { z } from 'zod';
import { requestChannel } from './channel';

export const speechLangSchema = z.enum(['vi-VN', 'en-US']);
export type SpeechLang = z.infer<typeof speechLangSchema>;

export const speechVoicesSchema = z.object({
  /** The engine-side synthesiser, or null when none is installed or it is switched off in config. */
  engine: z.enum(['espeak-ng']).nullable(),
  languages: z.array(speechLangSchema),
});
export type SpeechVoices = z.infer<typeof speechVoicesSchema>;

export const speechRequests = {
  'speech.voices': requestChannel(z.object({}).strict(), speechVoicesSchema, 'Which languages the offline (engine-side) voice can speak'),
  'speech.synthesize': requestChannel(
    z.object({ text: z.string().min(1).max(1000), lang: speechLangSchema }).strict(),
    z.object({ mimeType: z.literal('audio/wav'), audioBase64: z.string(), durationMs: z.number().int().nonnegative() }),
    'A prompt spoken by the offline voice, as WAV audio for the renderer to play',
  ),
};
