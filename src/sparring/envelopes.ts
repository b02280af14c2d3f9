/**
 * The card data every sparring command starts from, read with zod: the request a card names (and
 * the version it showed), the case and form id of a sent form, and the target of **Send videre**.
 * What does not parse is a bad request, answered with the issues in Danish.
 */
import { z } from '../domain/zod.js';
import { SPARRING_POOLS } from '../domain/sparring.js';

export const Envelope = z.looseObject({
  requestId: z.uuid({ error: 'kortet mangler en gyldig anmodnings-id' }),
  version: z.coerce.number().int().positive().optional(),
});
export const SendEnvelope = z.looseObject({
  caseId: z.uuid({ error: 'kortet mangler en gyldig sags-id' }),
  /** From `formFor`; without it a second click of the same card would send a second request. */
  formId: z.uuid({ error: 'kortet mangler en gyldig formular-id' }).optional(),
});
const FORWARD_CHOICE = 'Vælg den gruppe, anmodningen skal sendes videre til.';
/** The target of **Send videre**: the card's `forwardTo` choice (or `pool`). */
export const ForwardTarget = z
  .looseObject({ forwardTo: z.unknown().optional(), pool: z.unknown().optional() })
  .transform((d) => (d.forwardTo !== undefined && d.forwardTo !== '' ? d.forwardTo : d.pool))
  .pipe(z.enum(SPARRING_POOLS, { error: FORWARD_CHOICE }));

export { issuesOf } from '../domain/zod.js';
