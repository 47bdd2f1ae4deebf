// Runs in: renderer. The citizen types the 12 digits printed on the card's front; the last six
// open the chip. Big keys, digits shown in groups of three, nothing to type but numbers.
import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function groupDigits(digits: string): string {
  return digits.replace(/(\d{3})(?=\d)/g, '$1 ');
}

export function EnterIdScreen({ onSubmit, onCancel, error }: { onSubmit: (idNumber: string) => void; onCancel: () => void; error?: string }) {
  const { t } = useI18n();
  const [digits, setDigits] = useState('');
  const press = (d: string) => setDigits((v) => (v.length < 12 ? v + d : v));
  return (
    <section className="enter-id" aria-labelledby="enter-id-title">
      <h1 id="enter-id-title" className="screen-title">{t('enterId.title')}</h1>
      <p className="screen-hint">{t('enterId.hint')}</p>
      <output className="id-display" aria-live="polite" aria-label={t('enterId.entered', { count: digits.length })} data-testid="id-display">
        {groupDigits(digits.padEnd(12, '·'))}
      </output>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="keypad" role="group" aria-label={t('common.numberPad')}>
        {KEYS.map((k) => (
          <button key={k} type="button" className="key" onClick={() => press(k)}>
            {k}
          </button>
        ))}
        <button type="button" className="key key-action" onClick={() => setDigits((v) => v.slice(0, -1))} aria-label={t('common.deleteLastDigit')}>
          {t('common.delete')}
        </button>
        <button type="button" className="key" onClick={() => press('0')}>
          0
        </button>
        <button type="button" className="key key-ok" disabled={digits.length !== 12} onClick={() => onSubmit(digits)}>
          {t('enterId.ok')}
        </button>
      </div>
      <button type="button" className="button-secondary" onClick={onCancel}>
        {t('common.back')}
      </button>
    </section>
  );
}
