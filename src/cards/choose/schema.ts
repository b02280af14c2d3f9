/**
 * The cards that say which concern (issue 12): the choice between concerns in progress (case-choice:
 * "fortsæt" with several, and "ny bekymring" while one is in progress) and the card of one case that
 * asks or says something about it with its own buttons (case-confirm: "annullér" asks first, the
 * cancelled card with Fortryd). Both name the case at the top (caseHeading) or each case in the list.
 */
import { z } from '../../domain/zod.js';
import { LIMITS, count, item, pseudonym, ref, short, title } from '../common.js';

const buttonTitle = z.string().trim().min(1).max(60);

export const CaseChoiceViewModelSchema = z.strictObject({
  /** "Sag: A.B., 4.B" when the card is about one case; null for a list of several. */
  caseHeading: title.nullable(),
  title,
  text: z.string().trim().min(1).max(LIMITS.text),
  /** Each case with its own "Fortsæt med …" button (intake.resume naming the case). */
  cases: z
    .array(
      z.strictObject({
        caseId: ref,
        /** The case's heading (caseHeading); null when the card names its one case at the top already. */
        heading: title.nullable(),
        /** Where it stands, e.g. "Spørgsmål 3". */
        where: item,
        /** When it was started and last changed, e.g. "Startet 3. december · sidst ændret 6. dec. kl. 14.02". */
        changed: item,
        button: buttonTitle,
      }),
    )
    .min(1)
    .max(LIMITS.list),
  /** "Start en ny bekymring" (intake.start, anew), with the pseudonym typed with the command; null: no such button. */
  startNew: z.strictObject({ pseudonym: pseudonym.default(null) }).nullable(),
});

/** The verbs a case-confirm card's buttons may carry: the first two name the case and its seq, Fortsæt the case, Ny bekymring nothing. */
export const CASE_CONFIRM_VERBS = ['intake.cancel.confirm', 'intake.undo', 'intake.resume', 'intake.start'] as const;
export type CaseConfirmVerb = (typeof CASE_CONFIRM_VERBS)[number];

export const CaseConfirmViewModelSchema = z.strictObject({
  caseHeading: title,
  tone: z.enum(['info', 'warning']),
  title,
  text: z.string().trim().min(1).max(LIMITS.text),
  caseId: ref,
  /** The case's version when the card was drawn: a click after another change is stale. */
  seq: count,
  actions: z
    .array(z.strictObject({ title: buttonTitle, verb: z.enum(CASE_CONFIRM_VERBS), style: z.enum(['positive', 'destructive', 'default']) }))
    .max(3),
  /** A short line under the text, e.g. until when Fortryd works. */
  note: short.nullable().default(null),
});
