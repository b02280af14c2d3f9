/**
 * The one rule for the `limit` a repository's list takes from its caller: a positive safe integer
 * is used up to the list's ceiling; anything else (0, negative, fractional, NaN, huge) is a
 * caller's mistake and gets the list's default rather than an SQL error or an unbounded read.
 * Each list keeps its own ceiling and default (cases: 500 / 20; outbox admin lists: 1000 / 100).
 */
export interface LimitBounds {
  /** The most rows one call reads. */
  max: number;
  /** Used when the caller's limit is not a positive safe integer. */
  fallback: number;
}

export function clampLimit(limit: number, bounds: LimitBounds): number {
  return Number.isSafeInteger(limit) && limit > 0 ? Math.min(limit, bounds.max) : bounds.fallback;
}
