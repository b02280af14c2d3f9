/**
 * When a case is deleted (issue 13, "Retention and closing"): a closed case some months after it was
 * closed, any other case (open, or a cancelled concern) some months after anyone last changed it.
 * The owner and the school's leaders are warned a number of days before, so they can export the plans
 * to the school's case file; the case is deleted no sooner than a full warning period after the
 * warning went out, so a bot started on old data, or a policy shortened, never deletes unannounced.
 * A warning given for an earlier deadline (the case was touched since) does not count.
 *
 * Pure: no I/O. Months are calendar months in UTC (a deadline moves by at most a day across DST).
 */

export interface RetentionPolicy {
  closedMonths: number;
  untouchedMonths: number;
  warningDays: number;
}

export interface RetentionSubject {
  /** When the case was closed; null for a case that is not closed. */
  closedAt: Date | null;
  /** The latest change to the case, its plans or its sparring requests. */
  touchedAt: Date;
  /** When the deletion warning went out; null before. */
  warnedAt: Date | null;
}

export type RetentionStep = { kind: 'keep' } | { kind: 'warn'; deleteAt: Date } | { kind: 'delete' };

const DAY_MS = 24 * 60 * 60 * 1000;

export function addMonths(d: Date, months: number): Date {
  const r = new Date(d.getTime());
  r.setUTCMonth(r.getUTCMonth() + months);
  return r;
}

/** The day the case is due for deletion under the policy (before any warning moves it). */
export function deletionDue(c: RetentionSubject, policy: RetentionPolicy): Date {
  return c.closedAt ? addMonths(c.closedAt, policy.closedMonths) : addMonths(c.touchedAt, policy.untouchedMonths);
}

/** What to do with the case now: nothing yet, warn (with the day it will be deleted), or delete. */
export function retentionStep(c: RetentionSubject, now: Date, policy: RetentionPolicy): RetentionStep {
  const due = deletionDue(c, policy);
  const warnFrom = new Date(due.getTime() - policy.warningDays * DAY_MS);
  const warned = c.warnedAt !== null && c.warnedAt.getTime() >= warnFrom.getTime();
  if (!warned)
    return now.getTime() >= warnFrom.getTime() ? { kind: 'warn', deleteAt: deleteAfterWarning(due, now, policy) } : { kind: 'keep' };
  return now.getTime() >= deleteAfterWarning(due, c.warnedAt!, policy).getTime() ? { kind: 'delete' } : { kind: 'keep' };
}

/** The deletion day for a warning given at `warnedAt`: the due day, or a full warning period after the warning. */
export function deleteAfterWarning(due: Date, warnedAt: Date, policy: RetentionPolicy): Date {
  return new Date(Math.max(due.getTime(), warnedAt.getTime() + policy.warningDays * DAY_MS));
}

/**
 * The earliest closing and touching moments that may need a step now: a case closed after
 * `closedBefore`, or touched after `touchedBefore`, is kept whatever its warning (the job's coarse filter).
 */
export function candidateBounds(now: Date, policy: RetentionPolicy): { closedBefore: Date; touchedBefore: Date } {
  const ahead = new Date(now.getTime() + policy.warningDays * DAY_MS);
  return { closedBefore: addMonths(ahead, -policy.closedMonths), touchedBefore: addMonths(ahead, -policy.untouchedMonths) };
}
