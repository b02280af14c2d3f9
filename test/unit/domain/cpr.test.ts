import { describe, expect, it } from 'vitest';
import { containsCpr, findCprNumbers, maskCpr } from '../../../src/domain/cpr.js';

describe('CPR guard', () => {
  it.each([
    ['with a hyphen', 'Eleven 010203-1234 er urolig', ['010203-1234']],
    ['without a hyphen', 'cpr 0102031234', ['0102031234']],
    ['with a space', '010203 1234', ['010203 1234']],
    ['at the start and end of the text', '311299-0001', ['311299-0001']],
    ['a leap day (2000 or 1900 century)', '290200-1234', ['290200-1234']],
    ['two numbers', '010101-1111 og 020202-2222', ['010101-1111', '020202-2222']],
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

  it('masks CPR numbers and leaves other digits alone', () => {
    expect(maskCpr('A.B. 010203-1234, tlf. 12345678')).toBe('A.B. [CPR fjernet], tlf. 12345678');
    expect(maskCpr('320103-1234')).toBe('320103-1234');
  });
});
