/**
 * Reads of the outbox that move nothing: the admin view's lists and counts, one row by id or key,
 * and the delivered copies of a card (to update it in place). OutboxRepository extends this with
 * enqueueing and the lease's transitions (outbox.repository.ts). Every row is mapped with the
 * database's keys, which open its sealed payload (outbox.records.ts).
 */
import { clampLimit } from '../db/paging.js';
import type { Database } from '../db/database.js';
import type { Selectable } from 'kysely';
import { OUTBOX_STATES, type OutboxState, type OutboxTable } from '../db/schema.js';
import { toDate } from '../cases/case.repository.js';
import { escapeLike, toMessage, UUID, type OutboxExecutor, type OutboxMessage, type WaitingRecipient } from './outbox.records.js';

/** The admin lists read at most 1000 rows, 100 when the caller's limit is not a positive integer. */
const LIST_LIMIT = { max: 1000, fallback: 100 };

export class OutboxQueries {
  constructor(protected readonly database: Database) {}

  /** A row as the rest of the bot sees it, its payload opened. */
  protected readonly message = (row: Selectable<OutboxTable>): OutboxMessage => toMessage(row, this.database.keys);

  /** Failed rows, most recently failed first (admin view). */
  async failed(limit = 100): Promise<OutboxMessage[]> {
    const rows = await this.database.db
      .selectFrom('outbox')
      .selectAll()
      .where('state', '=', 'failed')
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(clampLimit(limit, LIST_LIMIT))
      .execute();
    return rows.map(this.message);
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
    return row ? this.message(row) : null;
  }

  async findByKey(idempotencyKey: string): Promise<OutboxMessage | null> {
    const row = await this.database.db.selectFrom('outbox').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
    return row ? this.message(row) : null;
  }

  /**
   * Sent rows whose idempotency key starts with `prefix`, with the id Teams gave each message:
   * where a card was delivered, so it can be updated in place. `executor`: an open transaction, to
   * read them inside the change that updates them (on PGlite the database would wait for it).
   */
  async sentWithPrefix(prefix: string, limit = 200, executor: OutboxExecutor = this.database.db): Promise<OutboxMessage[]> {
    const rows = await executor
      .selectFrom('outbox')
      .selectAll()
      .where('idempotency_key', 'like', `${escapeLike(prefix)}%`)
      .where('state', '=', 'sent')
      .where('activity_id', 'is not', null)
      .orderBy('sent_at', 'asc')
      .limit(clampLimit(limit, LIST_LIMIT))
      .execute();
    return rows.map(this.message);
  }
}
