/**
 * The view model of the card that evaluation-reminder-group.ts builds (several plans due for one
 * person at the same time, on one card): what its template binds, bounded. Kept apart from the
 * builder, so that the registry of schemas (which render.ts reads) never imports renderCard.
 */
import { z } from '../../domain/zod.js';
import { EVALUATION_REMINDER_KINDS } from '../../domain/schedule.js';
import { LIMITS, isoDate, item, planRef, ref, short, title } from '../common.js';

/**
 * Plans on one grouped reminder, each with its own buttons (which carry the card's plans): six with
 * long names stay under 28 KB (the `.max` fixture). A person with more due at one moment gets more
 * than one card (the planner merges six to a row); the rest would be counted.
 */
export const REMINDER_GROUP_MAX = 6;

/** One plan of the grouped reminder: which case, which plan, when, what became of it, its buttons. */
const GroupPlanSchema = z.strictObject({
  /** "Sag: A.B., 4.B · 4.B" (caseHeading). */
  caseHeading: title,
  caseId: ref,
  planId: planRef,
  evaluationDate: isoDate,
  kind: z.enum(EVALUATION_REMINDER_KINDS),
  planTitle: short,
  /** "Evalueres i dag, mandag 18. januar 2027". */
  when: item,
  whenColor: z.enum(['Default', 'Warning', 'Attention']),
  /** What happened to this plan's reminder; null while it is open. */
  status: item.nullable(),
  statusColor: z.enum(['Good', 'Accent']),
  canEvaluate: z.boolean(),
  canSnooze: z.boolean(),
});

export const EvaluationReminderGroupViewModelSchema = z.strictObject({
  /** "3 planer skal evalueres". */
  heading: short,
  headerStyle: z.enum(['emphasis', 'warning', 'attention']),
  /** True when one of the plans is overdue: the top line is red. */
  overdue: z.boolean(),
  lead: item,
  because: item,
  /**
   * The card's plans as "planId:YYYY-MM-DD" separated by spaces, carried by every Udskyd and Markér
   * button, so the card can be drawn again whole after a click on one plan.
   */
  group: z
    .string()
    .regex(/^[\w-]+:\d{4}-\d{2}-\d{2}( [\w-]+:\d{4}-\d{2}-\d{2})*$/)
    .max(REMINDER_GROUP_MAX * 48),
  plans: z.array(GroupPlanSchema).min(2).max(REMINDER_GROUP_MAX),
  more: z.string().trim().min(1).max(LIMITS.item).nullable(),
});
