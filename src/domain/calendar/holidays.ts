/**
 * Danish public holidays and the other days the national calendar closes schools, computed for
 * any year (Easter by formula), so no yearly list has to be maintained. A school's own holidays
 * (vinterferie, sommerferie, …) are the directory's, in the SchoolCalendar.
 */
import { addCalendarDays, isoDate, type IsoDate } from './dates.js';

/** Easter Sunday (Gregorian) by the Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  if (!Number.isInteger(year) || year < 1583 || year > 9999) throw new RangeError(`Year out of range: ${year}`);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

export interface NamedDay {
  date: IsoDate;
  name: string;
}

export interface SchoolFreeDay extends NamedDay {
  /** 'public-holiday': an official helligdag; 'school-free': schools are closed, but not a helligdag. */
  kind: 'public-holiday' | 'school-free';
}

/** Store bededag was abolished as a public holiday from 2024 (lov nr. 132 af 28/02/2023). */
export const LAST_STORE_BEDEDAG_YEAR = 2023;

const byDate = (a: NamedDay, b: NamedDay) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);

/**
 * Denmark's official public holidays (helligdage) of `year`, sorted by date. Sundays that are
 * holidays anyway (påskedag, pinsedag) are included, so the list is the official one.
 */
export function danishPublicHolidays(year: number): NamedDay[] {
  const easter = easterSunday(year);
  const fromEaster = (days: number, name: string): NamedDay => ({ date: addCalendarDays(easter, days), name });
  const days: NamedDay[] = [
    { date: isoDate(year, 1, 1), name: 'Nytårsdag' },
    fromEaster(-3, 'Skærtorsdag'),
    fromEaster(-2, 'Langfredag'),
    fromEaster(0, 'Påskedag'),
    fromEaster(1, '2. påskedag'),
    fromEaster(39, 'Kristi himmelfartsdag'),
    fromEaster(49, 'Pinsedag'),
    fromEaster(50, '2. pinsedag'),
    { date: isoDate(year, 12, 25), name: 'Juledag' },
    { date: isoDate(year, 12, 26), name: '2. juledag' },
  ];
  // The fourth Friday after Easter, until it was abolished.
  if (year <= LAST_STORE_BEDEDAG_YEAR) days.push(fromEaster(26, 'Store bededag'));
  return days.sort(byDate);
}

/**
 * Every day of `year` on which Danish schools are closed by the national calendar, sorted by date:
 * the public holidays, plus grundlovsdag (5 June: not a public holiday, but schools are normally
 * closed; left out with `includeGrundlovsdag: false`), juleaftensdag (24 December) and
 * nytårsaftensdag (31 December), which are school-free but not public holidays.
 */
export function schoolFreeDays(year: number, options: { includeGrundlovsdag?: boolean } = {}): SchoolFreeDay[] {
  const days: SchoolFreeDay[] = danishPublicHolidays(year).map((d) => ({ ...d, kind: 'public-holiday' }));
  if (options.includeGrundlovsdag ?? true) days.push({ date: isoDate(year, 6, 5), name: 'Grundlovsdag', kind: 'school-free' });
  days.push({ date: isoDate(year, 12, 24), name: 'Juleaftensdag', kind: 'school-free' });
  days.push({ date: isoDate(year, 12, 31), name: 'Nytårsaftensdag', kind: 'school-free' });
  return days.sort(byDate);
}

const freeDayCache = new Map<string, ReadonlySet<IsoDate>>();

export function freeDaySet(year: number, includeGrundlovsdag: boolean): ReadonlySet<IsoDate> {
  const key = `${year}:${includeGrundlovsdag}`;
  let set = freeDayCache.get(key);
  if (!set) {
    set = new Set(schoolFreeDays(year, { includeGrundlovsdag }).map((d) => d.date));
    freeDayCache.set(key, set);
  }
  return set;
}
