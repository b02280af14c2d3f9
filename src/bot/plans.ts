/**
 * Plan card actions: draft a template the recommendation calls for (one at a time, the next offered
 * on the card; on a case with saved plans: its plans, with Åbn and Ny version), open a plan (to
 * read, to edit, or an earlier version), save a version, open the evaluation card, save an
 * evaluation (which moves the case on the ladder), export. Thin: read the card (plans.input.ts),
 * call the plan service, answer with cards. Access is the service's, from the stored case.
 */
import type { Playbook } from '../domain/playbook.js';
import type { Actor } from '../domain/actor.js';
import { planToCardValues, type PlanContent } from '../domain/plans/index.js';
import type { IntakeService } from '../cases/intake.service.js';
import type { PlanService, PlanView } from '../plans/plan.service.js';
import type { PlanRecord } from '../plans/plan.repository.js';
import type { CaseOverviewService } from '../cases/case-overview.service.js';
import {
  closingNotices,
  noticeCard,
  notices,
  planCard,
  planListCard,
  type Card,
  type CaseSparringLine,
  type PlanCardInfo,
} from '../cards/index.js';
import { caseHandlers, type CaseDeps, type CaseVerb } from './cases.js';
import { screenCardsOf } from './intake.js';
import { draftRefOf, planCardOf, planRefOf, planVersionRefOf } from './plans.input.js';
import { badRequest, replaceCard, sendCards, type Handlers, type Reply } from './reply.js';

/** A template the step names that cannot be drafted as a card: said, so the team uses the school's own. */
function notDraftable(unavailable: { title: string }[]): Card[] {
  if (unavailable.length === 0) return [];
  return [
    noticeCard(
      'info',
      'Ikke som udkast endnu',
      `${unavailable.map((t) => t.title).join(' og ')} kan endnu ikke laves som udkast i Indsatsguiden. Brug skolens egen skabelon til ${unavailable.length === 1 ? 'den' : 'dem'}.`,
    ),
  ];
}

export type PlanVerb = 'plan.open' | 'plan.draft' | 'plan.save' | 'plan.evaluate' | 'plan.evaluation.save' | 'plan.export';

/**
 * The case and plan verbs, with what they need (compose.ts builds it): `verbs` holds the case
 * commands (cases.ts) and the plan actions (this module).
 */
export class PlanHandlers {
  readonly verbs: Pick<Handlers, CaseVerb | PlanVerb>;

  constructor(
    private readonly plans: PlanService,
    private readonly intake: IntakeService,
    overview: CaseOverviewService,
    private readonly playbook: Playbook,
    /** Display names from the organisation directory (ids when it does not know them). */
    names: CaseDeps['names'],
    /** The case's sparring requests the actor may see, as lines on the case card. */
    requestsOf: (actor: Actor, caseId: string) => Promise<CaseSparringLine[]> = async () => [],
  ) {
    this.verbs = { ...caseHandlers({ overview, playbook, names, requestsOf }), ...this.planVerbs() };
  }

  private planVerbs(): Pick<Handlers, PlanVerb> {
    const { plans } = this;
    return {
      'plan.open': async (turn, data) => {
        const ref = planVersionRefOf(data);
        const view = ref.ok ? await plans.open(turn.actor, ref.value.planId, ref.value.version) : null;
        return sendCards('Plan', view ? await this.card(view, { readOnly: ref.ok && ref.value.readOnly }) : notices.notFound());
      },
      'plan.draft': async (turn, data) => {
        const ref = draftRefOf(data);
        if (!ref.ok) return sendCards('', notices.badRequest(ref.errors));
        const drafted = await plans.draftForCase(turn.actor, ref.value.caseId, turn.displayName, ref.value.templateId);
        if (drafted === null) return sendCards('', notices.notFound());
        switch (drafted.kind) {
          case 'drafted':
            return sendCards(
              drafted.view.version > 0 ? 'Plan' : 'Udkast lavet',
              await this.card(drafted.view, { next: drafted.next }),
              ...notDraftable(drafted.unavailable),
            );
          case 'plans': {
            const { pseudonym } = await plans.cardContext(ref.value.caseId);
            return sendCards(
              'Planer',
              planListCard({
                caseId: ref.value.caseId,
                pseudonym,
                plans: drafted.plans,
                templates: drafted.undrafted,
                unavailable: drafted.unavailable,
              }),
            );
          }
          case 'none':
            return sendCards(
              '',
              drafted.unavailable.length > 0
                ? notDraftable(drafted.unavailable)[0]!
                : noticeCard(
                    'info',
                    'Ingen skabeloner endnu',
                    drafted.reason === 'questions'
                      ? 'Svar på spørgsmålene først: så ved Indsatsguiden, hvilke skabeloner trinnet kalder på.'
                      : 'Trinnet kalder ikke på en skabelon.',
                  ),
            );
        }
      },
      'plan.save': async (turn, data) => {
        const input = planCardOf(data);
        if (!input.ok) return badRequest(input.errors);
        const outcome = await plans.save(turn.actor, input.value);
        switch (outcome.kind) {
          case 'saved':
            // "Gemt – version N" is said by the Gem the user pressed (at the bottom of the card).
            return replaceCard(await this.card(outcome.view, { notes: outcome.notes, savedNow: true }), 'Gemt');
          case 'already-saved':
            return replaceCard(await this.card(outcome.view, { notes: ['Allerede gemt – intet er ændret.'] }), 'Intet ændret');
          case 'invalid':
            return replaceCard(await this.formCard(outcome.plan, outcome.plan.templateId, outcome.values, outcome.errors), 'Ret planen');
          case 'closed':
            return replaceCard(closingNotices.readOnly(outcome.closed ?? null), 'Sagen er afsluttet');
          case 'not-found':
            return replaceCard(notices.notFound());
        }
      },
      'plan.evaluate': async (turn, data) => {
        const ref = planRefOf(data);
        if (!ref.ok) return sendCards('', notices.badRequest(['Kortet mangler planens id']));
        const draft = await plans.evaluationDraft(turn.actor, ref.value.planId);
        if (!draft) return sendCards('', notices.notFound());
        return sendCards('Evaluering', await this.formCard(draft.plan, 'evaluering', planToCardValues('evaluering', draft.content), []));
      },
      'plan.evaluation.save': async (turn, data) => this.saveEvaluation(turn.actor, data),
      'plan.export': async (turn, data) => {
        const ref = planRefOf(data);
        if (!ref.ok) return sendCards('', notices.badRequest(['Kortet mangler planens id']));
        const markdown = await plans.export(turn.actor, ref.value.planId);
        if (!markdown) return sendCards('', notices.notFound());
        return { replace: null, toast: 'Eksporteret', send: [], markdown };
      },
    };
  }

  private async saveEvaluation(actor: Actor, data: Record<string, unknown>): Promise<Reply> {
    const input = planCardOf(data);
    if (!input.ok) return badRequest(input.errors);
    const outcome = await this.plans.evaluate(actor, input.value);
    switch (outcome.kind) {
      case 'evaluated': {
        const done =
          outcome.plan.templateId === 'henvisning-pku'
            ? noticeCard(
                'info',
                'Evalueringen er gemt',
                `${outcome.plan.title}: årets mål er evalueret. Registrér PKU's afgørelse på sagen, når revisitationen er afsluttet.`,
                outcome.notes,
              )
            : noticeCard(
                'info',
                'Evalueringen er gemt',
                `${outcome.plan.title}: evalueringen er gemt, og sagen er ført videre.`,
                outcome.notes,
              );
        // The case's screen now: the next recommendation, or the question the rules still need.
        // (Only for the teacher whose case it is: a leader evaluating from a reminder gets no intake card.)
        const screen = await this.intake.resume(actor);
        const own = screen && screen.caseId === outcome.plan.caseId ? screen : null;
        return { replace: done, toast: 'Gemt', send: own ? screenCardsOf(own, this.playbook) : [] };
      }
      case 'already-evaluated':
        return replaceCard(noticeCard('info', 'Allerede evalueret', 'Planen er allerede evalueret. Intet er ændret.'), 'Intet ændret');
      case 'invalid':
        return replaceCard(await this.formCard(outcome.plan, 'evaluering', outcome.values, outcome.errors), 'Ret evalueringen');
      case 'closed':
        return replaceCard(closingNotices.readOnly(outcome.closed ?? null), 'Sagen er afsluttet');
      case 'not-found':
        return replaceCard(notices.notFound());
    }
  }

  /**
   * A plan's card: a draft, the current version (to edit; `readOnly`: to read, with Ny version), or
   * an earlier version (read-only). `next` is the template "Næste udkast" drafts.
   */
  private async card(
    view: PlanView,
    extra: { notes?: string[]; savedNow?: boolean; readOnly?: boolean; next?: PlanCardInfo['next'] } = {},
  ): Promise<Card> {
    const ctx = await this.plans.cardContext(view.plan.caseId);
    const saved = view.version > 0;
    const earlier = saved && view.version < view.plan.currentVersion;
    const reading = saved && !earlier && extra.readOnly === true;
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
        readOnly: earlier || reading,
        revisable: reading,
        closed: ctx.closed,
        savedNow: extra.savedNow === true,
        next: extra.next ?? null,
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
        caseId: plan.caseId,
        planId: plan.id,
        templateId,
        seq,
        pseudonym: ctx.pseudonym,
        level: ctx.level,
        version: saved ? plan.currentVersion : null,
        savedAt: saved ? plan.updatedAt : null,
        values,
        errors,
      },
      this.playbook,
    );
  }
}
