// Runs in: renderer. Before submitting: everything declared, the papers to bring, fee and return
// date, and the Decree 13/2023/NĐ-CP consent the citizen must give by a deliberate tap.
import { useState } from 'react';
import type { ProcedureReview } from '../../../shared/contract';
import { useI18n } from '../../i18n/I18nProvider';
import { useScrollToTop } from './scroll';
import './procedures.css';

export interface ReviewScreenProps {
  review: Extract<ProcedureReview, { ready: true }>;
  onSubmit: () => void;
  onEdit: () => void;
  error?: string;
  /** Ids of the papers scanned at the kiosk (the documents step): marked as already handed in. */
  scanned?: readonly string[];
}

export function ReviewScreen({ review, onSubmit, onEdit, error, scanned = [] }: ReviewScreenProps) {
  useScrollToTop();
  const { t, pick, lang } = useI18n();
  const [consent, setConsent] = useState(false);
  return (
    <section className="proc-screen" aria-labelledby="review-title">
      <h1 id="review-title" className="screen-title">{t('review.title')}</h1>
      <p className="proc-review-name">{pick(review.name)}</p>
      {review.procedures.length > 1 ? (
        <ul className="proc-members">
          {review.procedures.map((p) => (
            <li key={p.vi}>{pick(p)}</li>
          ))}
        </ul>
      ) : null}
      {review.summary.map((s) => (
        <div key={s.section.vi} className="proc-section">
          <h2 className="proc-section-title">{pick(s.section)}</h2>
          <dl className="proc-summary">
            {s.rows.map((r) => (
              <div key={r.label.vi} className="proc-summary-row">
                <dt>{pick(r.label)}</dt>
                <dd>
                  {pick(r.value)}
                  {r.fromCard ? <span className="proc-chip-tag">✔ {t('common.fromCard')}</span> : null}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
      <div className="proc-facts">
        <p>
          <b>{t('review.fee')}</b> {pick(review.feeText)}
        </p>
        <p>
          <b>{t('review.appointment')}</b> <span data-testid="review-appointment">{review.appointmentDate}</span>
        </p>
      </div>
      {review.documents.length > 0 ? (
        <div className="proc-section">
          <h2 className="proc-section-title">{scanned.length > 0 ? t('review.attachedDocuments') : t('review.documents')}</h2>
          <ul className="proc-documents">
            {review.documents.map((d) => (
              <li key={d.id}>
                {pick(d.name)}
                {d.required ? '' : t('review.ifAny')}
                {scanned.includes(d.id) ? <span className="proc-chip-tag">✔ {t('review.scannedHere')}</span> : scanned.length > 0 && d.required ? t('review.bringToCounter') : null}
                {d.note ? <span className="screen-hint"> — {pick(d.note)}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="proc-consent">
        <h2 className="proc-section-title">{t('review.consentTitle')}</h2>
        <p data-testid="consent-text">{pick(review.consentText)}</p>
        {/* In English the translation is for reading; what the citizen agrees to is the Vietnamese, shown with it. */}
        {lang === 'vi' ? null : (
          <p className="proc-consent-binding" lang="vi" data-testid="consent-text-binding">
            <b>{t('review.consentBinding')}</b> {review.consentText.vi}
          </p>
        )}
        <button type="button" className={`proc-consent-toggle ${consent ? 'is-on' : ''}`} role="checkbox" aria-checked={consent} onClick={() => setConsent(!consent)}>
          <span className="proc-box" aria-hidden="true">{consent ? '✔' : ''}</span> {t('review.consentAgree')}
        </button>
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="actions proc-bottom">
        {consent ? null : <p className="proc-bottom-hint">{t('review.consentHint')}</p>}
        <button type="button" className="button-secondary" onClick={onEdit}>
          {t('review.edit')}
        </button>
        <button type="button" className="button-primary" disabled={!consent} onClick={onSubmit}>
          {t('review.submit')}
        </button>
      </div>
    </section>
  );
}
