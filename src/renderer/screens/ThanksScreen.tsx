// Runs in: renderer. The end of a visit: tell the citizen to take the card back, then clear.
import { useEffect } from 'react';
import { useI18n } from '../i18n/I18nProvider';

export function ThanksScreen({ onDone, afterMs = 15_000 }: { onDone: () => void; afterMs?: number }) {
  const { t } = useI18n();
  useEffect(() => {
    const timer = setTimeout(onDone, afterMs);
    return () => clearTimeout(timer);
  }, [onDone, afterMs]);
  return (
    <section className="thanks" role="status">
      <div className="big-icon" aria-hidden="true">✔</div>
      <h1 className="screen-title">{t('thanks.title')}</h1>
      <p className="screen-hint">{t('common.removeCard')}</p>
      <button type="button" className="button-primary" onClick={onDone}>
        {t('common.finish')}
      </button>
    </section>
  );
}
