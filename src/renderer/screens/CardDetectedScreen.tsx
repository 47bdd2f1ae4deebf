// Runs in: renderer. Shown the moment the reader reports a card: the citizen must know the
// kiosk noticed, and must not pull the card away.
export function CardDetectedScreen() {
  return (
    <section className="card-detected" role="status" aria-live="assertive">
      <div className="big-icon" aria-hidden="true">🪪</div>
      <h1 className="attract-title">Đã nhận thẻ</h1>
      <p className="attract-subtitle">Xin ông/bà giữ nguyên thẻ trên đầu đọc.</p>
    </section>
  );
}
