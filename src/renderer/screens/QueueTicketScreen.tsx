// Runs in: renderer. The number, very large, how many are ahead, and whether the paper ticket
// came out — the number stays on screen long enough to be noted if it did not.
import { useEffect } from 'react';
import type { QueueTicket } from '../../shared/contract';

export function QueueTicketScreen({ ticket, onDone, afterMs = 30_000 }: { ticket: QueueTicket; onDone: () => void; afterMs?: number }) {
  useEffect(() => {
    const timer = setTimeout(onDone, afterMs);
    return () => clearTimeout(timer);
  }, [onDone, afterMs]);
  return (
    <section className="queue-ticket" role="status" aria-live="polite">
      <p className="screen-hint">{ticket.serviceName}</p>
      <h1 className="screen-title">Số thứ tự của ông/bà</h1>
      <p className="ticket-number" data-testid="ticket-number">
        {String(ticket.number).padStart(4, '0')}
      </p>
      <p className="screen-hint strong">
        {ticket.waitingAhead === 0 ? 'Không có ai phía trước. Xin mời đến quầy.' : `Còn ${ticket.waitingAhead} người phía trước.`}
      </p>
      {ticket.print === 'printed' ? (
        <p className="badge badge-ok">
          <span aria-hidden="true">🖨</span> Xin mời nhận phiếu ở khe máy in.
        </p>
      ) : (
        <p className="badge badge-warn" role="alert">
          <span aria-hidden="true">!</span> {ticket.printMessage}
        </p>
      )}
      <button type="button" className="button-primary" onClick={onDone}>
        Xong
      </button>
    </section>
  );
}
