// Runs in: renderer. "Where is my dossier?": scan the QR on the appointment slip, or type the
// code printed under it. Only what the slip itself shows is displayed.
import { useEffect, useState } from 'react';
import type { DossierTimeline } from '../../shared/contract';
import { VietKeyboard } from '../components/keyboard/VietKeyboard';
import { useI18n } from '../i18n/I18nProvider';
import { useKiosk } from '../kiosk-context';

export function TrackingAskScreen({ onLookup, onBack, error, busy }: { onLookup: (code: string) => void; onBack: () => void; error?: string; busy?: boolean }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const submit = () => code.trim().length >= 5 && onLookup(code.trim().toUpperCase());
  return (
    <section className="tracking" aria-labelledby="tracking-title">
      <h1 id="tracking-title" className="screen-title">{t('tracking.title')}</h1>
      <p className="screen-hint strong">{t('tracking.scanHint')}</p>
      <p className="screen-hint">{t('tracking.typeHint')}</p>
      <output className="code-display" aria-live="polite">{code || ' '}</output>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {busy ? <p className="screen-hint">{t('tracking.busy')}</p> : null}
      <VietKeyboard value={code} onChange={(v) => setCode(v.toUpperCase())} onEnter={submit} enterLabel={t('tracking.lookup')} telex={false} maxLength={40} />
      <button type="button" className="button-secondary" onClick={onBack}>
        {t('common.back')}
      </button>
    </section>
  );
}

export function TrackingResultScreen({ timeline: initial, onDone }: { timeline: DossierTimeline; onDone: () => void }) {
  const { client } = useKiosk();
  const { t, pick } = useI18n();
  const [timeline, setTimeline] = useState(initial);
  useEffect(() => setTimeline(initial), [initial]);
  // The provincial system moved this dossier on while the citizen is looking: show it at once.
  useEffect(
    () =>
      client.on('dossier.status', ({ code }) => {
        if (code !== initial.code) return;
        client.call('dossier.lookup', { code }).then(setTimeline, () => undefined);
      }),
    [client, initial.code],
  );
  return (
    <section className="tracking" aria-labelledby="tracking-result-title">
      <p className="screen-hint">{pick(timeline.procedureName)}</p>
      <h1 id="tracking-result-title" className="screen-title">
        {t('tracking.dossier')} <span className="dossier-code">{timeline.code}</span>
      </h1>
      <p className="tracking-status" data-testid="tracking-status" data-status={timeline.status}>
        {pick(timeline.statusText)}
      </p>
      {timeline.appointmentDate ? <p className="screen-hint strong">{t('tracking.appointment', { date: timeline.appointmentDate })}</p> : null}
      {!timeline.delivered ? <p className="badge badge-warn">{t('tracking.notDelivered')}</p> : null}
      <ol className="timeline" aria-label={t('tracking.steps')}>
        {[...timeline.events].reverse().map((e, i) => (
          <li key={`${e.at}-${i}`} className={i === 0 ? 'timeline-current' : undefined}>
            <span className="timeline-time">{e.at}</span> <span className="timeline-text">{pick(e.statusText)}</span>
          </li>
        ))}
      </ol>
      <button type="button" className="button-primary" onClick={onDone}>
        {t('common.done')}
      </button>
    </section>
  );
}
