// Runs in: renderer. "Nghe lại" (listen again) button and the caption bar that shows every prompt.
import { useI18n } from '../../i18n/I18nProvider';
import { repeatSpeech, speak, useSpeechState } from './speech';
import './speech.css';

export interface SpeakButtonProps {
  /** What to say; omitted = repeat the last prompt. */
  text?: string;
  label?: string;
  lang?: string;
}

export function SpeakButton({ text, label, lang }: SpeakButtonProps) {
  const { t, speechLang } = useI18n();
  return (
    <button type="button" className="speak-button" onClick={() => (text ? speak(text, { lang: lang ?? speechLang }) : repeatSpeech())}>
      <SpeakerIcon /> {label ?? t('common.listenAgain')}
    </button>
  );
}

/**
 * Shows what the kiosk says (or would say, when no Vietnamese voice is installed). `fixed` pins it
 * to the bottom of the screen above every overlay, including the idle warning.
 */
export function Captions({ fixed = false, withRepeat = false }: { fixed?: boolean; withRepeat?: boolean }) {
  const s = useSpeechState();
  if (!s.caption) return null;
  return (
    <div className={`captions ${fixed ? 'captions-fixed' : ''} ${s.speaking ? 'is-speaking' : ''}`} data-testid="captions" data-mode={s.mode}>
      {s.mode === 'voice' ? <SpeakerIcon /> : <BubbleIcon />}
      <span className="captions-text" role="status" aria-live="polite">{s.caption}</span>
      {/* One "listen again" in the same place on every screen; it repeats what the bar shows. */}
      {withRepeat && s.mode === 'voice' ? <SpeakButton /> : null}
    </div>
  );
}

// Inline SVG: kiosk images may lack an emoji font, and a missing glyph shows as an empty box.
function SpeakerIcon() {
  return (
    <svg className="speech-icon" viewBox="0 0 24 24" width="1.3em" height="1.3em" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M3 9v6h4l5 5V4L7 9H3z" />
      <path fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" d="M15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9 9 0 0 1 0 13" />
    </svg>
  );
}

function BubbleIcon() {
  return (
    <svg className="speech-icon" viewBox="0 0 24 24" width="1.3em" height="1.3em" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M4 4h16a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H10l-5 4v-4H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1z" />
    </svg>
  );
}
