/**
 * The SLA of sparring requests: a request nobody has taken in two school days (in its school's
 * calendar) is due a reminder, to its pool (channel, else members) and the school's leaders, once
 * per request version. Run by the reminder planner every minute from every instance; one unit
 * because it only reads requests and writes outbox rows, apart from every other command. The
 * reminder's rows, payload and card are the `sparring-reminder` kind (src/proactive/kinds/).
 */
import { slaDeadline } from '../domain/sparring.js';
import { schoolCalendar } from '../directory/lookup.js';
import { planSparringReminders } from '../proactive/kinds/sparring-reminder.js';
import type { SlaDue, SparringServiceDeps } from './sparring.types.js';

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
    return { planned: await planSparringReminders(this.deps, await this.slaDue(now), now) };
  }
}
