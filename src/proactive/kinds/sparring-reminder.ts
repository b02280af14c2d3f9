/**
 * `sparring-reminder`: nobody has taken a sparring request in two school days (its SLA, in its
 * school's calendar): the group (its channel, else its members) and the school's leaders are
 * reminded, at the next send time, once per request version. Planned every minute from every
 * instance by the planning loop (src/reminders/planner.ts) through SparringService.remindUnclaimed
 * (src/sparring/sla.ts finds the requests due, `planSparringReminders` here enqueues). Obsolete
 * once someone has taken the request, or its case was closed (closing leaves the request `ny`, and
 * "Tag" is refused on a closed case: nobody can act on the reminder).
 */
import { nextSendTime } from '../../domain/calendar.js';
import { personalRefKey } from '../../conversations/conversation-ref.repository.js';
import { schoolCalendar, type DirectoryLookup } from '../../directory/lookup.js';
import type { OutboxRepository } from '../../dispatch/outbox.repository.js';
import { routeOf, type Recipient } from '../../sparring/routing.js';
import type { SlaDue, SparringReminderPayload } from '../../sparring/sparring.types.js';
import { defineKind, obsolete } from '../kind.js';
import { renderSparringCard } from './sparring-card.js';
import { SparringCardPayload } from './sparring-payload.js';

/** A reminder that could not be sent within a week is no longer worth sending. */
const REMINDER_LIFETIME_MS = 7 * 86_400_000;

const UNCLAIMED_NOTE = 'Ingen har taget denne anmodning i to skoledage. Kan nogen i gruppen tage den?';

/** Enqueues the reminder of every request in `due`; returns how many new rows. */
export async function planSparringReminders(
  deps: { directory: () => DirectoryLookup; outbox: OutboxRepository },
  due: readonly SlaDue[],
  now: Date,
): Promise<number> {
  const lookup = deps.directory();
  let planned = 0;
  for (const { request } of due) {
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
      const row = await deps.outbox.enqueue({
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
  return planned;
}

export const sparringReminder = defineKind({
  label: 'Påmindelse om en anmodning om sparring, som ingen har taget',
  payload: SparringCardPayload,
  plannedBy: 'planSparringReminders (SparringService.remindUnclaimed, run by the planning loop in src/reminders/planner.ts)',
  async render(message, p, context) {
    const request = await context.sparringRequests.get(p.requestId);
    const c = request ? await context.cases.get(request.caseId) : null;
    if (c?.status === 'afsluttet') return obsolete('case closed');
    return renderSparringCard(message, p, context, {
      obsoleteReason: (r) => (r.state !== 'ny' ? 'taken meanwhile' : null),
      note: () => UNCLAIMED_NOTE,
    });
  },
});
