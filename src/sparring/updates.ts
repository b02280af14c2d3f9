/**
 * After a request changed, every copy of its card already delivered (to the group's channel, or to
 * each member's chat) is updated in place — except the one clicked, which the action's answer
 * replaces for the person who clicked. The updates go through the outbox like every proactive
 * message (rate limits, retries), keyed by the request's version so each change updates once.
 *
 * Both the teacher's copy and the in-place updates are written in the transaction of the change
 * that causes them (the `trx` the repository hands its `after` callback), so a crash after the
 * commit cannot lose them: the change and its messages are stored together or not at all.
 */
import { escapeLike, type OutboxExecutor, type OutboxRepository } from '../dispatch/outbox.repository.js';
import { personalRefKey } from '../conversations/conversation-ref.repository.js';
import type { SparringRequestRecord } from './sparring.repository.js';

/** As many delivered copies as `OutboxRepository.sentWithPrefix` reads by default. */
const DELIVERED_MAX = 200;

export class SparringCardUpdates {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * The teacher's own copy of the request, in their chat with the bot: delivered like the group's
   * copies, so it is updated in place as the request moves (taken by whom, closed, declined).
   * Keyed by the request alone: enqueued again (a repeated send), it is still one copy.
   */
  async teacherCopy(request: SparringRequestRecord, executor?: OutboxExecutor): Promise<boolean> {
    const aad = request.requestedBy.toLowerCase();
    const row = await this.outbox.enqueue(
      {
        kind: 'sparring-request',
        tenantId: request.tenantId,
        recipientKey: personalRefKey(request.tenantId, aad),
        recipientAadId: aad,
        payload: { requestId: request.id, version: request.version, audience: 'member' },
        idempotencyKey: `sparring-request:${request.id}:teacher:${aad}`,
        dueAt: this.clock(),
      },
      executor,
    );
    return row !== null;
  }

  /** Plans the in-place updates of `request`'s delivered cards, in the change's transaction `trx`; returns how many. */
  async afterChange(request: SparringRequestRecord, clickedActivityId: string | null, trx: OutboxExecutor): Promise<number> {
    const delivered = await deliveredCopies(trx, `sparring-request:${request.id}:`);
    let planned = 0;
    for (const copy of delivered) {
      if (!copy.activityId || copy.activityId === clickedActivityId) continue;
      const audience = copy.payload.audience === 'channel' ? 'channel' : 'member';
      const row = await this.outbox.enqueue(
        {
          kind: 'sparring-update',
          tenantId: copy.tenantId,
          recipientKey: copy.recipientKey,
          recipientAadId: copy.recipientAadId,
          payload: { requestId: request.id, version: request.version, audience, activityId: copy.activityId },
          idempotencyKey: `sparring-update:${request.id}:v${request.version}:${copy.activityId}`,
          dueAt: this.clock(),
        },
        trx,
      );
      if (row) planned += 1;
    }
    return planned;
  }
}

/**
 * The copies sent under `prefix` with the id Teams gave each, read through the change's
 * transaction (the query of `OutboxRepository.sentWithPrefix`, which reads only through the
 * database: inside a transaction on PGlite that would wait for the transaction itself).
 */
async function deliveredCopies(trx: OutboxExecutor, prefix: string) {
  const rows = await trx
    .selectFrom('outbox')
    .select(['tenant_id', 'recipient_key', 'recipient_aad_id', 'payload', 'activity_id'])
    .where('idempotency_key', 'like', `${escapeLike(prefix)}%`)
    .where('state', '=', 'sent')
    .where('activity_id', 'is not', null)
    .orderBy('sent_at', 'asc')
    .limit(DELIVERED_MAX)
    .execute();
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    recipientKey: r.recipient_key,
    recipientAadId: r.recipient_aad_id,
    payload: r.payload,
    activityId: r.activity_id,
  }));
}
