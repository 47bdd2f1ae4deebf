// Runs in: renderer. Reading the chip takes a few seconds: say what is happening in plain words
// and keep the citizen from pulling the card.
import type { ReadStage } from '../../shared/contract';

const STAGE_TEXT: Record<ReadStage, string> = {
  access: 'Đang mở thẻ…',
  identity: 'Đang đọc thông tin trên thẻ…',
  photo: 'Đang đọc ảnh chân dung…',
  verify: 'Đang kiểm tra thẻ…',
  done: 'Đã đọc xong.',
};

export function ReadingScreen({ stage, percent }: { stage: ReadStage; percent: number }) {
  return (
    <section className="reading" role="status" aria-live="polite">
      <h1 className="screen-title">{STAGE_TEXT[stage]}</h1>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label="Tiến độ đọc thẻ">
        <div className="progress-bar" style={{ width: `${percent}%` }} />
      </div>
      <p className="screen-hint strong">Xin ông/bà không rút thẻ ra trong lúc máy đang đọc.</p>
    </section>
  );
}
