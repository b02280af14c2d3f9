/**
 * The view model of the erasure's confirmation card (erase.ts builds it): what its template binds,
 * bounded. Kept apart from the builder, so that the registry of schemas never imports renderCard.
 */
import { z } from '../../domain/zod.js';
import { LIMITS, count, ref, short, title } from '../common.js';

export const AdminEraseViewModelSchema = z.strictObject({
  /** "Slet sag A.B., 4.B permanent?" */
  title,
  /** The case: pseudonym, school, status, when it was started and changed, what it holds. */
  facts: z.array(z.strictObject({ title: short, value: z.string().trim().min(1).max(LIMITS.title) })).max(10),
  /** What goes, what stays (the access log) and that it cannot be undone. */
  text: z.string().trim().min(1).max(LIMITS.text),
  /** A line above the buttons, e.g. that the case changed since the last card; null: none. */
  note: short.nullable().default(null),
  caseId: ref,
  /** The case's version when the card was drawn: a confirmation after another change is stale. */
  seq: count,
});
