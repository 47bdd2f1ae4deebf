// Runs in: renderer. A card sliding onto a reader, drawn in SVG (no image files, crisp at any
// size). Paused = the CSS animation stops.
import { useI18n } from '../i18n/I18nProvider';

export function CardAnimation({ paused }: { paused: boolean }) {
  const { t } = useI18n();
  return (
    <svg className={`card-animation${paused ? ' is-paused' : ''}`} viewBox="0 0 320 200" role="img" aria-label={t('attract.animationLabel')}>
      <rect x="60" y="130" width="200" height="50" rx="10" className="reader" />
      <rect x="90" y="140" width="140" height="8" rx="4" className="reader-slot" />
      <g className="card">
        <rect x="100" y="20" width="120" height="76" rx="8" className="card-body" />
        <rect x="112" y="40" width="22" height="18" rx="3" className="card-chip" />
        <rect x="145" y="40" width="60" height="6" rx="3" className="card-line" />
        <rect x="145" y="54" width="45" height="6" rx="3" className="card-line" />
      </g>
    </svg>
  );
}
