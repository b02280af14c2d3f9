/**
 * Closing a case (issue 13, "Retention and closing"): the owner or a leader of the case's school
 * presses "Afslut sag" and names why. A closed case is read-only: the record stays (the retention
 * job deletes it some months later), but nothing on it changes any more. The reasons are the
 * municipality's own words for how a concern ends; "andet" asks for nothing more, and the optional
 * short note is free text held to the same rules as every other (no CPR number, e-mail or phone
 * number, no control characters).
 *
 * Pure: no I/O.
 */
import { containsIdentifier, IDENTIFIER_REFUSAL } from './identifiers.js';
import { CONTROL_CHARACTER_REFUSAL, hasControlCharacters } from './free-text.js';

export const CLOSING_REASONS = ['forebyggende', 'andet-tilbud', 'flyttet', 'andet'] as const;
export type ClosingReason = (typeof CLOSING_REASONS)[number];

export const CLOSING_REASON_LABELS: Readonly<Record<ClosingReason, string>> = {
  forebyggende: 'Løst på forebyggende niveau',
  'andet-tilbud': 'Overgået til andet tilbud',
  flyttet: 'Flyttet',
  andet: 'Andet',
};

/** The note's longest length (it is a line on the case card, not a report). */
export const CLOSING_NOTE_MAX = 300;

export const isClosingReason = (value: unknown): value is ClosingReason =>
  typeof value === 'string' && (CLOSING_REASONS as readonly string[]).includes(value);

export const CLOSING_MESSAGES = {
  reason: 'Vælg, hvorfor sagen afsluttes.',
  noteTooLong: `Højst ${CLOSING_NOTE_MAX} tegn.`,
} as const;

/** What is wrong with the note (null: it may be stored); the text itself is never echoed. */
export function closingNoteError(note: string): string | null {
  if (containsIdentifier(note)) return IDENTIFIER_REFUSAL;
  if (hasControlCharacters(note)) return CONTROL_CHARACTER_REFUSAL;
  if (Array.from(note.trim()).length > CLOSING_NOTE_MAX) return CLOSING_MESSAGES.noteTooLong;
  return null;
}

/** The line the case card shows: "Flyttet" or "Andet · <note>". */
export function closingReasonLine(reason: ClosingReason, note: string | null): string {
  return note ? `${CLOSING_REASON_LABELS[reason]} · ${note}` : CLOSING_REASON_LABELS[reason];
}
