/**
 * The shared token buckets on both engines, on a simulated clock: under bursts of concurrent
 * acquirers no sliding window ever holds more sends than the limit, and the tenant's rate is
 * nearly reached. On PostgreSQL the acquirers really overlap (one pooled connection each); on
 * PGlite they run one after the other.
 *
 * The simulation: in each round every acquirer tries at the same simulated time; the clock then
 * moves to the earliest moment a token can be had (the smallest waitMs answered), plus a little
 * jitter, so acquisitions happen as early as the buckets allow: the hardest case for the limits.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { CLOCK_SET_BACK_MS, RateLimiter, perHourBucket, perSecondBucket } from '../../../src/dispatch/index.js';
import { databaseTargets } from '../../support/db.js';

const T0 = Date.parse('2030-03-04T08:00:00.000Z');

/** The most events in any closed window [t, t + window] (events sorted ascending). */
function busiestWindow(times: number[], window: number): number {
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! > window) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

interface Acquirer {
  tenantId: string;
  conversationKey: string;
}

/**
 * Runs rounds from `start` until `until` (simulated ms); returns, per acquirer, the simulated times
 * of its acquisitions (ascending).
 */
async function simulate(
  limiter: RateLimiter,
  acquirers: Acquirer[],
  start: number,
  until: number,
  jitter: () => number,
): Promise<number[][]> {
  const times: number[][] = acquirers.map(() => []);
  let now = start;
  while (now < until) {
    const results = await Promise.all(acquirers.map((a) => limiter.tryAcquire(a.tenantId, a.conversationKey, now)));
    let soonest = Number.POSITIVE_INFINITY;
    results.forEach((r, i) => {
      if (r.ok) times[i]!.push(now);
      else {
        expect(r.waitMs).toBeGreaterThanOrEqual(1);
        soonest = Math.min(soonest, r.waitMs);
      }
    });
    // Everybody got one: try again a moment later; otherwise when the first token is due.
    now += (Number.isFinite(soonest) ? soonest : 1) + jitter();
  }
  return times;
}

/** Every acquisition time of the acquirers selected, ascending. */
function merged(times: number[][], select: (i: number) => boolean = () => true): number[] {
  return times
    .filter((_, i) => select(i))
    .flat()
    .sort((a, b) => a - b);
}

/** A reproducible jitter of 0–2 ms. */
function jitterFrom(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x % 3;
  };
}

describe('bucket sizing', () => {
  it('never lets more than the limit through in a window: C + r·window ≤ limit', () => {
    for (let limit = 2; limit <= 500; limit++) {
      const s = perSecondBucket(limit);
      expect(s.capacity).toBeGreaterThanOrEqual(1);
      expect(s.perMs).toBeGreaterThan(0);
      expect(s.capacity + s.perMs * 1000).toBeLessThanOrEqual(limit + 1e-9);
      const h = perHourBucket(limit);
      expect(h.capacity).toBeGreaterThanOrEqual(1);
      expect(h.capacity + h.perMs * 3_600_000).toBeLessThanOrEqual(limit + 1e-9);
    }
    expect(perSecondBucket(30)).toEqual({ capacity: 1, perMs: 29 / 1000 });
    expect(perSecondBucket(7)).toEqual({ capacity: 1, perMs: 6 / 1000 });
    expect(perSecondBucket(100)).toEqual({ capacity: 5, perMs: 95 / 1000 });
    expect(perHourBucket(1800)).toEqual({ capacity: 900, perMs: 900 / 3_600_000 });
  });
});

describe.each(databaseTargets())('RateLimiter on $name', (target) => {
  let database: Database;

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => target.cleanup());

  it('refuses limits it cannot honour', () => {
    expect(() => new RateLimiter(database, { tenantPerSecond: 1 })).toThrow(RangeError);
    expect(() => new RateLimiter(database, { conversationPerHour: Number.NaN })).toThrow(RangeError);
  });

  it('takes a token from every bucket or from none, and says how long to wait', async () => {
    const limiter = new RateLimiter(database); // 30/s tenant, 7/s and 1800/h per conversation
    const tenant = randomUUID();
    const conv = `user:${tenant}:a`;
    expect(await limiter.tryAcquire(tenant, conv, T0)).toEqual({ ok: true });
    // The conversation's per-second bucket (capacity 1, 6 per second) is empty now.
    const refused = await limiter.tryAcquire(tenant, conv, T0);
    expect(refused).toEqual({ ok: false, waitMs: Math.ceil(1000 / 6) });
    // The refusal took nothing from the tenant's bucket, which refills on its own: another
    // conversation of the tenant may go 1/29 s after the first send.
    expect((await limiter.tryAcquire(tenant, `user:${tenant}:b`, T0)).ok).toBe(false);
    expect((await limiter.tryAcquire(tenant, `user:${tenant}:b`, T0 + 35)).ok).toBe(true);
    // And the first conversation once its wait is over (the tenant has refilled meanwhile).
    expect((await limiter.tryAcquire(tenant, conv, T0 + 167)).ok).toBe(true);

    const rows = await database.db.selectFrom('rate_buckets').selectAll().where('key', 'like', `%${tenant}%`).orderBy('key').execute();
    expect(rows.map((r) => r.key)).toEqual([
      `conv-h:user:${tenant}:a`,
      `conv-h:user:${tenant}:b`,
      `conv-s:user:${tenant}:a`,
      `conv-s:user:${tenant}:b`,
      `tenant:${tenant}`,
    ]);
    // 900 − 2 taken, plus 167 ms of refill at 900 per hour.
    expect(rows.find((r) => r.key === `conv-h:user:${tenant}:a`)?.tokens).toBeCloseTo(898 + (167 * 900) / 3_600_000, 6);
    expect(rows.find((r) => r.key === `conv-h:user:${tenant}:a`)?.refilled_ms).toBe(T0 + 167);
  });

  it('a clock a little behind the last refill refills nothing, and its wait includes the lag', async () => {
    const limiter = new RateLimiter(database, { tenantPerSecond: 2, conversationPerSecond: 100 });
    const tenant = randomUUID();
    expect(await limiter.tryAcquire(tenant, 'conv:x1', T0 + 10_000)).toEqual({ ok: true });
    // 10 s behind: no tokens out of thin air; a token is there when this clock reads T0 + 11 s.
    expect(await limiter.tryAcquire(tenant, 'conv:x2', T0)).toEqual({ ok: false, waitMs: 11_000 });
    expect(await limiter.tryAcquire(tenant, 'conv:x2', T0 + 10_000)).toEqual({ ok: false, waitMs: 1000 });
    expect(await limiter.tryAcquire(tenant, 'conv:x2', T0 + 11_000)).toEqual({ ok: true });
  });

  it('a clock set back by more than a minute: the buckets go on from the new time with the tokens they have', async () => {
    const limiter = new RateLimiter(database, { tenantPerSecond: 2, conversationPerSecond: 100 });
    const tenant = randomUUID();
    expect((await limiter.tryAcquire(tenant, 'conv:y1', T0 + 2 * 3_600_000)).ok).toBe(true);
    // Two hours back: not two hours of silence, but no free token either (the bucket is empty).
    const back = T0 + 2 * 3_600_000 - CLOCK_SET_BACK_MS - 1;
    expect(await limiter.tryAcquire(tenant, 'conv:y2', T0)).toEqual({ ok: false, waitMs: 1000 });
    expect(await limiter.tryAcquire(tenant, 'conv:y2', T0 + 1000)).toEqual({ ok: true });
    expect(await limiter.tryAcquire(tenant, 'conv:y3', T0 + 1000)).toEqual({ ok: false, waitMs: 1000 });
    // Just over a minute behind counts as set back too; just under, as lag.
    const other = randomUUID();
    expect((await limiter.tryAcquire(other, 'conv:z1', T0 + 2 * 3_600_000)).ok).toBe(true);
    expect(await limiter.tryAcquire(other, 'conv:z2', back)).toEqual({ ok: false, waitMs: 1000 });
    const third = randomUUID();
    expect((await limiter.tryAcquire(third, 'conv:w1', T0 + CLOCK_SET_BACK_MS)).ok).toBe(true);
    expect(await limiter.tryAcquire(third, 'conv:w2', T0)).toEqual({ ok: false, waitMs: CLOCK_SET_BACK_MS + 1000 });
  });

  it('a burst of concurrent acquirers in many conversations: the tenant limit holds in every window and is nearly reached', async () => {
    const limiter = new RateLimiter(database); // 30 per second per tenant
    const tenant = randomUUID();
    const other = randomUUID();
    const acquirers: Acquirer[] = [
      ...Array.from({ length: 14 }, (_, i) => ({ tenantId: tenant, conversationKey: `user:${tenant}:${i}` })),
      // Another tenant's sends draw on its own bucket only.
      ...Array.from({ length: 2 }, (_, i) => ({ tenantId: other, conversationKey: `user:${other}:${i}` })),
    ];
    const seconds = 4;
    const times = await simulate(limiter, acquirers, T0, T0 + seconds * 1000, jitterFrom(7));
    const mine = merged(times, (i) => acquirers[i]!.tenantId === tenant);
    expect(busiestWindow(mine, 1000)).toBeLessThanOrEqual(30);
    expect(mine.length).toBeGreaterThanOrEqual(0.9 * 30 * seconds);
    const theirs = merged(times, (i) => acquirers[i]!.tenantId === other);
    // Two conversations of 7 per second each: 14 per second at most, nearly reached too.
    expect(busiestWindow(theirs, 1000)).toBeLessThanOrEqual(14);
    expect(theirs.length).toBeGreaterThanOrEqual(0.9 * 12 * seconds);
  });

  it('one busy conversation: at most 7 in any second and the hour limit in any hour', async () => {
    // 20 per hour (capacity 10, 10 per hour) keeps the simulated hours short.
    const limiter = new RateLimiter(database, { tenantPerSecond: 1000, conversationPerHour: 20 });
    const tenant = randomUUID();
    const conv = `conv:19:${tenant}@thread.tacv2`;
    const acquirers = Array.from({ length: 8 }, () => ({ tenantId: tenant, conversationKey: conv }));
    const times = merged(await simulate(limiter, acquirers, T0, T0 + 3 * 3_600_000, jitterFrom(3)));
    expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(7);
    expect(busiestWindow(times, 3_600_000)).toBeLessThanOrEqual(20);
    // The first burst is paced by the per-second bucket: 10 sends within about 1.5 s, not at once.
    expect(times[9]! - times[0]!).toBeGreaterThanOrEqual(1400);
    // And the hour's allowance is used: about 20 in the first hour, 10 more in each further one.
    expect(times.filter((t) => t <= T0 + 3_600_000 + 1000).length).toBeGreaterThanOrEqual(19);
    expect(times.length).toBeGreaterThanOrEqual(38);
  });

  it('the per-second conversation limit under a tight burst', async () => {
    const limiter = new RateLimiter(database, { tenantPerSecond: 1000 });
    const tenant = randomUUID();
    const acquirers = Array.from({ length: 10 }, () => ({ tenantId: tenant, conversationKey: `user:${tenant}:busy` }));
    const times = merged(await simulate(limiter, acquirers, T0, T0 + 3000, jitterFrom(5)));
    expect(busiestWindow(times, 1000)).toBeLessThanOrEqual(7);
    // The bucket's steady rate is 6 per second after a burst of 1 (see the sizing): nearly reached.
    expect(times.length).toBeGreaterThanOrEqual(0.9 * (1 + 6 * 3));
  });
});
