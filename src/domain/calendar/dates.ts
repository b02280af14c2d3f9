/**
 * Calendar dates and wall-clock times as strings ('YYYY-MM-DD', 'HH:MM'), and the day arithmetic
 * on them. Done on UTC day numbers, never on local `Date`s, so no time zone or daylight-saving
 * change can shift a date. The day-number helpers are shared with the other calendar parts and are
 * not re-exported by src/domain/calendar.ts.
 */

/** A calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;
/** A local wall-clock time, 'HH:MM' (24-hour). */
export type WallTime = string;

export const MS_PER_DAY = 86_400_000;
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

/** Days since 1970-01-01 of a real 'YYYY-MM-DD' date; throws for anything else. */
export function dayNumber(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): "${date}"`);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

/** The 'YYYY-MM-DD' date of a day number (see dayNumber). */
export function fromDayNumber(n: number): IsoDate {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

export function isoDate(year: number, month: number, day: number): IsoDate {
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

/** Seconds since midnight of 'HH:MM'; throws for anything else. */
export function wallSeconds(time: WallTime): number {
  if (!isWallTime(time)) throw new RangeError(`Not a time (HH:MM): "${time}"`);
  return Number(time.slice(0, 2)) * 3600 + Number(time.slice(3, 5)) * 60;
}
