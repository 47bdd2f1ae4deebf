// Runs in: every process. A text the engine sends for the citizen's screen, in both of the kiosk's
// languages: the citizen may switch language at any moment, and the screen must follow at once
// without asking the engine again. Printed matter and logs stay in Vietnamese.
import { z } from 'zod';

export const localizedTextSchema = z.object({ vi: z.string(), en: z.string() });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** The same words in both languages: names, codes and numbers that are not translated. */
export function sameText(value: string): LocalizedText {
  return { vi: value, en: value };
}
