// Runs in: renderer. The declaration: what the ID card already said is filled in and marked
// "Từ thẻ Căn cước"; the citizen taps the rest to fill them, and each problem is written in plain
// Vietnamese right under its field.
import { useState } from 'react';
import type { DraftFieldView, DraftView, ProcedureFieldValue, ProcedureReview } from '../../../shared/contract';
import { isKioskError } from '../../../shared/errors';
import { useI18n } from '../../i18n/I18nProvider';
import { useKiosk } from '../../kiosk-context';
import { FieldEditor } from './FieldEditor';
import { useScrollToTop } from './scroll';
import './procedures.css';

export interface FormScreenProps {
  draft: DraftView;
  /** The review, and the draft as last shown (the form reopens on it after "Sửa lại"). */
  onReady: (review: Extract<ProcedureReview, { ready: true }>, draft: DraftView) => void;
  onBack: () => void;
}

const FROM_CARD = new Set<DraftFieldView['source']>(['chip', 'card']);

export function FormScreen({ draft: initial, onReady, onBack }: FormScreenProps) {
  useScrollToTop();
  const { client } = useKiosk();
  const { t } = useI18n();
  const [draft, setDraft] = useState(initial);
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fields = draft.sections.flatMap((s) => s.fields);
  const editingField = editing ? fields.find((f) => f.path === editing) : undefined;
  const failure = (error: unknown) => setMessage(isKioskError(error) ? error.citizenMessage : t('common.tryAgain'));

  const save = (path: string, value: ProcedureFieldValue) => {
    client.call('procedures.edit', { path, value }).then((next) => {
      setDraft(next);
      // Close when the answer is fine; keep the editor open to fix a problem.
      if (!next.sections.flatMap((s) => s.fields).find((f) => f.path === path)?.error) setEditing(null);
    }, failure);
  };

  const next = () => {
    setBusy(true);
    client.call('procedures.review', {}).then(
      (review) => {
        setBusy(false);
        if (review.ready) onReady(review, draft);
        else {
          setDraft(review.draft);
          setMessage(review.message);
          requestAnimationFrame(() => document.querySelector('.proc-field.has-error')?.scrollIntoView({ block: 'center' }));
        }
      },
      (error: unknown) => {
        setBusy(false);
        failure(error);
      },
    );
  };

  return (
    <section className="proc-screen" aria-labelledby="form-title">
      <h1 id="form-title" className="screen-title">{draft.name}</h1>
      <p className="screen-hint">
        {t('form.hintBefore')} <span className="proc-chip-tag">{t('common.fromCard')}</span> {t('form.hintAfter')}
      </p>
      {message ? (
        <p className="field-error" role="alert" data-testid="form-message">
          {message}
        </p>
      ) : null}
      {draft.sections.map((section) => (
        <fieldset key={section.id} className="proc-section">
          <legend className="proc-section-title">{section.title}</legend>
          {section.fields.map((f) => (
            <button
              key={f.path}
              type="button"
              className={`proc-field ${f.error ? 'has-error' : ''} ${f.display ? '' : 'is-empty'}`}
              data-path={f.path}
              aria-describedby={f.error ? `err-${f.path}` : undefined}
              onClick={() => setEditing(f.path)}
            >
              <span className="proc-field-label">
                {f.label}
                {f.required ? <span className="proc-required"> {t('form.required')}</span> : null}
              </span>
              <span className="proc-field-value">{f.display || t('form.tapToFill')}</span>
              {FROM_CARD.has(f.source) ? <span className="proc-chip-tag">✔ {t('common.fromCard')}</span> : null}
              {f.error ? (
                <span id={`err-${f.path}`} className="proc-field-error" role="alert">
                  ⚠ {f.error}
                </span>
              ) : null}
            </button>
          ))}
        </fieldset>
      ))}
      <div className="actions proc-bottom">
        <button type="button" className="button-secondary" onClick={onBack}>
          {t('form.otherProcedure')}
        </button>
        <button type="button" className="button-primary" onClick={next} disabled={busy}>
          {t('form.continue')}
        </button>
      </div>
      {editingField ? <FieldEditor field={editingField} onSave={(v) => save(editingField.path, v)} onClose={() => setEditing(null)} /> : null}
    </section>
  );
}
