// Runs in: renderer. The number, very large, how many are ahead, and whether the paper ticket
// came out — the number stays on screen long enough to be noted if it did not.
import { useEffect, useState } from 'react';
import type { QueueTicket } from '../../shared/contract';
import { useI18n } from '../i18n/I18nProvider';
import { useKiosk } from '../kiosk-context';

export function QueueTicketScreen({ ticket, onDone, afterMs = 30_000 }: { ticket: QueueTicket; onDone: () => void; afterMs?: number }) {
  const { client, info } = useKiosk();
  const { t, pick } = useI18n();
  const [printed, setPrinted] = useState<string | null>(null);
  useEffect(() => {
    const timer = setTimeout(onDone, afterMs);
    return () => clearTimeout(timer);
  }, [onDone, afterMs]);
  // On a demo kiosk the paper ticket only exists as the virtual printer's picture: show it.
  useEffect(() => {
    if (!info?.simulated || ticket.print !== 'printed') return;
    // The virtual printer renders the page just after it confirms the cut: ask a few times.
    let cancelled = false;
    const ask = (attempt: number) => {
      client.call('simulation.lastTicket', {}).then(
        (r) => {
          if (cancelled) return;
          if (r.image) setPrinted(r.image);
          else if (attempt < 10) setTimeout(() => ask(attempt + 1), 300);
        },
        () => undefined,
      );
    };
    ask(0);
    return () => {
      cancelled = true;
    };
  }, [client, info?.simulated, ticket.print]);
  // The same form as on the paper ticket, so the counter display and the paper agree.
  const shown = `${ticket.serviceCode}-${String(ticket.number).padStart(3, '0')}`;
  return (
    <section className="queue-ticket" role="status" aria-live="polite">
      <p className="screen-hint">{pick(ticket.serviceName)}</p>
      <h1 className="screen-title">{t('queue.ticketTitle')}</h1>
      <div className="ticket-row">
        <div className="ticket-info">
          <p className="ticket-number" data-testid="ticket-number">
            {shown}
          </p>
          <p className="screen-hint strong">
            {ticket.waitingAhead === 0 ? t('queue.nobodyAhead') : t('queue.ahead', { count: ticket.waitingAhead })}
          </p>
          {ticket.print === 'printed' ? (
            <p className="badge badge-ok">
              <span aria-hidden="true">🖨</span> {t('queue.takeTicket')}
            </p>
          ) : (
            <p className="badge badge-warn" role="alert">
              <span aria-hidden="true">!</span> {ticket.printMessage ? pick(ticket.printMessage) : t('queue.rememberNumber')}
            </p>
          )}
        </div>
        {printed ? <img className="printed-ticket" src={printed} alt={t('queue.printedAlt')} /> : null}
      </div>
      <button type="button" className="button-primary" onClick={onDone}>
        {t('common.done')}
      </button>
    </section>
  );
}
