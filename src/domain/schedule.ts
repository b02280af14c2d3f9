/**
 * When reminders are sent (issue 4, item 5). Pure: every function takes its dates and the school
 * calendar and returns instants; the dispatcher stores them as due times.
 *
 * - Evaluation reminders: "due soon" two school days before the evaluation date, "due" on the date
 *   (the next school day if the date is not one), "overdue" three school days after that; always
 *   at working-hours start on a school day.
 * - "Udskyd en uge" moves the evaluation itself: its date a week on, on a school day (the
 *   reminders of the new date follow from it).
 * - Weekly digest: Monday 07:30 local time; see `weeklyDigestTimes` for holiday weeks.
 * - Revisitation of a specialised school offer (PKU's decision `specialtilbud`): 11 months after
 *   PKU's decision date, then every 12 months while the placement lasts, at an allowed send time.
 * - Safeguarding alerts are not scheduled at all: they are sent at once, whatever the day or hour,
 *   so the dispatcher enqueues them due "now". No function here delays them.
 *
 * Reminders whose time is already past when they are planned (an evaluation date set two days
 * ahead has a "due soon" time in the past) are the caller's to drop or send at once.
 */
import {
  addCalendarMonths,
  addSchoolDays,
  addCalendarDays,
  isSchoolDay,
  localDate,
  schoolDayOnOrAfter,
  weekday,
  workdayStart,
  zonedTime,
  type IsoDate,
  type SchoolCalendar,
  type WallTime,
} from './calendar.js';

/** The three reminders of an evaluation, in time order: the one list of them (cards, payloads, services). */
export const EVALUATION_REMINDER_KINDS = ['due-soon', 'due', 'overdue'] as const;
export type EvaluationReminderKind = (typeof EVALUATION_REMINDER_KINDS)[number];

export interface EvaluationReminder {
  kind: EvaluationReminderKind;
  at: Date;
}

/** School days before the evaluation date of the "due soon" reminder. */
export const DUE_SOON_SCHOOL_DAYS = 2;
/** School days after the due day of the "overdue" reminder. */
export const OVERDUE_SCHOOL_DAYS = 3;
/** Snooze ("Udskyd en uge") length in calendar days. */
export const SNOOZE_DAYS = 7;
/** The first revisitation reminder comes this many months after PKU's decision (one month before the year ends). */
export const REVISITATION_MONTHS = 11;
/** Later revisitation reminders follow at this interval: the offer is given for a year at a time. */
export const REVISITATION_INTERVAL_MONTHS = 12;
/** The weekly digest's local time. */
export const DIGEST_TIME: WallTime = '07:30';

/**
 * The three reminders of a plan evaluated on `evaluationDate`, in time order, each at
 * working-hours start on a school day:
 * - 'due-soon': two school days before the date (not counting the date itself);
 * - 'due': on the date, or the next school day if the date is not one (the "due day");
 * - 'overdue': three school days after the due day, so a plan always gets three school days'
 *   grace after the "due" reminder. (For a date that is a school day, this is simply three school
 *   days after the date.)
 */
export function evaluationReminders(evaluationDate: IsoDate, cal: SchoolCalendar): EvaluationReminder[] {
  const dueDay = schoolDayOnOrAfter(evaluationDate, cal);
  return [
    { kind: 'due-soon', at: workdayStart(addSchoolDays(evaluationDate, -DUE_SOON_SCHOOL_DAYS, cal), cal) },
    { kind: 'due', at: workdayStart(dueDay, cal) },
    { kind: 'overdue', at: workdayStart(addSchoolDays(dueDay, OVERDUE_SCHOOL_DAYS, cal), cal) },
  ];
}

/**
 * "Udskyd en uge": the new evaluation date of a plan evaluated on `evaluationDate`, seen on `today`:
 * seven calendar days after the date (after today, when the date has passed: an overdue plan gets
 * a week from now, not a date already behind it), on the school day on or after that in the
 * school's calendar. So 18 January 2027 becomes Monday 25 January, and a week that ends in a
 * holiday moves to the first school day after it.
 */
export function postponedEvaluationDate(evaluationDate: IsoDate, today: IsoDate, cal: SchoolCalendar): IsoDate {
  const from = evaluationDate > today ? evaluationDate : today;
  return schoolDayOnOrAfter(addCalendarDays(from, SNOOZE_DAYS), cal);
}

/**
 * The next `count` weekly digest times strictly after `from`, one per week, in time order.
 *
 * A digest goes on Monday at 07:30 local time (`time`), whatever the working hours say: it is a
 * fixed, expected appointment. When that Monday is not a school day (2. påskedag, 2. pinsedag, the
 * first day of a holiday), the digest goes at 07:30 on the first school day of that week (Tuesday
 * to Friday) instead; a week with no school day at all (vinterferie, sommerferie) has no digest,
 * since no plan work is due in it, and the next week's digest covers it.
 */
export function weeklyDigestTimes(from: Date, count: number, cal: SchoolCalendar, time: WallTime = DIGEST_TIME): Date[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`Not a count: ${count}`);
  const today = localDate(from, cal.timeZone);
  let monday = addCalendarDays(today, -((weekday(today) + 6) % 7));
  const out: Date[] = [];
  // Ten years of weeks without one school day means a broken calendar, not a long holiday.
  for (let weeksWithout = 0; out.length < count; monday = addCalendarDays(monday, 7)) {
    const day = [0, 1, 2, 3, 4].map((i) => addCalendarDays(monday, i)).find((d) => isSchoolDay(d, cal));
    if (day === undefined) {
      if (++weeksWithout > 520) throw new RangeError(`No school day in ten years after ${today}: check the school holidays`);
      continue;
    }
    weeksWithout = 0;
    const at = zonedTime(day, time, cal.timeZone);
    if (at.getTime() > from.getTime()) out.push(at);
  }
  return out;
}

/**
 * The reminder of the `n`th revisitation (n = 0, 1, 2, …) of a placement PKU decided on
 * `decisionDate`: 11 + 12·n calendar months later (the day is kept, or the month's last day when it
 * has fewer: 31 January → 31 December), at working-hours start, or the next school day's start when
 * that day is not a school day. Counted from the decision date each time, so a reminder moved past
 * a holiday does not push the next year's.
 *
 * The reminder must come before the placement's year ends: when the next school day would be on or
 * after the anniversary (a decision in early August puts the eleventh month in the summer holiday),
 * it comes on the last school day before the date instead.
 */
export function revisitationTime(decisionDate: IsoDate, n: number, cal: SchoolCalendar): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Not a revisitation number: ${n}`);
  const months = REVISITATION_MONTHS + REVISITATION_INTERVAL_MONTHS * n;
  const due = addCalendarMonths(decisionDate, months);
  const anniversary = addCalendarMonths(decisionDate, months + (REVISITATION_INTERVAL_MONTHS - REVISITATION_MONTHS));
  const after = schoolDayOnOrAfter(due, cal);
  return workdayStart(after < anniversary ? after : addSchoolDays(due, -1, cal), cal);
}

/** The first revisitation reminder at or after `from` (the one to plan next), with its number. */
export function nextRevisitation(decisionDate: IsoDate, from: Date, cal: SchoolCalendar): { n: number; at: Date } {
  for (let n = 0; ; n++) {
    const at = revisitationTime(decisionDate, n, cal);
    if (at.getTime() >= from.getTime()) return { n, at };
  }
}
