// Runs in: renderer. The declaration: what the ID card already said is filled in and marked
// "Từ thẻ Căn cước"; the citizen taps the rest to fill them, and each problem is written in plain
// words right under its field. Labels and problems come in both languages, so a language switch
// mid-form shows at once. A repeating part of the form (household members changing
// together) lists one numbered block per person, with big add and remove buttons.
import { useState } from 'react';
import { allDraftFields, type DraftFieldView, type DraftSectionView, type DraftView, type ProcedureEdit, type ProcedureFieldValue, type ProcedureReview } from '../../../shared/contract';
import type { LocalizedText } from '../../../shared/contract/text';
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
  const { t, errorText, pick, lang } = useI18n();
  const [draft, setDraft] = useState(initial);
  const [editing, setEditing] = useState<string | null>(null);
  /** The engine's words (both languages), or a failure already put in the visit's language. */
  const [message, setMessage] = useState<LocalizedText | string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Row index awaiting "yes, remove" (section id and row), so one stray tap never deletes a person. */
  const [confirmRemove, setConfirmRemove] = useState<{ section: string; index: number } | null>(null);
  const fields = allDraftFields(draft);
  const editingField = editing ? withRowTitle(draft, fields.find((f) => f.path === editing)) : undefined;
  const failure = (error: unknown) => setMessage(errorText(error, 'common.tryAgain'));

  const save = (path: string, value: ProcedureFieldValue) => {
    client.call('procedures.edit', { path, value }).then((next) => {
      setDraft(next);
      // Close when the answer is fine; keep the editor open to fix a problem.
      if (!allDraftFields(next).find((f) => f.path === path)?.error) setEditing(null);
    }, failure);
  };

  const changeRows = (request: Exclude<ProcedureEdit, { path: string }>) => {
    setConfirmRemove(null);
    client.call('procedures.edit', request).then((next) => {
      setDraft(next);
      setMessage(null);
      if ('addRow' in request) {
        // Straight to the new person's first item: the citizen added the row to fill it.
        const rows = next.sections.find((s) => s.id === request.addRow)?.repeat?.rows;
        const first = rows?.at(-1)?.fields[0];
        if (first) setEditing(first.path);
      }
    }, failure);
  };

  const fieldButton = (f: DraftFieldView) => (
    <button
      key={f.path}
      type="button"
      className={`proc-field ${f.error ? 'has-error' : ''} ${f.display.vi ? '' : 'is-empty'}`}
      data-path={f.path}
      aria-describedby={f.error ? `err-${f.path}` : undefined}
      onClick={() => setEditing(f.path)}
    >
      <span className="proc-field-label">
        {pick(f.label)}
        {f.required ? <span className="proc-required"> {t('form.required')}</span> : null}
      </span>
      <span className="proc-field-value">{pick(f.display) || t('form.tapToFill')}</span>
      {FROM_CARD.has(f.source) ? <span className="proc-chip-tag">✔ {t('common.fromCard')}</span> : null}
      {f.error ? (
        <span id={`err-${f.path}`} className="proc-field-error" role="alert">
          ⚠ {pick(f.error)}
        </span>
      ) : null}
    </button>
  );

  const rowsOf = (section: DraftSectionView, repeat: NonNullable<DraftSectionView['repeat']>) => (
    <>
      {repeat.rows.length === 0 ? <p className="proc-rows-empty">{t('form.rowsEmpty')}</p> : null}
      {repeat.rows.map((row) => {
        const asking = confirmRemove?.section === section.id && confirmRemove.index === row.index;
        return (
          <div key={row.index} className="proc-row" data-row={row.index} role="group" aria-labelledby={`row-${section.id}-${row.index}`}>
            <h3 id={`row-${section.id}-${row.index}`} className="proc-row-title">
              {pick(row.title)}
            </h3>
            {row.fields.map(fieldButton)}
            {asking ? (
              <div
                className="proc-row-confirm"
                role="alertdialog"
                aria-labelledby={`confirm-${section.id}-${row.index}`}
                // The question must be seen where it is asked, not hidden under the bottom bar.
                ref={(el) => el?.scrollIntoView({ block: 'center' })}
              >
                <p id={`confirm-${section.id}-${row.index}`}>{t('form.removeRowQuestion', { row: pick(row.title).toLocaleLowerCase(lang) })}</p>
                <div className="actions">
                  <button type="button" className="button-secondary" onClick={() => setConfirmRemove(null)}>
                    {t('form.keepRow')}
                  </button>
                  <button type="button" className="proc-remove-yes" onClick={() => changeRows({ removeRow: section.id, index: row.index })}>
                    {t('form.removeRowYes')}
                  </button>
                </div>
              </div>
            ) : repeat.canRemove ? (
              <button type="button" className="proc-remove-row" onClick={() => setConfirmRemove({ section: section.id, index: row.index })}>
                {t('form.removeRow', { row: pick(row.title).toLocaleLowerCase(lang) })}
              </button>
            ) : null}
          </div>
        );
      })}
      {repeat.error ? (
        <p className="proc-field-error" role="alert">
          ⚠ {pick(repeat.error)}
        </p>
      ) : null}
      {repeat.canAdd ? (
        <button type="button" className="proc-add-row" onClick={() => changeRows({ addRow: section.id })}>
          <span aria-hidden="true">+</span> {pick(repeat.addLabel)}
        </button>
      ) : (
        <p className="proc-rows-full">{t('form.rowsFull', { max: repeat.max })}</p>
      )}
    </>
  );

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
      <h1 id="form-title" className="screen-title">{pick(draft.name)}</h1>
      <p className="screen-hint">
        {t('form.hintBefore')} <span className="proc-chip-tag">{t('common.fromCard')}</span> {t('form.hintAfter')}
      </p>
      {message ? (
        <p className="field-error" role="alert" data-testid="form-message">
          {typeof message === 'string' ? message : pick(message)}
        </p>
      ) : null}
      {draft.sections.map((section) => (
        <fieldset key={section.id} className="proc-section">
          <legend className="proc-section-title">{pick(section.title)}</legend>
          {section.repeat ? rowsOf(section, section.repeat) : section.fields.map(fieldButton)}
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

/** In the editor a row's field says whose it is: "Họ, chữ đệm và tên — Người cùng thay đổi 2". */
function withRowTitle(draft: DraftView, field: DraftFieldView | undefined): DraftFieldView | undefined {
  if (!field) return undefined;
  for (const s of draft.sections) {
    const row = s.repeat?.rows.find((r) => r.fields.some((f) => f.path === field.path));
    if (row) return { ...field, label: { vi: `${field.label.vi} — ${row.title.vi}`, en: `${field.label.en} — ${row.title.en}` } };
  }
  return field;
}
