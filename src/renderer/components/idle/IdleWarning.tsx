// Runs in: renderer. "Do you need more time?" dialog of the idle timer: large, spoken once, one
// big button to extend (WCAG 2.2.1).
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { speak } from '../speech/speech';
import './idle.css';

export interface IdleWarningProps {
  secondsLeft: number;
  onExtend: () => void;
  /** Optional "end now" for a citizen who is done. */
  onFinish?: () => void;
}

export function IdleWarning({ secondsLeft, onExtend, onFinish }: IdleWarningProps) {
  const { t, speechLang } = useI18n();
  const button = useRef<HTMLButtonElement>(null);
  const spoken = t('idle.spoken');
  useEffect(() => {
    // Spoken once per appearance, not every second: the countdown is shown, not read.
    speak(spoken, { lang: speechLang });
    button.current?.focus();
  }, [spoken, speechLang]);
  return (
    <div className="idle-overlay">
      <div className="idle-box" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-desc" data-testid="idle-warning">
        <h2 id="idle-title" className="idle-title">
          {t('idle.title')}
        </h2>
        <p id="idle-desc" className="idle-desc">
          {t('idle.endsIn')}
        </p>
        <p className="idle-count" aria-hidden="true">
          <span className="idle-seconds">{secondsLeft}</span> {t('idle.seconds')}
        </p>
        <p className="idle-note">{t('idle.note')}</p>
        <div className="idle-actions">
          <button ref={button} type="button" className="idle-extend" onClick={onExtend}>
            {t('idle.extend')}
          </button>
          {onFinish ? (
            <button type="button" className="idle-finish" onClick={onFinish}>
              {t('common.finish')}
            </button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
