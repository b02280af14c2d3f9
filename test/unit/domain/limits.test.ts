/**
 * The bound on new concerns per person (src/domain/limits.ts): when a person may start again,
 * checked by hand on the bounds in use and as a property on any rules and creation times — the
 * answer is exactly the first moment at which every rule has room again.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largestMax, longestWindowMs, NEW_CONCERN_LIMITS, nextAllowedAt, type RateRule } from '../../../src/domain/limits.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const now = new Date('2026-11-12T10:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

/** Whether a new concern may be started at `at`, counted straight from the rules. */
const allowedAt = (times: Date[], at: Date, rules: readonly RateRule[]) =>
  rules.every(
    (r) => r.max < 1 || times.filter((t) => t.getTime() > at.getTime() - r.windowMs && t.getTime() <= at.getTime()).length < r.max,
  );

describe('the bound on new concerns per person', () => {
  it('is a few an hour and a few dozen a day, far below a script and above a teacher', () => {
    expect(NEW_CONCERN_LIMITS.map((r) => [r.max, r.windowMs / HOUR])).toEqual([
      [15, 1],
      [40, 24],
    ]);
    expect(longestWindowMs(NEW_CONCERN_LIMITS)).toBe(24 * HOUR);
    expect(largestMax(NEW_CONCERN_LIMITS)).toBe(40);
  });

  it('lets a person start while a rule has room, and says when the oldest counted concern leaves the hour', () => {
    const fourteen = Array.from({ length: 14 }, (_, i) => ago(i * MINUTE));
    expect(nextAllowedAt(fourteen, now)).toBeNull();
    const fifteen = [...fourteen, ago(50 * MINUTE)];
    expect(nextAllowedAt(fifteen, now)).toEqual(new Date(now.getTime() + 10 * MINUTE));
    // 150 in 22 seconds fill the day too: the 40th newest decides, a day after it.
    const burst = Array.from({ length: 150 }, (_, i) => ago(i * 147));
    expect(nextAllowedAt(burst, now)).toEqual(new Date(burst[39]!.getTime() + 24 * HOUR));
    expect(nextAllowedAt(burst.slice(0, 20), now)).toEqual(new Date(burst[14]!.getTime() + HOUR));
  });

  it("holds the day's bound after the hour's is free again", () => {
    // 40 over the last 20 hours, two an hour: the hour has room, the day has not until the oldest is a day old.
    const day = Array.from({ length: 40 }, (_, i) => ago(i * 30 * MINUTE + 1));
    expect(nextAllowedAt(day, now)).toEqual(new Date(day[39]!.getTime() + 24 * HOUR));
  });

  it('answers the first moment every rule has room again, for any rules and creation times', () => {
    const rules = fc.array(fc.record({ max: fc.integer({ min: 1, max: 6 }), windowMs: fc.integer({ min: 1, max: 10 * HOUR }) }), {
      minLength: 1,
      maxLength: 3,
    });
    const times = fc.array(fc.integer({ min: 0, max: 10 * HOUR }), { maxLength: 30 });
    fc.assert(
      fc.property(rules, times, (rs, offsets) => {
        const created = offsets.map((o) => ago(o));
        const until = nextAllowedAt(created, now, rs);
        if (until === null) {
          expect(allowedAt(created, now, rs)).toBe(true);
        } else {
          expect(until.getTime()).toBeGreaterThan(now.getTime());
          expect(allowedAt(created, until, rs)).toBe(true);
          expect(allowedAt(created, new Date(until.getTime() - 1), rs)).toBe(false);
        }
      }),
    );
  });
});
