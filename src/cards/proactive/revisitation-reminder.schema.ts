/**
 * The view model of the card that revisitation-reminder.js builds: what its template binds, bounded. Kept apart
 * from the builder, so that the registry of schemas (which render.ts reads) never imports renderCard.
 */
import { z } from '../../domain/zod.js';
import { item, planRef, ref, short, title } from '../common.js';

export const RevisitationReminderViewModelSchema = z.strictObject({
  /** "Sag: A.B., 4.B · 4.B" (caseHeading): which child, at the top of the card. */
  caseHeading: title,
  caseId: ref,
  /** The saved referral whose goals for the year are evaluated; null when the referral was written outside the bot. */
  referralPlanId: planRef.nullable(),
  lead: z.string().trim().min(1).max(600),
  facts: z.array(z.strictObject({ title: short, value: short })).max(6),
  agenda: z.array(item).min(1).max(4),
});
