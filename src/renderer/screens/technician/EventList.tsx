// Runs in: renderer. The device events the engine kept (status changes, alarms raised/cleared,
// webhook deliveries), newest first, refreshed live as statuses and alarms arrive. Device facts only.
import { useEffect, useRef, useState } from 'react';
import type { TechnicianEvent } from '../../../shared/contract';
import { isKioskError } from '../../../shared/errors';
import { useI18n } from '../../i18n/I18nProvider';
import { useKiosk } from '../../kiosk-context';

const SHOWN = 30;

export function EventList({ onAuthLost }: { onAuthLost: () => void }) {
  const { client } = useKiosk();
  const { t } = useI18n();
  const [events, setEvents] = useState<TechnicianEvent[]>([]);
  const [error, setError] = useState<string | null>(null);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const authLost = useRef(onAuthLost);
  authLost.current = onAuthLost;

  useEffect(() => {
    let cancelled = false;
    const load = () =>
      client.call('technician.events', {}).then(
        (r) => {
          if (cancelled) return;
          setEvents(r.events.slice(0, SHOWN));
          setError(null);
        },
        (e: unknown) => {
          if (isKioskError(e) && e.code === 'auth.required') authLost.current();
          if (!cancelled) setError(isKioskError(e) ? `${e.code}: ${e.technicianMessage}` : String(e));
        },
      );
    // Statuses arrive in bursts (every poll): one reload per burst is enough.
    const soon = () => {
      if (pending.current) return;
      pending.current = setTimeout(() => {
        pending.current = null;
        void load();
      }, 300);
    };
    void load();
    const offs = [client.on('device.status', soon), client.on('alarm.notice', soon)];
    return () => {
      cancelled = true;
      offs.forEach((off) => off());
      if (pending.current) clearTimeout(pending.current);
      pending.current = null;
    };
  }, [client]);

  return (
    <section className="tech-panel" aria-labelledby="tech-events-title">
      <h2 id="tech-events-title">{t('technician.eventsTitle')}</h2>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {events.length === 0 ? (
        <p>{t('technician.eventsEmpty')}</p>
      ) : (
        <div className="tech-table-wrap" tabIndex={0} aria-label={t('technician.eventsTitle')}>
          <table className="tech-table" data-testid="tech-event-list">
            <thead>
              <tr>
                <th scope="col">{t('technician.time')}</th>
                <th scope="col">{t('technician.device')}</th>
                <th scope="col">{t('technician.kind')}</th>
                <th scope="col">{t('technician.state')}</th>
                <th scope="col">{t('technician.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e, i) => (
                <tr key={`${e.at}-${i}`} className={`tech-ev-${e.type}`}>
                  <td>
                    <time dateTime={e.at}>{new Date(e.at).toLocaleTimeString('vi-VN')}</time>
                  </td>
                  <td>{t(`staff.device.${e.kind}`)}</td>
                  <td>{t(`technician.eventType.${e.type}`)}</td>
                  <td>{t(`staff.state.${e.state}`)}</td>
                  <td className="tech-ev-detail">{e.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
