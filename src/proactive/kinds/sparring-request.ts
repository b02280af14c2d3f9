/**
 * `sparring-request`: a sparring request's card, posted to its group's channel (the group's shared
 * card) or to each member's chat (that member's own buttons), and the teacher's own copy in their
 * chat with the bot. Its rows are written by SparringService in the transaction of the change that
 * causes them (a crash after the commit cannot lose them): the group's copies by `enqueueRequest`
 * (src/sparring/routing.ts), the teacher's copy by `enqueueTeacherCopy` here (through
 * SparringCardUpdates.teacherCopy, src/sparring/updates.ts). Every delivered copy is later updated
 * in place by `sparring-update` rows.
 */
import { personalRefKey } from '../../conversations/conversation-ref.repository.js';
import type { OutboxExecutor, OutboxRepository } from '../../dispatch/outbox.repository.js';
import type { SparringRequestRecord } from '../../sparring/sparring.repository.js';
import type { SparringRequestPayload } from '../../sparring/sparring.types.js';
import { defineKind } from '../kind.js';
import { renderSparringCard } from './sparring-card.js';
import { SparringCardPayload } from './sparring-payload.js';

/** The idempotency keys of a request's copies start with this (the updates find them by it). */
export const requestCopyPrefix = (requestId: string): string => `sparring-request:${requestId}:`;

/**
 * The teacher's own copy of the request, in their chat with the bot: delivered like the group's
 * copies, so it is updated in place as the request moves (taken by whom, closed, declined). Keyed
 * by the request alone: enqueued again (a repeated send), it is still one copy. `executor`: the
 * change's transaction, when there is one.
 */
export async function enqueueTeacherCopy(
  outbox: OutboxRepository,
  request: SparringRequestRecord,
  now: Date,
  executor?: OutboxExecutor,
): Promise<boolean> {
  const aad = request.requestedBy.toLowerCase();
  const payload: SparringRequestPayload = { requestId: request.id, version: request.version, audience: 'member' };
  const row = await outbox.enqueue(
    {
      kind: 'sparring-request',
      tenantId: request.tenantId,
      recipientKey: personalRefKey(request.tenantId, aad),
      recipientAadId: aad,
      payload,
      idempotencyKey: `${requestCopyPrefix(request.id)}teacher:${aad}`,
      dueAt: now,
    },
    executor,
  );
  return row !== null;
}

export const sparringRequest = defineKind({
  label: 'Anmodning om sparring',
  payload: SparringCardPayload,
  plannedBy: "SparringService, in the change's transaction: enqueueRequest (src/sparring/routing.ts) and enqueueTeacherCopy (here)",
  render: (message, p, context) => renderSparringCard(message, p, context, { note: () => null }),
});
