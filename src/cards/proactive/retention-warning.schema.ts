/**
 * The view model of the card that retention-warning.js builds: what its template binds, bounded. Kept
 * apart from the builder, so that the registry of schemas (which render.ts reads) never imports renderCard.
 */
import { z } from '../../domain/zod.js';
import { item, planRef, ref, short, title } from '../common.js';

/** Plans offered for export on the warning (each with a button); the rest are counted. */
export const RETENTION_WARNING_PLANS = 6;

export const RetentionWarningViewModelSchema = z.strictObject({
  /** "Sag: A.B., 4.B · 4.B" (caseHeading): which child, at the top of the card. */
  caseHeading: title,
  caseId: ref,
  /** "Sagen slettes 31. marts 2028". */
  heading: short,
  lead: z.string().trim().min(1).max(600),
  /** The case's saved plans, each with Eksportér. */
  plans: z.array(z.strictObject({ planId: planRef, title: short })).max(RETENTION_WARNING_PLANS),
  /** e.g. "Sagen har ingen gemte planer." or "… og 2 planer mere: åbn sagen."; null when every plan is listed. */
  plansNote: item.nullable(),
});
