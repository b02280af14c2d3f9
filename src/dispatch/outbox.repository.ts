/**
 * The outbox: every proactive message (reminder, alert, digest) is a row, written by whoever
 * decides it should be sent (in the same transaction as the change that caused it, when there is
 * one) and delivered later by the dispatcher (dispatcher.ts) of any bot instance.
 *
 * Life of a row (states in src/db/schema.ts):
 *
 *   pending ──claim──► sending ──markSent──► sent
 *      ▲                 │ ├──retryLater / release──► pending (later)
 *      │                 │ ├──markFailed──► failed        (too many attempts, or a permanent 4xx)
 *      │                 │ ├──cancel──► cancelled         (obsolete when its time came)
 *      │                 │ ├──expire──► expired           (expires_at passed)
 *      │                 │ └──park──► waiting             (no usable conversation reference)
 *      └──releaseWaiting─────────────── waiting           (the person wrote or installed the app)
 *
 * Claiming. `claim` is ONE statement: it picks the due rows with FOR UPDATE SKIP LOCKED (so two
 * instances claiming at the same moment never get the same row, and neither waits for the other)
 * and leases them to the caller (`lease_owner`, `lease_until`). A row whose lease ran out while it
 * was `sending` (its instance died, or hung) is due again and is taken over the same way; the
 * take-over counts as an attempt, because the dead instance may have been in the middle of sending
 * it (and a row that kills every instance that touches it must end up `failed`, not loop).
 *
 * Transitions. Every move out of `sending` is guarded by `lease_owner = owner and state =
 * 'sending'`, and answers false when the guard fails: the lease was taken over by another instance
 * (which now owns the row), or the row was already moved. A caller that gets false must leave the
 * row alone. Leaving `sending` clears the lease.
 *
 * Delivery is at least once: a send whose outcome could not be recorded (the instance died between
 * the HTTP answer and markSent) is sent again after the take-over.
 */
import { sql, type UpdateObject } from 'kysely';
import type { OutboxKind, OutboxState, Tables } from '../db/schema.js';
import {
  checkDate,
  checkOwner,
  clip,
  compare,
  enqueueSchema,
  escapeLike,
  sealPayload,
  UUID,
  type CancelPendingFilter,
  type EnqueueInput,
  type OutboxExecutor,
  type OutboxMessage,
  type SentInfo,
} from './outbox.records.js';
import { OutboxQueries } from './outbox.queries.js';

export { OUTBOX_KINDS, OUTBOX_STATES, type OutboxKind, type OutboxState } from '../db/schema.js';
export {
  escapeLike,
  type CancelPendingFilter,
  type EnqueueInput,
  type OutboxExecutor,
  type OutboxMessage,
  type SentInfo,
  type WaitingRecipient,
} from './outbox.records.js';
export { OutboxQueries } from './outbox.queries.js';

/** Enqueueing, claiming and the lease's guarded transitions; the reads come from OutboxQueries. */
export class OutboxRepository extends OutboxQueries {
  /**
   * Adds a message; null when a row with the same idempotency key exists already (whatever its
   * state). `executor`: an open transaction, to enqueue together with the change that caused it.
   */
  async enqueue(input: EnqueueInput, executor: OutboxExecutor = this.database.db): Promise<OutboxMessage | null> {
    const parsed = enqueueSchema.safeParse(input);
    if (!parsed.success)
      throw new RangeError(`Invalid outbox message: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const v = parsed.data;
    const row = await executor
      .insertInto('outbox')
      .values({
        kind: v.kind,
        tenant_id: v.tenantId,
        recipient_key: v.recipientKey,
        recipient_aad_id: v.recipientAadId ?? null,
        payload: sealPayload(this.database.keys, v.payload),
        idempotency_key: v.idempotencyKey,
        due_at: v.dueAt,
        expires_at: v.expiresAt ?? null,
        next_attempt_at: v.dueAt,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returningAll()
      .executeTakeFirst();
    return row ? this.message(row) : null;
  }

  /**
   * Leases up to `limit` due rows to `owner` until `now + leaseMs`, earliest first: pending rows
   * whose next attempt is due, and rows whose lease ran out. Rows another transaction is claiming
   * right now are skipped, not waited for. Returned earliest first.
   */
  async claim(owner: string, limit: number, leaseMs: number, now: Date): Promise<OutboxMessage[]> {
    checkOwner(owner);
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`claim: limit must be a positive integer, got ${limit}.`);
    if (!Number.isFinite(leaseMs) || leaseMs <= 0) throw new RangeError(`claim: leaseMs must be positive, got ${leaseMs}.`);
    checkDate(now, 'now');
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const rows = await this.database.db
      .updateTable('outbox')
      .set({
        state: 'sending',
        lease_owner: owner,
        lease_until: leaseUntil,
        // A take-over of a run-out lease counts as an attempt (see the module comment).
        attempts: sql<number>`attempts + case when state = 'sending' then 1 else 0 end`,
        updated_at: sql<Date>`clock_timestamp()`,
      })
      .where('id', 'in', (qb) =>
        qb
          .selectFrom('outbox')
          .select('id')
          .where((eb) =>
            eb.or([
              eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
              eb.and([eb('state', '=', 'sending'), eb('lease_until', '<', now)]),
            ]),
          )
          .orderBy('next_attempt_at')
          .orderBy('id')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .returningAll()
      .execute();
    return rows.map(this.message).sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || compare(a.id, b.id));
  }

  /** Sent: records Teams' activity id and conversation. */
  markSent(id: string, owner: string, sent: SentInfo): Promise<boolean> {
    return this.transition(id, owner, {
      state: 'sent',
      attempts: sql<number>`attempts + 1`,
      sent_at: sql<Date>`clock_timestamp()`,
      activity_id: sent.activityId,
      conversation_id: sent.conversationId,
      last_error: null,
    });
  }

  /** A failed attempt worth repeating: back to pending, due at `nextAttemptAt`; counts an attempt. */
  retryLater(id: string, owner: string, nextAttemptAt: Date, error: string): Promise<boolean> {
    checkDate(nextAttemptAt, 'nextAttemptAt');
    return this.transition(id, owner, {
      state: 'pending',
      attempts: sql<number>`attempts + 1`,
      next_attempt_at: nextAttemptAt,
      last_error: clip(error),
    });
  }

  /**
   * Given up (a permanent error, or too many attempts); counts an attempt, unless `countAttempt`
   * is false (giving up on a taken-over row whose attempts are spent: nothing was tried now).
   */
  markFailed(id: string, owner: string, error: string, options: { countAttempt?: boolean } = {}): Promise<boolean> {
    const attempts = options.countAttempt === false ? sql<number>`attempts` : sql<number>`attempts + 1`;
    return this.transition(id, owner, { state: 'failed', attempts, last_error: clip(error) });
  }

  /** No usable conversation reference: waits (state `waiting`) until `releaseWaiting` for its recipient. */
  park(id: string, owner: string, reason: string): Promise<boolean> {
    return this.transition(id, owner, { state: 'waiting', last_error: clip(reason) });
  }

  /** Obsolete when its time came (e.g. the plan was evaluated meanwhile). */
  cancel(id: string, owner: string, reason: string): Promise<boolean> {
    return this.transition(id, owner, { state: 'cancelled', last_error: clip(reason) });
  }

  /** Its expires_at passed before it could be sent. */
  expire(id: string, owner: string): Promise<boolean> {
    return this.transition(id, owner, { state: 'expired' });
  }

  /**
   * Back to pending at `nextAttemptAt` WITHOUT counting an attempt: nothing was sent (rate limited
   * here, the lease about to run out, the instance stopping).
   */
  release(id: string, owner: string, nextAttemptAt: Date): Promise<boolean> {
    checkDate(nextAttemptAt, 'nextAttemptAt');
    return this.transition(id, owner, { state: 'pending', next_attempt_at: nextAttemptAt });
  }

  /**
   * The recipient is reachable again (wrote to the bot or installed it): every `waiting` row of
   * theirs becomes pending and due at `now`, except those whose expires_at has passed, which become
   * `expired`. Returns how many were made pending.
   */
  async releaseWaiting(recipientKey: string, now: Date): Promise<number> {
    checkDate(now, 'now');
    const expired = sql<boolean>`(expires_at is not null and expires_at <= ${now})`;
    const rows = await this.database.db
      .updateTable('outbox')
      .set({
        state: sql<OutboxState>`case when ${expired} then 'expired' else 'pending' end`,
        next_attempt_at: sql<Date>`case when ${expired} then next_attempt_at else ${now} end`,
        updated_at: sql<Date>`clock_timestamp()`,
      })
      .where('recipient_key', '=', recipientKey)
      .where('state', '=', 'waiting')
      .returning('state')
      .execute();
    return rows.filter((r) => r.state === 'pending').length;
  }

  /**
   * Cancels pending and waiting rows known to be obsolete (e.g. every reminder of a plan that was
   * evaluated: keys starting with `evaluation-reminder:<planId>:`). Rows being sent right now are
   * left alone: the renderer finds them obsolete. Returns how many were cancelled.
   */
  async cancelPending(filter: CancelPendingFilter, executor: OutboxExecutor = this.database.db): Promise<number> {
    if (!filter.keyPrefix) throw new RangeError('cancelPending needs a non-empty keyPrefix.');
    let query = executor
      .updateTable('outbox')
      .set({ state: 'cancelled', last_error: clip(filter.reason ?? 'obsolete'), updated_at: sql<Date>`clock_timestamp()` })
      .where(sql<boolean>`idempotency_key like ${`${escapeLike(filter.keyPrefix)}%`} escape '\\'`)
      .where('state', 'in', ['pending', 'waiting']);
    if (filter.recipientKey !== undefined) query = query.where('recipient_key', '=', filter.recipientKey);
    const rows = await query.returning('id').execute();
    return rows.length;
  }

  /**
   * Merges, per recipient, the pending and waiting rows of `kind` that are due at the same moment
   * (two or more) into fewer rows, so a person gets one message for them (the evaluation reminders
   * of several plans). Each set is merged in one transaction: its rows are cancelled (`reason`) and
   * the rows `merge(rows)` returns are enqueued in their place; when it returns none, or one of them
   * cannot be enqueued (its key is taken), nothing changes. A row claimed meanwhile is not in the set: it is sent as it is, never twice.
   * Returns how many merged rows were enqueued.
   */
  async mergeDue(
    filter: { kind: OutboxKind; tenantId: string },
    reason: string,
    merge: (rows: OutboxMessage[]) => EnqueueInput[],
  ): Promise<number> {
    const sets = await this.database.db
      .selectFrom('outbox')
      .select(['recipient_key', 'due_at'])
      .where('kind', '=', filter.kind)
      .where('tenant_id', '=', filter.tenantId)
      .where('state', 'in', ['pending', 'waiting'])
      .groupBy(['recipient_key', 'due_at'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute();
    let merged = 0;
    for (const set of sets) {
      const done = await this.database.db
        .transaction()
        .execute(async (trx) => {
          const rows = await trx
            .updateTable('outbox')
            .set({ state: 'cancelled', last_error: clip(reason), updated_at: sql<Date>`clock_timestamp()` })
            .where('kind', '=', filter.kind)
            .where('tenant_id', '=', filter.tenantId)
            .where('recipient_key', '=', set.recipient_key)
            .where('due_at', '=', set.due_at)
            .where('state', 'in', ['pending', 'waiting'])
            .returningAll()
            .execute();
          if (rows.length < 2) throw new NotMerged();
          const messages = rows.map(this.message).sort((a, b) => compare(a.idempotencyKey, b.idempotencyKey));
          const inputs = merge(messages);
          if (inputs.length === 0) throw new NotMerged();
          for (const input of inputs) if (!(await this.enqueue(input, trx))) throw new NotMerged();
          return true;
        })
        .catch((error: unknown) => {
          if (error instanceof NotMerged) return false;
          throw error;
        });
      if (done) merged += 1;
    }
    return merged;
  }

  /** One guarded move out of `sending`; false when `owner` no longer holds the row's lease. */
  private async transition(id: string, owner: string, set: UpdateObject<Tables, 'outbox'>): Promise<boolean> {
    checkOwner(owner);
    if (!UUID.test(id)) return false;
    const rows = await this.database.db
      .updateTable('outbox')
      .set(set)
      .set({ lease_owner: null, lease_until: null, updated_at: sql<Date>`clock_timestamp()` })
      .where('id', '=', id)
      .where('lease_owner', '=', owner)
      .where('state', '=', 'sending')
      .returning('id')
      .execute();
    return rows.length > 0;
  }
}

/** Rolls a merge's transaction back: its set was claimed meanwhile, or a merged row's key is taken. */
class NotMerged extends Error {}
