/**
 * After a request changed, every copy of its card already delivered (to the group's channel, or to
 * each member's chat) is updated in place — except the one clicked, which the action's answer
 * replaces for the person who clicked. The updates go through the outbox like every proactive
 * message (rate limits, retries), keyed by the request's version so each change updates once.
 *
 * Both the teacher's copy and the in-place updates are written in the transaction of the change
 * that causes them (the `trx` the repository hands its `after` callback), so a crash after the
 * commit cannot lose them: the change and its messages are stored together or not at all.
 * The rows themselves are the `sparring-request` and `sparring-update` kinds (src/proactive/kinds/);
 * this class gives SparringService the clock and the outbox they are written with.
 */
import type { OutboxExecutor, OutboxRepository } from '../dispatch/outbox.repository.js';
import { enqueueTeacherCopy } from '../proactive/kinds/sparring-request.js';
import { enqueueCardUpdates } from '../proactive/kinds/sparring-update.js';
import type { SparringRequestRecord } from './sparring.repository.js';

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
  teacherCopy(request: SparringRequestRecord, executor?: OutboxExecutor): Promise<boolean> {
    return enqueueTeacherCopy(this.outbox, request, this.clock(), executor);
  }

  /** Plans the in-place updates of `request`'s delivered cards, in the change's transaction `trx`; returns how many. */
  afterChange(request: SparringRequestRecord, clickedActivityId: string | null, trx: OutboxExecutor): Promise<number> {
    return enqueueCardUpdates(this.outbox, trx, request, clickedActivityId, this.clock());
  }
}
