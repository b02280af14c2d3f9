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
import { sql, type Kysely, type Selectable, type UpdateObject } from 'kysely';
import { toDate } from '../cases/case.repository.js';
import type { Database } from '../db/database.js';
import { toJsonb } from '../db/json.js';
import { OUTBOX_KINDS, OUTBOX_STATES, type OutboxKind, type OutboxState, type OutboxTable, type Tables } from '../db/schema.js';
import { z } from '../domain/zod.js';

export { OUTBOX_KINDS, OUTBOX_STATES, type OutboxKind, type OutboxState } from '../db/schema.js';

/** The database or an open transaction (a Kysely Transaction is a Kysely). */
export type OutboxExecutor = Kysely<Tables>;

export interface OutboxMessage {
  id: string;
  kind: OutboxKind;
  tenantId: string;
  /** A conversation_refs key: `user:<tenant>:<aad>` or `conv:<conversationId>`. */
  recipientKey: string;
  recipientAadId: string | null;
  payload: Record<string, unknown>;
  idempotencyKey: string;
  dueAt: Date;
  expiresAt: Date | null;
  state: OutboxState;
  /** Send attempts made so far (sent, retried or failed; a lease take-over counts too). */
  attempts: number;
  nextAttemptAt: Date;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  /** Why the row last failed, was parked or cancelled (a short technical text, never the payload). */
  lastError: string | null;
  sentAt: Date | null;
  /** The id Teams gave the sent activity, and its conversation (to update the card later). */
  activityId: string | null;
  conversationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface EnqueueInput {
  kind: OutboxKind;
  tenantId: string;
  recipientKey: string;
  recipientAadId?: string | null;
  payload: Record<string, unknown>;
  /** Unique over the whole outbox: a second enqueue with the same key does nothing. */
  idempotencyKey: string;
  dueAt: Date;
  /** After this the message is no longer worth sending (it becomes `expired`). */
  expiresAt?: Date | null;
}

export interface SentInfo {
  activityId: string | null;
  conversationId: string | null;
}

export interface CancelPendingFilter {
  /** Rows whose idempotency key starts with this text (taken literally: `%` and `_` are not wildcards). */
  keyPrefix: string;
  /** Only this recipient's rows. */
  recipientKey?: string;
  /** Stored as last_error (default 'obsolete'). */
  reason?: string;
}

/** A recipient with messages parked for want of a usable conversation reference. */
export interface WaitingRecipient {
  recipientKey: string;
  recipientAadId: string | null;
  tenantId: string;
  count: number;
  oldestDueAt: Date;
}

const date = z.date().refine((d) => Number.isFinite(d.getTime()), { message: 'ugyldig dato' });

const enqueueSchema = z.object({
  kind: z.enum(OUTBOX_KINDS),
  tenantId: z.string().min(1).max(200),
  recipientKey: z.string().regex(/^(user:[^:]+:.+|conv:.+)$/).max(1000),
  recipientAadId: z.string().min(1).max(200).nullish(),
  payload: z.record(z.string(), z.unknown()),
  idempotencyKey: z.string().min(1).max(500),
  dueAt: date,
  expiresAt: date.nullish(),
});

// Outbox ids are uuids; anything else is simply "no such row", not an SQL error.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** last_error is for people reading the admin view: keep it short. */
const ERROR_MAX = 1000;

export class OutboxRepository {
  constructor(private readonly database: Database) {}

  /**
   * Adds a message; null when a row with the same idempotency key exists already (whatever its
   * state). `executor`: an open transaction, to enqueue together with the change that caused it.
   */
  async enqueue(input: EnqueueInput, executor: OutboxExecutor = this.database.db): Promise<OutboxMessage | null> {
    const parsed = enqueueSchema.safeParse(input);
    if (!parsed.success) throw new RangeError(`Invalid outbox message: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const v = parsed.data;
    const row = await executor
      .insertInto('outbox')
      .values({
        kind: v.kind,
        tenant_id: v.tenantId,
        recipient_key: v.recipientKey,
        recipient_aad_id: v.recipientAadId ?? null,
        payload: toJsonb(v.payload),
        idempotency_key: v.idempotencyKey,
        due_at: v.dueAt,
        expires_at: v.expiresAt ?? null,
        next_attempt_at: v.dueAt,
      })
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returningAll()
      .executeTakeFirst();
    return row ? toMessage(row) : null;
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
    return rows.map(toMessage).sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || compare(a.id, b.id));
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

  /** Failed rows, most recently failed first (admin view). */
  async failed(limit = 100): Promise<OutboxMessage[]> {
    const rows = await this.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('state', '=', 'failed')
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(clampLimit(limit))
      .execute();
    return rows.map(toMessage);
  }

  /** Recipients with parked messages, the longest waiting first (admin view: "not reachable yet"). */
  async waitingRecipients(): Promise<WaitingRecipient[]> {
    const rows = await this.database.db
      .selectFrom('outbox')
      .select((eb) => [
        'recipient_key',
        'recipient_aad_id',
        'tenant_id',
        eb.fn.countAll<number | string>().as('count'),
        eb.fn.min('due_at').as('oldest_due_at'),
      ])
      .where('state', '=', 'waiting')
      .groupBy(['recipient_key', 'recipient_aad_id', 'tenant_id'])
      .orderBy('oldest_due_at')
      .orderBy('recipient_key')
      .execute();
    return rows.map((r) => ({
      recipientKey: r.recipient_key,
      recipientAadId: r.recipient_aad_id,
      tenantId: r.tenant_id,
      count: Number(r.count),
      oldestDueAt: toDate(r.oldest_due_at),
    }));
  }

  /** How many rows are in each state (every state present, 0 when none). */
  async countsByState(): Promise<Record<OutboxState, number>> {
    const rows = await this.database.db
      .selectFrom('outbox')
      .select((eb) => ['state', eb.fn.countAll<number | string>().as('count')])
      .groupBy('state')
      .execute();
    const counts = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as Record<OutboxState, number>;
    for (const r of rows) counts[r.state] = Number(r.count);
    return counts;
  }

  async get(id: string): Promise<OutboxMessage | null> {
    if (!UUID.test(id)) return null;
    const row = await this.database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toMessage(row) : null;
  }

  async findByKey(idempotencyKey: string): Promise<OutboxMessage | null> {
    const row = await this.database.db.selectFrom('outbox').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
    return row ? toMessage(row) : null;
  }

  /**
   * Sent rows whose idempotency key starts with `prefix`, with the id Teams gave each message:
   * where a card was delivered, so it can be updated in place.
   */
  async sentWithPrefix(prefix: string, limit = 200): Promise<OutboxMessage[]> {
    const rows = await this.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('idempotency_key', 'like', `${escapeLike(prefix)}%`)
      .where('state', '=', 'sent')
      .where('activity_id', 'is not', null)
      .orderBy('sent_at', 'asc')
      .limit(clampLimit(limit))
      .execute();
    return rows.map(toMessage);
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

/** `like` pattern text matching `text` literally (backslash is the escape character). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toMessage(row: Selectable<OutboxTable>): OutboxMessage {
  return {
    id: row.id,
    kind: row.kind,
    tenantId: row.tenant_id,
    recipientKey: row.recipient_key,
    recipientAadId: row.recipient_aad_id,
    payload: row.payload,
    idempotencyKey: row.idempotency_key,
    dueAt: toDate(row.due_at),
    expiresAt: row.expires_at === null ? null : toDate(row.expires_at),
    state: row.state,
    attempts: Number(row.attempts),
    nextAttemptAt: toDate(row.next_attempt_at),
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until === null ? null : toDate(row.lease_until),
    lastError: row.last_error,
    sentAt: row.sent_at === null ? null : toDate(row.sent_at),
    activityId: row.activity_id,
    conversationId: row.conversation_id,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

function checkOwner(owner: string): void {
  if (typeof owner !== 'string' || owner.length === 0) throw new RangeError('An outbox lease needs a non-empty owner (the instance id).');
}

function checkDate(value: Date, name: string): void {
  if (!(value instanceof Date) || !Number.isFinite(value.getTime())) throw new RangeError(`${name} must be a valid Date.`);
}

function clip(text: string): string {
  return text.length > ERROR_MAX ? `${text.slice(0, ERROR_MAX - 1)}…` : text;
}

function clampLimit(limit: number): number {
  return Number.isSafeInteger(limit) ? Math.min(Math.max(limit, 1), 1000) : 100;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
