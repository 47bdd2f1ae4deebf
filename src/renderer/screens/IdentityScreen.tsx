// Runs in: renderer. The citizen checks that the kiosk read the right person: photo, name, ID,
// and whether the card proved genuine. Colour is never the only signal (icon + words too).
import type { Identity } from '../../shared/contract';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/messages';

const BADGE: Record<Identity['verification']['status'], { className: string; icon: string; text: MessageKey }> = {
  genuine: { className: 'badge-ok', icon: '✔', text: 'identity.genuine' },
  'issuer-unverified': { className: 'badge-warn', icon: '!', text: 'identity.issuerUnverified' },
  failed: { className: 'badge-bad', icon: '✖', text: 'identity.failed' },
  'not-checked': { className: 'badge-warn', icon: '!', text: 'identity.notChecked' },
};

export function IdentityScreen({ identity, onConfirm, onReject }: { identity: Identity; onConfirm: () => void; onReject: () => void }) {
  const { t } = useI18n();
  const badge = BADGE[identity.verification.status];
  const rows: Array<[string, string | undefined]> = [
    [t('identity.fullName'), identity.fullName],
    [t('identity.idNumber'), identity.idNumber],
    [t('identity.dateOfBirth'), identity.dateOfBirth],
    [t('identity.sex'), identity.sex],
    [t('identity.placeOfOrigin'), identity.placeOfOrigin],
    [t('identity.placeOfResidence'), identity.placeOfResidence],
  ];
  return (
    <section className="identity" aria-labelledby="identity-title">
      <h1 id="identity-title" className="screen-title">{t('identity.title')}</h1>
      <div className="identity-card">
        {identity.faceImage ? <img className="identity-face" src={identity.faceImage} alt={t('identity.photoAlt')} /> : <div className="identity-face identity-face-missing">{t('identity.noPhoto')}</div>}
        <dl className="identity-fields">
          {rows
            .filter(([, v]) => v)
            .map(([label, value]) => (
              <div key={label} className="identity-row">
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
      </div>
      <p className={`badge ${badge.className}`} data-testid="verification-badge" data-status={identity.verification.status}>
        <span aria-hidden="true">{badge.icon}</span> {t(badge.text)}
      </p>
      <div className="actions">
        <button type="button" className="button-secondary" onClick={onReject}>
          {t('identity.notMe')}
        </button>
        <button type="button" className="button-primary" onClick={onConfirm} disabled={identity.verification.status === 'failed'}>
          {t('identity.confirm')}
        </button>
      </div>
    </section>
  );
}
