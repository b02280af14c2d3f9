/**
 * `revisitation-reminder`: a saved PKU referral is to be looked at again on its revisitation date
 * (the referral form proposes 11 months after the decision, see domain/schedule.ts
 * `revisitationReminder`). Planned by the reminder planner (src/reminders/planner.ts) at
 * working-hours start of that school day, to the school's leaders and the tovholder; obsolete once
 * the referral is no longer saved or its case no longer open.
 */
import { z } from '../../domain/zod.js';
import { nextSendTime, schoolDayOnOrAfter, workdayStart } from '../../domain/calendar.js';
import { schoolCalendar, type DirectoryLookup } from '../../directory/lookup.js';
import { personalRefKey } from '../../conversations/conversation-ref.repository.js';
import { revisitationReminderCard } from '../../cards/index.js';
import { cardActivity, defineKind, obsolete, send } from '../kind.js';
import { IsoDate, PLAN_AHEAD_MS, REMINDER_LIFETIME_MS, Role, planContext, planRecipients, type PlanningDeps } from './plan-reminder.js';

export const RevisitationPayload = z.object({ planId: z.uuid(), revisitationDate: IsoDate, role: Role });
export type RevisitationPayload = z.input<typeof RevisitationPayload>;

/** Plans the revisitation reminders due up to `now` + PLAN_AHEAD_MS; returns how many new rows. */
export async function planRevisitationReminders(deps: PlanningDeps, lookup: DirectoryLookup, now: Date): Promise<number> {
  const tenantId = lookup.directory.tenantId;
  const referrals = await deps.plans.savedWithDate('henvisning-pku', 'revisitationDate', { tenantId });
  let planned = 0;
  for (const plan of referrals) {
    const cal = schoolCalendar(lookup, plan.case.schoolId);
    const at = workdayStart(schoolDayOnOrAfter(plan.date, cal), cal);
    if (at.getTime() > now.getTime() + PLAN_AHEAD_MS) continue;
    const expiresAt = new Date(at.getTime() + REMINDER_LIFETIME_MS);
    if (expiresAt.getTime() <= now.getTime()) continue;
    for (const { aad, role } of planRecipients(lookup, plan)) {
      const payload: RevisitationPayload = { planId: plan.id, revisitationDate: plan.date, role };
      const row = await deps.outbox.enqueue({
        kind: 'revisitation-reminder',
        tenantId,
        recipientKey: personalRefKey(tenantId, aad),
        recipientAadId: aad,
        payload,
        idempotencyKey: `revisit:${plan.id}:${plan.date}:${aad}`,
        dueAt: at.getTime() < now.getTime() ? nextSendTime(now, cal) : at,
        expiresAt,
      });
      if (row) planned += 1;
    }
  }
  return planned;
}

export const revisitationReminder = defineKind({
  label: 'Påmindelse om genvurdering',
  payload: RevisitationPayload,
  plannedBy: 'planRevisitationReminders (the reminder planner, src/reminders/planner.ts)',
  async render(_message, p, context) {
    const ctx = await planContext(context, p.planId);
    if (!ctx) return obsolete('referral no longer open');
    return send(
      cardActivity(
        revisitationReminderCard({
          caseId: ctx.c.id,
          planId: ctx.plan.id,
          pseudonym: ctx.c.pseudonym,
          schoolName: ctx.schoolName,
          teamName: ctx.teamName,
          revisitationDate: p.revisitationDate,
        }),
      ),
    );
  },
});
