/**
 * The PKU decision card's data: the case and its seq when the card was drawn, and the form's three
 * inputs. The envelope must be whole (a tampered card is "not found"); the inputs are read leniently
 * so that a missing choice or date comes back to the form as a Danish line under its field.
 */
import { z } from '../domain/zod.js';
import { isIsoDate } from '../domain/calendar.js';
import { PKU_DECISIONS } from '../domain/pku-decision.js';
import type { PkuDecisionCommand, PkuFormField } from '../cases/pku-decision.service.js';
import { parseWith, type Parsed } from './input.js';
import type { CardData } from './reply.js';

export interface PkuCardRef {
  caseId: string;
  seq: number;
}

/** What the form holds, as typed (for drawing it again). */
export interface PkuFormValues {
  decision: string;
  decidedOn: string;
  remarks: string;
}

export type PkuForm =
  | { kind: 'command'; command: PkuDecisionCommand }
  | { kind: 'incomplete'; ref: PkuCardRef; values: PkuFormValues; errors: { field: PkuFormField; message: string }[] };

const RefSchema = z.looseObject({ caseId: z.uuid(), seq: z.coerce.number().int().nonnegative() });
const text = (v: unknown) => (typeof v === 'string' ? v : '');

export const PKU_FORM_MESSAGES = {
  decision: "Vælg PKU's afgørelse.",
  decidedOn: 'Vælg datoen for afgørelsen.',
} as const;

export function pkuCardRefOf(data: CardData): Parsed<PkuCardRef> {
  return parseWith(RefSchema, data, (d) => ({ caseId: d.caseId, seq: d.seq }));
}

/** Gem on the PKU decision card: the command, or the form again with what is missing. */
export function pkuFormOf(data: CardData): Parsed<PkuForm> {
  const ref = pkuCardRefOf(data);
  if (!ref.ok) return ref;
  const values: PkuFormValues = {
    decision: text(data.decision).trim(),
    decidedOn: text(data.decidedOn).trim(),
    remarks: text(data.remarks),
  };
  const errors: { field: PkuFormField; message: string }[] = [];
  const decision = (PKU_DECISIONS as readonly string[]).includes(values.decision)
    ? (values.decision as PkuDecisionCommand['decision'])
    : null;
  if (!decision) errors.push({ field: 'decision', message: PKU_FORM_MESSAGES.decision });
  if (!isIsoDate(values.decidedOn)) errors.push({ field: 'decidedOn', message: PKU_FORM_MESSAGES.decidedOn });
  if (errors.length > 0 || !decision) return { ok: true, value: { kind: 'incomplete', ref: ref.value, values, errors } };
  return {
    ok: true,
    value: { kind: 'command', command: { ...ref.value, decision, decidedOn: values.decidedOn, remarks: values.remarks } },
  };
}
