/**
 * The forms of a sparring request: the request itself (the `sparring-form` card), the closing note
 * of **Afslut** and the reason of **Afvis**, with their bounds and Danish messages. Free text is
 * checked for CPR-like numbers and control characters before the schema runs, so a number is
 * never stored or echoed back; the consent rule needs the case and is checked by the caller
 * (`checkConsent` in pools.ts).
 */
import { IDENTIFIER_REFUSAL, findIdentifierTexts, maskIdentifiers } from '../identifiers.js';
import { CONTROL_CHARACTER_REFUSAL, hasControlCharacters, withoutControlCharacters } from '../free-text.js';
import { HELP_KINDS } from '../plans/index.js';
import { z } from '../zod.js';
import { SPARRING_POOLS } from './pools.js';

// ---------------------------------------------------------------------------------------------
// Bounds and messages

export const WISHED_TIME_MAX = 100;
export const SUMMARY_MAX = 1000;
export const CLOSING_NOTE_MAX = 1000;
export const REJECTION_REASON_MAX = 500;

export const SPARRING_MESSAGES = {
  /** Next to a field that held a CPR-like number, an e-mail address or a phone number (masked in the echo). */
  cpr: 'Et CPR-nummer, en e-mailadresse eller et telefonnummer er fjernet fra feltet. Brug initialer og klasse.',
  pool: 'Vælg den gruppe, anmodningen skal sendes til.',
  helpKinds: 'Vælg mindst én slags hjælp.',
  summary: 'Skriv et kort resumé af sagen – uden navne, brug initialer og klasse.',
  reason: 'Skriv kort, hvorfor du afviser anmodningen.',
  tooLong: (max: number, n: number) => `Teksten er for lang: højst ${max} tegn (nu ${n}).`,
} as const;

// ---------------------------------------------------------------------------------------------
// The request form (the `sparring-form` card)

/** A multi-select ChoiceSet sends "a,b,c"; JSON may send an array. */
const commaList = (value: unknown): unknown => {
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  return value ?? [];
};

/** A Toggle sends 'true'/'false'; JSON may send a boolean; absent or empty is "not answered". */
const toggle = (value: unknown): unknown => {
  if (value === undefined || value === null || value === '') return null;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return value;
};

const bounded = (max: number) =>
  z
    .string()
    .trim()
    .refine((s) => [...s].length <= max, { error: (issue) => SPARRING_MESSAGES.tooLong(max, [...String(issue.input)].length) });

/** The form's values as the card sends them. CPR numbers and control characters are refused before this runs (see parseSparringForm). */
export const SparringFormSchema = z.object({
  pool: z.enum(SPARRING_POOLS, { error: SPARRING_MESSAGES.pool }),
  helpKinds: z.preprocess(
    commaList,
    z
      .array(z.enum(HELP_KINDS, { error: SPARRING_MESSAGES.helpKinds }))
      .min(1, { error: SPARRING_MESSAGES.helpKinds })
      .transform((xs) => HELP_KINDS.filter((k) => xs.includes(k))),
  ),
  wishedTime: z.preprocess((v) => v ?? '', bounded(WISHED_TIME_MAX)),
  summary: z.preprocess((v) => v ?? '', bounded(SUMMARY_MAX).pipe(z.string().min(1, { error: SPARRING_MESSAGES.summary }))),
  parentsConsent: z.preprocess(toggle, z.boolean().nullable()),
});

export type SparringForm = z.output<typeof SparringFormSchema>;

/** The form's input ids, in card order. */
export const SPARRING_FORM_FIELDS = ['pool', 'helpKinds', 'wishedTime', 'summary', 'parentsConsent'] as const;
export type SparringFormField = (typeof SPARRING_FORM_FIELDS)[number];

/** The free-text fields: bounded, CPR- and control-character-checked. */
const FREE_TEXT_FIELDS = ['wishedTime', 'summary'] as const;

export interface SparringFieldError {
  /** The card input id the message belongs next to; null for the card as a whole. */
  field: string | null;
  message: string;
}

export type ParseSparringResult<T> =
  | { ok: true; value: T }
  /** `values`: what the user sent, as card values, with every CPR-like number masked (never echoed). */
  | { ok: false; errors: SparringFieldError[]; values: Record<string, string>; cprRefused: boolean };

function cardText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(',');
  return '';
}

/**
 * Reads free-text card fields. A CPR-like number anywhere refuses the whole card (the general CPR
 * message on top and a short one next to each field) and is masked in the echo; a control
 * character (NUL, …) is refused next to its field and removed from the echo. No value is ever
 * repeated in a message.
 */
function refuseUnsafe(values: Record<string, unknown>, fields: readonly string[], all: readonly string[]) {
  const echo: Record<string, string> = {};
  for (const key of all) echo[key] = withoutControlCharacters(cardText(values[key]));
  const errors: SparringFieldError[] = [];
  let cprRefused = false;
  for (const key of fields) {
    const text = cardText(values[key]);
    if (findIdentifierTexts(echo[key] ?? '').length > 0) {
      echo[key] = maskIdentifiers(echo[key] ?? '');
      errors.push({ field: key, message: SPARRING_MESSAGES.cpr });
      cprRefused = true;
    } else if (hasControlCharacters(text)) {
      errors.push({ field: key, message: CONTROL_CHARACTER_REFUSAL });
    }
  }
  if (cprRefused) errors.unshift({ field: null, message: IDENTIFIER_REFUSAL });
  return { echo, errors, cprRefused };
}

function fieldErrors(error: z.ZodError): SparringFieldError[] {
  const out: SparringFieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : null;
    if (!out.some((e) => e.field === field)) out.push({ field, message: issue.message });
  }
  return out;
}

/**
 * Validates the request form. A CPR-like number in the summary or the wished time refuses the
 * card before anything else (nothing is stored, the number is not echoed). The consent rule needs
 * the case (`checkConsent`), so it is checked by the caller.
 */
export function parseSparringForm(values: Record<string, unknown>): ParseSparringResult<SparringForm> {
  const { echo, errors, cprRefused } = refuseUnsafe(values, FREE_TEXT_FIELDS, SPARRING_FORM_FIELDS);
  if (errors.length > 0) return { ok: false, errors, values: echo, cprRefused };
  const parsed = SparringFormSchema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error), values: echo, cprRefused: false };
  return { ok: true, value: parsed.data };
}

/** The closing note of **Afslut**: optional, bounded, no CPR. Empty is null. */
export function parseClosingNote(values: Record<string, unknown>): ParseSparringResult<string | null> {
  const { echo, errors, cprRefused } = refuseUnsafe(values, ['note'], ['note']);
  if (errors.length > 0) return { ok: false, errors, values: echo, cprRefused };
  const parsed = z.preprocess((v) => v ?? '', bounded(CLOSING_NOTE_MAX)).safeParse(values.note);
  if (!parsed.success)
    return { ok: false, errors: [{ field: 'note', message: parsed.error.issues[0]!.message }], values: echo, cprRefused: false };
  return { ok: true, value: parsed.data === '' ? null : parsed.data };
}

/** The reason of **Afvis**: required, bounded, no CPR. */
export function parseRejectionReason(values: Record<string, unknown>): ParseSparringResult<string> {
  const { echo, errors, cprRefused } = refuseUnsafe(values, ['reason'], ['reason']);
  if (errors.length > 0) return { ok: false, errors, values: echo, cprRefused };
  const parsed = z
    .preprocess((v) => v ?? '', bounded(REJECTION_REASON_MAX).pipe(z.string().min(1, { error: SPARRING_MESSAGES.reason })))
    .safeParse(values.reason);
  if (!parsed.success)
    return { ok: false, errors: [{ field: 'reason', message: parsed.error.issues[0]!.message }], values: echo, cprRefused: false };
  return { ok: true, value: parsed.data };
}
