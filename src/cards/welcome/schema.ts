/**
 * The welcome card (first contact, a greeting) and the help card (the commands).
 */
import { z } from '../../domain/zod.js';
import { LIMITS, item } from '../common.js';

// welcome ------------------------------------------------------------------------------------------

export const WelcomeViewModelSchema = z.strictObject({
  userName: z.string().trim().min(1).max(100).nullable(),
  openCase: z
    .strictObject({
      /** A Danish date, e.g. "3. marts 2025". */
      started: z.string().trim().min(1).max(60),
      questionNumber: z.number().int().positive(),
    })
    .nullable(),
});

// help ---------------------------------------------------------------------------------------------

export const HelpViewModelSchema = z.strictObject({
  commands: z
    .array(z.strictObject({ command: z.string().trim().min(1).max(60), description: item }))
    .min(1)
    .max(LIMITS.list),
});
