// Runs in: renderer. Filling one field, with the input that suits it: option buttons, a date
// picker, province → commune buttons for an address, the on-screen Telex keyboard for text.
import { useEffect, useState } from 'react';
import type { AddressFieldValue, DraftFieldView, ProcedureFieldValue } from '../../../shared/contract';
import { DatePicker } from '../../components/date-picker/DatePicker';
import { VietKeyboard } from '../../components/keyboard/VietKeyboard';
import { matches } from '../../lib/search';
import { useI18n } from '../../i18n/I18nProvider';
import { useKiosk } from '../../kiosk-context';

const DIGITS_ONLY = new Set<DraftFieldView['type']>(['phone', 'personalId', 'oldIdNumber', 'integer']);

export interface FieldEditorProps {
  field: DraftFieldView;
  onSave: (value: ProcedureFieldValue) => void;
  onClose: () => void;
}

export function FieldEditor({ field, onSave, onClose }: FieldEditorProps) {
  const { t, pick } = useI18n();
  return (
    <div className="proc-editor" role="dialog" aria-modal="true" aria-labelledby="editor-title">
      <div className="proc-editor-box">
        <h2 id="editor-title" className="proc-editor-title">{pick(field.label)}</h2>
        {field.help ? <p className="screen-hint">{pick(field.help)}</p> : null}
        {/* An empty required field needs no scolding here: the citizen is filling it now. */}
        {field.error && field.display.vi ? (
          <p className="field-error" role="alert" data-testid="editor-error">
            {pick(field.error)}
          </p>
        ) : null}
        <Input field={field} onSave={onSave} />
        <div className="actions">
          <button type="button" className="button-secondary" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </div>
    </div>
  );
}

function Input({ field, onSave }: { field: DraftFieldView; onSave: (value: ProcedureFieldValue) => void }) {
  const { t, pick } = useI18n();
  if (field.type === 'select') {
    return (
      <div className="proc-options">
        {(field.options ?? []).map((o) => (
          <button key={o.value} type="button" className={`proc-option ${field.value === o.value ? 'is-on' : ''}`} aria-pressed={field.value === o.value} onClick={() => onSave(o.value)}>
            {pick(o.label)}
          </button>
        ))}
      </div>
    );
  }
  if (field.type === 'boolean') {
    return (
      <div className="proc-options">
        {[true, false].map((v) => (
          <button key={String(v)} type="button" className={`proc-option ${field.value === v ? 'is-on' : ''}`} aria-pressed={field.value === v} onClick={() => onSave(v)}>
            {v ? t('common.yes') : t('common.no')}
          </button>
        ))}
      </div>
    );
  }
  if (field.type === 'date') return <DateInput field={field} onSave={onSave} />;
  if (field.type === 'address') return <AddressInput field={field} onSave={onSave} />;
  return <TextInput field={field} onSave={onSave} />;
}

function DateInput({ field, onSave }: { field: DraftFieldView; onSave: (value: ProcedureFieldValue) => void }) {
  const { t, pick } = useI18n();
  const [value, setValue] = useState(typeof field.value === 'string' ? field.value : '');
  return (
    <>
      <DatePicker value={value} onChange={setValue} label={pick(field.label)} />
      <button type="button" className="button-primary proc-save" disabled={!value} onClick={() => onSave(value)}>
        {t('enterId.ok')}
      </button>
    </>
  );
}

function TextInput({ field, onSave }: { field: DraftFieldView; onSave: (value: ProcedureFieldValue) => void }) {
  const { t, pick } = useI18n();
  const initial = field.value === null || typeof field.value === 'object' ? '' : String(field.value);
  const [value, setValue] = useState(initial);
  useEffect(() => setValue(initial), [initial]);
  const digits = DIGITS_ONLY.has(field.type);
  const save = () => {
    const v = value.trim();
    onSave(field.type === 'integer' && v !== '' && Number.isInteger(Number(v)) ? Number(v) : v === '' ? null : v);
  };
  return (
    <>
      <input
        className="proc-input proc-input-wide"
        aria-label={pick(field.label)}
        data-testid="editor-input"
        value={value}
        inputMode="none"
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && save()}
      />
      {digits ? (
        <NumberPad value={value} onChange={setValue} onEnter={save} />
      ) : (
        <VietKeyboard value={value} onChange={setValue} onEnter={save} enterLabel={t('enterId.ok')} maxLength={field.type === 'textarea' ? 1000 : 200} />
      )}
    </>
  );
}

/** Province → commune (2025 list) → house number and street. */
function AddressInput({ field, onSave }: { field: DraftFieldView; onSave: (value: ProcedureFieldValue) => void }) {
  const { client } = useKiosk();
  const { t } = useI18n();
  const current = (field.value && typeof field.value === 'object' ? field.value : {}) as AddressFieldValue;
  const [address, setAddress] = useState<AddressFieldValue>(current);
  const [step, setStep] = useState<'province' | 'commune' | 'detail'>(current.communeCode ? 'detail' : current.provinceCode ? 'commune' : 'province');
  const [places, setPlaces] = useState<Array<{ code: string; name: string }>>([]);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    if (step === 'detail') return;
    setFilter('');
    client.call('procedures.places', step === 'commune' && address.provinceCode ? { provinceCode: address.provinceCode } : {}).then(setPlaces, () => setPlaces([]));
  }, [client, step, address.provinceCode]);

  if (step === 'detail') {
    return (
      <>
        <p className="screen-hint strong">{t('form.addressDetail')}</p>
        <input className="proc-input proc-input-wide" aria-label={t('form.addressDetailLabel')} value={address.detail ?? ''} inputMode="none" onChange={(e) => setAddress({ ...address, detail: e.target.value })} />
        <VietKeyboard value={address.detail ?? ''} onChange={(detail) => setAddress({ ...address, detail })} onEnter={() => onSave({ ...address, text: undefined })} enterLabel={t('enterId.ok')} maxLength={300} />
        <button type="button" className="button-secondary" onClick={() => setStep('province')}>
          {t('form.reselectProvinceCommune')}
        </button>
      </>
    );
  }
  const shown = places.filter((p) => !filter || matches(filter, p.name));
  return (
    <>
      <p className="screen-hint strong">{step === 'province' ? t('form.chooseProvince') : t('form.chooseCommune')}</p>
      {step === 'commune' ? (
        <input className="proc-input" aria-label={t('form.communeSearchLabel')} placeholder={t('form.communeSearchPlaceholder')} value={filter} inputMode="none" onChange={(e) => setFilter(e.target.value)} />
      ) : null}
      <div className="proc-places">
        {shown.map((p) => (
          <button
            key={p.code}
            type="button"
            className="proc-option"
            onClick={() => {
              if (step === 'province') {
                setAddress({ provinceCode: p.code, detail: address.detail });
                setStep('commune');
              } else {
                setAddress({ ...address, communeCode: p.code });
                setStep('detail');
              }
            }}
          >
            {p.name}
          </button>
        ))}
      </div>
      {step === 'commune' ? (
        <>
          {/* Below the list, so the matches stay in view as the citizen types. */}
          <VietKeyboard value={filter} onChange={setFilter} maxLength={40} numbers={false} />
          <button type="button" className="button-secondary" onClick={() => setStep('province')}>
            {t('form.reselectProvince')}
          </button>
        </>
      ) : null}
    </>
  );
}

/** Phone and ID numbers: ten big digits, like a telephone, instead of a full keyboard. */
function NumberPad({ value, onChange, onEnter }: { value: string; onChange: (v: string) => void; onEnter: () => void }) {
  const { t } = useI18n();
  const keep = (e: React.PointerEvent | React.MouseEvent) => e.preventDefault();
  const digit = (d: string) => (
    <button key={d} type="button" className="key" data-key={d} onPointerDown={keep} onMouseDown={keep} onClick={() => value.length < 20 && onChange(value + d)}>
      {d}
    </button>
  );
  return (
    <div className="keypad" role="group" aria-label={t('common.numberPad')} data-testid="number-pad">
      {['1', '2', '3', '4', '5', '6', '7', '8', '9'].map(digit)}
      <button type="button" className="key key-action" aria-label={t('common.deleteLastDigit')} onPointerDown={keep} onMouseDown={keep} onClick={() => onChange(value.slice(0, -1))}>
        {t('common.delete')}
      </button>
      {digit('0')}
      <button type="button" className="key key-ok" onPointerDown={keep} onMouseDown={keep} onClick={onEnter}>
        {t('enterId.ok')}
      </button>
    </div>
  );
}
