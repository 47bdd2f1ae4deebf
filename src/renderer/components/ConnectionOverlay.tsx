// Runs in: renderer. If the engine is unreachable the citizen is told plainly, instead of
// pressing buttons that cannot work.
import { useI18n } from '../i18n/I18nProvider';
import { useKiosk } from '../kiosk-context';

export function ConnectionOverlay() {
  const { connection } = useKiosk();
  const { t } = useI18n();
  if (connection === 'open') return null;
  return (
    <div className="overlay" role="alert">
      <div className="overlay-box">
        <p className="overlay-title">{t('connection.title')}</p>
        <p>{t('connection.wait')}</p>
      </div>
    </div>
  );
}
