/**
 * The view model of the card that safeguarding-alert.js builds: what its template binds, bounded. Kept apart
 * from the builder, so that the registry of schemas (which render.ts reads) never imports renderCard.
 */
import { z } from '../../domain/zod.js';
import { list, ref, short, title } from '../common.js';

export const SafeguardingAlertViewModelSchema = z.strictObject({
  caseId: ref,
  /** "Sag: A.B., 4.B · 4.B – Fjordbakkeskolen" (caseHeading). */
  caseHeading: title,
  acute: z.boolean(),
  lead: z.string().trim().min(1).max(600),
  facts: z.array(z.strictObject({ title: short, value: z.string().trim().min(1).max(1600) })).max(8),
  /** What the duty to notify asks of the leader now, in order. */
  leaderActions: list().min(1),
});
