/**
 * Identifiers that free text must not hold: CPR numbers (src/domain/cpr.ts), e-mail addresses and
 * phone numbers. The bot refers to a child by initials and class; an e-mail address or a phone
 * number names the child or a parent as surely as a CPR number does, so text holding one is
 * refused with the same explanation (IDENTIFIER_REFUSAL), which never repeats the value nor says
 * which kind was found (the refusal card is shown again, and names leak through "which").
 *
 * The detectors read the same normalised copy as the CPR guard (any script's digits as 0–9, every
 * dash as `-`, every space as ` `, full-width `＠` as `@`, zero-width characters dropped), so a
 * number pasted from Word or a phone is caught, and report ranges of the text as typed.
 *
 * - E-mail: `local@domain.tld`, letters of any script, a top-level domain of two letters or more.
 * - Danish phone number: eight digits, optionally after +45, 0045 or (+45), written in one run or
 *   in the groups people use (4 4, 2 2 2 2, 2 2 4, 4 2 2, 3 2 3) with spaces or dashes.
 *   Without the country code the first digit must be 2–9: Danish subscriber numbers do not start
 *   with 0 or 1.
 * - International number: `+` or `00`, then 8 to 15 digits in groups (E.164's longest is 15).
 *
 * Not refused, because teachers write them all the time: dates (12.03.2026, 12-03-2026,
 * 2026-03-12, 25 12 2026), school years (2025-2026, 2025/26), class names (4.B), years, times
 * (14:30, kl. 14.30-15.30), counts (12 elever, 25 000 kr.), version numbers (1.2.3) and
 * thousands-grouped amounts (25 345 678). Dots, slashes and colons never join a phone number's
 * digits, and eight digits grouped as a date (even a mistyped one: 2025-13-01) or as two years
 * are a date. The price: a list of four two-digit numbers ("22 24 26 28") and a date written
 * without separators (20260315) read as phone numbers and are refused; a Danish mobile number
 * may well be 20 26 03 15, so the second cannot be told apart.
 *
 * Pure: no I/O.
 */
import { CPR_MASK, cprRanges, normalise } from './cpr.js';

export type IdentifierKind = 'cpr' | 'email' | 'phone';

export interface IdentifierFinding {
  kind: IdentifierKind;
  /** [start, end) in the text as typed. */
  start: number;
  end: number;
}

/** The one explanation for all three kinds: it names none of them in particular and echoes nothing. */
export const IDENTIFIER_REFUSAL =
  'Din tekst ser ud til at indeholde et CPR-nummer, en e-mailadresse eller et telefonnummer. Den er ikke gemt. Skriv aldrig den slags i Indsatsguiden – omtal barnet med initialer og klasse, fx "A.B., 4.B".';

export const IDENTIFIER_MASKS: Readonly<Record<IdentifierKind, string>> = {
  cpr: CPR_MASK,
  email: '[e-mail fjernet]',
  phone: '[telefonnummer fjernet]',
};

const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}](?:[\p{L}\p{N}._%+-]{0,63})@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*\.\p{L}{2,}(?![\p{L}\p{N}])/gu;

/**
 * A run of digit groups joined by a space or a dash (with a space on either side, or two spaces),
 * with an optional `+` in front: every candidate for a phone number. Dots, slashes and colons end a run.
 */
const RUN = /(?<![\d+])(\+ ?)?\d+(?: ?[ -] ?\d+)*(?!\d)/g;

const DANISH_GROUPS = new Set(['8', '4 4', '2 2 2 2', '2 2 4', '4 2 2', '3 2 3']);

const isYear = (g: string) => /^(?:19|20)\d\d$/.test(g);
const isDayOrMonth = (g: string) => g.length <= 2 && Number(g) <= 31;
/**
 * Eight digits written as a date (dd mm yyyy, yyyy mm dd) or as two years (2025-2026). A date
 * mistyped (2025-13-01, 30-02-2026) is still a date: its shape decides, not the calendar.
 */
function readsAsDate(groups: string[]): boolean {
  if (groups.length === 3) {
    const [a, b, c] = groups as [string, string, string];
    if (isDayOrMonth(a) && isDayOrMonth(b) && isYear(c)) return true;
    if (isYear(a) && isDayOrMonth(b) && isDayOrMonth(c)) return true;
  }
  return groups.length === 2 && isYear(groups[0]!) && isYear(groups[1]!);
}

/** Whether a run of digit groups (the digits only, in their groups) is a Danish or an international phone number. */
function isPhone(plus: boolean, groups: string[]): boolean {
  const digits = groups.join('');
  if (plus) {
    if (digits.startsWith('45')) return digits.length === 10;
    return digits.length >= 8 && digits.length <= 15;
  }
  if (digits.startsWith('0045')) return digits.length === 12;
  if (digits.startsWith('00')) return digits.length >= 10 && digits.length <= 17;
  if (digits.length !== 8 || !/^[2-9]/.test(digits)) return false;
  if (readsAsDate(groups)) return false;
  return DANISH_GROUPS.has(groups.map((g) => g.length).join(' '));
}

/** Every CPR number, e-mail address and phone number in a text, in order; overlaps keep the first found (CPR before the others). */
export function findIdentifiers(text: string): IdentifierFinding[] {
  const found: IdentifierFinding[] = cprRanges(text).map(([start, end]) => ({ kind: 'cpr', start, end }));
  const n = normalise(text);
  // Full-width ＠ is @ after NFKC already; parentheses around a country code are read as spaces.
  const copy = n.text.replace(/[()]/g, ' ');
  const at = (from: number, length: number) => ({ start: n.from[from]!, end: n.to[from + length - 1]! });
  for (const m of copy.matchAll(EMAIL)) found.push({ kind: 'email', ...at(m.index, m[0].length) });
  for (const m of copy.matchAll(RUN)) {
    const groups = m[0].replace(/^\+ ?/, '').split(/ ?[ -] ?/);
    if (isPhone(m[1] !== undefined, groups)) found.push({ kind: 'phone', ...at(m.index, m[0].length) });
  }
  found.sort((a, b) => a.start - b.start || (a.kind === 'cpr' ? -1 : 1));
  const kept: IdentifierFinding[] = [];
  for (const f of found) {
    const last = kept.at(-1);
    if (last && f.start < last.end) continue;
    kept.push(f);
  }
  return kept;
}

/** The identifiers found, as typed (like findCprNumbers): for checks and tests, never for a message. */
export function findIdentifierTexts(text: string): string[] {
  return findIdentifiers(text).map((f) => text.slice(f.start, f.end));
}

export function containsIdentifier(text: string): boolean {
  return findIdentifiers(text).length > 0;
}

/** Replaces every identifier with a mask naming its kind, for the rare place that must echo text back. */
export function maskIdentifiers(text: string): string {
  let out = '';
  let at = 0;
  for (const f of findIdentifiers(text)) {
    out += text.slice(at, f.start) + IDENTIFIER_MASKS[f.kind];
    at = f.end;
  }
  return out + text.slice(at);
}
