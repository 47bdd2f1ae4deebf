// Runs in: Node (engine) and the renderer alike: pure, no I/O.
// Dates on Vietnamese forms are written dd/mm/yyyy. They are kept as strings in drafts (what the
// citizen saw) and parsed here into a calendar date with no time zone: a date of birth is a civil
// date, never an instant.
import { issue, type ValidationIssue } from './issues';

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/u;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses `dd/mm/yyyy` (also `d/m/yyyy`); null when malformed or not a real calendar date. */
export function parseDateVN(text: string): CivilDate | null {
  const m = DMY.exec(text.trim());
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (year < 1850 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function formatDateVN(d: CivilDate): string {
  return `${String(d.day).padStart(2, '0')}/${String(d.month).padStart(2, '0')}/${d.year}`;
}

/** ISO `yyyy-mm-dd` (holiday data, upstream payloads). */
export function toIso(d: CivilDate): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export function fromIso(text: string): CivilDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(text);
  if (!m) return null;
  return parseDateVN(`${m[3]}/${m[2]}/${m[1]}`);
}

export function compareDates(a: CivilDate, b: CivilDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The civil date in Vietnam (UTC+7, no DST) at a given instant. */
export function todayInVietnam(now: Date = new Date()): CivilDate {
  const shifted = new Date(now.getTime() + 7 * 3600_000);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** Completed years between a birth date and a reference date (birthday counts on the day). */
export function ageInYears(birth: CivilDate, on: CivilDate): number {
  let age = on.year - birth.year;
  if (on.month < birth.month || (on.month === birth.month && on.day < birth.day)) age -= 1;
  return age;
}

export interface DateRules {
  notFuture?: boolean;
  /** Age strictly below this many years on `today` ("child under 6" = 6). */
  ageUnder?: number;
  /** Age at least this many years on `today`. */
  ageAtLeast?: number;
}

export function validateDateVN(path: string, text: string, rules: DateRules, today: CivilDate): ValidationIssue[] {
  const d = parseDateVN(text);
  if (!d) {
    return [issue(path, 'date.format', 'Ngày không hợp lệ, hãy nhập theo dạng ngày/tháng/năm (vd. 05/09/2024).', 'Invalid date; use dd/mm/yyyy (e.g. 05/09/2024).')];
  }
  const out: ValidationIssue[] = [];
  if (rules.notFuture && compareDates(d, today) > 0) {
    out.push(issue(path, 'date.future', 'Ngày không được sau ngày hôm nay.', 'The date cannot be in the future.'));
    return out;
  }
  const age = ageInYears(d, today);
  if (rules.ageUnder !== undefined && age >= rules.ageUnder) {
    out.push(issue(path, 'date.age-too-high', `Người này phải dưới ${rules.ageUnder} tuổi.`, `The person must be under ${rules.ageUnder} years old.`));
  }
  if (rules.ageAtLeast !== undefined && age < rules.ageAtLeast) {
    out.push(issue(path, 'date.age-too-low', `Người này phải đủ ${rules.ageAtLeast} tuổi trở lên.`, `The person must be at least ${rules.ageAtLeast} years old.`));
  }
  return out;
}
