// Runs in: renderer. Date picker a grandmother can use: day, month and year each with big − / +
// buttons and a list; the year can also be typed. Impossible dates (31/02) cannot be chosen.
import { useEffect, useId, useState } from 'react';
import {
  MIN_YEAR,
  MONTH_NAMES_VI,
  clampDate,
  daysInMonth,
  formatDmy,
  parseDmy,
  parseYear,
  stepPart,
  todayDmy,
  yearOptions,
  type DayMonthYear,
} from '../../lib/dates';
import { useI18n } from '../../i18n/I18nProvider';
import './date-picker.css';

const MONTH_NAMES_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface DatePickerProps {
  /** dd/mm/yyyy, or '' when nothing is chosen yet. */
  value: string;
  /** Receives dd/mm/yyyy once day, month and year are all chosen (and '' if they stop being valid). */
  onChange: (value: string) => void;
  /** dd/mm/yyyy bounds; default 01/01/1900 … today. */
  min?: string;
  max?: string;
  /** Visible label, e.g. "Ngày sinh". */
  label?: string;
}

type Part = 'day' | 'month' | 'year';
interface Partial3 {
  day?: number;
  month?: number;
  year?: number;
}

export function DatePicker({ value, onChange, min, max, label }: DatePickerProps) {
  const { t, lang } = useI18n();
  const lo = (min && parseDmy(min)) || { day: 1, month: 1, year: MIN_YEAR };
  const hi = (max && parseDmy(max)) || todayDmy();
  const [parts, setParts] = useState<Partial3>(() => parseDmy(value) ?? {});
  const [yearText, setYearText] = useState<string>(() => (parseDmy(value)?.year ?? '').toString());
  const id = useId();

  // Follow the controlled value when the parent changes it (e.g. filled from the ID card).
  useEffect(() => {
    const parsed = parseDmy(value);
    if (parsed) {
      setParts(parsed);
      setYearText(String(parsed.year));
    } else if (value === '') {
      // Cleared by the parent (e.g. a new session): forget a complete date, keep a half-chosen one.
      if (parts.day && parts.month && parts.year) {
        setParts({});
        setYearText('');
      }
    }
    // Only a change of `value` should reset; `parts` is read, not watched.
  }, [value]);

  const commit = (next: Partial3) => {
    // A stepper may leave a day that the month lacks; bring it back rather than refuse the press.
    if (next.day && next.month) next = { ...next, day: Math.min(next.day, daysInMonth(next.month, next.year ?? 2000)) };
    if (next.day && next.month && next.year) {
      const full = clampDate(next as DayMonthYear, lo, hi);
      next = full;
      setYearText(String(full.year));
      const text = formatDmy(full);
      setParts(full);
      if (text !== value) onChange(text);
      return;
    }
    setParts(next);
    if (value !== '') onChange('');
  };

  // Stepping an empty part starts from a sensible point: day 1, January, or the year 1970 for a
  // birth year (closer to most citizens than 1900 or today).
  const step = (part: Part, delta: 1 | -1) => {
    const base: DayMonthYear = { day: parts.day ?? 1, month: parts.month ?? 1, year: parts.year ?? Math.min(hi.year, Math.max(lo.year, 1970)) };
    if (parts[part] === undefined) {
      commit({ ...parts, [part]: base[part] });
      return;
    }
    const moved = stepPart(part, base, delta, lo.year, hi.year);
    commit({ ...parts, [part]: moved[part], ...(parts.day !== undefined && part !== 'day' ? { day: moved.day } : {}) });
  };

  const dayCount = daysInMonth(parts.month ?? 1, parts.year ?? 2000);
  const years = yearOptions(lo.year, hi.year);

  const stepper = (part: Part, title: string, control: React.ReactNode) => (
    <div className="dp-part" role="group" aria-labelledby={`${id}-${part}`}>
      <span id={`${id}-${part}`} className="dp-part-title">
        {title}
      </span>
      <button type="button" className="dp-step" aria-label={t('datePicker.up', { part: title })} onClick={() => step(part, 1)}>
        +
      </button>
      {control}
      <button type="button" className="dp-step" aria-label={t('datePicker.down', { part: title })} onClick={() => step(part, -1)}>
        −
      </button>
    </div>
  );

  return (
    <fieldset className="dp" data-testid="date-picker">
      <legend className="dp-legend">{label ?? t('datePicker.choose')}</legend>
      <div className="dp-parts">
        {stepper(
          'day',
          t('datePicker.day'),
          <select className="dp-select" aria-label={t('datePicker.day')} value={parts.day ?? ''} onChange={(e) => commit({ ...parts, day: Number(e.target.value) || undefined })}>
            <option value="">--</option>
            {Array.from({ length: dayCount }, (_, i) => (
              <option key={i + 1} value={i + 1}>
                {String(i + 1).padStart(2, '0')}
              </option>
            ))}
          </select>,
        )}
        {stepper(
          'month',
          t('datePicker.month'),
          <select className="dp-select dp-month" aria-label={t('datePicker.month')} value={parts.month ?? ''} onChange={(e) => commit({ ...parts, month: Number(e.target.value) || undefined })}>
            <option value="">--</option>
            {(lang === 'en' ? MONTH_NAMES_EN : MONTH_NAMES_VI).map((name, i) => (
              <option key={name} value={i + 1}>
                {name}
              </option>
            ))}
          </select>,
        )}
        {stepper(
          'year',
          t('datePicker.year'),
          <div className="dp-year">
            <input
              className="dp-year-input"
              inputMode="numeric"
              aria-label={t('datePicker.yearType')}
              maxLength={4}
              size={4}
              value={yearText}
              placeholder="----"
              onChange={(e) => {
                const text = e.target.value.replace(/\D/g, '').slice(0, 4);
                setYearText(text);
                const y = parseYear(text, lo.year, hi.year);
                if (y !== null) commit({ ...parts, year: y });
                else if (parts.year !== undefined) commit({ ...parts, year: undefined });
              }}
            />
            <select className="dp-select dp-year-select" aria-label={t('datePicker.yearList')} value={parts.year ?? ''} onChange={(e) => commit({ ...parts, year: Number(e.target.value) || undefined })}>
              <option value="">{t('datePicker.chooseYear')}</option>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>,
        )}
      </div>
      <p className="dp-result" aria-live="polite">
        {parts.day && parts.month && parts.year ? (
          <>
            {t('datePicker.chosen')} <b>{formatDmy(parts as DayMonthYear)}</b>
          </>
        ) : (
          t('datePicker.incomplete')
        )}
      </p>
    </fieldset>
  );
}
