// Runs in: renderer (dev only). A page showing each building block alone, for eyes, screenshots
// and the ui-blocks Playwright spec. Not part of the kiosk build (vite builds only ../index.html).
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../styles.css';
import './gallery.css';
import { DatePicker } from '../components/date-picker/DatePicker';
import { IdleWarning } from '../components/idle/IdleWarning';
import { useIdleTimer } from '../components/idle/useIdleTimer';
import { VietKeyboard } from '../components/keyboard/VietKeyboard';
import { Captions, SpeakButton } from '../components/speech/SpeakButton';
import { speak } from '../components/speech/speech';
import { searchItems } from '../lib/search';

const PROCEDURES = [
  'Đăng ký khai sinh',
  'Đăng ký kết hôn',
  'Đăng ký khai tử',
  'Đăng ký thường trú',
  'Đăng ký tạm trú',
  'Cấp bản sao trích lục hộ tịch',
  'Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
  'Chứng thực bản sao từ bản chính',
];

const params = new URLSearchParams(location.search);
const only = params.get('only');
const show = (name: string) => only === null || only === name;

function KeyboardDemo() {
  const [value, setValue] = useState('');
  const [entered, setEntered] = useState<string | null>(null);
  return (
    <section className="g-section" data-testid="g-keyboard">
      <h2>Bàn phím tiếng Việt</h2>
      <label className="g-label" htmlFor="g-name">
        Họ và tên
      </label>
      <input id="g-name" className="g-input" value={value} readOnly data-testid="g-keyboard-value" />
      <VietKeyboard value={value} onChange={setValue} onEnter={() => setEntered(value)} />
      {entered !== null ? <p data-testid="g-keyboard-entered">Đã nhập: {entered}</p> : null}
    </section>
  );
}

function DateDemo() {
  const [value, setValue] = useState('');
  return (
    <section className="g-section" data-testid="g-date">
      <h2>Chọn ngày</h2>
      <DatePicker label="Ngày sinh" value={value} onChange={setValue} />
      <p>
        Giá trị: <output data-testid="g-date-value">{value || '(trống)'}</output>
      </p>
    </section>
  );
}

function SearchDemo() {
  const [q, setQ] = useState('');
  const hits = searchItems(q, PROCEDURES, (s) => s);
  return (
    <section className="g-section" data-testid="g-search">
      <h2>Tìm thủ tục</h2>
      <input className="g-input" aria-label="Tìm thủ tục" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Ví dụ: khai sinh" data-testid="g-search-input" />
      <ul className="g-hits" data-testid="g-search-hits">
        {hits.map((h) => (
          <li key={h}>{h}</li>
        ))}
      </ul>
    </section>
  );
}

function SpeechDemo() {
  return (
    <section className="g-section" data-testid="g-speech">
      <h2>Giọng nói và phụ đề</h2>
      <div className="actions">
        <button type="button" className="button-secondary" onClick={() => speak('Xin mời ông bà đưa thẻ căn cước vào khe đọc thẻ.')}>
          Đọc lời hướng dẫn
        </button>
        <SpeakButton />
      </div>
      <Captions />
    </section>
  );
}

function IdleDemo() {
  const [ended, setEnded] = useState(0);
  const [running, setRunning] = useState(false);
  const idleMs = Number(params.get('idleMs') ?? 5000);
  const timer = useIdleTimer({ idleMs, warningMs: 20_000, enabled: running, onExpire: () => setEnded((n) => n + 1) });
  return (
    <section className="g-section" data-testid="g-idle">
      <h2>Hẹn giờ phiên làm việc</h2>
      <p>
        Trạng thái: <output data-testid="g-idle-phase">{running ? timer.phase : 'tắt'}</output> · Số lần hết giờ: <output data-testid="g-idle-ended">{ended}</output>
      </p>
      <button type="button" className="button-secondary" onClick={() => setRunning((r) => !r)} data-testid="g-idle-toggle">
        {running ? 'Tắt hẹn giờ' : 'Bật hẹn giờ'}
      </button>
      {running && timer.phase === 'warning' ? (
        <>
          <IdleWarning secondsLeft={timer.secondsLeft} onExtend={timer.extend} onFinish={() => setRunning(false)} />
          <Captions fixed />
        </>
      ) : null}
    </section>
  );
}

function Gallery() {
  return (
    <main className="g-main">
      {show('keyboard') ? <KeyboardDemo /> : null}
      {show('date') ? <DateDemo /> : null}
      {show('search') ? <SearchDemo /> : null}
      {show('speech') ? <SpeechDemo /> : null}
      {show('idle') ? <IdleDemo /> : null}
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Gallery />
  </StrictMode>,
);
