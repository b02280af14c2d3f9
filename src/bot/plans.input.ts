/**
 * The plan cards' data, read into the PlanService's typed input: the plan a button names (and
 * whether to show it read-only), the template "Lav udkast" is to draft, and a Gem's envelope.
 */
import { z } from '../domain/zod.js';
import { PLAN_TEMPLATE_IDS, type PlanTemplateId } from '../domain/plans/index.js';
import type { PlanCardInput } from '../plans/plan.service.js';
import { formValuesOf, parseWith, type Parsed } from './input.js';
import type { CardData } from './reply.js';

export interface PlanRef {
  caseId: string;
  planId: string;
}

/**
 * Åbn: a plan, at an earlier version when the card names one (0 or none: the current one), and
 * `readOnly` when the button asks to read it (the plans of a case: Åbn; Ny version opens it to edit).
 */
export interface PlanVersionRef extends PlanRef {
  version: number | undefined;
  readOnly: boolean;
}

/** Lav udkast: the case, and the template a button names (none: the first the step calls for, or the case's plans). */
export interface DraftRef {
  caseId: string;
  templateId: PlanTemplateId | undefined;
}

const PlanRefSchema = z.looseObject({ caseId: z.uuid(), planId: z.uuid() });
const PlanVersionRefSchema = PlanRefSchema.extend({
  version: z.coerce.number().int().nonnegative().optional(),
  readOnly: z.union([z.literal(true), z.literal('true')]).optional(),
});
const DraftRefSchema = z.looseObject({
  caseId: z.uuid(),
  templateId: z.enum(PLAN_TEMPLATE_IDS as [PlanTemplateId, ...PlanTemplateId[]]).optional(),
});
const PlanCardSchema = PlanRefSchema.extend({ seq: z.coerce.number().int().nonnegative() });
const ENVELOPE_KEYS = ['caseId', 'planId', 'seq'] as const;

export function planRefOf(data: CardData): Parsed<PlanRef> {
  return parseWith(PlanRefSchema, data, (d) => ({ caseId: d.caseId, planId: d.planId }));
}

export function planVersionRefOf(data: CardData): Parsed<PlanVersionRef> {
  return parseWith(PlanVersionRefSchema, data, (d) => ({
    caseId: d.caseId,
    planId: d.planId,
    version: d.version || undefined,
    readOnly: d.readOnly !== undefined,
  }));
}

export function draftRefOf(data: CardData): Parsed<DraftRef> {
  return parseWith(DraftRefSchema, data, (d) => ({ caseId: d.caseId, templateId: d.templateId }));
}

/** Gem on a plan card or an evaluation card: the envelope, and the card's inputs for the template to check. */
export function planCardOf(data: CardData): Parsed<PlanCardInput> {
  return parseWith(PlanCardSchema, data, (d) => ({
    caseId: d.caseId,
    planId: d.planId,
    seq: d.seq,
    values: formValuesOf(data, ENVELOPE_KEYS),
  }));
}
