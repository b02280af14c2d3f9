/**
 * The intake cards' data (Svar, Tilbage, Fortsæt senere) and the buttons that say which concern (Ny
 * bekymring, Fortsæt, Annullér, Ja annullér, Fortryd), read into the services' typed inputs.
 */
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

/** Fortsæt senere (the safety pause): the case the card names; whose it is, the service checks. */
export function intakeLaterOf(data: CardData): Parsed<{ caseId: string }> {
  return parseWith(z.looseObject({ caseId: z.uuid({ message: 'kortet mangler en gyldig sags-id' }) }), data, (d) => ({ caseId: d.caseId }));
}

/**
 * Ny bekymring: a button's optional `anew` (the user chose to start another one, see the verb table)
 * and `pseudonym` (typed with the command, "ny bekymring for A.B., 4.B"; the service checks it).
 */
export function intakeStartOf(data: CardData): Parsed<{ anew: boolean; pseudonym: string | null }> {
  const schema = z.looseObject({
    anew: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
    pseudonym: z.string().max(500, { message: 'initialer og klasse er for lange' }).nullable().optional(),
  });
  return parseWith(schema, data, (d) => ({ anew: d.anew === true || d.anew === 'true', pseudonym: d.pseudonym?.trim() || null }));
}

/** Fortsæt: the case a button names (optional), or null: the user's concern in progress, or a choice. */
export function intakeResumeOf(data: CardData): Parsed<string | null> {
  if (!('caseId' in data)) return { ok: true, value: null };
  return parseWith(z.looseObject({ caseId: z.uuid({ message: 'kortet mangler en gyldig sags-id' }) }), data, (d) => d.caseId);
}

/** Annullér and Fortryd: the case and the `seq` the card was drawn at; typed (no case): null, the latest open or cancelled case. */
export function intakeCaseSeqOf(data: CardData): Parsed<{ caseId: string; seq: number } | null> {
  if (!('caseId' in data)) return { ok: true, value: null };
  return parseWith(IntakeEnvelope, data, (d) => ({ caseId: d.caseId, seq: d.seq }));
}
