// Runs in: renderer. Bigger text for citizens who need it: one button cycles normal → large →
// largest. Every size in the stylesheet is in rem, so scaling the root font scales the whole
// screen (targets included); a screen too tall scrolls rather than clipping.
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';

/** The stylesheet's root size (styles.css :root). */
const BASE_PX = 24;
export const TEXT_SCALES = [1, 1.2, 1.4] as const;
const LABEL: MessageKey[] = ['app.textSizeNormal', 'app.textSizeLarge', 'app.textSizeLargest'];

/** Text scale for the current visit; `reset` goes back to normal (end of the visit). */
export function useTextSize() {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    document.documentElement.style.fontSize = `${BASE_PX * TEXT_SCALES[level]!}px`;
  }, [level]);
  const next = useCallback(() => setLevel((l) => (l + 1) % TEXT_SCALES.length), []);
  const reset = useCallback(() => setLevel(0), []);
  return { level, next, reset };
}

export function TextSizeButton({ level, onNext }: { level: number; onNext: () => void }) {
  const { t } = useI18n();
  return (
    <button type="button" className="kiosk-lang kiosk-text-size" onClick={onNext} data-level={level}>
      {/* Visible words are the whole name (WCAG 2.5.3): what the button is, and the size now. */}
      {t('app.textSize')}: {t(LABEL[level]!)}
    </button>
  );
}
