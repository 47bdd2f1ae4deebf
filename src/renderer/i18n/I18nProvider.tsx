// Runs in: renderer. The language of the current visit. Starts at the kiosk's configured language,
// a citizen can switch at any time, and it goes back to the default when the visit ends — the next
// citizen should not find the screen in a language they did not choose.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { LocalizedText } from '../../shared/contract/text';
import { GENERIC_CITIZEN_MESSAGE, isKioskError } from '../../shared/errors';
import { alarmText, errorText, SPEECH_LANG, translate, type Lang, type MessageKey, type Params } from './messages';

interface I18n {
  lang: Lang;
  /** BCP 47 tag of `lang`, for speech. */
  speechLang: 'vi-VN' | 'en-US';
  t: (key: MessageKey, params?: Params) => string;
  /** What to tell the citizen about a failure: the engine error's text in this language, else `fallback`. */
  errorText: (error: unknown, fallback: MessageKey) => string;
  /** A device alarm's message in this language (the driver's Vietnamese when it has no entry). */
  alarmText: (alarm: { code: string; message: string }) => string;
  /** An engine text (procedure names, form labels, statuses) in this language. */
  pick: (text: LocalizedText) => string;
  setLang: (lang: Lang) => void;
  /** Back to the kiosk's default language (end of a visit). */
  resetLang: () => void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ defaultLang = 'vi', children }: { defaultLang?: Lang; children: ReactNode }) {
  const [lang, setLang] = useState<Lang>(defaultLang);
  // The configured default arrives with kiosk.info, after the first paint.
  useEffect(() => setLang(defaultLang), [defaultLang]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const resetLang = useCallback(() => setLang(defaultLang), [defaultLang]);
  const value = useMemo<I18n>(
    () => ({ lang, speechLang: SPEECH_LANG[lang], t: (key, params) => translate(lang, key, params), errorText: (error, fallback) => describeError(lang, error, fallback), alarmText: (alarm) => alarmText(lang, alarm), pick: (text) => pickText(lang, text), setLang, resetLang }),
    [lang, resetLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** Outside a provider (component gallery, unit renders) the strings are Vietnamese. */
const FALLBACK: I18n = {
  lang: 'vi',
  speechLang: 'vi-VN',
  t: (key, params) => translate('vi', key, params),
  errorText: (error, fallback) => describeError('vi', error, fallback),
  alarmText: (alarm) => alarm.message,
  pick: (text) => text.vi,
  setLang: () => undefined,
  resetLang: () => undefined,
};

/** An empty English (not yet translated) falls back to the Vietnamese rather than a blank. */
function pickText(lang: Lang, text: LocalizedText): string {
  return (lang === 'en' ? text.en : '') || text.vi;
}

function describeError(lang: Lang, error: unknown, fallback: MessageKey): string {
  return isKioskError(error) ? errorText(lang, error, GENERIC_CITIZEN_MESSAGE) : translate(lang, fallback);
}

export function useI18n(): I18n {
  return useContext(I18nContext) ?? FALLBACK;
}
