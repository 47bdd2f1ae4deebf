// Runs in: renderer. "Take a queue number": one big button per service, nothing else to do.
import { useEffect, useState } from 'react';
import type { LocalizedText } from '../../shared/contract/text';
import { useI18n } from '../i18n/I18nProvider';
import { useKiosk } from '../kiosk-context';

export function QueueServiceScreen({ onChoose, onBack }: { onChoose: (serviceCode: string) => void; onBack: () => void }) {
  const { client } = useKiosk();
  const { t, pick } = useI18n();
  const [services, setServices] = useState<Array<{ code: string; name: LocalizedText }> | null>(null);
  useEffect(() => {
    client.call('tickets.services', {}).then(setServices, () => setServices([]));
  }, [client]);
  return (
    <section className="queue-services" aria-labelledby="queue-title">
      <h1 id="queue-title" className="screen-title">{t('queue.title')}</h1>
      <p className="screen-hint">{t('queue.hint')}</p>
      <div className="service-list">
        {(services ?? []).map((s) => (
          <button key={s.code} type="button" className="service-button" onClick={() => onChoose(s.code)}>
            {pick(s.name)}
          </button>
        ))}
      </div>
      <button type="button" className="button-secondary" onClick={onBack}>
        {t('common.back')}
      </button>
    </section>
  );
}
