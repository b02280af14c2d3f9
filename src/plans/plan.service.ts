/**
 * Plans of a case: drafting the templates a recommendation calls for, saving versions, evaluating
 * a plan (which moves the case on the ladder) and exporting. Access comes from the stored case and
 * the acting user, never from ids in card data: a plan id from a card is only honoured when the
 * plan belongs to a case the user owns.
 */
import type { Intake } from '../domain/intake.js';
import { next, relevantIntake } from '../domain/ladder.js';
import type { CaseAccess } from '../access/case-access.js';
import type { Playbook } from '../domain/playbook.js';
import type { Level, Recommendation, TemplateId, Titled } from '../domain/recommendation.js';
import {
  GOAL_PLAN_TEMPLATES,
  isPlanTemplateId,
  PLAN_SCHEMAS,
  draftPlan,
  evaluationDecision,
  parsePlanCard,
  planToMarkdown,
  type GoalPlanTemplateId,
  type PlanContent,
  type PlanTemplateId,
  type PlanFieldError,
} from '../domain/plans/index.js';
import type { Actor } from '../domain/actor.js';
import type { PkuDecision } from '../domain/pku-decision.js';
import type { SchoolCalendar } from '../domain/calendar.js';
import { parentsOnHold } from '../domain/safeguarding.js';
import type { CaseRecord, CaseRepository, CaseTransaction } from '../cases/case.repository.js';
import type { PlanRecord, PlanRepository } from './plan.repository.js';
import { storedIntake } from '../cases/stored-intake.js';
import { copenhagenDate } from '../domain/calendar.js';

export interface PlanView {
  plan: PlanRecord;
  content: PlanContent;
  /** The plan version shown; 0 for a draft that was never saved. */
  version: number;
}

/**
 * "Lav udkast", one plan at a time (issue #12: two long drafts at once buried the first):
 * - `drafted`: the template asked for, or the first one the step calls for: a new draft (version 0)
 *   or, when the case already has that plan, the plan as saved; `next` is the following template the
 *   step calls for that the case has no saved plan of ("Næste udkast"); `unavailable` the templates
 *   the step names that cannot be drafted as a card;
 * - `plans`: the case has saved plans and no template was asked for: its plans (to open or revise)
 *   and the templates the step calls for that have none yet, instead of a dead end;
 * - `none`: nothing to draft: no recommendation yet (`questions`), or a step that calls for no template.
 */
export type DraftOutcome =
  | { kind: 'drafted'; view: PlanView; next: Titled<PlanTemplateId> | null; unavailable: Titled<TemplateId>[] }
  | { kind: 'plans'; plans: PlanRecord[]; undrafted: Titled<PlanTemplateId>[]; unavailable: Titled<TemplateId>[] }
  | { kind: 'none'; reason: 'questions' | 'no-templates'; unavailable: Titled<TemplateId>[] };

export type SaveOutcome =
  | { kind: 'saved'; view: PlanView; notes: string[] }
  | { kind: 'invalid'; plan: PlanRecord; values: Record<string, string>; errors: PlanFieldError[] }
  | { kind: 'already-saved'; view: PlanView }
  /** The case was closed (perhaps while the card was open): read-only, nothing saved. */
  | { kind: 'closed'; closed: CaseRecord['closed'] }
  | { kind: 'not-found' };

export type EvaluateOutcome =
  /** `recommendation` is null when the decision opened a question the intake must ask first. */
  | { kind: 'evaluated'; plan: PlanRecord; recommendation: Recommendation | null; notes: string[] }
  | { kind: 'invalid'; plan: PlanRecord; values: Record<string, string>; errors: PlanFieldError[] }
  | { kind: 'already-evaluated'; plan: PlanRecord }
  | { kind: 'closed'; closed: CaseRecord['closed'] }
  | { kind: 'not-found' };

/**
 * A plan card's Gem (or an evaluation card's), read at the edge (src/bot/plans.input.ts): the case
 * and plan it names, the `seq` it was drawn at (the plan's version; the evaluation card's: its
 * revision), and the card's inputs keyed by field, which the plan's template checks.
 */
export interface PlanCardInput {
  caseId: string;
  planId: string;
  seq: number;
  values: Readonly<Record<string, unknown>>;
}

export class PlanService {
  constructor(
    private readonly cases: CaseRepository,
    private readonly plans: PlanRepository,
    private readonly playbook: Playbook,
    private readonly access: CaseAccess,
    private readonly clock: () => Date = () => new Date(),
    /** The directory's person with this display name (the tovholder named on a plan), if exactly one. */
    private readonly personNamed: (name: string) => string | null = () => null,
    /** PKU's decision in force on a case, with when it was recorded (an exported referral ends with it). */
    private readonly pkuDecisionOf: (caseId: string) => Promise<(PkuDecision & { recordedAt: Date }) | null> = async () => null,
    /** The school calendar of a case's school: the dates a draft proposes fall on its school days. */
    private readonly calendarOf: (schoolId: string | null) => SchoolCalendar | undefined = () => undefined,
  ) {}

  private today() {
    return copenhagenDate(this.clock());
  }

  /** The teacher, the case's team and the school's leaders (see CaseAccess); never card data. */
  private owns(actor: Actor, c: CaseRecord | null, planId?: string): c is CaseRecord {
    return this.access.canSee(actor, c, planId === undefined ? {} : { planId });
  }

  /** The case's answers, read by the one reader of stored intakes (see cases/stored-intake.ts). */
  private intakeOf(c: CaseRecord): Intake {
    return storedIntake(c);
  }

  /**
   * "Lav udkast" (see DraftOutcome): drafts `templateId`, or without one the first template the
   * case's current recommendation calls for, unless the case has saved plans (then: its plans). A
   * template the step does not call for (a stale button) gets the case's plans too. A template
   * with a saved plan is shown as saved. `tovholder` is the drafting teacher's display name.
   */
  async draftForCase(actor: Actor, caseId: string, tovholder: string, templateId?: PlanTemplateId): Promise<DraftOutcome | null> {
    const c = await this.cases.get(caseId);
    if (!this.owns(actor, c)) return null;
    const intake = this.intakeOf(c);
    const result = next(intake, this.playbook);
    const named = result.kind === 'recommendation' ? result.recommendation.templates : [];
    const unavailable = named.filter((t) => !isPlanTemplateId(t.id));
    const step = named.flatMap((t) => (isPlanTemplateId(t.id) ? [{ id: t.id, title: t.title }] : []));
    const existing = (await this.plans.listForCase(c.id)).filter((p) => p.status !== 'arkiveret');
    const savedOf = (id: PlanTemplateId) => existing.find((p) => p.templateId === id && p.currentVersion > 0);
    const saved = existing.filter((p) => p.currentVersion > 0);
    const undrafted = step.filter((t) => !savedOf(t.id));
    const asked = templateId === undefined ? undefined : step.find((t) => t.id === templateId);
    if (asked === undefined && (templateId !== undefined || saved.length > 0)) {
      if (saved.length > 0 || undrafted.length > 0) return { kind: 'plans', plans: saved, undrafted, unavailable };
    }
    const template = asked ?? (saved.length === 0 ? step[0] : undefined);
    if (!template) return { kind: 'none', reason: result.kind === 'recommendation' ? 'no-templates' : 'questions', unavailable };
    const following = undrafted.find((t) => step.indexOf(t) > step.indexOf(template)) ?? null;
    const found = savedOf(template.id);
    if (found) return { kind: 'drafted', view: await this.viewOf(found), next: following, unavailable };
    const plan =
      existing.find((p) => p.templateId === template.id) ??
      (await this.cases.withLockedCase(c.id, (_locked, tx) =>
        this.plans.createDraft(tx.trx, { caseId: c.id, templateId: template.id, title: template.title, createdBy: actor.userId }),
      ));
    if (!plan) return null;
    const content = draftPlan(template.id, intake, this.playbook, {
      pseudonym: c.pseudonym,
      tovholder,
      today: this.today(),
      calendar: this.calendarOf(c.schoolId),
    });
    return { kind: 'drafted', view: { plan, content, version: 0 }, next: following, unavailable };
  }

  /** What a plan card of the case shows in its header: the pseudonym and the case's level now; whether the case is closed. */
  async cardContext(caseId: string): Promise<{ pseudonym: string | null; level: Level; closed: boolean }> {
    const c = await this.cases.get(caseId);
    if (!c) return { pseudonym: null, level: 'forebyggende', closed: false };
    const result = next(this.intakeOf(c), this.playbook);
    return {
      pseudonym: c.pseudonym,
      level: result.kind === 'recommendation' ? result.recommendation.level : 'forebyggende',
      closed: c.status === 'afsluttet',
    };
  }

  /** A plan the user may see, at its current (or a given earlier) version. */
  async open(actor: Actor, planId: string, version?: number): Promise<PlanView | null> {
    const plan = await this.plans.get(planId);
    if (!plan || !(await this.access.canOpen(actor, await this.cases.get(plan.caseId), { planId: plan.id }))) return null;
    // A draft never saved has no stored content: it is drafted again from the case.
    if (version === undefined) return plan.currentVersion === 0 ? null : this.viewOf(plan);
    const stored = await this.plans.version(plan.id, version);
    return stored ? { plan, content: PLAN_SCHEMAS[plan.templateId].parse(stored.content) as PlanContent, version } : null;
  }

  /** Saves the card as the plan's next version; a repeated click (old version number) saves nothing. */
  async save(actor: Actor, input: PlanCardInput): Promise<SaveOutcome> {
    const { caseId, planId, seq, values } = input;
    const outcome = await this.plans.withLockedCaseAndPlan(caseId, planId, async (c, plan, tx): Promise<SaveOutcome> => {
      if (!this.owns(actor, c, plan?.id)) return { kind: 'not-found' };
      // Under the case's lock: a close that won the race is seen here (the verb guard ran before it).
      if (c.status === 'afsluttet') return { kind: 'closed', closed: c.closed };
      // A never-saved draft has no version to show: a card naming a later one was not drawn by the bot.
      if (plan.currentVersion === 0 && seq !== 0) return { kind: 'not-found' };
      if (plan.currentVersion !== seq) return { kind: 'already-saved', view: await this.viewOf(plan, tx.trx) };
      const parsed = parsePlanCard(plan.templateId, values, { today: this.today(), parentsOnHold: parentsOnHold(this.intakeOf(c)) });
      if (!parsed.ok) return { kind: 'invalid', plan, values: parsed.values, errors: parsed.errors };
      const content = parsed.content as Record<string, unknown>;
      const saved = await tx.plan.saveVersion(plan.id, {
        content,
        savedBy: actor.userId,
        expectedVersion: seq,
        evaluationDate: typeof content.evaluationDate === 'string' ? content.evaluationDate : undefined,
        tovholderName: typeof content.tovholder === 'string' ? content.tovholder : undefined,
        // Reminders go to the tovholder: the person the directory knows by that name, else whoever saved.
        tovholderAadId: (typeof content.tovholder === 'string' ? this.personNamed(content.tovholder) : null) ?? actor.userId,
      });
      if (!saved.ok) return { kind: 'already-saved', view: await this.viewOf(saved.plan, tx.trx) };
      await this.recordPlanInIntake(c, plan.templateId, tx.case);
      return {
        kind: 'saved',
        view: { plan: saved.plan, content: parsed.content as PlanContent, version: saved.version.version },
        notes: parsed.notes,
      };
    });
    return outcome ?? { kind: 'not-found' };
  }

  /**
   * A saved goal-and-action plan is what the intake's `plan` answer describes: the case moves on
   * from "Udarbejd en mål- og indsatsplan" to following it up, without asking the teacher again.
   */
  private async recordPlanInIntake(c: CaseRecord, templateId: TemplateId, tx: Pick<CaseTransaction, 'update'>) {
    const covers = templateId === 'plan-faellesskab' ? 'faellesskab' : templateId === 'plan-barn' ? 'barn' : null;
    if (!covers) return;
    const intake = this.intakeOf(c);
    const had = intake.plan && intake.plan !== 'ingen' ? intake.plan : null;
    const plan = had === null || had === covers ? covers : 'begge';
    if (plan === intake.plan) return;
    const updated: Intake = { ...intake, plan };
    const result = next(updated, this.playbook);
    await tx.update(c.id, { intake: updated, pendingField: result.kind === 'question' ? result.field : null });
  }

  /** The evaluation card of a saved goal plan, one row per goal of its current version. */
  async evaluationDraft(actor: Actor, planId: string): Promise<{ plan: PlanRecord; content: PlanContent<'evaluering'> } | null> {
    const view = await this.open(actor, planId);
    if (!view || view.version === 0 || !(GOAL_PLAN_TEMPLATES as readonly string[]).includes(view.plan.templateId)) return null;
    const c = await this.cases.get(view.plan.caseId);
    // An adviser reads the plans of a case they took a request of; evaluating is the team's and the leaders'.
    if (!this.owns(actor, c, view.plan.id)) return null;
    const content = draftPlan('evaluering', this.intakeOf(c), this.playbook, {
      pseudonym: c.pseudonym,
      tovholder: view.plan.tovholderName ?? '',
      today: this.today(),
      calendar: this.calendarOf(c.schoolId),
      basePlan: view.content as PlanContent<GoalPlanTemplateId>,
      basePlanTitle: `${view.plan.title}, version ${view.version}`,
    });
    return { plan: view.plan, content };
  }

  /**
   * Records the evaluation of a plan and feeds its decision back into the case's intake
   * (`planEvaluated`, or `adviserEffect` when advisers are involved), giving the next recommendation.
   * `seq` on the evaluation card is the plan's revision when the card was drawn (see
   * PlanRepository): an evaluation moves it on, also one that continues the plan with a new date
   * and keeps its version, so a second click, or the same card sent again with another date,
   * finds the plan evaluated and changes nothing. So does a card drawn before a newer version.
   */
  async evaluate(actor: Actor, input: PlanCardInput): Promise<EvaluateOutcome> {
    const { caseId, planId, seq, values } = input;
    const outcome = await this.plans.withLockedCaseAndPlan(caseId, planId, async (c, plan, tx): Promise<EvaluateOutcome> => {
      if (!this.owns(actor, c, plan?.id)) return { kind: 'not-found' };
      if (c.status === 'afsluttet') return { kind: 'closed', closed: c.closed };
      if (plan.status !== 'gemt' || plan.revision !== seq) return { kind: 'already-evaluated', plan };
      const parsed = parsePlanCard('evaluering', values, { today: this.today() });
      if (!parsed.ok) return { kind: 'invalid', plan, values: parsed.values, errors: parsed.errors };
      const content = parsed.content as PlanContent<'evaluering'>;
      const intake = this.intakeOf(c);
      const decision = evaluationDecision(content, intake, plan.templateId);
      const continues = content.decision === 'fortsaet' || content.decision === 'juster';
      const evaluated = await tx.plan.markEvaluated(plan.id, {
        evaluatedBy: actor.userId,
        content: content as Record<string, unknown>,
        expectedRevision: seq,
        // Continuing (or adjusting) keeps the plan running until the evaluation card's new date.
        ...(continues && content.evaluationDate ? { nextEvaluationDate: content.evaluationDate } : {}),
      });
      if (!evaluated.ok) return { kind: 'already-evaluated', plan: evaluated.plan };
      // The evaluation of a referral's goals (the yearly revisitation) is kept; the ladder does not move.
      if (decision === null) return { kind: 'evaluated', plan: evaluated.plan, recommendation: null, notes: parsed.notes };
      const updated: Intake = { ...intake, [decision.field]: decision.value, tried: await this.triedAfter(intake, plan, tx.trx) };
      const result = next(updated, this.playbook);
      await tx.case.update(c.id, { intake: updated, pendingField: result.kind === 'question' ? result.field : null });
      if (result.kind !== 'recommendation') {
        // The evaluation opened a question the rules need (e.g. who gave sparring): the intake asks it.
        return { kind: 'evaluated', plan: evaluated.plan, recommendation: null, notes: parsed.notes };
      }
      const r = result.recommendation;
      await tx.case.addRecommendation(c.id, {
        level: r.level,
        step: r.step,
        recommendation: r,
        intake: relevantIntake(updated, this.playbook),
        reason: 'evaluation',
        planId: plan.id,
      });
      return { kind: 'evaluated', plan: evaluated.plan, recommendation: r, notes: parsed.notes };
    });
    return outcome ?? { kind: 'not-found' };
  }

  /**
   * The actions a plan put to work have been tried once it is evaluated: the catalogue actions among
   * them (matched by their playbook title) join the intake's `tried`, so the team is not asked again.
   */
  private async triedAfter(intake: Intake, plan: PlanRecord, executor: Parameters<PlanRepository['version']>[2]): Promise<string[]> {
    const tried = new Set(intake.tried ?? []);
    // Inside the locked transaction: read through it (on PGlite the outer connection is held).
    const stored = plan.currentVersion > 0 ? await this.plans.version(plan.id, plan.currentVersion, executor) : null;
    const actions = (stored?.content as { actions?: { title?: unknown }[] } | undefined)?.actions ?? [];
    const byTitle = new Map(this.playbook.actions.map((a) => [a.title.toLowerCase(), a.id]));
    for (const action of actions) {
      const id = typeof action.title === 'string' ? byTitle.get(action.title.trim().toLowerCase()) : undefined;
      if (id) tried.add(id);
    }
    return [...tried];
  }

  /** The plan as Markdown for the school's case file (pseudonym only). */
  async export(actor: Actor, planId: string): Promise<string | null> {
    const view = await this.open(actor, planId);
    if (!view || view.version === 0) return null;
    const c = (await this.cases.get(view.plan.caseId))!;
    const stored = await this.plans.version(view.plan.id, view.version);
    return planToMarkdown(view.plan.templateId, view.content, {
      pseudonym: c.pseudonym,
      version: view.version,
      savedAt: stored?.savedAt ?? view.plan.updatedAt,
      title: view.plan.title,
      pkuDecision: view.plan.templateId === 'henvisning-pku' ? await this.decisionOn(view.plan) : null,
    });
  }

  /** PKU's decision on this referral: one recorded after it was made (a decision on an earlier referral is not its). */
  private async decisionOn(referral: PlanRecord): Promise<PkuDecision | null> {
    const decision = await this.pkuDecisionOf(referral.caseId);
    return decision && decision.recordedAt.getTime() >= referral.createdAt.getTime() ? decision : null;
  }

  private async viewOf(plan: PlanRecord, executor?: Parameters<PlanRepository['version']>[2]): Promise<PlanView> {
    if (plan.currentVersion === 0) {
      throw new Error(`plan ${plan.id} has no saved version`);
    }
    const stored = await this.plans.version(plan.id, plan.currentVersion, executor);
    if (!stored) throw new Error(`plan ${plan.id} lacks version ${plan.currentVersion}`);
    return { plan, content: PLAN_SCHEMAS[plan.templateId].parse(stored.content) as PlanContent, version: plan.currentVersion };
  }
}
