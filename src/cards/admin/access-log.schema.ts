/**
 * The view model of the access-log card (access-log.ts builds it): what its template binds, bounded.
 * Kept apart from the builder, so that the registry of schemas never imports renderCard.
 */
import { z } from '../../domain/zod.js';
import { short } from '../common.js';

/** Rows shown on the card; the CSV messages carry all the rows the service returned. */
export const ACCESS_LOG_CARD_ROWS = 30;

const accessLine = z.strictObject({
  /** "6. december 2026 kl. 10.02 · Hanne Lykke". */
  title: z.string().trim().min(1).max(160),
  /** "Læst · case.open · sag <id> · plan <id> · anmodning <id>". */
  detail: z.string().trim().min(1).max(240),
  denied: z.boolean(),
});

export const AccessLogViewModelSchema = z.strictObject({
  /** "Sag <id>" or the person's name. */
  subject: short,
  /** How many rows, newest first, and where the CSV is. */
  summary: z.string().trim().min(1).max(300),
  lines: z.array(accessLine).max(ACCESS_LOG_CARD_ROWS),
  moreText: short.nullable(),
});
