/**
 * The welcome card (first contact, a greeting) and the help card (the commands).
 */
import { z } from '../../domain/zod.js';
import { LIMITS, item, pseudonym } from '../common.js';

// welcome ------------------------------------------------------------------------------------------

export const WelcomeViewModelSchema = z.strictObject({
  userName: z.string().trim().min(1).max(100).nullable(),
  openCase: z
    .strictObject({
      /** A Danish date, e.g. "3. marts 2025". */
      started: z.string().trim().min(1).max(60),
      questionNumber: z.number().int().positive(),
      /** The case's pseudonym ("A.B., 4.B"), so the user knows which child; null when it has none yet. */
      name: pseudonym.default(null),
      /** A line when more concerns are in progress ("Du har én bekymring mere i gang …"); null when not. */
      more: item.nullable().default(null),
    })
    .nullable(),
  /** A school leader (from the directory): the card offers the leader's buttons (Sager på skolen). */
  leader: z.boolean().default(false),
});

// help ---------------------------------------------------------------------------------------------

export const HelpViewModelSchema = z.strictObject({
  commands: z
    .array(z.strictObject({ command: z.string().trim().min(1).max(60), description: item }))
    .min(1)
    .max(LIMITS.list),
});
