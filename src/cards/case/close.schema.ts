/**
 * The view model of the card that close.ts builds ("Afslut sag": why the case is closed, and an
 * optional note). Kept apart from the builder, so that the registry of schemas never imports renderCard.
 */
import { z } from '../../domain/zod.js';
import { CLOSING_NOTE_MAX, CLOSING_REASONS } from '../../domain/closing.js';
import { CaseRefSchema, choices, item, short } from '../common.js';

/** The form's inputs (their ids on the card, and the keys bot/closing.input.ts reads). */
export const CLOSE_FORM_INPUTS = ['reason', 'note'] as const;

const fieldError = z.string().max(400);

export const CaseCloseViewModelSchema = CaseRefSchema.extend({
  subtitle: short,
  lead: item,
  reasonChoices: choices(CLOSING_REASONS.length, CLOSING_REASONS.length),
  values: z.strictObject({ reason: z.string().max(40), note: z.string().max(CLOSING_NOTE_MAX) }),
  err: z.strictObject({ reason: fieldError, note: fieldError }),
  hasErrors: z.boolean(),
});
