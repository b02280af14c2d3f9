/**
 * A school's calendar: its zone, working hours and own holidays (from the organisation
 * directory), which days are school days, and when a reminder may be sent (on a school day,
 * within working hours).
 */
import { z } from '../zod.js';
import { dayNumber, fromDayNumber, isIsoDate, isWallTime, wallSeconds, weekday, type IsoDate, type WallTime } from './dates.js';
import { freeDaySet } from './holidays.js';
import { DEFAULT_TIME_ZONE, isTimeZone, localDateTime, zonedTime } from './time-zones.js';

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

/** Reminders go from 07:30 (when teachers arrive, and the Monday digest's time) to 16:00. */
export const DEFAULT_WORKING_HOURS = { start: '07:30', end: '16:00' } as const;

/** Europe/Copenhagen, 07:30–16:00, no school holidays listed (public holidays are computed). */
export function defaultSchoolCalendar(): SchoolCalendar {
  return { timeZone: DEFAULT_TIME_ZONE, workingHours: { ...DEFAULT_WORKING_HOURS }, holidays: [], includeGrundlovsdag: true };
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
  timeZone: z
    .string()
    .refine(isTimeZone, { error: 'Ukendt tidszone: brug et IANA-navn, fx Europe/Copenhagen.' })
    .default(DEFAULT_TIME_ZONE),
  workingHours: z
    .object({ start: wallTimeSchema, end: wallTimeSchema })
    .refine((h) => h.start < h.end, { error: 'Arbejdstiden skal begynde, før den slutter.', path: ['end'] })
    .default({ ...DEFAULT_WORKING_HOURS }),
  holidays: z
    .array(
      z
        .object({ from: isoDateSchema, to: isoDateSchema, name: z.string().trim().min(1) })
        .refine((h) => h.from <= h.to, { error: 'Ferien skal begynde, før den slutter.', path: ['to'] }),
    )
    .default([]),
  includeGrundlovsdag: z.boolean().default(true),
});
