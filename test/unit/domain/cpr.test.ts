import { describe, expect, it } from 'vitest';
import { containsCpr, findCprNumbers, maskCpr } from '../../../src/domain/cpr.js';

/** The variants of issue 9 (attack run), each of which got through before. */
const ISSUE_VARIANTS: [string, string][] = [
  ['an en dash (what Word gives)', '120512\u20131234'],
  ['a non-breaking hyphen', '120512\u20111234'],
  ['a minus sign', '120512\u22121234'],
  ['a no-break space', '120512\u00a01234'],
  ['a narrow no-break space', '120512\u202f1234'],
  ['a zero-width space', '120512\u200b1234'],
  ['a zero-width space inside the date', '12\u200b05\u200b12-1234'],
  ['a soft hyphen', '120512\u00ad1234'],
  ['full-width digits and hyphen', '\uff11\uff12\uff10\uff15\uff11\uff12\uff0d\uff11\uff12\uff13\uff14'],
  ['Arabic-Indic digits', '\u0661\u0662\u0660\u0665\u0661\u0662-\u0661\u0662\u0663\u0664'],
  ['Devanagari digits', '\u0967\u0968\u0966\u096b\u0967\u0968-\u0967\u0968\u0969\u096a'],
  ['mathematical bold digits', '\u{1d7cf}\u{1d7d0}\u{1d7ce}\u{1d7d3}\u{1d7cf}\u{1d7d0}-\u{1d7cf}\u{1d7d0}\u{1d7d1}\u{1d7d2}'],
  ['a dot', '120512.1234'],
  ['a slash', '120512/1234'],
  ['dots in the date', '12.05.12-1234'],
  ['spaces in the date', '12 05 12-1234'],
  ['two spaces', '120512  1234'],
  ['a tab', '120512\t1234'],
  ['a spaced dash', '120512 - 1234'],
];

describe('CPR guard', () => {
  it.each([
    ['with a hyphen', 'Eleven 010203-1234 er urolig', ['010203-1234']],
    ['without a hyphen', 'cpr 0102031234', ['0102031234']],
    ['with a space', '010203 1234', ['010203 1234']],
    ['at the start and end of the text', '311299-0001', ['311299-0001']],
    ['a leap day (2000 or 1900 century)', '290200-1234', ['290200-1234']],
    ['two numbers', '010101-1111 og 020202-2222', ['010101-1111', '020202-2222']],
    // Digits before it that make an impossible date ("99 99 01 0203") once swallowed the number (issue 13's fuzz).
    ['after two pairs of digits', '99 99 010203-1234', ['010203-1234']],
    ['after a phone number', 'Ring 22 33 44 55 010203-1234', ['010203-1234']],
    ['after digits and a slash', '44 55 / 010203-1234', ['010203-1234']],
    ['after an impossible dotted date', '00.00.00 010203-1234', ['010203-1234']],
  ])('finds a CPR number %s', (_what, text, found) => {
    expect(findCprNumbers(text)).toEqual(found);
    expect(containsCpr(text)).toBe(true);
  });

  it.each([
    ['an impossible day', '320103-1234'],
    ['day zero', '000103-1234'],
    ['an impossible month', '011303-1234'],
    ['29 February in a year that is leap in neither century', '290201-1234'],
    ['31 April', '310404-1234'],
    ['a longer digit run before', '10102031234'],
    ['a longer digit run after', '01020312345'],
    ['too few digits', '010203-123'],
    ['a phone number', 'Ring på 12 34 56 78'],
    ['a date alone', 'mødet 01.02.2024 kl. 10'],
  ])('ignores %s', (_what, text) => {
    expect(findCprNumbers(text)).toEqual([]);
    expect(containsCpr(text)).toBe(false);
  });

  it.each(ISSUE_VARIANTS)('finds and masks a CPR number with %s', (_what, cpr) => {
    const text = `Eleven ${cpr} er urolig`;
    expect(findCprNumbers(text)).toEqual([cpr]);
    expect(containsCpr(text)).toBe(true);
    expect(maskCpr(text)).toBe('Eleven [CPR fjernet] er urolig');
  });

  it.each([
    ['a date with a four-digit year', 'mødet 12.05.2012'],
    ['a date and a time', 'mødet 12.05.12 kl. 10.30'],
    ['an ISO date', '2012-05-12'],
    ['a phone number in pairs', 'tlf. 12 05 12 34'],
    ['a phone number with the country code', '+45 12 05 12 34'],
    ['a phone number in fours', '+45 1205 1234'],
    ['an impossible date with an en dash', '320512\u20131234'],
    ['a serial split in two', '120512-12 34'],
  ])('ignores %s', (_what, text) => {
    expect(findCprNumbers(text)).toEqual([]);
  });

  it('masks CPR numbers and leaves other digits alone', () => {
    expect(maskCpr('A.B. 010203-1234, tlf. 12345678')).toBe('A.B. [CPR fjernet], tlf. 12345678');
    expect(maskCpr('320103-1234')).toBe('320103-1234');
  });
});
