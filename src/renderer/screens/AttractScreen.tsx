// Runs in: renderer. The first thing a citizen sees: one clear instruction, a gentle animation
// that can be paused (WCAG 2.2.2), and large text readable from a step away.
import { useState } from 'react';
import { CardAnimation } from '../components/CardAnimation';
import { useI18n } from '../i18n/I18nProvider';

/**
 * `notice`: why the previous citizen's screen just closed ("the card was taken out…"), in plain
 * words, so whoever is standing there knows nothing was lost by mistake and their data is gone.
 */
export function AttractScreen({ onQueue, onTrack, notice }: { onQueue: () => void; onTrack: () => void; notice?: string }) {
  const { t } = useI18n();
  const [paused, setPaused] = useState(false);
  return (
    <section className="attract" aria-labelledby="attract-title">
      {notice ? (
        <p className="attract-notice" role="status" data-testid="attract-notice">
          {notice}
        </p>
      ) : null}
      <h1 id="attract-title" className="attract-title">
        {t('attract.title')}
      </h1>
      {/* The notice takes the subtitle's place for its 20 s, so the buttons stay in view. */}
      {notice ? null : <p className="attract-subtitle">{t('attract.subtitle')}</p>}
      <CardAnimation paused={paused} />
      <p className="screen-hint">{t('attract.receiptHint')}</p>
      <div className="attract-actions">
        <button type="button" className="button-primary" onClick={onQueue}>
          <TicketIcon /> {t('attract.queue')}
        </button>
        <button type="button" className="button-primary" onClick={onTrack}>
          <SearchIcon /> {t('attract.track')}
        </button>
        <button type="button" className="button-secondary" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>
          {paused ? t('attract.resume') : t('attract.pause')}
        </button>
      </div>
    </section>
  );
}

// Inline SVG, not emoji: kiosk images may lack an emoji font, and a missing glyph shows as an
// empty box next to the most important buttons of the kiosk.
function TicketIcon() {
  return (
    <svg className="button-icon" viewBox="0 0 24 24" width="1.2em" height="1.2em" aria-hidden="true" focusable="false">
      <path fill="currentColor" d="M3 6a1 1 0 0 1 1-1h16a1 1 0 0 1 1 1v3a3 3 0 0 0 0 6v3a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1v-3a3 3 0 0 0 0-6V6zm11 1v2h2V7h-2zm0 4v2h2v-2h-2zm0 4v2h2v-2h-2z" />
    </svg>
  );
}

function SearchIcon() {
  return (
    <svg className="button-icon" viewBox="0 0 24 24" width="1.2em" height="1.2em" aria-hidden="true" focusable="false">
      <circle cx="10" cy="10" r="6" fill="none" stroke="currentColor" strokeWidth="2.6" />
      <path stroke="currentColor" strokeWidth="3" strokeLinecap="round" d="M14.5 14.5 20 20" />
    </svg>
  );
}
