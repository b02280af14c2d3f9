/**
 * The CPR guard over generated variants: every separator, digit form and invisible character the
 * attack run used (and their mixes) around a valid DDMMYY-SSSS is found and masked in the text as
 * typed; dates alone and phone numbers are left alone.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CPR_MASK, containsCpr, findCprNumbers, maskCpr } from '../../../src/domain/cpr.js';

const RUNS = { numRuns: 2000 };

/** Sets of decimal digits 0–9 (the zero's code point) and digit forms NFKC maps to 0–9. */
const DIGIT_ZEROS = [
  0x30, // ASCII
  0xff10, // full-width
  0x0660, // Arabic-Indic
  0x06f0, // Extended Arabic-Indic (Persian)
  0x0966, // Devanagari
  0x09e6, // Bengali
  0x0e50, // Thai
  0x1d7ce, // mathematical bold
  0x1d7d8, // mathematical double-struck
  0x1d7f6, // mathematical monospace
];
const DIGIT_TABLES = ['⁰¹²³⁴⁵⁶⁷⁸⁹', '₀₁₂₃₄₅₆₇₈₉', '⓪①②③④⑤⑥⑦⑧⑨'].map((s) => Array.from(s));

/** One visible separator character: dashes (en dash is what Word gives), spaces, dots, slashes. */
const SEPARATORS = [
  '-',
  '\u2010',
  '\u2011' /* non-breaking hyphen */,
  '\u2012',
  '\u2013' /* en dash */,
  '\u2014',
  '\u2015',
  '\u2212' /* minus */,
  '\ufe63',
  '\uff0d',
  ' ',
  '\u00a0' /* no-break space */,
  '\u2007',
  '\u2009',
  '\u202f',
  '\u3000',
  '\t',
  '.',
  '\uff0e',
  '\u00b7',
  '/',
  '\uff0f',
  '\u2044',
  '\u2215',
];
/** Invisible characters that may sit anywhere inside the number. */
const INVISIBLE = [
  '\u200b' /* zero-width space */,
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad' /* soft hyphen */,
  '\u200e',
  '\u202c',
  '\u0301',
];

const daysIn = (month: number, year: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A valid DDMMYY (in the 1900s or the 2000s) and a serial, as ten ASCII digits. */
const cprDigits = fc
  .record({ yy: fc.integer({ min: 0, max: 99 }), mm: fc.integer({ min: 1, max: 12 }), serial: fc.integer({ min: 0, max: 9999 }) })
  .chain(({ yy, mm, serial }) =>
    fc
      .integer({ min: 1, max: Math.max(daysIn(mm, 1900 + yy), daysIn(mm, 2000 + yy)) })
      .map((dd) => [dd, mm, yy].map((n) => String(n).padStart(2, '0')).join('') + String(serial).padStart(4, '0')),
  );

const digitForm = fc.oneof(
  { weight: 3, arbitrary: fc.constant((d: number) => String(d)) },
  { weight: 2, arbitrary: fc.constantFrom(...DIGIT_ZEROS).map((zero) => (d: number) => String.fromCodePoint(zero + d)) },
  { weight: 1, arbitrary: fc.constantFrom(...DIGIT_TABLES).map((table) => (d: number) => table[d]!) },
);
const separator = fc.array(fc.constantFrom(...SEPARATORS), { maxLength: 3 }).map((xs) => xs.join(''));

/** A CPR number as someone might type or paste it: digits of any form, mixed separators, invisible characters inside. */
const cprVariant = fc
  .record({
    digits: cprDigits,
    forms: fc.array(digitForm, { minLength: 10, maxLength: 10 }),
    seps: fc.tuple(separator, separator, separator),
    invisible: fc.array(fc.tuple(fc.integer({ min: 1, max: 9 }), fc.constantFrom(...INVISIBLE)), { maxLength: 3 }),
  })
  .map(({ digits, forms, seps, invisible }) => {
    const chars = Array.from(digits).map((d, i) => forms[i]!(Number(d)));
    // Invisible characters go after one of the first nine digits (inside the number, never at its edges).
    for (const [after, ch] of invisible) chars[after - 1] += ch;
    return [chars.slice(0, 2), chars.slice(2, 4), chars.slice(4, 6), chars.slice(6)]
      .map((part) => part.join(''))
      .reduce((out, part, i) => out + (i === 0 ? '' : seps[i - 1]!) + part, '');
  });

const prefix = fc.constantFrom('', 'Eleven ', 'A.B. (', 'cpr: ', 'x', 'Barnet, ', 'nr.\u00a0', '«');
const suffix = fc.constantFrom('', ' er urolig', ')', '.', ' i 4.B', '»', ', tlf. 12 34 56 78');

describe('CPR guard: generated variants', () => {
  it('finds every variant, as typed, and masks exactly it', () => {
    fc.assert(
      fc.property(prefix, cprVariant, suffix, (before, cpr, after) => {
        const text = before + cpr + after;
        expect(findCprNumbers(text)).toEqual([cpr]);
        expect(containsCpr(text)).toBe(true);
        expect(maskCpr(text)).toBe(before + CPR_MASK + after);
      }),
      RUNS,
    );
  });

  it('finds each of several variants in one text, and the masked text holds none', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cprVariant, suffix), { minLength: 1, maxLength: 4 }), (parts) => {
        const text = parts.map(([cpr, after]) => `${cpr}${after} og `).join('');
        expect(findCprNumbers(text)).toEqual(parts.map(([cpr]) => cpr));
        const masked = maskCpr(text);
        expect(containsCpr(masked)).toBe(false);
        expect(masked).toBe(parts.map(([, after]) => `${CPR_MASK}${after} og `).join(''));
      }),
      RUNS,
    );
  });

  it('leaves no CPR-like number in any masked text', () => {
    const piece = fc.oneof(
      cprVariant,
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.constantFrom(...SEPARATORS, ...INVISIBLE, '1', '12'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        expect(containsCpr(maskCpr(pieces.join('')))).toBe(false);
      }),
      RUNS,
    );
  });

  it('leaves dates and Danish phone numbers alone', () => {
    const date = fc.record({
      d: fc.integer({ min: 1, max: 28 }),
      m: fc.integer({ min: 1, max: 12 }),
      y: fc.integer({ min: 1990, max: 2040 }),
    });
    const dateSep = fc.constantFrom('.', '-', '/', ' ', '. ');
    fc.assert(
      fc.property(date, dateSep, ({ d, m, y }, sep) => {
        const dd = String(d).padStart(2, '0');
        const mm = String(m).padStart(2, '0');
        for (const text of [
          `mødet ${dd}${sep}${mm}${sep}${y} kl. 10.30`,
          `${dd}${sep}${mm}${sep}${String(y).slice(2)}`,
          `${y}-${mm}-${dd}`,
          `${dd}.${mm}.${y}-${dd}.${mm}.${y}`,
        ]) {
          expect(findCprNumbers(text), text).toEqual([]);
        }
      }),
      RUNS,
    );
    const phone = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }).map((ds) => ds.join(''));
    fc.assert(
      fc.property(phone, fc.constantFrom('', '+45 ', '+45', '0045 ', 'tlf. '), (n, lead) => {
        const pairs = n.match(/../g)!.join(' ');
        for (const text of [lead + n, lead + pairs, `${lead}${n.slice(0, 4)} ${n.slice(4)}`]) {
          expect(findCprNumbers(text), text).toEqual([]);
        }
      }),
      RUNS,
    );
  });
});
