/**
 * The view model of the card that evaluation-reminder.js builds: what its template binds, bounded. Kept apart
 * from the builder, so that the registry of schemas (which render.ts reads) never imports renderCard.
 */
import { z } from '../../domain/zod.js';
import { EVALUATION_REMINDER_KINDS } from '../../domain/schedule.js';
import { LIMITS, isoDate, item, planRef, ref, short, title } from '../common.js';

export { EVALUATION_REMINDER_KINDS, type EvaluationReminderKind } from '../../domain/schedule.js';

export const EvaluationReminderViewModelSchema = z.strictObject({
  /** "Sag: A.B., 4.B · 4.B" (caseHeading): which child, at the top of the card. */
  caseHeading: title,
  caseId: ref,
  planId: planRef,
  /** The buttons' data (snooze and evaluate name the reminder's kind and date) and the heading's colour. */
  kind: z.enum(EVALUATION_REMINDER_KINDS),
  evaluationDate: isoDate,
  planTitle: short,
  heading: short,
  headerStyle: z.enum(['emphasis', 'warning', 'attention']),
  lead: z.string().trim().min(1).max(200),
  /** Why the recipient gets it: the plan's tovholder, or a leader of the school. */
  because: item,
  facts: z.array(z.strictObject({ title: short, value: short })).max(6),
  /** What happened to the reminder (the card updated in place); null while it is open. */
  status: z.string().trim().min(1).max(LIMITS.item).nullable(),
  statusStyle: z.enum(['good', 'emphasis']),
  canEvaluate: z.boolean(),
  canSnooze: z.boolean(),
});
