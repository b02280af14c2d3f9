/**
 * The closing form's data ("Afslut sag"): the case and its seq when the card was drawn, and the
 * form's two inputs. The envelope must be whole (a tampered card is "not found"); the inputs are read
 * leniently, so a missing reason comes back to the form as a Danish line under the choice.
 */
import { z } from '../domain/zod.js';
import { isClosingReason } from '../domain/closing.js';
import type { CloseCommand } from '../cases/closing.service.js';
import type { CaseLeads } from '../cases/closing.service.js';
import { parseWith, type Parsed } from './input.js';
import type { CardData } from './reply.js';

export interface CloseCardRef {
  caseId: string;
  seq: number;
}

const RefSchema = z.looseObject({ caseId: z.uuid(), seq: z.coerce.number().int().nonnegative() });
const text = (v: unknown) => (typeof v === 'string' ? v : '');

export function closeCardRefOf(data: CardData): Parsed<CloseCardRef> {
  return parseWith(RefSchema, data, (d) => ({ caseId: d.caseId, seq: d.seq }));
}

/** "Afslut sag" on the form: the command (the service checks the reason and the note under the case's lock). */
export function closeCommandOf(data: CardData): Parsed<CloseCommand> {
  const ref = closeCardRefOf(data);
  if (!ref.ok) return ref;
  const reason = text(data.reason).trim();
  return { ok: true, value: { ...ref.value, reason: isClosingReason(reason) ? reason : null, note: text(data.note) } };
}

/** The ids a changing verb's card carries that may lead to a case (each checked against the stored case). */
export function caseLeadsOf(data: CardData): CaseLeads {
  const id = (key: string) => (typeof data[key] === 'string' ? (data[key] as string) : undefined);
  return { caseId: id('caseId'), planId: id('planId'), requestId: id('requestId') };
}
