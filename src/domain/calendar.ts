/**
 * The school calendar (issue 4, item 5): Danish public holidays, school-free days, school days,
 * and time-zone arithmetic for "send at 07:30 in Europe/Copenhagen" that stays right across the
 * daylight-saving changes.
 *
 * Pure: no clock is read (callers pass `now`), no I/O. Calendar dates are 'YYYY-MM-DD' strings;
 * instants are `Date`s. Local wall time in a zone comes from `Intl.DateTimeFormat` with `timeZone`.
 */
import { z } from './zod.js';

/** A calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;
/** A local wall-clock time, 'HH:MM' (24-hour). */
export type WallTime = string;

export interface SchoolHoliday {
  /** First day of the holiday, inclusive. */
  from: IsoDate;
  /** Last day of the holiday, inclusive. */
  to: IsoDate;
  name: string;
}

export interface SchoolCalendar {
  /** IANA time zone, e.g. 'Europe/Copenhagen'. */
  timeZone: string;
  /** Reminders are sent from `start` (inclusive) to `end` (exclusive), local time, on school days. */
  workingHours: { start: WallTime; end: WallTime };
  /** The school's (or municipality's) own holidays: vinterferie, sommerferie, ... */
  holidays: SchoolHoliday[];
  /**
   * Grundlovsdag (5 June) is not an official public holiday, but Danish schools are normally
   * closed. It counts as school-free unless this is set to false. Default true.
   */
  includeGrundlovsdag?: boolean;
}

export const DEFAULT_TIME_ZONE = 'Europe/Copenhagen';
/** Reminders go from 07:30 (when teachers arrive, and the Monday digest's time) to 16:00. */
export const DEFAULT_WORKING_HOURS = { start: '07:30', end: '16:00' } as const;

/** Europe/Copenhagen, 07:30–16:00, no school holidays listed (public holidays are computed). */
export function defaultSchoolCalendar(): SchoolCalendar {
  return { timeZone: DEFAULT_TIME_ZONE, workingHours: { ...DEFAULT_WORKING_HOURS }, holidays: [], includeGrundlovsdag: true };
}

// ---------------------------------------------------------------------------------------------
// Calendar dates

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WALL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** True for a real calendar date written 'YYYY-MM-DD' (2026-02-30 is not). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** True for 'HH:MM' between 00:00 and 23:59. */
export function isWallTime(value: string): boolean {
  return WALL_TIME.test(value);
}

function dayNumber(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${date}"`);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

function fromDayNumber(n: number): IsoDate {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

function isoDate(year: number, month: number, day: number): IsoDate {
  return fromDayNumber(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** `date` plus `days` calendar days (negative goes back). */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** `date` plus `months` calendar months; the day is kept, or the month's last day if it has fewer. */
export function addCalendarMonths(date: IsoDate, months: number): IsoDate {
  dayNumber(date);
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = Number(date.slice(8, 10));
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return fromDayNumber(Date.UTC(y, m, Math.min(d, last)) / MS_PER_DAY);
}

/** Day of the week: 0 = Sunday, 1 = Monday, ..., 6 = Saturday. */
export function weekday(date: IsoDate): number {
  return new Date(dayNumber(date) * MS_PER_DAY).getUTCDay();
}

// ---------------------------------------------------------------------------------------------
// Danish holidays

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

function freeDaySet(year: number, includeGrundlovsdag: boolean): ReadonlySet<IsoDate> {
  const key = `${year}:${includeGrundlovsdag}`;
  let set = freeDayCache.get(key);
  if (!set) {
    set = new Set(schoolFreeDays(year, { includeGrundlovsdag }).map((d) => d.date));
    freeDayCache.set(key, set);
  }
  return set;
}

// ---------------------------------------------------------------------------------------------
// School days

/** A school day: Monday to Friday, not a public holiday or school-free day, not in a school holiday. */
export function isSchoolDay(date: IsoDate, cal: SchoolCalendar): boolean {
  const wd = weekday(date);
  if (wd === 0 || wd === 6) return false;
  if (freeDaySet(Number(date.slice(0, 4)), cal.includeGrundlovsdag ?? true).has(date)) return false;
  return !cal.holidays.some((h) => h.from <= date && date <= h.to);
}

/** Longest stretch searched for a school day before the calendar is deemed to have none. */
const MAX_SEARCH_DAYS = 3 * 366;

/**
 * The date `n` school days after `date` (before it when `n` is negative); `date` itself is not
 * counted, so it need not be a school day. `n = 0` returns `date` unchanged.
 */
export function addSchoolDays(date: IsoDate, n: number, cal: SchoolCalendar): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of school days: ${n}`);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let day = dayNumber(date);
  let searched = 0;
  while (left > 0) {
    day += step;
    if (isSchoolDay(fromDayNumber(day), cal)) {
      left--;
      searched = 0;
    } else if (++searched > MAX_SEARCH_DAYS) {
      throw new RangeError(`No school day within ${MAX_SEARCH_DAYS} days of ${fromDayNumber(day)}: check the school holidays`);
    }
  }
  return fromDayNumber(day);
}

/** `date` if it is a school day, else the next school day. */
export function schoolDayOnOrAfter(date: IsoDate, cal: SchoolCalendar): IsoDate {
  return isSchoolDay(date, cal) ? date : addSchoolDays(date, 1, cal);
}

// ---------------------------------------------------------------------------------------------
// Time zones

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown time zone.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23',
      year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface LocalDateTime {
  date: IsoDate;
  /** 'HH:MM' */
  time: WallTime;
  /** Seconds since local midnight (wall clock), 0–86399. */
  secondOfDay: number;
}

function localFields(instant: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const get = (k: string) => {
    const v = parts[k];
    if (v === undefined || Number.isNaN(v)) throw new RangeError(`Cannot read "${k}" of ${new Date(instant).toISOString()} in ${timeZone}`);
    return v;
  };
  return { y: get('year'), mo: get('month'), d: get('day'), h: get('hour') % 24, mi: get('minute'), s: get('second') };
}

/** The wall-clock date and time of `instant` in `timeZone`. */
export function localDateTime(instant: Date, timeZone: string): LocalDateTime {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid Date');
  const f = localFields(t, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${String(f.y).padStart(4, '0')}-${pad(f.mo)}-${pad(f.d)}`,
    time: `${pad(f.h)}:${pad(f.mi)}`,
    secondOfDay: f.h * 3600 + f.mi * 60 + f.s,
  };
}

/** The calendar date of `now` in `timeZone`. */
export function localDate(now: Date, timeZone: string): IsoDate {
  return localDateTime(now, timeZone).date;
}

/**
 * Today in Europe/Copenhagen, the date a plan's evaluation and a reminder's kind are judged by
 * (the domain takes dates, it never reads the clock: a service passes its clock's `now` here).
 */
export function copenhagenDate(now: Date): IsoDate {
  return localDate(now, DEFAULT_TIME_ZONE);
}

/** The zone's offset from UTC at `instant`, in milliseconds (Copenhagen: +1 h in winter, +2 h in summer). */
export function utcOffsetMs(instant: Date, timeZone: string): number {
  const t = Math.floor(instant.getTime() / 1000) * 1000;
  const f = localFields(t, timeZone);
  return Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s) - t;
}

function wallSeconds(time: WallTime): number {
  if (!isWallTime(time)) throw new RangeError(`Not a time (HH:MM): "${time}"`);
  return Number(time.slice(0, 2)) * 3600 + Number(time.slice(3, 5)) * 60;
}

/**
 * The instant at which the wall clock in `timeZone` shows `secondOfDay` on `date`. A wall time
 * that occurs twice (the autumn change) gives the earlier instant; one that does not occur (the
 * spring change) is moved forward by the length of the gap (02:30 → 03:30), as Temporal's
 * 'compatible' disambiguation does.
 */
function zonedInstant(date: IsoDate, secondOfDay: number, timeZone: string): Date {
  const wallAsUtc = dayNumber(date) * MS_PER_DAY + secondOfDay * 1000;
  // Offsets a day either side: a real zone changes its offset at most once in that span.
  const before = utcOffsetMs(new Date(wallAsUtc - MS_PER_DAY), timeZone);
  const after = utcOffsetMs(new Date(wallAsUtc + MS_PER_DAY), timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wallAsUtc - offset)
    .filter((t) => wallAsUtc - utcOffsetMs(new Date(t), timeZone) === t)
    .sort((a, b) => a - b);
  const first = candidates[0];
  return new Date(first ?? wallAsUtc - before);
}

/** The UTC instant of local wall time `time` ('HH:MM') on `date` in `timeZone`. */
export function zonedTime(date: IsoDate, time: WallTime, timeZone: string): Date {
  return zonedInstant(date, wallSeconds(time), timeZone);
}

/** `instant` plus `days` calendar days in `timeZone`, keeping the wall-clock time (to the millisecond). */
export function addLocalDays(instant: Date, days: number, timeZone: string): Date {
  const local = localDateTime(instant, timeZone);
  const ms = ((instant.getTime() % 1000) + 1000) % 1000;
  return new Date(zonedInstant(addCalendarDays(local.date, days), local.secondOfDay, timeZone).getTime() + ms);
}

// ---------------------------------------------------------------------------------------------
// Send times

function hours(cal: SchoolCalendar): { start: number; end: number } {
  const start = wallSeconds(cal.workingHours.start);
  const end = wallSeconds(cal.workingHours.end);
  if (start >= end) throw new RangeError(`Working hours must start before they end: ${cal.workingHours.start}–${cal.workingHours.end}`);
  return { start, end };
}

/** True when `instant` is on a school day, within working hours (start inclusive, end exclusive). */
export function isSendTime(instant: Date, cal: SchoolCalendar): boolean {
  const { start, end } = hours(cal);
  const local = localDateTime(instant, cal.timeZone);
  return isSchoolDay(local.date, cal) && local.secondOfDay >= start && local.secondOfDay < end;
}

/** Working-hours start on `date` (a school day, normally), as an instant. */
export function workdayStart(date: IsoDate, cal: SchoolCalendar): Date {
  return zonedTime(date, cal.workingHours.start, cal.timeZone);
}

/**
 * The earliest instant ≥ `now` on a school day within working hours: `now` itself when it is such
 * an instant, else working-hours start that day (before hours on a school day) or on the next
 * school day.
 */
export function nextSendTime(now: Date, cal: SchoolCalendar): Date {
  const { start, end } = hours(cal);
  const local = localDateTime(now, cal.timeZone);
  if (isSchoolDay(local.date, cal)) {
    if (local.secondOfDay >= start && local.secondOfDay < end) return new Date(now.getTime());
    if (local.secondOfDay < start) {
      const at = workdayStart(local.date, cal);
      if (at.getTime() >= now.getTime()) return at;
    }
  }
  return workdayStart(addSchoolDays(local.date, 1, cal), cal);
}

// ---------------------------------------------------------------------------------------------
// Parsing (the calendar section of the organisation directory)

const isoDateSchema = z.string().refine(isIsoDate, { error: 'Skal være en dato skrevet ÅÅÅÅ-MM-DD, fx 2026-02-09.' });
const wallTimeSchema = z.string().refine(isWallTime, { error: 'Skal være et klokkeslæt skrevet TT:MM, fx 07:30.' });

/** The calendar as it is written in the directory; Danish messages for every problem. */
export const schoolCalendarSchema = z.object({
  timeZone: z.string().refine(isTimeZone, { error: 'Ukendt tidszone: brug et IANA-navn, fx Europe/Copenhagen.' }).default(DEFAULT_TIME_ZONE),
  workingHours: z.object({ start: wallTimeSchema, end: wallTimeSchema })
    .refine((h) => h.start < h.end, { error: 'Arbejdstiden skal begynde, før den slutter.', path: ['end'] })
    .default({ ...DEFAULT_WORKING_HOURS }),
  holidays: z.array(z.object({ from: isoDateSchema, to: isoDateSchema, name: z.string().trim().min(1) })
    .refine((h) => h.from <= h.to, { error: 'Ferien skal begynde, før den slutter.', path: ['to'] })).default([]),
  includeGrundlovsdag: z.boolean().default(true),
});
