/**
 * `evaluation-reminder`: a saved plan of an open case is due for evaluation. Planned by the reminder
 * planner (src/reminders/planner.ts) every minute: "due soon" two school days before the evaluation
 * date, "due" on it, "overdue" three school days after, at working-hours start in the school's
 * calendar (domain/schedule.ts), to the school's leaders and the plan's tovholder. The key holds
 * the evaluation date, so a new date (a new version, an evaluation with a next date) plans new
 * reminders; rows for an old date are obsolete when their time comes. Reminders are planned a
 * little ahead (PLAN_AHEAD_MS) rather than all at once. A reminder whose time had already passed
 * when it is first planned is sent at the next send time if it is the latest one that passed;
 * earlier ones are skipped (no three reminders at once). Snoozing (ReminderService) enqueues a row
 * of this kind with `snoozed`.
 */
import { z } from '../../domain/zod.js';
import { addCalendarDays, copenhagenDate, nextSendTime } from '../../domain/calendar.js';
import { EVALUATION_REMINDER_KINDS, evaluationReminders, type EvaluationReminderKind } from '../../domain/schedule.js';
import { schoolCalendar, type DirectoryLookup } from '../../directory/lookup.js';
import { personalRefKey } from '../../conversations/conversation-ref.repository.js';
import { evaluationReminderCard } from '../../cards/index.js';
import { cardActivity, defineKind, obsolete, send } from '../kind.js';
import { IsoDate, PLAN_AHEAD_MS, REMINDER_LIFETIME_MS, Role, planContext, planRecipients, type PlanningDeps } from './plan-reminder.js';

/** How far ahead saved plans are read: the "due soon" reminder before a long holiday is weeks ahead. */
const HORIZON_DAYS = 60;

export const EvaluationReminderPayload = z.object({
  planId: z.uuid(),
  evaluationDate: IsoDate,
  kind: z.enum(EVALUATION_REMINDER_KINDS),
  role: Role,
  /** A snoozed reminder: its kind is worked out again from the date when it is sent. */
  snoozed: z.boolean().optional(),
});
export type EvaluationReminderPayload = z.input<typeof EvaluationReminderPayload>;

export function evaluationKeyPrefix(planId: string, evaluationDate: string): string {
  return `eval:${planId}:${evaluationDate}:`;
}

/** Which reminder a date is, seen from `today`: before it "due soon", on it "due", after it "overdue". */
export function kindOn(evaluationDate: string, today: string): EvaluationReminderKind {
  if (today < evaluationDate) return 'due-soon';
  return today === evaluationDate ? 'due' : 'overdue';
}

/** Plans the evaluation reminders due up to `now` + PLAN_AHEAD_MS; returns how many new rows. */
export async function planEvaluationReminders(deps: PlanningDeps, lookup: DirectoryLookup, now: Date): Promise<number> {
  const tenantId = lookup.directory.tenantId;
  const horizon = addCalendarDays(copenhagenDate(now), HORIZON_DAYS);
  const plans = await deps.plans.dueForEvaluation(horizon, { tenantId, limit: 10_000 });
  let planned = 0;
  for (const plan of plans) {
    if (!plan.evaluationDate) continue;
    const cal = schoolCalendar(lookup, plan.case.schoolId);
    const reminders = evaluationReminders(plan.evaluationDate, cal);
    const passed = reminders.filter((r) => r.at.getTime() <= now.getTime());
    const latestPassed = passed[passed.length - 1];
    for (const reminder of reminders) {
      if (reminder.at.getTime() > now.getTime() + PLAN_AHEAD_MS) continue;
      if (reminder.at.getTime() <= now.getTime() && reminder !== latestPassed) continue;
      const expiresAt = new Date(reminder.at.getTime() + REMINDER_LIFETIME_MS);
      if (expiresAt.getTime() <= now.getTime()) continue;
      const dueAt = reminder.at.getTime() < now.getTime() ? nextSendTime(now, cal) : reminder.at;
      for (const { aad, role } of planRecipients(lookup, plan)) {
        const payload: EvaluationReminderPayload = { planId: plan.id, evaluationDate: plan.evaluationDate, kind: reminder.kind, role };
        const row = await deps.outbox.enqueue({
          kind: 'evaluation-reminder',
          tenantId,
          recipientKey: personalRefKey(tenantId, aad),
          recipientAadId: aad,
          payload,
          idempotencyKey: `${evaluationKeyPrefix(plan.id, plan.evaluationDate)}${reminder.kind}:${aad}`,
          dueAt,
          expiresAt,
        });
        if (row) planned += 1;
      }
    }
  }
  return planned;
}

export const evaluationReminder = defineKind({
  label: 'Påmindelse om evaluering',
  payload: EvaluationReminderPayload,
  plannedBy: 'planEvaluationReminders (the reminder planner, src/reminders/planner.ts); snoozes by ReminderService',
  async render(_message, p, context) {
    const ctx = await planContext(context, p.planId);
    if (!ctx) return obsolete('plan no longer due');
    if (ctx.plan.evaluationDate !== p.evaluationDate) return obsolete('evaluation date changed');
    const kind = p.snoozed ? kindOn(p.evaluationDate, copenhagenDate(context.clock())) : p.kind;
    return send(
      cardActivity(
        evaluationReminderCard({
          caseId: ctx.c.id,
          planId: ctx.plan.id,
          planTitle: ctx.plan.title,
          pseudonym: ctx.c.pseudonym,
          schoolName: ctx.schoolName,
          teamName: ctx.teamName,
          evaluationDate: p.evaluationDate,
          kind,
          tovholderName: ctx.plan.tovholderName,
          role: p.role,
          state: { kind: 'open' },
        }),
      ),
    );
  },
});
