// Runs in: renderer. The first thing a citizen sees: one clear instruction, a gentle animation
// that can be paused (WCAG 2.2.2), and large text readable from a step away.
import { useState } from 'react';
import { CardAnimation } from '../components/CardAnimation';

export function AttractScreen({ onQueue, onTrack }: { onQueue: () => void; onTrack: () => void }) {
  const [paused, setPaused] = useState(false);
  return (
    <section className="attract" aria-labelledby="attract-title">
      <h1 id="attract-title" className="attract-title">
        Xin mời đặt thẻ Căn cước lên đầu đọc
      </h1>
      <p className="attract-subtitle">Máy sẽ tự đọc thông tin, ông/bà không cần viết tờ khai.</p>
      <CardAnimation paused={paused} />
      <p className="screen-hint">Có giấy hẹn trả kết quả? Đưa mã QR trên giấy vào máy quét để xem hồ sơ đang ở bước nào.</p>
      <div className="attract-actions">
        <button type="button" className="button-primary" onClick={onQueue}>
          🎫 Lấy số thứ tự
        </button>
        <button type="button" className="button-primary" onClick={onTrack}>
          🔎 Tra cứu hồ sơ
        </button>
        <button type="button" className="button-secondary" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>
          {paused ? '▶ Tiếp tục hình động' : '⏸ Dừng hình động'}
        </button>
      </div>
    </section>
  );
}
