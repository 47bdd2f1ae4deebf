// Runs in: renderer. The dossier is received: its code and the return date, big; the receipt
// comes out of the printer (or the citizen is told why not). Then the session ends.
import { useEffect } from 'react';
import type { DossierSubmitted } from '../../../shared/contract';
import { clearSpeech, speak } from '../../components/speech/speech';
import { useI18n } from '../../i18n/I18nProvider';
import { translate, type Lang } from '../../i18n/messages';
import { useScrollToTop } from './scroll';
import './procedures.css';

export function SubmittedScreen({ result, onDone }: { result: DossierSubmitted; onDone: () => void }) {
  useScrollToTop();
  const { t, pick, lang, speechLang } = useI18n();
  const announcement = spokenAnnouncement(result, lang);
  useEffect(() => {
    speak(announcement, { lang: speechLang });
    // The code and date are the citizen's: once they leave, nothing of it stays in the caption bar.
    return () => clearSpeech();
  }, [announcement, speechLang]);
  return (
    <section className="proc-screen proc-done" role="status" aria-labelledby="done-title" data-speaks-itself="">
      <div className="big-icon" aria-hidden="true">✔</div>
      <h1 id="done-title" className="screen-title">{t('submitted.title')}</h1>
      <p className="screen-hint strong" data-testid="submitted-procedure">{pick(result.procedureName)}</p>
      <p className="proc-done-label">{t('submitted.code')}</p>
      <p className="proc-done-code" data-testid="dossier-code">{result.dossierCode}</p>
      <p className="proc-done-label">{t('submitted.appointment')}</p>
      <p className="proc-done-date" data-testid="appointment-date">{result.appointmentDate}</p>
      {result.receipt === 'printed' ? (
        <p className="screen-hint strong">{t('submitted.takeReceipt')}</p>
      ) : (
        <p className="field-error" role="alert">{result.receiptMessage ? pick(result.receiptMessage) : null}</p>
      )}
      <p className="screen-hint">{t('common.removeCard')}</p>
      <div className="actions">
        <button type="button" className="button-primary" onClick={onDone}>
          {t('common.done')}
        </button>
      </div>
    </section>
  );
}

/** What is read aloud: the code character by character (a voice reads "0001" as a number otherwise), the date in words. */
export function spokenAnnouncement(r: DossierSubmitted, lang: Lang = 'vi'): string {
  const spoken: Record<string, string> = { '.': translate(lang, 'submitted.spokenDot'), '-': translate(lang, 'submitted.spokenDash') };
  const code = [...r.dossierCode].map((c) => spoken[c] ?? c).join(' ');
  const [d, m, y] = r.appointmentDate.split('/');
  const monthName = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, Number(m) - 1, 1)));
  const date = translate(lang, 'submitted.spokenDate', { day: Number(d), month: Number(m), monthName, year: y ?? '' });
  const printed = r.receipt === 'printed' ? ` ${translate(lang, 'submitted.spokenReceipt')}` : '';
  return `${translate(lang, 'submitted.spoken', { code, date })}${printed}`;
}
