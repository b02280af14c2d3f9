/**
 * Free text from outside (card fields, Teams display names): what may be stored of it.
 *
 * A NUL byte or another control character in a text field is refused with a Danish message of its
 * own: PostgreSQL cannot store NUL in text or jsonb, so it would otherwise fail the query (and an
 * error line could carry the row), and the other C0/C1 controls, lone surrogates and Unicode
 * noncharacters are never typed by a person; they come from broken copies and crafted requests.
 * Tab, line feed and carriage return are what multi-line fields are made of, and stay. The value is
 * never echoed in the message; a card shown again gets the text with those characters removed.
 *
 * Display names are not refused but cleaned: Teams lets people edit their name, and it is shown to
 * others and stored in conversation references.
 */
import { maskCpr } from './cpr.js';

/** Control characters other than tab, LF and CR; lone surrogates; noncharacters (U+FFFE, U+FDD0, …). */
const FORBIDDEN = /(?![\t\n\r])[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/u;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'gu');

/** Short enough to be shown whole under a card's field (the plan card clips at 120 characters). */
export const CONTROL_CHARACTER_REFUSAL =
  'Usynlige styretegn (fx fra en kopieret tekst) kan ikke gemmes. Skriv teksten igen, eller indsæt den som ren tekst.';

/** Whether the text holds a character a text field refuses (see CONTROL_CHARACTER_REFUSAL). */
export function hasControlCharacters(text: string): boolean {
  return FORBIDDEN.test(text);
}

/** The text without the characters a text field refuses: for echoing a refused card, never for storing. */
export function withoutControlCharacters(text: string): string {
  return text.replace(FORBIDDEN_ALL, '');
}

export const DISPLAY_NAME_MAX = 100;

/** Invisible format characters (zero-width, soft hyphen, bidi controls, BOM), lone surrogates, noncharacters. */
const INVISIBLE = /[\p{Cf}\p{Cs}\p{Noncharacter_Code_Point}]/gu;
/** Controls (tab and line breaks too) and line/paragraph separators: a name is one line. */
const BREAKS = /[\p{Cc}\p{Zl}\p{Zp}]/gu;

/**
 * A display name from Teams (`from.name`, `conversation.name`) as it may be stored and shown:
 * format and control characters removed, white space collapsed, CPR-like numbers masked, at most
 * DISPLAY_NAME_MAX characters. '' for nothing.
 */
export function displayName(name: string | undefined): string {
  if (typeof name !== 'string') return '';
  const visible = name.replace(INVISIBLE, '').replace(BREAKS, ' ').replace(/\s+/g, ' ').trim();
  return Array.from(maskCpr(visible)).slice(0, DISPLAY_NAME_MAX).join('').trim();
}
