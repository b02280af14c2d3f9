/**
 * Case and plan card actions. "Mine sager" lists the user's cases and opens one (its plans and its
 * history on the ladder); plan actions draft the templates a recommendation calls for, save a version, open the
 * evaluation card, save an evaluation (which moves the case on the ladder), export. Thin: parse,
 * call the plan service, answer with cards. Access is the service's, from the stored case.
 */
import { z } from '../domain/zod.js';
import type { Playbook } from '../domain/playbook.js';
import { planToCardValues, type PlanContent } from '../domain/plans/index.js';
import type { Actor } from '../domain/actor.js';
import type { IntakeService, Screen } from '../cases/intake.service.js';
import type { PlanService, PlanView } from '../plans/plan.service.js';
import type { PlanRecord } from '../plans/plan.repository.js';
import { caseCard, caseListCard, notices, noticeCard, planCard, screenCards, type Card, type CaseSparringLine } from '../cards/index.js';
import type { CaseOverviewService } from '../cases/case-overview.service.js';

export const PLAN_VERBS = ['cases.list', 'cases.school', 'case.open', 'plan.open', 'plan.draft', 'plan.save', 'plan.evaluate', 'plan.evaluation.save', 'plan.export'] as const;
export type PlanVerb = (typeof PLAN_VERBS)[number];

/** The teams offered on a screen's first card (the teacher's own, from the directory). */
export const teamsOn = (screen: Screen) => (screen.kind === 'question' ? screen.teams : []);

export interface PlanReply {
  replace: Card | null;
  toast: string;
  send: Card[];
  /** Markdown to post as a plain message (the export). */
  markdown?: string;
}

const CaseRef = z.looseObject({ caseId: z.uuid() });
const PlanRef = z.looseObject({ caseId: z.uuid(), planId: z.uuid() });
const PlanVersionRef = PlanRef.extend({ version: z.coerce.number().int().nonnegative().optional() });

export class PlanHandlers {
  constructor(
    private readonly plans: PlanService,
    private readonly intake: IntakeService,
    private readonly overview: CaseOverviewService,
    private readonly playbook: Playbook,
    /** Display names from the organisation directory (ids when it does not know them). */
    private readonly names: { school(id: string): string; person(aadObjectId: string): string | null },
    /** The case's sparring requests the actor may see, as lines on the case card. */
    private readonly requestsOf: (actor: Actor, caseId: string) => Promise<CaseSparringLine[]> = async () => [],
  ) {}

  private async card(view: PlanView, extra: { notes?: string[] } = {}): Promise<Card> {
    const ctx = await this.plans.cardContext(view.plan.caseId);
    const saved = view.version > 0;
    const earlier = saved && view.version < view.plan.currentVersion;
    return planCard(
      {
        caseId: view.plan.caseId,
        planId: view.plan.id,
        templateId: view.plan.templateId,
        seq: view.plan.currentVersion,
        pseudonym: ctx.pseudonym,
        level: ctx.level,
        version: saved ? view.version : null,
        savedAt: saved && !earlier ? view.plan.updatedAt : null,
        values: planToCardValues(view.plan.templateId, view.content as PlanContent),
        notes: earlier ? [`Tidligere version – den gældende er version ${view.plan.currentVersion}.`] : extra.notes,
        readOnly: earlier,
      },
      this.playbook,
    );
  }

  /**
   * A form card for a plan with given values: the plan's own template shown again after a refused
   * save (errors under the fields), or the evaluation form of a plan (`evaluering`).
   */
  private async formCard(
    plan: PlanRecord,
    templateId: PlanRecord['templateId'],
    values: Record<string, string>,
    errors: { field: string | null; message: string }[],
  ): Promise<Card> {
    const ctx = await this.plans.cardContext(plan.caseId);
    const saved = templateId === plan.templateId && plan.currentVersion > 0;
    // The plan's own form carries the version it shows (Gem saves the next one); the evaluation
    // form the plan's revision, which every evaluation moves on (one card, one evaluation).
    const seq = templateId === 'evaluering' ? plan.revision : plan.currentVersion;
    return planCard(
      {
        caseId: plan.caseId, planId: plan.id, templateId, seq, pseudonym: ctx.pseudonym, level: ctx.level,
        version: saved ? plan.currentVersion : null, savedAt: saved ? plan.updatedAt : null, values, errors,
      },
      this.playbook,
    );
  }

  async handle(verb: PlanVerb, actor: Actor, data: Record<string, unknown>, displayName: string): Promise<PlanReply> {
    switch (verb) {
      case 'cases.list':
        return { replace: null, toast: 'Mine sager', send: [caseListCard(await this.overview.listMine(actor), this.playbook)] };
      case 'cases.school': {
        const school = await this.overview.listSchool(actor);
        if (!school) {
          return { replace: null, toast: '', send: [noticeCard('info', 'Sager på skolen', 'Kun skolens ledelse ser alle skolens sager. Skriv "mine sager" for at se dine egne.')] };
        }
        const names = school.schoolIds.map((id) => this.names.school(id)).join(' og ');
        const card = caseListCard(school, this.playbook, {
          title: `Sager på ${names}`,
          emptyText: 'Der er ingen sager på skolen endnu.',
          ownerName: (summary) => this.names.person(summary.case.ownerAadId),
        });
        return { replace: null, toast: 'Sager på skolen', send: [card] };
      }
      case 'case.open': {
        const ref = CaseRef.safeParse(data);
        const detail = ref.success ? await this.overview.detail(actor, ref.data.caseId) : null;
        const requests = detail ? await this.requestsOf(actor, detail.case.id) : [];
        return { replace: null, toast: 'Sag', send: [detail ? caseCard(detail, this.playbook, requests) : notices.notFound()] };
      }
      case 'plan.open': {
        const ref = PlanVersionRef.safeParse(data);
        const view = ref.success ? await this.plans.open(actor, ref.data.planId, ref.data.version || undefined) : null;
        return { replace: null, toast: 'Plan', send: [view ? await this.card(view) : notices.notFound()] };
      }
      case 'plan.draft': {
        const ref = CaseRef.safeParse(data);
        if (!ref.success) return { replace: null, toast: '', send: [notices.badRequest(['Kortet mangler sagens id'])] };
        const drafted = await this.plans.draftForCase(actor, ref.data.caseId, displayName);
        if (drafted === null) return { replace: null, toast: '', send: [notices.notFound()] };
        const { views, unavailable } = drafted;
        if (views.length === 0 && unavailable.length === 0) {
          return { replace: null, toast: '', send: [noticeCard('info', 'Ingen skabeloner endnu', 'Trinnet kalder ikke på en skabelon. Svar på spørgsmålene først.')] };
        }
        // A template the step names but the bot cannot draft yet: say so, and draft the others.
        const notYet = unavailable.length === 0 ? [] : [noticeCard(
          'info',
          'Ikke som udkast endnu',
          `${unavailable.map((t) => t.title).join(' og ')} kan endnu ikke laves som udkast i Indsatsguiden. Brug skolens egen skabelon til ${unavailable.length === 1 ? 'den' : 'dem'}.`,
        )];
        return { replace: null, toast: views.length > 0 ? 'Udkast lavet' : 'Intet udkast', send: [...(await Promise.all(views.map((v) => this.card(v)))), ...notYet] };
      }
      case 'plan.save': {
        const outcome = await this.plans.save(actor, data);
        switch (outcome.kind) {
          case 'saved':
            return { replace: await this.card(outcome.view, { notes: ['Gemt.', ...outcome.notes] }), toast: 'Gemt', send: [] };
          case 'already-saved':
            return { replace: await this.card(outcome.view, { notes: ['Allerede gemt – intet er ændret.'] }), toast: 'Intet ændret', send: [] };
          case 'invalid':
            return { replace: await this.formCard(outcome.plan, outcome.plan.templateId, outcome.values, outcome.errors), toast: 'Ret planen', send: [] };
          case 'not-found':
            return { replace: notices.notFound(), toast: '', send: [] };
          case 'bad-request':
            return { replace: notices.badRequest(outcome.errors), toast: '', send: [] };
        }
        break;
      }
      case 'plan.evaluate': {
        const ref = PlanRef.safeParse(data);
        if (!ref.success) return { replace: null, toast: '', send: [notices.badRequest(['Kortet mangler planens id'])] };
        const draft = await this.plans.evaluationDraft(actor, ref.data.planId);
        if (!draft) return { replace: null, toast: '', send: [notices.notFound()] };
        const card = await this.formCard(draft.plan, 'evaluering', planToCardValues('evaluering', draft.content), []);
        return { replace: null, toast: 'Evaluering', send: [card] };
      }
      case 'plan.evaluation.save': {
        const outcome = await this.plans.evaluate(actor, data);
        switch (outcome.kind) {
          case 'evaluated': {
            const done = noticeCard('info', 'Evalueringen er gemt', `${outcome.plan.title}: evalueringen er gemt, og sagen er ført videre.`, outcome.notes);
            // The case's screen now: the next recommendation, or the question the rules still need.
            // (Only for the teacher whose case it is: a leader evaluating from a reminder gets no intake card.)
            const screen = await this.intake.resume(actor);
            const own = screen && screen.caseId === outcome.plan.caseId ? screen : null;
            return { replace: done, toast: 'Gemt', send: own ? screenCards(own, this.playbook, teamsOn(own)) : [] };
          }
          case 'already-evaluated':
            return { replace: noticeCard('info', 'Allerede evalueret', 'Planen er allerede evalueret. Intet er ændret.'), toast: 'Intet ændret', send: [] };
          case 'invalid':
            return { replace: await this.formCard(outcome.plan, 'evaluering', outcome.values, outcome.errors), toast: 'Ret evalueringen', send: [] };
          case 'not-found':
            return { replace: notices.notFound(), toast: '', send: [] };
          case 'bad-request':
            return { replace: notices.badRequest(outcome.errors), toast: '', send: [] };
        }
        break;
      }
      case 'plan.export': {
        const ref = PlanRef.safeParse(data);
        if (!ref.success) return { replace: null, toast: '', send: [notices.badRequest(['Kortet mangler planens id'])] };
        const markdown = await this.plans.export(actor, ref.data.planId);
        if (!markdown) return { replace: null, toast: '', send: [notices.notFound()] };
        return { replace: null, toast: 'Eksporteret', send: [], markdown };
      }
    }
    return { replace: null, toast: '', send: [] };
  }
}
