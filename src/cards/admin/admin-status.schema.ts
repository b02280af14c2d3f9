/**
 * The view model of the card that admin-status.js builds: what its template binds, bounded. Kept apart
 * from the builder, so that the registry of schemas (which render.ts reads) never imports renderCard.
 */
import { z } from '../../domain/zod.js';
import { LIMITS, personName, short } from '../common.js';

/**
 * The status card's inputs: the words for "adgangslog" (a case id, a name or an AAD id) and the case
 * id for "indsigt" and "slet sag", each in the card its button shows (Action.ShowCard).
 */
export const ADMIN_STATUS_INPUTS = ['query', 'caseRef'] as const;

/** People and failed messages listed on the admin status card; the rest are counted. */
export const ADMIN_LIST_LIMITS = { unreachable: 20, failed: 10, counts: 12, error: 200 } as const;

/** A person the bot cannot write to yet: their name → their roles ("—" without). */
const unreachableFact = z.strictObject({ title: personName, value: z.string().trim().min(1).max(120) });
/** A message given up on: "<kind> til <recipient>", when and how many attempts, the last error. */
const failedLine = z.strictObject({
  /** A kind's label and a recipient of at most 120 characters each. */
  title: z.string().trim().min(1).max(245),
  /** A Danish date and time, and the attempts. */
  detail: z.string().trim().min(1).max(160),
  /** The last error as recorded (from Teams or the network), clipped; null when none was. */
  lastError: z.string().trim().min(1).max(ADMIN_LIST_LIMITS.error).nullable(),
});

export const AdminStatusViewModelSchema = z.strictObject({
  /** The file (its end, when long), when it was loaded, how many people and schools. */
  directoryFacts: z.array(z.strictObject({ title: short, value: z.string().trim().min(1).max(LIMITS.title) })).max(4),
  unreachableTitle: short,
  unreachableFacts: z.array(unreachableFact).max(ADMIN_LIST_LIMITS.unreachable),
  unreachableMoreText: short.nullable(),
  failedTitle: short,
  failedLines: z.array(failedLine).max(ADMIN_LIST_LIMITS.failed),
  failedMoreText: short.nullable(),
  /** Messages in the outbox by state, e.g. { title: "Venter på at blive sendt", value: "3" }. */
  countFacts: z.array(z.strictObject({ title: short, value: short })).max(ADMIN_LIST_LIMITS.counts),
});
