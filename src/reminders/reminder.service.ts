/**
 * The buttons of an evaluation reminder: "Udskyd en uge" and "Markér som evalueret" (Evaluér nu
 * opens the plan's evaluation card through the plan actions). Access is decided from the stored
 * plan and case (the reminder's recipients: the school's leaders, the tovholder, the team), never
 * from the ids on the card; a repeated click changes nothing.
 *
 * "Udskyd en uge" moves the evaluation itself (issue 12): the plan's evaluation date a week on, on
 * a school day of the school's calendar (domain/schedule.ts `postponedEvaluationDate`), and the
 * card says the new date plainly. The plan's pending reminders of the old date are cancelled in the
 * same transaction; the planner plans those of the new date for everyone they concern.
 *
 * A grouped reminder (several plans on one card) sends the card's plans with each click, so the
 * whole card is drawn again: the clicked plan says what happened, the others are drawn as they
 * stand now (open, moved, evaluated).
 */
import { postponedEvaluationDate } from '../domain/schedule.js';
import { localDate } from '../domain/calendar.js';
import { schoolCalendar, type DirectoryLookup } from '../directory/lookup.js';
import type { CaseAccess } from '../access/case-access.js';
import type { Actor } from '../domain/actor.js';
import type { CaseRecord, CaseRepository } from '../cases/case.repository.js';
import type { PlanRecord, PlanRepository } from '../plans/plan.repository.js';
import type { OutboxRepository } from '../dispatch/outbox.repository.js';
import type { EvaluationReminderCardData, EvaluationReminderGroupCardData, EvaluationReminderState } from '../cards/index.js';
import { evaluationKeyPrefix, type ReminderRole } from './planner.js';
import { kindOn } from './render.js';

/** A plan on a reminder's card: the plan and the evaluation date it reminded of ('YYYY-MM-DD'). */
export interface ReminderPlanRef {
  planId: string;
  evaluationDate: string;
}

/** A reminder's button, read at the edge (src/bot/reminders.input.ts): the plan it is about, and, on a grouped card, all the card's plans. */
export interface ReminderCardInput extends ReminderPlanRef {
  group?: ReminderPlanRef[];
}

export type ReminderOutcome =
  | { kind: 'card'; card: EvaluationReminderCardData; toast: string }
  | { kind: 'group'; card: EvaluationReminderGroupCardData; toast: string }
  | { kind: 'not-found' };

export interface ReminderServiceDeps {
  plans: PlanRepository;
  cases: CaseRepository;
  outbox: OutboxRepository;
  access: CaseAccess;
  directory: () => DirectoryLookup;
  clock: () => Date;
}

type Loaded = { plan: PlanRecord; c: CaseRecord };

export class ReminderService {
  constructor(private readonly deps: ReminderServiceDeps) {}

  /** "Udskyd en uge": the plan's evaluation moves a week on, to a school day; its reminders follow the new date. */
  async snooze(actor: Actor, ref: ReminderCardInput): Promise<ReminderOutcome> {
    const ctx = await this.load(actor, ref.planId);
    if (!ctx) return { kind: 'not-found' };
    const cal = schoolCalendar(this.deps.directory(), ctx.c.schoolId);
    const to = postponedEvaluationDate(ref.evaluationDate, localDate(this.deps.clock(), cal.timeZone), cal);
    const result = await this.deps.plans.withLockedPlan(ctx.plan.id, async (_plan, tx) => {
      const moved = await tx.reschedule(ctx.plan.id, { evaluationDate: to, expectedEvaluationDate: ref.evaluationDate });
      if (moved.ok) {
        await this.deps.outbox.cancelPending(
          { keyPrefix: evaluationKeyPrefix(ctx.plan.id, ref.evaluationDate), reason: 'udskudt' },
          tx.trx,
        );
      }
      return moved;
    });
    if (!result?.ok) return this.answer(actor, ref, await this.reload(ctx), 'Intet ændret');
    return this.answer(actor, ref, { ...ctx, plan: result.plan }, 'Udskudt en uge', { kind: 'moved', to });
  }

  /** "Markér som evalueret": the evaluation happened outside the bot; the plan is marked evaluated and nobody is reminded again. */
  async markEvaluated(actor: Actor, ref: ReminderCardInput, displayName: string): Promise<ReminderOutcome> {
    const ctx = await this.load(actor, ref.planId);
    if (!ctx) return { kind: 'not-found' };
    const result = await this.deps.plans.withLockedPlan(ctx.plan.id, async (_plan, tx) => {
      const marked = await tx.markEvaluated(ctx.plan.id, {
        expectedEvaluationDate: ref.evaluationDate,
        evaluatedBy: actor.userId,
        content: { source: 'påmindelse', note: 'Markeret som evalueret fra en påmindelse.', markedBy: displayName.slice(0, 200) },
      });
      if (marked.ok) await this.deps.outbox.cancelPending({ keyPrefix: evaluationKeyPrefix(ctx.plan.id, ref.evaluationDate) }, tx.trx);
      return marked;
    });
    if (!result?.ok) return this.answer(actor, ref, await this.reload(ctx), 'Intet ændret');
    return this.answer(actor, ref, { ...ctx, plan: result.plan }, 'Markeret som evalueret', {
      kind: 'evaluated',
      by: displayName || 'dig',
      at: this.deps.clock(),
    });
  }

  private async load(actor: Actor, planId: string): Promise<Loaded | null> {
    const plan = await this.deps.plans.get(planId);
    if (!plan) return null;
    const c = await this.deps.cases.get(plan.caseId);
    return c && this.deps.access.canSee(actor, c, { planId: plan.id }) ? { plan, c } : null;
  }

  private async reload(ctx: Loaded): Promise<Loaded> {
    return { ...ctx, plan: (await this.deps.plans.get(ctx.plan.id)) ?? ctx.plan };
  }

  /**
   * The card after a click: the clicked plan in `state` (or, when the click changed nothing, as the
   * plan stands now), and on a grouped card every other plan of the card the actor may still see.
   */
  private async answer(
    actor: Actor,
    ref: ReminderCardInput,
    ctx: Loaded,
    toast: string,
    state?: EvaluationReminderState,
  ): Promise<ReminderOutcome> {
    const clicked = state ?? standing(ctx.plan, ref.evaluationDate);
    const group = ref.group?.some((g) => g.planId === ref.planId) ? ref.group : undefined;
    if (group && group.length > 1) {
      const items: EvaluationReminderGroupCardData['items'] = [];
      const roles: ReminderRole[] = [];
      for (const g of group) {
        const other = g.planId === ref.planId ? ctx : await this.load(actor, g.planId);
        if (!other) continue;
        const item = this.cardData(
          other,
          g.evaluationDate,
          actor,
          g.planId === ref.planId ? clicked : standing(other.plan, g.evaluationDate),
        );
        items.push(item);
        roles.push(item.role);
      }
      if (items.length > 1) return { kind: 'group', toast, card: { items, roles } };
    }
    return { kind: 'card', toast, card: this.cardData(ctx, ref.evaluationDate, actor, clicked) };
  }

  private roleOf(actor: Actor, c: CaseRecord): ReminderRole {
    return c.schoolId && this.deps.directory().rolesOf(actor.userId).leaderOf.includes(c.schoolId) ? 'leder' : 'tovholder';
  }

  private cardData(ctx: Loaded, date: string, actor: Actor, state: EvaluationReminderState): EvaluationReminderCardData {
    const { plan, c } = ctx;
    const lookup = this.deps.directory();
    const cal = schoolCalendar(lookup, c.schoolId);
    return {
      caseId: c.id,
      planId: plan.id,
      planTitle: plan.title,
      pseudonym: c.pseudonym,
      schoolName: c.schoolId ? (lookup.school(c.schoolId)?.name ?? null) : null,
      teamName: c.schoolId && c.teamId ? (lookup.team({ schoolId: c.schoolId, teamId: c.teamId })?.name ?? null) : null,
      evaluationDate: date,
      kind: kindOn(date, localDate(this.deps.clock(), cal.timeZone)),
      tovholderName: plan.tovholderName,
      role: this.roleOf(actor, c),
      state,
    };
  }
}

/** Where a plan stands for a reminder of `date`: still due on it, moved to another date, or no longer waiting. */
function standing(plan: PlanRecord, date: string): EvaluationReminderState {
  if (plan.status === 'gemt' && plan.evaluationDate === date) return { kind: 'open' };
  if (plan.status === 'gemt' && plan.evaluationDate) return { kind: 'moved', to: plan.evaluationDate };
  if (plan.status === 'evalueret') return { kind: 'gone', text: 'Planen er allerede evalueret. Der er ikke ændret noget.' };
  return { kind: 'gone', text: 'Planen venter ikke længere på en evaluering. Der er ikke ændret noget.' };
}
