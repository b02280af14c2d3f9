/**
 * "slet sag <sags-id>" as typed, and the data of the erasure's buttons: the case reference of the
 * command (as "indsigt" takes it: the id or its start, see insight.input.ts), and the confirmation
 * card's case id and seq (a whole envelope, or the click is a bad request). Card data only names the
 * case: whether the actor may erase it is the service's, from the directory and the stored case.
 */
import { z } from '../domain/zod.js';
import { parseWith, type Parsed } from './input.js';
import type { CardData } from './reply.js';
import { caseRefOf } from './insight.input.js';

/** The case reference of "slet sag <ref>" (mentions and surrounding punctuation ignored); null when the text is not that command. */
export function eraseCommandOf(text: string): string | null {
  const clean = text
    .normalize('NFC')
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/\s+/g, ' ');
  const match = /^\s*slet sag(?:en)?\s+([^\s]+?)[\s.!?]*$/iu.exec(clean);
  return match ? match[1]! : null;
}

/** The typed command's (or the status card's) data: `caseRef`, or null when "slet sag" was typed alone. */
export const eraseRefOf = caseRefOf;

export interface EraseCardRef {
  caseId: string;
  seq: number;
}

const ConfirmSchema = z.looseObject({ caseId: z.uuid(), seq: z.coerce.number().int().nonnegative() });
const CancelSchema = z.looseObject({ caseId: z.uuid() });

/** "Slet sagen permanent": the case and its seq when the card was drawn. */
export function eraseConfirmOf(data: CardData): Parsed<EraseCardRef> {
  return parseWith(ConfirmSchema, data, (d) => ({ caseId: d.caseId.toLowerCase(), seq: d.seq }));
}

/** "Annullér": the case the card named. */
export function eraseCancelOf(data: CardData): Parsed<string> {
  return parseWith(CancelSchema, data, (d) => d.caseId.toLowerCase());
}
