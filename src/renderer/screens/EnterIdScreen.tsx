// Runs in: renderer. The citizen types the 12 digits printed on the card's front; the last six
// open the chip. Big keys, digits shown in groups of three, nothing to type but numbers.
import { useState } from 'react';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function groupDigits(digits: string): string {
  return digits.replace(/(\d{3})(?=\d)/g, '$1 ');
}

export function EnterIdScreen({ onSubmit, onCancel, error }: { onSubmit: (idNumber: string) => void; onCancel: () => void; error?: string }) {
  const [digits, setDigits] = useState('');
  const press = (d: string) => setDigits((v) => (v.length < 12 ? v + d : v));
  return (
    <section className="enter-id" aria-labelledby="enter-id-title">
      <h1 id="enter-id-title" className="screen-title">Nhập 12 số căn cước của ông/bà</h1>
      <p className="screen-hint">Dãy 12 chữ số in ở mặt trước thẻ, dưới dòng “Số định danh cá nhân”. Hoặc đưa mã QR ở mặt trước thẻ vào máy quét.</p>
      <output className="id-display" aria-live="polite" aria-label={`Đã nhập ${digits.length} trên 12 số`} data-testid="id-display">
        {groupDigits(digits.padEnd(12, '·'))}
      </output>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="keypad" role="group" aria-label="Bàn phím số">
        {KEYS.map((k) => (
          <button key={k} type="button" className="key" onClick={() => press(k)}>
            {k}
          </button>
        ))}
        <button type="button" className="key key-action" onClick={() => setDigits((v) => v.slice(0, -1))} aria-label="Xoá số cuối">
          ⌫ Xoá
        </button>
        <button type="button" className="key" onClick={() => press('0')}>
          0
        </button>
        <button type="button" className="key key-ok" disabled={digits.length !== 12} onClick={() => onSubmit(digits)}>
          Xong ✓
        </button>
      </div>
      <button type="button" className="button-secondary" onClick={onCancel}>
        Quay lại
      </button>
    </section>
  );
}
