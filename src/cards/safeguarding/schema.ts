/**
 * The safeguarding card: shown before anything else when the answers reveal signs that a child is
 * not safe — what to do now, in order, and the legal basis.
 */
import { z } from '../../domain/zod.js';
import { LIMITS, list, title } from '../common.js';

// safeguarding -------------------------------------------------------------------------------------

export const SafeguardingViewModelSchema = z.strictObject({
  acute: z.boolean(),
  title,
  /** Danish titles of the signs, e.g. "Vold". */
  concerns: z.array(z.string().trim().min(1).max(120)).max(LIMITS.list),
  /** What to do now, in order. */
  actions: list().min(1),
  basis: title,
  leadershipNote: z.string().trim().min(1).max(LIMITS.text),
});
