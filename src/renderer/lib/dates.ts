// Runs in: renderer (pure). Calendar helpers for the date picker; dates travel as dd/mm/yyyy, the
// format of Vietnamese forms.

export interface DayMonthYear {
  day: number;
  month: number; // 1..12
  year: number;
}

export const MIN_YEAR = 1900;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(month: number, year: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isValidDate(d: DayMonthYear): boolean {
  return (
    Number.isInteger(d.day) &&
    Number.isInteger(d.month) &&
    Number.isInteger(d.year) &&
    d.year >= 1 &&
    d.year <= 9999 &&
    d.month >= 1 &&
    d.month <= 12 &&
    d.day >= 1 &&
    d.day <= daysInMonth(d.month, d.year)
  );
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function formatDmy(d: DayMonthYear): string {
  return `${pad(d.day, 2)}/${pad(d.month, 2)}/${pad(d.year, 4)}`;
}

/** Parses dd/mm/yyyy (also d/m/yyyy, '-' or '.' separators); null when not a real date. */
export function parseDmy(text: string): DayMonthYear | null {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return null;
  const d = { day: Number(m[1]), month: Number(m[2]), year: Number(m[3]) };
  return isValidDate(d) ? d : null;
}

export function compareDates(a: DayMonthYear, b: DayMonthYear): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function todayDmy(now: Date = new Date()): DayMonthYear {
  return { day: now.getDate(), month: now.getMonth() + 1, year: now.getFullYear() };
}

/** Years for the year list, newest first (birth dates are picked far more often than old years). */
export function yearOptions(minYear: number, maxYear: number): number[] {
  const out: number[] = [];
  for (let y = maxYear; y >= minYear; y--) out.push(y);
  return out;
}

/** Brings a day back into its month after the month or year changed (31/03 -> February = 28 or 29). */
export function clampDay(day: number, month: number, year: number): number {
  return Math.min(Math.max(1, day), daysInMonth(month, year));
}

/** Keeps a date inside [min, max]. */
export function clampDate(d: DayMonthYear, min: DayMonthYear, max: DayMonthYear): DayMonthYear {
  if (compareDates(d, min) < 0) return { ...min };
  if (compareDates(d, max) > 0) return { ...max };
  return d;
}

/** One stepper press: moves a part by ±1 with wrap-around for day/month, stops at the bounds for the year. */
export function stepPart(part: 'day' | 'month' | 'year', d: DayMonthYear, delta: 1 | -1, minYear: number, maxYear: number): DayMonthYear {
  if (part === 'year') {
    const year = Math.min(maxYear, Math.max(minYear, d.year + delta));
    return { ...d, year, day: clampDay(d.day, d.month, year) };
  }
  if (part === 'month') {
    const month = ((d.month - 1 + delta + 12) % 12) + 1;
    return { ...d, month, day: clampDay(d.day, month, d.year) };
  }
  const n = daysInMonth(d.month, d.year);
  return { ...d, day: ((d.day - 1 + delta + n) % n) + 1 };
}

/** Interprets a typed year: 4 digits within bounds, else null. */
export function parseYear(text: string, minYear: number, maxYear: number): number | null {
  if (!/^\d{4}$/.test(text.trim())) return null;
  const y = Number(text.trim());
  return y >= minYear && y <= maxYear ? y : null;
}

export const MONTH_NAMES_VI = Array.from({ length: 12 }, (_, i) => `Tháng ${i + 1}`);
