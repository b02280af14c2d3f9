/**
 * The SLA of sparring requests: a request nobody has taken in two school days (in its school's
 * calendar) is due a reminder, to its pool (channel, else members) and the school's leaders, once
 * per request version. Run by the reminder planner every minute from every instance; one unit
 * because it only reads requests and writes outbox rows, apart from every other command.
 */
import { nextSendTime } from '../domain/calendar.js';
import { slaDeadline } from '../domain/sparring.js';
import { personalRefKey } from '../conversations/conversation-ref.repository.js';
import { routeOf, type Recipient } from './routing.js';
import { schoolCalendar } from '../directory/lookup.js';
import type { SlaDue, SparringReminderPayload, SparringServiceDeps } from './sparring.types.js';

/** A reminder that could not be sent within a week is no longer worth sending. */
const REMINDER_LIFETIME_MS = 7 * 86_400_000;

export class SparringSla {
  constructor(private readonly deps: SparringServiceDeps) {}

  /** Unclaimed requests that have waited two school days (in their school's calendar) by `now`. */
  async slaDue(now: Date): Promise<SlaDue[]> {
    const lookup = this.deps.directory();
    // Two school days are at least two calendar days (47 hours across a change to summer time):
    // older rows are the only candidates.
    const candidates = await this.deps.requests.listUnclaimedOlderThan(new Date(now.getTime() - 47 * 3_600_000 + 1), {
      tenantId: lookup.directory.tenantId,
      limit: 10_000,
    });
    const due: SlaDue[] = [];
    for (const request of candidates) {
      const deadline = slaDeadline(request.routedAt, schoolCalendar(lookup, request.schoolId));
      if (deadline.getTime() <= now.getTime()) due.push({ request, deadline });
    }
    return due;
  }

  /**
   * Enqueues the SLA reminder of every request due by `now`: to the pool (its channel, else its
   * members) and the school's leaders, at the next send time, once per request version. Safe to
   * run from every instance every minute. Returns how many new rows were enqueued.
   */
  async remindUnclaimed(now: Date): Promise<{ planned: number }> {
    const lookup = this.deps.directory();
    let planned = 0;
    for (const { request } of await this.slaDue(now)) {
      const cal = schoolCalendar(lookup, request.schoolId);
      const dueAt = nextSendTime(now, cal);
      const route = routeOf(lookup, { pool: request.pool, owner: request.poolOwner }, request.tenantId);
      const recipients: Recipient[] = [...route.recipients];
      for (const leader of lookup.leadersOf(request.schoolId)) {
        const aadId = leader.aadObjectId.toLowerCase();
        const key = personalRefKey(request.tenantId, aadId);
        if (!recipients.some((r) => r.key === key)) recipients.push({ key, aadId, audience: 'leader' });
      }
      for (const recipient of recipients) {
        const payload: SparringReminderPayload = { requestId: request.id, version: request.version, audience: recipient.audience };
        const row = await this.deps.outbox.enqueue({
          kind: 'sparring-reminder',
          tenantId: request.tenantId,
          recipientKey: recipient.key,
          recipientAadId: recipient.aadId,
          payload,
          idempotencyKey: `sparring-reminder:${request.id}:v${request.version}:${recipient.key}`,
          dueAt,
          expiresAt: new Date(dueAt.getTime() + REMINDER_LIFETIME_MS),
        });
        if (row) planned += 1;
      }
    }
    return { planned };
  }
}
