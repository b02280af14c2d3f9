/**
 * The case's pseudonym: how plans, lists and exports name the child or the group, e.g. "A.B., 4.B"
 * or "4.B". Short on purpose (initials and class, not a name), and never a CPR number.
 */
import { z } from './zod.js';
import { findIdentifierTexts } from './identifiers.js';
import { CONTROL_CHARACTER_REFUSAL, hasControlCharacters } from './free-text.js';

export const PSEUDONYM_MAX = 30;

export const PseudonymSchema = z
  .string()
  .trim()
  .min(1)
  .max(PSEUDONYM_MAX, { message: `Højst ${PSEUDONYM_MAX} tegn: skriv initialer og klasse, fx "A.B., 4.B"` })
  .refine((s) => !hasControlCharacters(s), { message: CONTROL_CHARACTER_REFUSAL })
  .refine((s) => findIdentifierTexts(s).length === 0, {
    message: 'Må ikke indeholde et CPR-nummer, en e-mailadresse eller et telefonnummer. Skriv initialer og klasse, fx "A.B., 4.B".',
  });
