/**
 * The sparring cards' data, read into the SparringService's typed input: the request a card names
 * (and the version it showed), the case and form id of a sent form, and the target of **Send
 * videre**. What does not parse is a bad request, answered with the issues in Danish.
 */
import { z } from '../domain/zod.js';
import { SPARRING_POOLS } from '../domain/sparring.js';
import type { ForwardInput, NotedInput, RequestCardInput, SendFormInput } from '../sparring/sparring.service.js';
import { formValuesOf, parseWith, type Parsed } from './input.js';
import type { CardData } from './reply.js';

const RequestEnvelope = z.looseObject({
  requestId: z.uuid({ error: 'kortet mangler en gyldig anmodnings-id' }),
  version: z.coerce.number().int().positive().optional(),
});
const SendEnvelope = z.looseObject({
  caseId: z.uuid({ error: 'kortet mangler en gyldig sags-id' }),
  /** From `formFor`; without it a second click of the same card would send a second request. */
  formId: z.uuid({ error: 'kortet mangler en gyldig formular-id' }).optional(),
});
const FORWARD_CHOICE = 'Vælg den gruppe, anmodningen skal sendes videre til.';
/** The target of **Send videre**: the card's `forwardTo` choice (or `pool`). */
const ForwardTarget = z
  .looseObject({ forwardTo: z.unknown().optional(), pool: z.unknown().optional() })
  .transform((d) => (d.forwardTo !== undefined && d.forwardTo !== '' ? d.forwardTo : d.pool))
  .pipe(z.enum(SPARRING_POOLS, { error: FORWARD_CHOICE }));

/** Jeg tager den, Giv fra mig: the request and the version the card showed. */
export function requestCardOf(data: CardData): Parsed<RequestCardInput> {
  return parseWith(RequestEnvelope, data, (d) => ({ requestId: d.requestId, version: d.version }));
}

/** Afslut, Afvis: the request, and the card's inputs (the note, the reason) for the domain to check. */
export function notedOf(data: CardData): Parsed<NotedInput> {
  return parseWith(RequestEnvelope, data, (d) => ({
    requestId: d.requestId,
    version: d.version,
    values: formValuesOf(data, ['requestId', 'version']),
  }));
}

/** Send videre: the target group first (its error alone when it is missing), then the request. */
export function forwardOf(data: CardData): Parsed<ForwardInput> {
  const target = parseWith(ForwardTarget, data, (to) => to);
  if (!target.ok) return target;
  return parseWith(RequestEnvelope, data, (d) => ({ requestId: d.requestId, version: d.version, to: target.value }));
}

/** Send (the form): the case, the form id, and the form's inputs. */
export function sendFormOf(data: CardData): Parsed<SendFormInput> {
  return parseWith(SendEnvelope, data, (d) => ({
    caseId: d.caseId,
    formId: d.formId ?? null,
    values: formValuesOf(data, ['caseId', 'formId']),
  }));
}

/** The request a refresh or Åbn names, as any string (a request nobody may see, or no such id, is "not found"). */
export function requestIdOf(data: CardData): string | null {
  return typeof data.requestId === 'string' ? data.requestId : null;
}

/** The case an Anmod om sparring button names ('' when it names none: not found). */
export function draftCaseOf(data: CardData): string {
  return typeof data.caseId === 'string' ? data.caseId : '';
}
