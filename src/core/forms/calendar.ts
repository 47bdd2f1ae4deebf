// Runs in: Node (engine). The promised return date (ngày hẹn trả): statutory processing time in
// working days, skipping weekends and public holidays taken from resources/holidays/ (data, because
// Tết and the Hùng Kings' day follow the lunar calendar and bridges are decided yearly).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { KioskError } from '../../shared/errors';
import { fromIso, toIso, type CivilDate } from '../validation/date';

export const DEFAULT_HOLIDAYS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../resources/holidays/vn-public-holidays.json');

const Day = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/u), vi: z.string(), en: z.string(), verified: z.boolean() }).passthrough();
const HolidayFile = z.object({
  dataset: z.literal('vn-public-holidays'),
  version: z.string(),
  years: z.record(z.string().regex(/^\d{4}$/u), z.object({ closed: z.array(Day), workingSaturdays: z.array(Day) })),
});
export type HolidayFile = z.infer<typeof HolidayFile>;

export interface HolidayCalendar {
  version: string;
  years: ReadonlySet<number>;
  closed: ReadonlyMap<string, { vi: string; en: string }>;
  workingSaturdays: ReadonlySet<string>;
}

export function parseHolidays(raw: unknown): HolidayCalendar {
  const parsed = HolidayFile.safeParse(raw);
  if (!parsed.success) {
    throw new KioskError({
      code: 'forms.holidays-invalid',
      technicianMessage: `holiday file invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      citizenMessage: 'Máy chưa tính được ngày hẹn trả. Xin nhờ cán bộ hỗ trợ.',
    });
  }
  const closed = new Map<string, { vi: string; en: string }>();
  const saturdays = new Set<string>();
  for (const year of Object.values(parsed.data.years)) {
    for (const d of year.closed) closed.set(d.date, { vi: d.vi, en: d.en });
    for (const d of year.workingSaturdays) saturdays.add(d.date);
  }
  return { version: parsed.data.version, years: new Set(Object.keys(parsed.data.years).map(Number)), closed, workingSaturdays: saturdays };
}

export function loadHolidays(file: string = DEFAULT_HOLIDAYS_FILE): HolidayCalendar {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new KioskError({ code: 'forms.holidays-unreadable', technicianMessage: `cannot read holiday file ${file}`, citizenMessage: 'Máy chưa tính được ngày hẹn trả. Xin nhờ cán bộ hỗ trợ.', cause });
  }
  return parseHolidays(raw);
}

function addDays(d: CivilDate, n: number): CivilDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export function isWorkingDay(cal: HolidayCalendar, d: CivilDate): boolean {
  if (!cal.years.has(d.year)) {
    throw new KioskError({
      code: 'forms.holidays-unknown-year',
      technicianMessage: `no public-holiday data for ${d.year}; update resources/holidays/vn-public-holidays.json`,
      citizenMessage: 'Máy chưa tính được ngày hẹn trả. Cán bộ sẽ ghi ngày hẹn cho ông/bà.',
    });
  }
  const iso = toIso(d);
  const weekday = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  if (weekday === 6 && cal.workingSaturdays.has(iso)) return true;
  if (weekday === 0 || weekday === 6) return false;
  return !cal.closed.has(iso);
}

export interface ProcessingTimeSpec {
  workingDays: number;
  sameDayCutoff?: string;
}

/** Civil date and minutes past midnight in Vietnam (UTC+7) of an instant. */
function vietnamClock(at: Date): { date: CivilDate; minutes: number } {
  const t = new Date(at.getTime() + 7 * 3600_000);
  return { date: { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() }, minutes: t.getUTCHours() * 60 + t.getUTCMinutes() };
}

/**
 * The return date for a dossier received at `receivedAt`. A dossier received on a closed day (or
 * after the same-day cutoff) counts as received on the next working day; the result is then due
 * `workingDays` working days later (0 = the day of receipt).
 */
export function appointmentDate(receivedAt: Date, time: ProcessingTimeSpec, cal: HolidayCalendar): CivilDate {
  const { date, minutes } = vietnamClock(receivedAt);
  let day = date;
  const cutoff = time.sameDayCutoff ? Number(time.sameDayCutoff.slice(0, 2)) * 60 + Number(time.sameDayCutoff.slice(3)) : undefined;
  const late = cutoff !== undefined && minutes >= cutoff;
  if (!isWorkingDay(cal, day) || late) {
    do day = addDays(day, 1);
    while (!isWorkingDay(cal, day));
  }
  for (let left = time.workingDays; left > 0; ) {
    day = addDays(day, 1);
    if (isWorkingDay(cal, day)) left--;
  }
  return day;
}

export { fromIso };
