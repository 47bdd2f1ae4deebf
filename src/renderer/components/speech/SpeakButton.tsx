// Runs in: renderer. "Nghe lại" (listen again) button and the caption bar that shows every prompt.
import { repeatSpeech, speak, useSpeechState } from './speech';
import './speech.css';

export interface SpeakButtonProps {
  /** What to say; omitted = repeat the last prompt. */
  text?: string;
  label?: string;
  lang?: string;
}

export function SpeakButton({ text, label = 'Nghe lại', lang = 'vi-VN' }: SpeakButtonProps) {
  return (
    <button type="button" className="speak-button" onClick={() => (text ? speak(text, { lang }) : repeatSpeech())}>
      <span aria-hidden="true">🔊</span> {label}
    </button>
  );
}

/** Shows what the kiosk says (or would say, when no Vietnamese voice is installed). */
export function Captions() {
  const s = useSpeechState();
  if (!s.caption) return null;
  return (
    <div className={`captions ${s.speaking ? 'is-speaking' : ''}`} role="status" aria-live="polite" data-testid="captions" data-mode={s.mode}>
      <span className="captions-icon" aria-hidden="true">
        {s.mode === 'voice' ? '🔊' : '💬'}
      </span>
      <span className="captions-text">{s.caption}</span>
    </div>
  );
}
