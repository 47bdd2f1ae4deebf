// Runs in: renderer. The documents step (thành phần hồ sơ): one card per paper the answers call
// for, a picture of where the sheet goes on the glass, one big "Quét" button, the page as it will
// be filed, and "Quét lại" / "Quét thêm trang" / "Bỏ". The pages stay in the engine; this screen
// holds only previews, and the continue button waits for the papers marked "bắt buộc".
import { useEffect, useState } from 'react';
import type { DocumentScanStage, DocumentState, DocumentsView } from '../../../shared/contract';
import { SpeakButton } from '../../components/speech/SpeakButton';
import { clearSpeech, speak } from '../../components/speech/speech';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey, Params } from '../../i18n/messages';
import { useKiosk } from '../../kiosk-context';
import { useScrollToTop } from './scroll';
import './procedures.css';
import './documents.css';

export interface DocumentsScreenProps {
  view: DocumentsView;
  /** Continue to the review, with the papers as they now stand. */
  onNext: (view: DocumentsView) => void;
  onBack: () => void;
}

const COPIES: Record<DocumentState['copies'], MessageKey | null> = {
  original: 'documents.copyOriginal',
  'certified-copy': 'documents.copyCertified',
  'copy-with-original': 'documents.copyWithOriginal',
  any: null,
};

interface Running {
  documentId: string;
  stage: DocumentScanStage;
  page: number;
  percent?: number;
}

function progressText(r: Running, t: (key: MessageKey, params?: Params) => string): string {
  if (r.stage === 'starting') return t('documents.starting');
  if (r.stage === 'scanning') return r.page > 1 ? t('documents.scanningPage', { page: r.page }) : t('documents.scanning');
  return t('documents.processing');
}

function progressPercent(r: Running): number {
  if (r.stage === 'starting') return 5;
  if (r.stage === 'scanning') return 10 + Math.round((r.percent ?? 0) * 0.75);
  return 92;
}

/** Where the sheet goes: the glass seen from above, lid open, the sheet face down in the corner. */
function PlacementPicture({ feeder }: { feeder: boolean }) {
  const { t } = useI18n();
  if (feeder) {
    return (
      <svg className="doc-picture" viewBox="0 0 320 200" role="img" aria-label={t('documents.feederPicture')}>
        <rect x="40" y="90" width="240" height="90" rx="14" fill="#e5e7eb" stroke="#111827" strokeWidth="4" />
        <rect x="80" y="70" width="160" height="26" rx="6" fill="#9ca3af" stroke="#111827" strokeWidth="4" />
        <rect x="100" y="14" width="120" height="70" fill="#fff" stroke="#1d4ed8" strokeWidth="4" />
        <text x="160" y="44" textAnchor="middle" fontSize="15" fontWeight="700" fill="#111827">
          {t('documents.faceDown1')}
        </text>
        <text x="160" y="64" textAnchor="middle" fontSize="15" fontWeight="700" fill="#111827">
          {t('documents.faceDown2')}
        </text>
        <path d="M60 20 v50" stroke="#b91c1c" strokeWidth="8" markerEnd="url(#doc-arrow-f)" />
        <defs>
          <marker id="doc-arrow-f" markerWidth="4" markerHeight="4" refX="2" refY="2" orient="auto">
            <path d="M0 0 L4 2 L0 4 z" fill="#b91c1c" />
          </marker>
        </defs>
      </svg>
    );
  }
  return (
    <svg className="doc-picture" viewBox="0 0 320 220" role="img" aria-label={t('documents.glassPicture')}>
      <defs>
        <marker id="doc-arrow" markerWidth="4" markerHeight="4" refX="2" refY="2" orient="auto">
          <path d="M0 0 L4 2 L0 4 z" fill="#b91c1c" />
        </marker>
      </defs>
      {/* the open lid, behind */}
      <path d="M30 70 L60 8 L290 8 L290 70 Z" fill="#d1d5db" stroke="#111827" strokeWidth="4" />
      {/* the body and its glass */}
      <rect x="20" y="70" width="280" height="140" rx="14" fill="#e5e7eb" stroke="#111827" strokeWidth="4" />
      <rect x="40" y="88" width="240" height="104" fill="#bfdbfe" stroke="#1e3a8a" strokeWidth="3" />
      {/* the sheet, face down, pushed into the corner with the arrow */}
      <rect x="40" y="88" width="92" height="104" fill="#fff" stroke="#111827" strokeWidth="3" />
      <text x="86" y="136" textAnchor="middle" fontSize="15" fontWeight="700" fill="#111827">
        {t('documents.faceDown1')}
      </text>
      <text x="86" y="156" textAnchor="middle" fontSize="15" fontWeight="700" fill="#111827">
        {t('documents.faceDown2')}
      </text>
      <path d="M118 48 L52 98" stroke="#b91c1c" strokeWidth="8" markerEnd="url(#doc-arrow)" />
    </svg>
  );
}

export function DocumentsScreen({ view: initial, onNext, onBack }: DocumentsScreenProps) {
  useScrollToTop();
  const { client } = useKiosk();
  const { t, errorText, pick, speechLang } = useI18n();
  const [view, setView] = useState(initial);
  const [running, setRunning] = useState<Running | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  /** "Continue" was tapped with papers missing: say why (worded at render, so a language switch follows). */
  const [toldMissing, setToldMissing] = useState(false);
  const feeder = view.source === 'adf';
  const instruction = feeder ? t('documents.feederInstruction') : t('documents.instruction');
  const canScan = view.scanner === 'ready' || view.scanner === 'busy';
  const allScanned = running === null && view.documents.every((d) => d.state === 'scanned');

  useEffect(() => {
    if (canScan) speak(t('documents.spokenIntro', { instruction }), { lang: speechLang });
    return () => clearSpeech();
    // Spoken once on arrival (empty deps on purpose): a rescan does not repeat the whole instruction.
  }, []);

  useEffect(
    () =>
      client.on('documents.progress', (p) => {
        setRunning((r) => (r && r.documentId === p.documentId && p.stage !== 'done' ? { documentId: p.documentId, stage: p.stage, page: p.page, ...(p.percent === undefined ? {} : { percent: p.percent }) } : r));
      }),
    [client],
  );

  const fail = (documentId: string, error: unknown) => {
    const message = errorText(error, 'documents.scanFailed');
    setErrors((e) => ({ ...e, [documentId]: message }));
    // Said aloud too: the citizen may be looking at the scanner, not the screen.
    speak(message, { lang: speechLang });
  };

  const scan = (documentId: string, append = false) => {
    setErrors((e) => ({ ...e, [documentId]: '' }));
    setToldMissing(false);
    setRunning({ documentId, stage: 'starting', page: 0 });
    client.call('documents.scan', { documentId, append }).then(
      (next) => {
        setRunning(null);
        setView(next);
        // The new page, and the buttons to redo it, where the citizen is looking.
        requestAnimationFrame(() => document.querySelector(`[data-document="${documentId}"]`)?.scrollIntoView({ block: 'nearest' }));
        speak(t('documents.scanned'), { lang: speechLang });
      },
      (error: unknown) => {
        setRunning(null);
        fail(documentId, error);
        // Pages that came through before a jam or unplug are kept by the engine: show them.
        client.call('documents.list', {}).then(setView, () => undefined);
      },
    );
  };

  const remove = (documentId: string, page?: number) => {
    setErrors((e) => ({ ...e, [documentId]: '' }));
    client.call('documents.remove', { documentId, ...(page === undefined ? {} : { page }) }).then(setView, (error: unknown) => fail(documentId, error));
  };

  // What is still needed, as the engine says it, in the visit's language.
  const viewMessage = (): string | undefined => (view.message ? pick(view.message) : undefined);

  const next = () => {
    if (view.complete) onNext(view);
    else {
      setToldMissing(true);
      requestAnimationFrame(() => document.querySelector('.doc-card.is-blocking')?.scrollIntoView({ block: 'center' }));
    }
  };

  return (
    <section className="proc-screen" aria-labelledby="documents-title">
      <h1 id="documents-title" className="screen-title">{t('documents.title')}</h1>
      {canScan && !allScanned ? (
        <div className="doc-howto">
          <PlacementPicture feeder={feeder} />
          <div className="doc-howto-text">
            <p className="doc-instruction" data-testid="documents-instruction">{instruction}</p>
            <SpeakButton text={instruction} />
          </div>
        </div>
      ) : canScan ? (
        <p className="screen-hint strong doc-check">{t('documents.check')}</p>
      ) : (
        <p className="doc-notice" role="status" data-testid="documents-notice">
          {viewMessage() ?? t('documents.scannerDown')}
        </p>
      )}
      {view.documents.map((d) => {
        const isRunning = running?.documentId === d.id;
        const error = errors[d.id];
        const copyKey = COPIES[d.copies];
        const copies = copyKey ? t(copyKey) : null;
        const full = d.pages.length >= view.maxPages;
        return (
          <article key={d.id} className={`doc-card ${d.state === 'scanned' ? 'is-scanned' : ''} ${d.blocking ? 'is-blocking' : ''}`} data-document={d.id} aria-labelledby={`doc-${d.id}`}>
            <div className="doc-head">
              <h2 id={`doc-${d.id}`} className="doc-name">
                {pick(d.name)}
              </h2>
              {d.state === 'scanned' ? (
                <span className="doc-badge doc-badge-done">{t('documents.badgeScanned', { count: d.pages.length })}</span>
              ) : d.required && !canScan ? (
                <span className="doc-badge">{t('documents.badgeAtCounter')}</span>
              ) : d.required ? (
                <span className="doc-badge doc-badge-required">{t('documents.badgeRequired')}</span>
              ) : (
                <span className="doc-badge">{t('documents.badgeOptional')}</span>
              )}
            </div>
            {copies || d.note ? (
              <p className="doc-detail">
                {copies}
                {copies && d.note ? '. ' : ''}
                {d.note ? pick(d.note) : null}
              </p>
            ) : null}
            {isRunning && running ? (
              <div className="doc-progress" role="status" aria-live="polite">
                <p className="doc-progress-text">{progressText(running, t)}</p>
                <div className="progress" aria-hidden="true">
                  <div className="progress-bar" style={{ width: `${progressPercent(running)}%` }} />
                </div>
                <p className="screen-hint strong">{t('documents.keepLidClosed')}</p>
              </div>
            ) : null}
            {error ? (
              <p className="field-error doc-error" role="alert" data-testid="document-error">
                ⚠ {error}
              </p>
            ) : null}
            <div className="doc-body">
              {d.pages.length > 0 ? (
                <ol className="doc-pages" aria-label={t('documents.pagesOf', { name: pick(d.name) })}>
                  {d.pages.map((p) => (
                    <li key={p.number} className="doc-page">
                      <img src={p.thumbnail} alt={t('documents.pageAlt', { page: p.number })} width={p.width} height={p.height} />
                      <span className="doc-page-label">{t('documents.page', { page: p.number })}</span>
                      {d.pages.length > 1 ? (
                        <button type="button" className="button-secondary doc-small" disabled={running !== null} onClick={() => remove(d.id, p.number)}>
                          {t('documents.removePage', { page: p.number })}
                        </button>
                      ) : null}
                    </li>
                  ))}
                </ol>
              ) : null}
              {canScan ? (
                <div className="doc-actions">
                  {isRunning ? (
                    <button type="button" className="button-secondary" onClick={() => client.call('documents.cancel', {}).catch(() => undefined)}>
                      {t('documents.stop')}
                    </button>
                  ) : d.state === 'missing' ? (
                    <button type="button" className="button-primary doc-scan" disabled={running !== null} onClick={() => scan(d.id)}>
                      {t('documents.scan')}
                    </button>
                  ) : (
                    <>
                      <button type="button" className="button-secondary" disabled={running !== null} onClick={() => scan(d.id)}>
                        {d.pages.length > 1 ? t('documents.rescanAll') : t('documents.rescan')}
                      </button>
                      <button type="button" className="button-secondary" disabled={running !== null || full} onClick={() => scan(d.id, true)}>
                        {t('documents.addPage')}
                      </button>
                      <button type="button" className="button-secondary doc-remove" disabled={running !== null} onClick={() => remove(d.id)}>
                        {t('documents.removeDocument')}
                      </button>
                    </>
                  )}
                </div>
              ) : null}
            </div>
          </article>
        );
      })}
      {toldMissing ? (
        <p className="field-error" role="alert" data-testid="documents-message">
          {viewMessage() ?? t('documents.stillMissing')}
        </p>
      ) : null}
      <div className="actions proc-bottom">
        <button type="button" className="button-secondary" disabled={running !== null} onClick={onBack}>
          {t('documents.editForm')}
        </button>
        {/* Not disabled while papers are missing: a tap that does nothing confuses; this one says why. */}
        <button type="button" className={`button-primary ${view.complete ? '' : 'is-pending'}`} disabled={running !== null} onClick={next}>
          {t('form.continue')}
        </button>
      </div>
    </section>
  );
}
