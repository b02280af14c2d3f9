/**
 * The school calendar (issue 4, item 5): Danish public holidays, school-free days, school days,
 * and time-zone arithmetic for "send at 07:30 in Europe/Copenhagen" that stays right across the
 * daylight-saving changes.
 *
 * Pure: no clock is read (callers pass `now`), no I/O. Calendar dates are 'YYYY-MM-DD' strings;
 * instants are `Date`s. Local wall time in a zone comes from `Intl.DateTimeFormat` with `timeZone`.
 *
 * The parts, under src/domain/calendar/: dates.ts (calendar dates and wall times, day arithmetic),
 * holidays.ts (Danish public holidays and school-free days), time-zones.ts (wall time ↔ instant)
 * and school-calendar.ts (a school's calendar: school days, send times, the directory's schema).
 * Importers use this file. dates.ts and holidays.ts also export helpers the parts share (day
 * numbers, the free-day set); those are named below one by one, so they stay out of this face.
 */
export { addCalendarDays, addCalendarMonths, isIsoDate, isWallTime, weekday, type IsoDate, type WallTime } from './calendar/dates.js';
export {
  LAST_STORE_BEDEDAG_YEAR,
  danishPublicHolidays,
  easterSunday,
  schoolFreeDays,
  type NamedDay,
  type SchoolFreeDay,
} from './calendar/holidays.js';
export * from './calendar/time-zones.js';
export * from './calendar/school-calendar.js';
