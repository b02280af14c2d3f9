/**
 * Rate limits for proactive sends, shared by every bot instance through the table `rate_buckets`.
 *
 * Three token buckets guard each send: the tenant's (`tenant:<tenantId>`, default 30 per second)
 * and the conversation's, per second (`conv-s:<key>`, default 7) and per hour (`conv-h:<key>`,
 * default 1800). A send may go only when EVERY bucket has a token; it then takes one from each.
 *
 * Sizing. A token bucket with capacity C that refills at r tokens per unit of time lets through at
 * most C + r·w sends in ANY window of length w (a full bucket at the start of the window, plus what
 * trickles in during it). To never exceed "L per window" in any sliding window, we need
 * C + r·window ≤ L. We choose:
 * - per second: C = max(1, floor(L / 20)), r = (L − C) per second: a small burst, and a steady
 *   rate close to L (30/s → C 1, r 29/s; 7/s → C 1, r 6/s);
 * - per hour: C = L / 2, r = L / 2 per hour (1800/h → C 900, r 900/h): half the hour's allowance
 *   may go at once (e.g. a weekly digest), the rest trickles in. The per-second bucket still
 *   paces the burst.
 * Both satisfy C + r·window = L exactly, so the limit is met but never exceeded.
 *
 * Concurrency. `tryAcquire` is ONE short transaction: it inserts the missing buckets (full),
 * locks the (up to three) rows in key order with FOR UPDATE (the same order for every caller, so
 * two instances can never deadlock on them), refills each by the time elapsed since its last
 * refill, and takes a token from each only when all have one. Nothing else happens inside the
 * transaction (no network), so the locks are held for a few milliseconds.
 *
 * Time. `nowMs` comes from the caller's clock. A bucket never refills backwards: when an instance's
 * clock is a little behind the bucket's last refill, that instance sees no refill, and its waitMs
 * includes the lag (the time until ITS clock reaches a token). A clock more than a minute behind
 * (CLOCK_SET_BACK_MS) is taken as a clock that was set back (or a test's clock moved back): the
 * bucket goes on from that time with the tokens it has, instead of sending nothing until the clock
 * catches up again. So the instances' clocks must agree to well within a minute (NTP), as any
 * multi-instance deployment needs anyway; a clock running ahead of the others refills early.
 */
import { sql, type Selectable } from 'kysely';
import type { Database } from '../db/database.js';
import type { RateBucketsTable } from '../db/schema.js';

export interface RateLimits {
  /** Sends per second for a whole tenant (default 30). */
  tenantPerSecond?: number;
  /** Sends per second into one conversation (default 7). */
  conversationPerSecond?: number;
  /** Sends per hour into one conversation (default 1800). */
  conversationPerHour?: number;
}

export type AcquireResult = { ok: true } | { ok: false; waitMs: number };

/** What the dispatcher needs of a rate limiter. */
export interface RateLimiterLike {
  tryAcquire(tenantId: string, conversationKey: string, nowMs: number): Promise<AcquireResult>;
}

/** A bucket's shape: capacity and refill rate in tokens per millisecond. */
export interface BucketSpec {
  capacity: number;
  perMs: number;
}

/** A bucket's last refill further than this ahead of the caller's clock: the clock was set back. */
export const CLOCK_SET_BACK_MS = 60_000;
const SECOND = 1000;
const HOUR = 3_600_000;
/** PostgreSQL's deadlock and serialization failures: the transaction may simply be run again. */
const RETRYABLE_CODES = new Set(['40P01', '40001']);
const MAX_TRIES = 3;

/** The bucket that never lets more than `limit` through in any sliding second (see the module comment). */
export function perSecondBucket(limit: number): BucketSpec {
  const capacity = Math.max(1, Math.floor(limit / 20));
  return { capacity, perMs: (limit - capacity) / SECOND };
}

/** The bucket that never lets more than `limit` through in any sliding hour. */
export function perHourBucket(limit: number): BucketSpec {
  return { capacity: limit / 2, perMs: limit / 2 / HOUR };
}

export class RateLimiter implements RateLimiterLike {
  readonly tenantBucket: BucketSpec;
  readonly conversationSecondBucket: BucketSpec;
  readonly conversationHourBucket: BucketSpec;

  constructor(
    private readonly database: Database,
    limits: RateLimits = {},
  ) {
    // At least 2: a bucket needs a capacity of one whole token and a refill rate above zero.
    const tenant = checkLimit(limits.tenantPerSecond ?? 30, 'tenantPerSecond');
    const convSecond = checkLimit(limits.conversationPerSecond ?? 7, 'conversationPerSecond');
    const convHour = checkLimit(limits.conversationPerHour ?? 1800, 'conversationPerHour');
    this.tenantBucket = perSecondBucket(tenant);
    this.conversationSecondBucket = perSecondBucket(convSecond);
    this.conversationHourBucket = perHourBucket(convHour);
  }

  /**
   * Takes one token from the tenant's bucket and both of the conversation's, or none: `{ ok: false,
   * waitMs }` says how long until every one of them has a token (try again then; another sender
   * may take them first). `conversationKey` is the conversation reference's key.
   */
  async tryAcquire(tenantId: string, conversationKey: string, nowMs: number): Promise<AcquireResult> {
    if (!tenantId || !conversationKey) throw new RangeError('tryAcquire needs a tenant id and a conversation key.');
    if (!Number.isFinite(nowMs)) throw new RangeError(`tryAcquire: nowMs must be a finite number, got ${nowMs}.`);
    const specs = new Map<string, BucketSpec>([
      [`tenant:${tenantId}`, this.tenantBucket],
      [`conv-s:${conversationKey}`, this.conversationSecondBucket],
      [`conv-h:${conversationKey}`, this.conversationHourBucket],
    ]);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.acquireOnce(specs, nowMs);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (attempt >= MAX_TRIES || typeof code !== 'string' || !RETRYABLE_CODES.has(code)) throw error;
      }
    }
  }

  private acquireOnce(specs: Map<string, BucketSpec>, nowMs: number): Promise<AcquireResult> {
    // One lock order for everybody: the C collation (byte order). The insert uses JS order, which
    // is the same for these keys; PostgreSQL would detect a deadlock anyway, and it is retried.
    const keys = [...specs.keys()].sort(compareCodeUnits);
    return this.database.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('rate_buckets')
        .values(keys.map((key) => ({ key, tokens: specs.get(key)!.capacity, refilled_ms: nowMs })))
        .onConflict((oc) => oc.column('key').doNothing())
        .execute();
      const rows = await trx
        .selectFrom('rate_buckets')
        .selectAll()
        .where('key', 'in', keys)
        .orderBy(sql`key collate "C"`)
        .forUpdate()
        .execute();
      if (rows.length !== keys.length) throw new Error('rate_buckets: a bucket row is missing right after it was inserted.');

      const refilled = rows.map((row) => refill(row, specs.get(row.key)!, nowMs));
      const short = refilled.filter((b) => b.tokens < 1);
      if (short.length > 0) {
        // Nothing taken, so nothing to write (the refill is a pure function of time, the next call
        // computes it again), except where the clock was set back: the new time is recorded.
        for (const b of refilled.filter((r) => r.reset)) {
          await trx.updateTable('rate_buckets').set({ tokens: b.tokens, refilled_ms: b.at }).where('key', '=', b.key).execute();
        }
        // Until the caller's clock shows a token in each: its lag behind the last refill, plus the refill.
        const waitMs = Math.max(...short.map((b) => Math.ceil(b.at - nowMs + (1 - b.tokens) / b.spec.perMs)));
        return { ok: false as const, waitMs: Math.max(1, waitMs) };
      }
      for (const b of refilled) {
        await trx
          .updateTable('rate_buckets')
          .set({ tokens: b.tokens - 1, refilled_ms: b.at })
          .where('key', '=', b.key)
          .execute();
      }
      return { ok: true as const };
    });
  }
}

interface Refilled {
  key: string;
  spec: BucketSpec;
  tokens: number;
  /** The time the tokens are counted at: the caller's time, or the last refill when that is later. */
  at: number;
  /** The caller's clock was set back: the bucket goes on from the caller's time. */
  reset: boolean;
}

function refill(row: Selectable<RateBucketsTable>, spec: BucketSpec, nowMs: number): Refilled {
  const stamp = Number(row.refilled_ms);
  // A clock set back: go on from now with the tokens there are (see the module comment).
  const reset = stamp - nowMs > CLOCK_SET_BACK_MS;
  const last = reset ? nowMs : stamp;
  const stored = Number(row.tokens);
  const elapsed = Math.max(0, nowMs - last);
  // min(capacity, …): a full bucket stays full; the capacity may also have been lowered by a
  // configuration change since the row was written.
  return { key: row.key, spec, tokens: Math.min(spec.capacity, stored + elapsed * spec.perMs), at: Math.max(last, nowMs), reset };
}

function checkLimit(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 2) throw new RangeError(`RateLimiter: ${name} must be a number ≥ 2, got ${value}.`);
  return value;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
