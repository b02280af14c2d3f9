/**
 * Plans proactive messages into the outbox (issue 4, item 5). Runs every minute in every bot
 * instance; every row has an idempotency key, so instances running it at the same time, or a
 * restart, never plan a message twice. What is planned:
 *
 * - Evaluation reminders of every saved plan of an open case: "due soon" two school days before the
 *   evaluation date, "due" on it, "overdue" three school days after, at working-hours start in the
 *   school's calendar (schedule.ts). To the school's leaders and the plan's tovholder. The key holds
 *   the evaluation date, so a new date (a new version, an evaluation with a next date) plans new
 *   reminders; rows for an old date are cancelled when their time comes (see render.ts).
 *   Reminders are planned a little ahead (PLAN_AHEAD_MS) rather than all at once.
 *   A reminder whose time had already passed when it is first planned is sent at the next send time
 *   if it is the latest one that passed; earlier ones are skipped (no three reminders at once).
 * - The weekly digest to each leader: Monday 07:30 (or the week's first school day).
 * - The revisitation reminder of a saved PKU referral on its revisitation date (the referral form
 *   proposes 11 months after the decision, see schedule.ts `revisitationReminder`).
 *
 * Safeguarding alerts are not planned here: they are enqueued at once by `Notifier`.
 */
import { addCalendarDays, copenhagenDate, localDate, nextSendTime, schoolDayOnOrAfter, workdayStart } from '../domain/calendar.js';
import { evaluationReminders, weeklyDigestTimes, type EvaluationReminderKind } from '../domain/schedule.js';
import { schoolCalendar, type DirectoryLookup } from '../directory/lookup.js';
import type { PlanRepository, DuePlan } from '../plans/plan.repository.js';
import { personalRefKey } from '../conversations/conversation-ref.repository.js';
import type { OutboxRepository } from '../dispatch/outbox.repository.js';
import type { Logger } from '../log.js';

/** Plan a reminder into the outbox this long before it is due. */
export const PLAN_AHEAD_MS = 36 * 3_600_000;
/** An evaluation reminder is not delivered later than this after its time (a person who never installs). */
export const REMINDER_LIFETIME_MS = 21 * 86_400_000;
/** How far ahead saved plans are read: the "due soon" reminder before a long holiday is weeks ahead. */
const HORIZON_DAYS = 60;

export type ReminderRole = 'leder' | 'tovholder';

export interface EvaluationReminderPayload {
  planId: string;
  evaluationDate: string;
  kind: EvaluationReminderKind;
  role: ReminderRole;
  [key: string]: unknown;
}

export interface DigestPayload {
  schoolId: string;
  /** The Monday of the digest's week ('YYYY-MM-DD'). */
  week: string;
  [key: string]: unknown;
}

export interface RevisitationPayload {
  planId: string;
  revisitationDate: string;
  role: ReminderRole;
  [key: string]: unknown;
}

export function evaluationKeyPrefix(planId: string, evaluationDate: string): string {
  return `eval:${planId}:${evaluationDate}:`;
}

export interface PlannerDeps {
  plans: PlanRepository;
  outbox: OutboxRepository;
  directory: () => DirectoryLookup;
  logger: Logger;
}

export class ReminderPlanner {
  constructor(private readonly deps: PlannerDeps) {}

  /** Plans everything due up to `now` + PLAN_AHEAD_MS; returns how many new rows were planned. */
  async tick(now: Date): Promise<{ planned: number }> {
    const lookup = this.deps.directory();
    let planned = 0;
    planned += await this.planEvaluations(lookup, now);
    planned += await this.planDigests(lookup, now);
    planned += await this.planRevisitations(lookup, now);
    if (planned > 0) this.deps.logger.info({ planned }, 'reminders planned');
    return { planned };
  }

  /** The people a plan's reminders go to: the school's leaders and the tovholder (once each). */
  private recipients(lookup: DirectoryLookup, plan: DuePlan): { aad: string; role: ReminderRole }[] {
    const out = new Map<string, ReminderRole>();
    if (plan.case.schoolId) for (const p of lookup.leadersOf(plan.case.schoolId)) out.set(p.aadObjectId.toLowerCase(), 'leder');
    const tovholder = (plan.tovholderAadId ?? plan.case.ownerAadId).toLowerCase();
    if (!out.has(tovholder)) out.set(tovholder, 'tovholder');
    return [...out].map(([aad, role]) => ({ aad, role }));
  }

  private async planEvaluations(lookup: DirectoryLookup, now: Date): Promise<number> {
    const tenantId = lookup.directory.tenantId;
    const horizon = addCalendarDays(copenhagenDate(now), HORIZON_DAYS);
    const plans = await this.deps.plans.dueForEvaluation(horizon, { tenantId, limit: 10_000 });
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
        for (const { aad, role } of this.recipients(lookup, plan)) {
          const payload: EvaluationReminderPayload = { planId: plan.id, evaluationDate: plan.evaluationDate, kind: reminder.kind, role };
          const row = await this.deps.outbox.enqueue({
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

  private async planDigests(lookup: DirectoryLookup, now: Date): Promise<number> {
    const tenantId = lookup.directory.tenantId;
    let planned = 0;
    for (const school of lookup.directory.schools) {
      const cal = schoolCalendar(lookup, school.id);
      const [at] = weeklyDigestTimes(now, 1, cal);
      if (!at || at.getTime() > now.getTime() + PLAN_AHEAD_MS) continue;
      const day = localDate(at, cal.timeZone);
      const week = mondayOf(day);
      for (const leader of lookup.leadersOf(school.id)) {
        const aad = leader.aadObjectId.toLowerCase();
        const payload: DigestPayload = { schoolId: school.id, week };
        const row = await this.deps.outbox.enqueue({
          kind: 'weekly-digest',
          tenantId,
          recipientKey: personalRefKey(tenantId, aad),
          recipientAadId: aad,
          payload,
          idempotencyKey: `digest:${school.id}:${week}:${aad}`,
          dueAt: at,
          // A digest is about its week: not delivered after that week.
          expiresAt: new Date(at.getTime() + 5 * 86_400_000),
        });
        if (row) planned += 1;
      }
    }
    return planned;
  }

  private async planRevisitations(lookup: DirectoryLookup, now: Date): Promise<number> {
    const tenantId = lookup.directory.tenantId;
    const referrals = await this.deps.plans.savedWithDate('henvisning-pku', 'revisitationDate', { tenantId });
    let planned = 0;
    for (const plan of referrals) {
      const cal = schoolCalendar(lookup, plan.case.schoolId);
      const at = workdayStart(schoolDayOnOrAfter(plan.date, cal), cal);
      if (at.getTime() > now.getTime() + PLAN_AHEAD_MS) continue;
      const expiresAt = new Date(at.getTime() + REMINDER_LIFETIME_MS);
      if (expiresAt.getTime() <= now.getTime()) continue;
      for (const { aad, role } of this.recipients(lookup, plan)) {
        const payload: RevisitationPayload = { planId: plan.id, revisitationDate: plan.date, role };
        const row = await this.deps.outbox.enqueue({
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
}

/** The Monday of the week of `date` ('YYYY-MM-DD'). */
function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addCalendarDays(date, -((weekday + 6) % 7));
}
