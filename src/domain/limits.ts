/**
 * How many new concerns one person may start. Every new concern may alert the school's leaders
 * (safeguarding) and lands on their lists, so a runaway script or a stuck client must not be able
 * to open cases in bulk: one run opened 150 in 22 seconds and queued 75 alerts for one leader.
 *
 * A teacher starts a few concerns a day, perhaps a handful after a class meeting, and each one
 * takes minutes to fill in; the bounds below are far above that and far below a script. They are
 * counted from the stored cases (cancelled ones too: they were started, and may have alerted),
 * so they hold across bot instances and restarts.
 *
 * Pure: the caller passes the creation times and `now`.
 */

/** At most `max` new concerns within any `windowMs` (a rule with `max` below 1 is ignored). */
export interface RateRule {
  max: number;
  windowMs: number;
}

const HOUR = 60 * 60 * 1000;

/**
 * The bounds on new concerns per person: 15 within an hour (one every four minutes, faster than
 * anyone answers the questions) and 40 within a day. Raise them here if a school's way of working
 * needs it; the refusal card quotes them.
 */
export const NEW_CONCERN_LIMITS: readonly RateRule[] = [
  { max: 15, windowMs: HOUR },
  { max: 40, windowMs: 24 * HOUR },
];

/** The longest window of `rules`: how far back the creation times must reach. */
export function longestWindowMs(rules: readonly RateRule[]): number {
  return Math.max(0, ...rules.map((r) => r.windowMs));
}

/** The largest `max` of `rules`: how many of the newest creation times are needed. */
export function largestMax(rules: readonly RateRule[]): number {
  return Math.max(0, ...rules.map((r) => r.max));
}

/**
 * When the person may start a new concern again, or null when they may now. `recent` holds the
 * creation times of their newest concerns (any order; at least the `largestMax(rules)` newest
 * within `longestWindowMs(rules)` must be there). Under a rule that is full, the `max`-th newest
 * creation leaving the window is what frees a place; the latest such moment over the full rules
 * is the answer (no count grows while nothing new is created, so every rule is then satisfied).
 */
export function nextAllowedAt(recent: readonly Date[], now: Date, rules: readonly RateRule[] = NEW_CONCERN_LIMITS): Date | null {
  const newestFirst = recent.map((d) => d.getTime()).sort((a, b) => b - a);
  let until: number | null = null;
  for (const rule of rules) {
    if (rule.max < 1) continue;
    const inWindow = newestFirst.filter((t) => t > now.getTime() - rule.windowMs);
    if (inWindow.length < rule.max) continue;
    const freedAt = inWindow[rule.max - 1]! + rule.windowMs;
    if (until === null || freedAt > until) until = freedAt;
  }
  return until === null ? null : new Date(until);
}
