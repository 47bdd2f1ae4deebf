// Runs in: renderer. The dossier is received: its code and the return date, big; the receipt
// comes out of the printer (or the citizen is told why not). Then the session ends.
import { useEffect } from 'react';
import type { DossierSubmitted } from '../../../shared/contract';
import { clearSpeech, speak } from '../../components/speech/speech';
import { useScrollToTop } from './scroll';
import './procedures.css';

export function SubmittedScreen({ result, onDone }: { result: DossierSubmitted; onDone: () => void }) {
  useScrollToTop();
  const announcement = spokenAnnouncement(result);
  useEffect(() => {
    speak(announcement);
    // The code and date are the citizen's: once they leave, nothing of it stays in the caption bar.
    return () => clearSpeech();
  }, [announcement]);
  return (
    <section className="proc-screen proc-done" role="status" aria-labelledby="done-title" data-speaks-itself="">
      <div className="big-icon" aria-hidden="true">✔</div>
      <h1 id="done-title" className="screen-title">Hồ sơ đã được tiếp nhận</h1>
      <p className="screen-hint strong">{result.procedureName}</p>
      <p className="proc-done-label">Mã hồ sơ</p>
      <p className="proc-done-code" data-testid="dossier-code">{result.dossierCode}</p>
      <p className="proc-done-label">Ngày hẹn trả kết quả</p>
      <p className="proc-done-date" data-testid="appointment-date">{result.appointmentDate}</p>
      {result.receipt === 'printed' ? (
        <p className="screen-hint strong">Xin mời nhận giấy biên nhận ở khe máy in. Xin mang theo các giấy tờ cần nộp đến quầy.</p>
      ) : (
        <p className="field-error" role="alert">{result.receiptMessage}</p>
      )}
      <p className="screen-hint">Xin mời rút thẻ Căn cước khỏi đầu đọc.</p>
      <div className="actions">
        <button type="button" className="button-primary" onClick={onDone}>
          Xong
        </button>
      </div>
    </section>
  );
}

const SPOKEN: Record<string, string> = { '.': 'chấm', '-': 'gạch ngang' };

/** What is read aloud: the code character by character (a voice reads "0001" as a number otherwise), the date in words. */
export function spokenAnnouncement(r: DossierSubmitted): string {
  const code = [...r.dossierCode].map((c) => SPOKEN[c] ?? c).join(' ');
  const [d, m, y] = r.appointmentDate.split('/');
  const printed = r.receipt === 'printed' ? ' Xin mời nhận giấy biên nhận ở khe máy in.' : '';
  return `Hồ sơ đã được tiếp nhận. Mã hồ sơ: ${code}. Ngày hẹn trả kết quả: ngày ${Number(d)} tháng ${Number(m)} năm ${y}.${printed}`;
}
