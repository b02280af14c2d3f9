/**
 * Dates in plans: calendar arithmetic under the plans' own names, the Danish spelling of a date,
 * and the bounds of an evaluation date and a revisitation. Dates are YYYY-MM-DD in Europe/Copenhagen.
 */
import { addCalendarDays, addCalendarMonths } from '../calendar.js';
import { isCalendarDate } from './content.js';

const MS_PER_DAY = 86_400_000;
const toUtc = (iso: string) => {
  if (!isCalendarDate(iso)) throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(iso)}`);
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
};

/** Calendar arithmetic lives in calendar.ts; plans use the same functions under their own names. */
export const addDays: (iso: string, days: number) => string = addCalendarDays;
/** Adds calendar months; the day is kept, or the month's last day when it has fewer days. */
export const addMonths: (iso: string, months: number) => string = addCalendarMonths;

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / MS_PER_DAY);
}

const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

/** "2025-03-03" → "3. marts 2025"; a Date is taken in Europe/Copenhagen. */
export function danishDate(date: string | Date): string {
  let iso: string;
  if (typeof date === 'string') {
    iso = date.slice(0, 10);
  } else {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Copenhagen',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(date);
    iso = parts.slice(0, 10);
  }
  if (!isCalendarDate(iso)) return String(date);
  return `${Number(iso.slice(8, 10))}. ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

/** Weeks from today to the evaluation: at least this many, or a note. */
export const EVALUATION_MIN_DAYS = 14;
/** Weeks from today to the evaluation: at most this many, or a note. */
export const EVALUATION_MAX_DAYS = 84;
export const EVALUATION_DEFAULT_DAYS = 42;
