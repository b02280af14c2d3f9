/**
 * plan-list: what "Lav udkast" shows on a case that already has saved plans (issue #12: it said
 * "Ingen skabeloner endnu … Svar på spørgsmålene først", a dead end): the case's plans, each with
 * Åbn (to read) and Ny version (to edit and save the next version), and the templates the step
 * calls for that have no plan yet, each with Lav udkast. The text is written in the view (list.ts).
 */
import { z } from '../../domain/zod.js';
import { PLAN_TEMPLATE_IDS, type PlanTemplateId } from '../../domain/plans/index.js';
import { CaseRefSchema, LIMITS, item, planRef, short, title } from '../common.js';

/** Plans listed, the latest saved first (each with two buttons: the card stays under Teams' 28 KB); the rest are counted. */
export const PLAN_LIST_PLANS = 6;
/** Templates offered: a step calls for at most a few. */
export const PLAN_LIST_TEMPLATES = 4;

export const PlanListViewModelSchema = CaseRefSchema.extend({
  /** "Sag: A.B., 4.B" at the top, as on every card of a case. */
  caseHeading: z.string().trim().min(1).max(LIMITS.title),
  title,
  /** One or two sentences under the title. */
  intro: item,
  plans: z
    .array(
      z.strictObject({
        planId: planRef,
        title: short,
        /** E.g. "Version 2 · gemt 3. marts 2025 · evalueres 14. april 2025". */
        line: item,
      }),
    )
    .max(PLAN_LIST_PLANS),
  /** "Og 2 planer mere …" when more plans exist than are listed; null otherwise. */
  morePlans: item.nullable(),
  /** The templates the step calls for with no plan yet, each a "Lav udkast" button. */
  templates: z
    .array(z.strictObject({ templateId: z.enum(PLAN_TEMPLATE_IDS as [PlanTemplateId, ...PlanTemplateId[]]), title: short }))
    .max(PLAN_LIST_TEMPLATES),
  /** Shown when the step calls for none: "Trinnet kalder ikke på flere skabeloner." */
  templatesNote: item.nullable(),
  /** Templates the step names that cannot be drafted as a card, said once. */
  unavailable: item.nullable(),
});
