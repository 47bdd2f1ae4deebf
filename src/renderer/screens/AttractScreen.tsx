// Runs in: renderer. The first thing a citizen sees: one clear instruction, a gentle animation
// that can be paused (WCAG 2.2.2), and large text readable from a step away.
import { useState } from 'react';
import { CardAnimation } from '../components/CardAnimation';
import { useI18n } from '../i18n/I18nProvider';

export function AttractScreen({ onQueue, onTrack }: { onQueue: () => void; onTrack: () => void }) {
  const { t } = useI18n();
  const [paused, setPaused] = useState(false);
  return (
    <section className="attract" aria-labelledby="attract-title">
      <h1 id="attract-title" className="attract-title">
        {t('attract.title')}
      </h1>
      <p className="attract-subtitle">{t('attract.subtitle')}</p>
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

// Inline SVG, not emoji: kiosk images often lack a colour-emoji font, and a missing glyph shows
// as an empty box.
function TicketIcon() {
  return (
    <svg viewBox="0 0 24 24" width="1.2em" height="1.2em" aria-hidden="true" focusable="false" style={{ verticalAlign: '-0.2em' }}>
      <path fill="currentColor" d="M3 6a1 1 0 0 1 1-1h16a1 1 0 0 1 1 1v3a2.5 2.5 0 0 0 0 6v3a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1v-3a2.5 2.5 0 0 0 0-6V6zm6 1v2h2V7H9zm0 4v2h2v-2H9zm0 4v2h2v-2H9z" />
    </svg>
  );
}

function SearchIcon() {
  return (
    <svg viewBox="0 0 24 24" width="1.2em" height="1.2em" aria-hidden="true" focusable="false" style={{ verticalAlign: '-0.2em' }}>
      <circle cx="10" cy="10" r="6" fill="none" stroke="currentColor" strokeWidth="2.6" />
      <path d="M14.5 14.5 20 20" stroke="currentColor" strokeWidth="2.8" strokeLinecap="round" />
    </svg>
  );
}
