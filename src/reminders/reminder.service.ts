/**
 * The buttons of an evaluation reminder: "Udskyd en uge" and "Markér som evalueret" (Evaluér nu
 * opens the plan's evaluation card through the plan actions). Access is decided from the stored
 * plan and case (the reminder's recipients: the school's leaders, the tovholder, the team), never
 * from the ids on the card; a repeated click changes nothing.
 */
import { EVALUATION_REMINDER_KINDS, snooze } from '../domain/schedule.js';
import { copenhagenDate } from '../domain/calendar.js';
import { schoolCalendar, type DirectoryLookup } from '../directory/lookup.js';
import type { CaseAccess } from '../access/case-access.js';
import type { Actor } from '../domain/actor.js';
import type { CaseRecord, CaseRepository } from '../cases/case.repository.js';
import type { PlanRecord, PlanRepository } from '../plans/plan.repository.js';
import { personalRefKey } from '../conversations/conversation-ref.repository.js';
import type { OutboxRepository } from '../dispatch/outbox.repository.js';
import type { EvaluationReminderCardData } from '../cards/index.js';
import { evaluationKeyPrefix, REMINDER_LIFETIME_MS, type ReminderRole } from './planner.js';
import { kindOn } from './render.js';

/** A reminder's button, read at the edge (src/bot/reminders.input.ts): the plan and the evaluation date it reminded of. */
export interface ReminderCardInput {
  planId: string;
  /** YYYY-MM-DD. */
  evaluationDate: string;
}

export type ReminderOutcome = { kind: 'card'; card: EvaluationReminderCardData; toast: string } | { kind: 'not-found' };

export interface ReminderServiceDeps {
  plans: PlanRepository;
  cases: CaseRepository;
  outbox: OutboxRepository;
  access: CaseAccess;
  directory: () => DirectoryLookup;
  clock: () => Date;
}

export class ReminderService {
  constructor(private readonly deps: ReminderServiceDeps) {}

  /** "Udskyd en uge": this person's reminders of this evaluation come again in a week (on a school day, in working hours). */
  async snooze(actor: Actor, ref: ReminderCardInput): Promise<ReminderOutcome> {
    const ctx = await this.load(actor, ref.planId);
    if (!ctx) return { kind: 'not-found' };
    const { plan, c } = ctx;
    if (plan.status !== 'gemt' || plan.evaluationDate !== ref.evaluationDate) {
      return this.gone(ctx, ref.evaluationDate, actor);
    }
    const lookup = this.deps.directory();
    const now = this.deps.clock();
    const until = snooze(now, schoolCalendar(lookup, c.schoolId));
    const aad = actor.userId.toLowerCase();
    const recipientKey = personalRefKey(actor.tenantId, aad);
    const prefix = evaluationKeyPrefix(plan.id, plan.evaluationDate);
    // The snooze replaces this person's remaining reminders of this evaluation (an earlier snooze
    // too). Reminders not planned yet are planned now and cancelled with the rest, so the planner's
    // later run finds their keys taken and does not plan them again.
    for (const kind of EVALUATION_REMINDER_KINDS) {
      await this.deps.outbox.enqueue({
        kind: 'evaluation-reminder',
        tenantId: actor.tenantId,
        recipientKey,
        recipientAadId: aad,
        payload: { planId: plan.id, evaluationDate: plan.evaluationDate, kind, role: this.roleOf(actor, c) },
        idempotencyKey: `${prefix}${kind}:${aad}`,
        dueAt: until,
      });
    }
    await this.deps.outbox.cancelPending({ keyPrefix: prefix, recipientKey, reason: 'udskudt' });
    await this.deps.outbox.enqueue({
      kind: 'evaluation-reminder',
      tenantId: actor.tenantId,
      recipientKey,
      recipientAadId: aad,
      payload: { planId: plan.id, evaluationDate: plan.evaluationDate, kind: 'due', role: this.roleOf(actor, c), snoozed: true },
      idempotencyKey: `${prefix}snooze:${aad}:${until.toISOString()}`,
      dueAt: until,
      expiresAt: new Date(until.getTime() + REMINDER_LIFETIME_MS),
    });
    return { kind: 'card', toast: 'Udskudt en uge', card: this.cardData(ctx, plan.evaluationDate, actor, { kind: 'snoozed', until }) };
  }

  /** "Markér som evalueret": the evaluation happened outside the bot; the plan is marked evaluated and nobody is reminded again. */
  async markEvaluated(actor: Actor, ref: ReminderCardInput, displayName: string): Promise<ReminderOutcome> {
    const ctx = await this.load(actor, ref.planId);
    if (!ctx) return { kind: 'not-found' };
    const result = await this.deps.plans.withLockedPlan(ctx.plan.id, (_plan, tx) =>
      tx.markEvaluated(ctx.plan.id, {
        expectedEvaluationDate: ref.evaluationDate,
        evaluatedBy: actor.userId,
        content: { source: 'påmindelse', note: 'Markeret som evalueret fra en påmindelse.', markedBy: displayName.slice(0, 200) },
      }),
    );
    if (!result || !result.ok) return this.gone(ctx, ref.evaluationDate, actor);
    await this.deps.outbox.cancelPending({ keyPrefix: evaluationKeyPrefix(ctx.plan.id, ref.evaluationDate) });
    return {
      kind: 'card',
      toast: 'Markeret som evalueret',
      card: this.cardData(ctx, ref.evaluationDate, actor, { kind: 'evaluated', by: displayName || 'dig', at: this.deps.clock() }),
    };
  }

  private async load(actor: Actor, planId: string): Promise<{ plan: PlanRecord; c: CaseRecord } | null> {
    const plan = await this.deps.plans.get(planId);
    if (!plan) return null;
    const c = await this.deps.cases.get(plan.caseId);
    return this.deps.access.canSee(actor, c) ? { plan, c } : null;
  }

  /** The card after a click on a reminder that no longer applies: says so, changes nothing. */
  private gone(ctx: { plan: PlanRecord; c: CaseRecord }, date: string, actor: Actor): ReminderOutcome {
    const text =
      ctx.plan.status === 'evalueret'
        ? 'Planen er allerede evalueret. Der er ikke ændret noget.'
        : ctx.plan.status === 'gemt' && ctx.plan.evaluationDate !== date
          ? `Planen har fået en ny evalueringsdato${ctx.plan.evaluationDate ? ` (${ctx.plan.evaluationDate})` : ''}. Der er ikke ændret noget.`
          : 'Planen venter ikke længere på en evaluering. Der er ikke ændret noget.';
    return { kind: 'card', toast: 'Intet ændret', card: this.cardData(ctx, date, actor, { kind: 'gone', text }) };
  }

  private roleOf(actor: Actor, c: CaseRecord): ReminderRole {
    return c.schoolId && this.deps.directory().rolesOf(actor.userId).leaderOf.includes(c.schoolId) ? 'leder' : 'tovholder';
  }

  private cardData(
    ctx: { plan: PlanRecord; c: CaseRecord },
    date: string,
    actor: Actor,
    state: EvaluationReminderCardData['state'],
  ): EvaluationReminderCardData {
    const { plan, c } = ctx;
    const lookup = this.deps.directory();
    return {
      caseId: c.id,
      planId: plan.id,
      planTitle: plan.title,
      pseudonym: c.pseudonym,
      schoolName: c.schoolId ? (lookup.school(c.schoolId)?.name ?? null) : null,
      teamName: c.schoolId && c.teamId ? (lookup.team({ schoolId: c.schoolId, teamId: c.teamId })?.name ?? null) : null,
      evaluationDate: date,
      kind: kindOn(date, copenhagenDate(this.deps.clock())),
      tovholderName: plan.tovholderName,
      role: this.roleOf(actor, c),
      state,
    };
  }
}
