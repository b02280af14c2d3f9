/**
 * The view model of the card that pku-decision.js builds: what its template binds, bounded. Kept apart
 * from the builder, so that the registry of schemas (which render.ts reads) never imports renderCard.
 */
import { z } from '../../domain/zod.js';
import { PKU_DECISIONS, PKU_REMARKS_MAX } from '../../domain/pku-decision.js';
import { CaseRefSchema, choices, isoDate, item, title } from '../common.js';

/** The form's inputs (their ids on the card, and the keys bot/pku.input.ts reads). */
export const PKU_FORM_INPUTS = ['decision', 'decidedOn', 'remarks'] as const;

const fieldError = z.string().max(400);

export const PkuDecisionViewModelSchema = CaseRefSchema.extend({
  /** "Sag: A.B., 4.B · 4.B – Fjordbakkeskolen" (caseHeading), at the top as on every card of a case. */
  caseHeading: title,
  lead: item,
  decisionChoices: choices(PKU_DECISIONS.length, PKU_DECISIONS.length),
  /** Today, 'YYYY-MM-DD': the date picker's latest day. */
  today: isoDate,
  values: z.strictObject({
    decision: z.string().max(40),
    decidedOn: z.string().max(10),
    remarks: z.string().max(PKU_REMARKS_MAX),
  }),
  err: z.strictObject({ decision: fieldError, decidedOn: fieldError, remarks: fieldError }),
  hasErrors: z.boolean(),
});
