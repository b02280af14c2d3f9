/**
 * CPR guard. A Danish CPR number is DDMMYY-SSSS. Anything that looks like one, with a valid
 * calendar date, is refused wherever free text enters the system, and is never stored or logged.
 *
 * People do not type it the one way: Word turns the hyphen into an en dash, a pasted number may
 * hold a no-break space, a non-breaking hyphen or a zero-width space, a phone keyboard may give
 * full-width or Arabic-Indic digits, and the date is often written 12.05.12 or 12 05 12. So the
 * detector reads a normalised copy of the text (NFKC, every Unicode digit as 0–9, format and
 * combining characters dropped, every dash, space, dot and slash variant as its ASCII one) and
 * accepts any mix of up to three of `- . /` and spaces between the date's parts and before the
 * serial. The serial stays four digits in a row and the date must be real, so a date alone
 * ("12.05.2012"), a phone number ("12 05 12 34") or a longer digit run is not taken for one.
 * Each character of the copy remembers where it came from, so findings and masks refer to the
 * text as typed.
 */

const SEPARATOR = '[-./ ]{0,3}';
const CANDIDATE = new RegExp(`(?<!\\d)(\\d{2})${SEPARATOR}(\\d{2})${SEPARATOR}(\\d{2})${SEPARATOR}(\\d{4})(?!\\d)`, 'g');

export const CPR_MASK = '[CPR fjernet]';

/** Invisible characters a number may be split by: format (zero-width, soft hyphen, bidi marks), combining marks, controls other than white space, lone surrogates. */
const DROPPED = /^(?:[\p{Cf}\p{Mn}\p{Me}\p{Cs}]|(?![\t\n\v\f\r])\p{Cc})$/u;
const SPACE = /^[\s\p{Zs}\p{Zl}\p{Zp}]$/u;
/** Dashes (en dash, non-breaking hyphen, minus sign, …) and the dot and slash look-alikes NFKC leaves alone. */
const DASH = /^[\p{Pd}\u2212\u02d7\u2043\u2796]$/u;
const DOT = /^[\u00b7\u2022\u2027\u2219\u22c5\u30fb\u3002]$/u;
const SLASH = /^[\u2044\u2215\u29f8]$/u;
const DIGIT = /^\p{Nd}$/u;

/**
 * The value of a decimal digit of any script. Unicode encodes every set of decimal digits (Nd) as
 * ten consecutive code points from 0 to 9, so a digit's value is its distance from the start of
 * its run, modulo 10 (runs of several sets, like the mathematical digits, are multiples of ten).
 */
function digitValue(codePoint: number): number {
  let start = codePoint;
  while (start > 0 && DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (codePoint - start) % 10;
}

/** What one character of the text is in the normalised copy ('' when it is dropped). */
function normalisedChar(ch: string): string {
  if (ch >= ' ' && ch <= '~') return ch;
  if (DROPPED.test(ch)) return '';
  if (SPACE.test(ch)) return ' ';
  let out = '';
  for (const c of ch.normalize('NFKC')) {
    if (c >= '0' && c <= '9') out += c;
    else if (DIGIT.test(c)) out += String(digitValue(c.codePointAt(0)!));
    else if (SPACE.test(c)) out += ' ';
    else if (DASH.test(c)) out += '-';
    else if (DOT.test(c)) out += '.';
    else if (SLASH.test(c)) out += '/';
    else if (!DROPPED.test(c)) out += c;
  }
  return out;
}

/** The normalised copy of a text the detectors read (also src/domain/identifiers.ts). */
export interface Normalised {
  text: string;
  /** For each UTF-16 unit of `text`: the range [from, to) of the original text it came from. */
  from: number[];
  to: number[];
}

export function normalise(text: string): Normalised {
  let out = '';
  const from: number[] = [];
  const to: number[] = [];
  let at = 0;
  for (const ch of text) {
    const n = normalisedChar(ch);
    for (let k = 0; k < n.length; k++) {
      from.push(at);
      to.push(at + ch.length);
    }
    out += n;
    at += ch.length;
  }
  return { text: out, from, to };
}

function daysInMonth(month: number, year: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether DDMMYY is a real date in the 1900s or the 2000s (the century hides in the serial). */
function isValidDate(dd: number, mm: number, yy: number): boolean {
  if (mm < 1 || mm > 12 || dd < 1) return false;
  return dd <= Math.max(daysInMonth(mm, 1900 + yy), daysInMonth(mm, 2000 + yy));
}

/** Where the CPR-like numbers are in the original text: [start, end) ranges, in order, not overlapping. */
export function cprRanges(text: string): [number, number][] {
  const n = normalise(text);
  const ranges: [number, number][] = [];
  // Every start is tried: a candidate that is not a date ("99 99 01 0203") must not swallow the
  // digits of a real number that begins inside it ("99 99 010203-1234").
  const candidate = new RegExp(CANDIDATE.source, 'g');
  for (let m = candidate.exec(n.text); m; m = candidate.exec(n.text)) {
    candidate.lastIndex = m.index + 1;
    const [whole, dd, mm, yy] = m;
    if (!isValidDate(Number(dd), Number(mm), Number(yy))) continue;
    const start = n.from[m.index]!;
    const end = n.to[m.index + whole.length - 1]!;
    const last = ranges.at(-1);
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }
  return ranges;
}

/** The CPR-like numbers found in a text (as typed). Empty when there are none. */
export function findCprNumbers(text: string): string[] {
  return cprRanges(text).map(([start, end]) => text.slice(start, end));
}

export function containsCpr(text: string): boolean {
  return cprRanges(text).length > 0;
}

/** Replaces every CPR-like number with a mask, for the rare place that must echo text back. */
export function maskCpr(text: string): string {
  const ranges = cprRanges(text);
  if (ranges.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    out += text.slice(at, start) + CPR_MASK;
    at = end;
  }
  return out + text.slice(at);
}

export const CPR_REFUSAL =
  'Din tekst ser ud til at indeholde et CPR-nummer. Den er ikke gemt. Skriv aldrig CPR-numre i Indsatsguiden – omtal barnet med initialer og klasse, fx "A.B., 4.B".';
