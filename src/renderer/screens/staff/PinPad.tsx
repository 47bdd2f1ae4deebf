// Runs in: renderer. A big numeric PIN pad: digits show as dots, the PIN never leaves this
// component's state except in the one unlock call.
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
const MAX = 12;

export function PinPad({ title, error, busy, onSubmit, onCancel }: { title: string; error?: string; busy: boolean; onSubmit: (pin: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [digits, setDigits] = useState('');
  const press = (d: string) => setDigits((v) => (v.length < MAX ? v + d : v));
  const submit = () => {
    onSubmit(digits);
    setDigits('');
  };
  return (
    <section className="pin-pad" aria-labelledby="pin-title">
      <h1 id="pin-title" className="screen-title">
        {title}
      </h1>
      <output className="pin-display" aria-live="polite" aria-label={t('staff.pinEntered', { count: digits.length })} data-testid="pin-display">
        {digits.length ? '●'.repeat(digits.length) : '\u00a0'}
      </output>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="keypad" role="group" aria-label={t('staff.pinKeypad')}>
        {KEYS.map((k) => (
          <button key={k} type="button" className="key" disabled={busy} onClick={() => press(k)}>
            {k}
          </button>
        ))}
        <button type="button" className="key key-action" disabled={busy} onClick={() => setDigits((v) => v.slice(0, -1))} aria-label={t('staff.pinDelete')}>
          {t('staff.pinDeleteKey')}
        </button>
        <button type="button" className="key" disabled={busy} onClick={() => press('0')}>
          0
        </button>
        <button type="button" className="key key-ok" disabled={busy || digits.length < 4} onClick={submit}>
          {busy ? t('staff.pinChecking') : t('staff.pinOk')}
        </button>
      </div>
      <button type="button" className="button-secondary" onClick={onCancel}>
        {t('staff.close')}
      </button>
    </section>
  );
}
