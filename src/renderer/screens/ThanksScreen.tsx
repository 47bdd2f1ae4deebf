// Runs in: renderer. The end of a visit: tell the citizen to take the card back, then clear.
import { useEffect } from 'react';

export function ThanksScreen({ onDone, afterMs = 15_000 }: { onDone: () => void; afterMs?: number }) {
  useEffect(() => {
    const timer = setTimeout(onDone, afterMs);
    return () => clearTimeout(timer);
  }, [onDone, afterMs]);
  return (
    <section className="thanks" role="status">
      <div className="big-icon" aria-hidden="true">✔</div>
      <h1 className="screen-title">Cảm ơn ông/bà</h1>
      <p className="screen-hint">Xin mời rút thẻ Căn cước khỏi đầu đọc.</p>
      <button type="button" className="button-primary" onClick={onDone}>
        Kết thúc
      </button>
    </section>
  );
}
