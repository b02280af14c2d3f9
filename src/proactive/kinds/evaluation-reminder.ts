/**
 * `evaluation-reminder`: a saved plan of an open case is due for evaluation. Planned by the reminder
 * planner (src/reminders/planner.ts) every minute: "due soon" two school days before the evaluation
 * date, "due" on it, "overdue" three school days after, at working-hours start in the school's
 * calendar (domain/schedule.ts), to the school's leaders and the plan's tovholder. The key holds
 * the evaluation date, so a new date (a new version, "Udskyd en uge", an evaluation with a next
 * date) plans new reminders; rows for an old date are obsolete when their time comes. Reminders
 * are planned a little ahead (PLAN_AHEAD_MS) rather than all at once. A reminder whose time had
 * already passed when it is first planned is sent at the next send time if it is the latest one
 * that passed; earlier ones are skipped (no three reminders at once).
 *
 * One card per person and time (issue 12): after planning, the rows of one recipient due at the
 * same moment are merged into one row whose payload lists the plans, REMINDER_GROUP_MAX (six) to a
 * row, the most one card holds with every plan's buttons. OutboxRepository.mergeDue does it in one
 * transaction: the plan rows are cancelled as merged and keep their keys, so the planner never
 * plans them again. A plan added later for the same moment joins the merged row while it waits.
 * The merged row is drawn as one card with each plan's own buttons; a plan no longer due when it
 * is sent is left out, and one plan left is the single card.
 */
import { createHash } from 'node:crypto';
import { z } from '../../domain/zod.js';
import { addCalendarDays, copenhagenDate, nextSendTime } from '../../domain/calendar.js';
import { EVALUATION_REMINDER_KINDS, evaluationReminders, type EvaluationReminderKind } from '../../domain/schedule.js';
import { schoolCalendar, type DirectoryLookup } from '../../directory/lookup.js';
import { personalRefKey } from '../../conversations/conversation-ref.repository.js';
import type { EnqueueInput, OutboxMessage } from '../../dispatch/outbox.repository.js';
import { REMINDER_GROUP_MAX, evaluationReminderCard, evaluationReminderGroupCard } from '../../cards/index.js';
import { cardActivity, defineKind, obsolete, send } from '../kind.js';
import {
  IsoDate,
  PLAN_AHEAD_MS,
  REMINDER_LIFETIME_MS,
  Role,
  planContext,
  planRecipients,
  type PlanContext,
  type PlanningDeps,
} from './plan-reminder.js';

/** How far ahead saved plans are read: the "due soon" reminder before a long holiday is weeks ahead. */
const HORIZON_DAYS = 60;

/** One plan's reminder: which plan, which date, which reminder, and why the recipient gets it. */
const ReminderItem = z.object({
  planId: z.uuid(),
  evaluationDate: IsoDate,
  kind: z.enum(EVALUATION_REMINDER_KINDS),
  role: Role,
});
type ReminderItem = z.infer<typeof ReminderItem>;

export const EvaluationReminderPayload = z.union([
  /** One plan. `snoozed`: a row of the per-person snooze before issue 12; its kind is worked out again when sent. */
  ReminderItem.extend({ snoozed: z.boolean().optional() }),
  /** A recipient's reminders due at the same moment, merged (mergeReminders). */
  z.object({ items: z.array(ReminderItem).min(2).max(REMINDER_GROUP_MAX) }),
]);
export type EvaluationReminderPayload = z.input<typeof EvaluationReminderPayload>;

export function evaluationKeyPrefix(planId: string, evaluationDate: string): string {
  return `eval:${planId}:${evaluationDate}:`;
}

/** Which reminder a date is, seen from `today`: before it "due soon", on it "due", after it "overdue". */
export function kindOn(evaluationDate: string, today: string): EvaluationReminderKind {
  if (today < evaluationDate) return 'due-soon';
  return today === evaluationDate ? 'due' : 'overdue';
}

/** The plans a row reminds of (none when its payload cannot be read). */
function itemsOf(payload: unknown, today: string): ReminderItem[] {
  const parsed = EvaluationReminderPayload.safeParse(payload);
  if (!parsed.success) return [];
  const p = parsed.data;
  if ('items' in p) return p.items;
  return [{ planId: p.planId, evaluationDate: p.evaluationDate, role: p.role, kind: p.snoozed ? kindOn(p.evaluationDate, today) : p.kind }];
}

/**
 * The rows that replace a recipient's rows due at the same moment (OutboxRepository.mergeDue):
 * their plans, once each, REMINDER_GROUP_MAX to a row (what one card holds with every plan's
 * buttons), due when they were, kept as long as the longest-lived of them. A row's key names the
 * recipient, the moment and its plans, so the same rows are never merged twice.
 */
export function mergeReminders(rows: OutboxMessage[]): EnqueueInput[] {
  const first = rows[0];
  if (!first) return [];
  const byPlan = new Map<string, ReminderItem>();
  for (const row of rows) {
    for (const item of itemsOf(row.payload, copenhagenDate(row.dueAt))) byPlan.set(`${item.planId}:${item.evaluationDate}`, item);
  }
  const items = [...byPlan.values()];
  if (items.length < 2) return [];
  const expiries = rows.map((r) => r.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY);
  const expiresAt = Math.max(...expiries);
  const chunks = Array.from({ length: Math.ceil(items.length / REMINDER_GROUP_MAX) }, (_, i) =>
    items.slice(i * REMINDER_GROUP_MAX, (i + 1) * REMINDER_GROUP_MAX),
  );
  return chunks.map((chunk) => {
    const hash = createHash('sha256')
      .update(chunk.map((i) => `${i.planId}:${i.evaluationDate}:${i.kind}`).join(' '))
      .digest('hex')
      .slice(0, 16);
    const payload: EvaluationReminderPayload = chunk.length === 1 ? chunk[0]! : { items: chunk };
    return {
      kind: 'evaluation-reminder',
      tenantId: first.tenantId,
      recipientKey: first.recipientKey,
      recipientAadId: first.recipientAadId,
      payload,
      idempotencyKey: `eval-group:${first.recipientKey}:${first.dueAt.toISOString()}:${hash}`,
      dueAt: first.dueAt,
      expiresAt: Number.isFinite(expiresAt) ? new Date(expiresAt) : null,
    };
  });
}

/** Plans the evaluation reminders due up to `now` + PLAN_AHEAD_MS, then merges each person's due at the same moment; returns how many new rows. */
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
  if (planned > 0) await deps.outbox.mergeDue({ kind: 'evaluation-reminder', tenantId }, 'samlet på ét kort', mergeReminders);
  return planned;
}

const SEVERITY: Record<EvaluationReminderKind, number> = { overdue: 0, due: 1, 'due-soon': 2 };

export const evaluationReminder = defineKind({
  label: 'Påmindelse om evaluering',
  payload: EvaluationReminderPayload,
  plannedBy: 'planEvaluationReminders (the reminder planner, src/reminders/planner.ts), merged per person and time',
  async render(_message, p, context) {
    const items = itemsOf(p, copenhagenDate(context.clock()));
    const due: { item: ReminderItem; ctx: PlanContext }[] = [];
    for (const item of items) {
      const ctx = await planContext(context, item.planId);
      if (ctx && ctx.plan.evaluationDate === item.evaluationDate) due.push({ item, ctx });
    }
    if (due.length === 0) return obsolete(items.length > 1 ? 'no plan of the card still due' : 'plan no longer due, or its date changed');
    if (due.length === 1) {
      const [{ item, ctx }] = due as [(typeof due)[number]];
      return send(
        cardActivity(
          evaluationReminderCard({
            caseId: ctx.c.id,
            planId: ctx.plan.id,
            planTitle: ctx.plan.title,
            pseudonym: ctx.c.pseudonym,
            schoolName: ctx.schoolName,
            teamName: ctx.teamName,
            evaluationDate: item.evaluationDate,
            kind: item.kind,
            tovholderName: ctx.plan.tovholderName,
            role: item.role,
            state: { kind: 'open' },
          }),
        ),
      );
    }
    due.sort(
      (a, b) =>
        SEVERITY[a.item.kind] - SEVERITY[b.item.kind] ||
        a.item.evaluationDate.localeCompare(b.item.evaluationDate) ||
        (a.ctx.c.pseudonym ?? '').localeCompare(b.ctx.c.pseudonym ?? '', 'da'),
    );
    return send(
      cardActivity(
        evaluationReminderGroupCard({
          roles: due.map((d) => d.item.role),
          items: due.map(({ item, ctx }) => ({
            caseId: ctx.c.id,
            planId: ctx.plan.id,
            planTitle: ctx.plan.title,
            pseudonym: ctx.c.pseudonym,
            teamName: ctx.teamName,
            evaluationDate: item.evaluationDate,
            kind: item.kind,
            state: { kind: 'open' },
          })),
        }),
      ),
    );
  },
});
