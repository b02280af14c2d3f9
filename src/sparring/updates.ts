/**
 * After a request changed, every copy of its card already delivered (to the group's channel, or to
 * each member's chat) is updated in place — except the one clicked, which the action's answer
 * replaces for the person who clicked. The updates go through the outbox like every proactive
 * message (rate limits, retries), keyed by the request's version so each change updates once.
 */
import type { OutboxRepository } from '../dispatch/outbox.repository.js';
import { personalRefKey } from '../conversations/conversation-ref.repository.js';
import type { SparringRequestRecord } from './sparring.repository.js';

export class SparringCardUpdates {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * The teacher's own copy of the request, in their chat with the bot: delivered like the group's
   * copies, so it is updated in place as the request moves (taken by whom, closed, declined).
   */
  async teacherCopy(request: SparringRequestRecord): Promise<boolean> {
    const aad = request.requestedBy.toLowerCase();
    const row = await this.outbox.enqueue({
      kind: 'sparring-request',
      tenantId: request.tenantId,
      recipientKey: personalRefKey(request.tenantId, aad),
      recipientAadId: aad,
      payload: { requestId: request.id, version: request.version, audience: 'member' },
      idempotencyKey: `sparring-request:${request.id}:teacher:${aad}`,
      dueAt: this.clock(),
    });
    return row !== null;
  }

  /** Plans the in-place updates of `request`'s delivered cards; returns how many. */
  async afterChange(request: SparringRequestRecord, clickedActivityId: string | null): Promise<number> {
    const delivered = await this.outbox.sentWithPrefix(`sparring-request:${request.id}:`);
    let planned = 0;
    for (const copy of delivered) {
      if (!copy.activityId || copy.activityId === clickedActivityId) continue;
      const audience = copy.payload.audience === 'channel' ? 'channel' : 'member';
      const row = await this.outbox.enqueue({
        kind: 'sparring-update',
        tenantId: copy.tenantId,
        recipientKey: copy.recipientKey,
        recipientAadId: copy.recipientAadId,
        payload: { requestId: request.id, version: request.version, audience, activityId: copy.activityId },
        idempotencyKey: `sparring-update:${request.id}:v${request.version}:${copy.activityId}`,
        dueAt: this.clock(),
      });
      if (row) planned += 1;
    }
    return planned;
  }
}
