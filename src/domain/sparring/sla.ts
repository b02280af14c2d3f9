/**
 * The SLA: a request unclaimed for two school days is reminded. The clock runs on the school's
 * calendar (src/domain/calendar.ts), so weekends and holidays do not count.
 */
import { addSchoolDays, isSchoolDay, localDateTime, workdayStart, zonedTime, type SchoolCalendar } from '../calendar.js';

export const SLA_SCHOOL_DAYS = 2;

/**
 * When a request routed to its pool at `routedAt` has waited `SLA_SCHOOL_DAYS` school days: the
 * same wall-clock time that many school days later. The clock only runs on school days: a request
 * routed on a weekend or in a holiday starts waiting at working-hours start of the next school day.
 */
export function slaDeadline(routedAt: Date, cal: SchoolCalendar, schoolDays: number = SLA_SCHOOL_DAYS): Date {
  let start = routedAt;
  let local = localDateTime(start, cal.timeZone);
  if (!isSchoolDay(local.date, cal)) {
    start = workdayStart(addSchoolDays(local.date, 1, cal), cal);
    local = localDateTime(start, cal.timeZone);
  }
  const date = addSchoolDays(local.date, schoolDays, cal);
  const leftover = (local.secondOfDay % 60) * 1000 + (((start.getTime() % 1000) + 1000) % 1000);
  return new Date(zonedTime(date, local.time, cal.timeZone).getTime() + leftover);
}
