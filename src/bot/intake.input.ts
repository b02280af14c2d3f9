/** The intake cards' data (Svar, Tilbage, Annullér), read into the IntakeService's typed input. */
import { z } from '../domain/zod.js';
import type { IntakeCardInput } from '../cases/intake.service.js';
import { formValuesOf, parseWith, type Parsed } from './input.js';
import type { CardData } from './reply.js';

/** Every intake button carries the case and the `seq` the card was drawn at. */
const IntakeEnvelope = z.looseObject({
  caseId: z.uuid({ message: 'kortet mangler en gyldig sags-id' }),
  seq: z.coerce.number().int().nonnegative(),
  fields: z.string().max(500).optional(),
});
const ENVELOPE_KEYS = ['caseId', 'seq', 'fields'] as const;

export function intakeCardOf(data: CardData): Parsed<IntakeCardInput> {
  return parseWith(IntakeEnvelope, data, (d) => ({ caseId: d.caseId, seq: d.seq, values: formValuesOf(data, ENVELOPE_KEYS) }));
}

/** Annullér: the case the card names, or null (a card naming no case, a typed "annullér"): the latest open case. */
export function intakeCancelOf(data: CardData): Parsed<IntakeCardInput | null> {
  return 'caseId' in data ? intakeCardOf(data) : { ok: true, value: null };
}
