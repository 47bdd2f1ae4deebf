// Runs in: renderer. "Do you need more time?" dialog of the idle timer: large, spoken once, one
// big button to extend (WCAG 2.2.1).
import { useEffect, useRef } from 'react';
import { speak } from '../speech/speech';
import './idle.css';

export interface IdleWarningProps {
  secondsLeft: number;
  onExtend: () => void;
  /** Optional "end now" for a citizen who is done. */
  onFinish?: () => void;
}

export const IDLE_WARNING_TEXT = 'Ông bà còn cần thêm thời gian không? Nếu cần, xin chạm vào nút Tôi cần thêm thời gian.';

export function IdleWarning({ secondsLeft, onExtend, onFinish }: IdleWarningProps) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // Spoken once per appearance, not every second: the countdown is shown, not read.
    speak(IDLE_WARNING_TEXT);
    button.current?.focus();
  }, []);
  return (
    <div className="idle-overlay">
      <div className="idle-box" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-desc" data-testid="idle-warning">
        <h2 id="idle-title" className="idle-title">
          Ông/bà còn cần thêm thời gian không?
        </h2>
        <p id="idle-desc" className="idle-desc">
          Phiên làm việc sẽ kết thúc sau
        </p>
        <p className="idle-count" aria-hidden="true">
          <span className="idle-seconds">{secondsLeft}</span> giây
        </p>
        <p className="idle-note">Thông tin của ông/bà sẽ được xoá khi kết thúc.</p>
        <div className="idle-actions">
          <button ref={button} type="button" className="idle-extend" onClick={onExtend}>
            Tôi cần thêm thời gian
          </button>
          {onFinish ? (
            <button type="button" className="idle-finish" onClick={onFinish}>
              Kết thúc
            </button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
