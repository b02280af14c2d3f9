import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IDENTIFIER_MASKS,
  IDENTIFIER_REFUSAL,
  containsIdentifier,
  findIdentifierTexts,
  findIdentifiers,
  maskIdentifiers,
  type IdentifierKind,
} from '../../../src/domain/identifiers.js';
import { CPR_MASK, CPR_REFUSAL, containsCpr } from '../../../src/domain/cpr.js';

/** The identifiers found in a text, as typed, with their kinds. */
const found = (text: string) => findIdentifiers(text).map((f) => [f.kind, text.slice(f.start, f.end)]);

describe('identifiers in free text', () => {
  it.each<[string, string, IdentifierKind, string]>([
    ['an e-mail address', 'Skriv til mor på anne.hansen@gmail.com i dag', 'email', 'anne.hansen@gmail.com'],
    ['an e-mail address with plus and a subdomain', 'far+skole@mail.fjordby.dk', 'email', 'far+skole@mail.fjordby.dk'],
    ['an e-mail address with Danish letters', 'søren.bæk@skole.dk.', 'email', 'søren.bæk@skole.dk'],
    ['an e-mail address in capitals', 'MOR@HOTMAIL.DK', 'email', 'MOR@HOTMAIL.DK'],
    ['an e-mail address with a full-width at sign', 'mor\uff20gmail.com', 'email', 'mor\uff20gmail.com'],
    ['an e-mail address in angle brackets', 'Mor <mor@example.org>', 'email', 'mor@example.org'],
    ['a Danish number in one run', 'Ring til far på 22334455', 'phone', '22334455'],
    ['a Danish number in pairs', 'tlf. 22 33 44 55', 'phone', '22 33 44 55'],
    ['a Danish number in fours', 'mobil 2233 4455', 'phone', '2233 4455'],
    ['a Danish number with dashes', '22-33-44-55', 'phone', '22-33-44-55'],
    ['a Danish number grouped 2 2 4', '22 33 4455', 'phone', '22 33 4455'],
    ['a Danish number grouped 3 2 3', '223 34 455', 'phone', '223 34 455'],
    ['a Danish number after +45', 'ring +45 22 33 44 55', 'phone', '+45 22 33 44 55'],
    ['a Danish number after +45 without spaces', '+4522334455', 'phone', '+4522334455'],
    ['a Danish number after 0045', '0045 22334455', 'phone', '0045 22334455'],
    ['a Danish number after (+45)', '(+45) 22 33 44 55', 'phone', '+45) 22 33 44 55'],
    ['a Danish number starting with 1 after +45', '+45 12 34 56 78', 'phone', '+45 12 34 56 78'],
    ['a Danish number with an en dash', '22\u201333\u201344\u201355', 'phone', '22\u201333\u201344\u201355'],
    ['a Danish number with no-break spaces', '22\u00a033\u00a044\u00a055', 'phone', '22\u00a033\u00a044\u00a055'],
    ['a Danish number with a zero-width space', '2233\u200b4455', 'phone', '2233\u200b4455'],
    [
      'a Danish number in full-width digits',
      '\uff12\uff12\uff13\uff13\uff14\uff14\uff15\uff15',
      'phone',
      '\uff12\uff12\uff13\uff13\uff14\uff14\uff15\uff15',
    ],
    ['a Swedish number', 'farmor: +46 70 123 45 67', 'phone', '+46 70 123 45 67'],
    ['a British number', '+44 20 7946 0958', 'phone', '+44 20 7946 0958'],
    ['an American number with dashes', '+1-555-123-4567', 'phone', '+1-555-123-4567'],
    ['an international number after 00', '0046 70 123 45 67', 'phone', '0046 70 123 45 67'],
  ])('finds %s', (_what, text, kind, value) => {
    expect(found(text)).toEqual([[kind, value]]);
    expect(containsIdentifier(text)).toBe(true);
  });

  it('finds CPR numbers as the CPR guard does, and them first', () => {
    expect(found('Eleven 010203-1234 er urolig')).toEqual([['cpr', '010203-1234']]);
    expect(found('15.03.12-4328')).toEqual([['cpr', '15.03.12-4328']]);
    expect(found('0102031234')).toEqual([['cpr', '0102031234']]);
    for (const text of ['010203-1234', '150312\u20134321', '\u0661\u0665\u0660\u0663\u0661\u0662-\u0664\u0663\u0662\u0667'])
      expect(containsIdentifier(text)).toBe(containsCpr(text));
  });

  it('finds every kind in one text, in order', () => {
    expect(found('Mor (mor@example.dk, 22 33 44 55) om 010203-1234 og +46 70 123 45 67')).toEqual([
      ['email', 'mor@example.dk'],
      ['phone', '22 33 44 55'],
      ['cpr', '010203-1234'],
      ['phone', '+46 70 123 45 67'],
    ]);
  });

  it.each([
    ['a date with dots', 'Mødet er 12.03.2026'],
    ['a date with dashes', 'Mødet er 25-12-2026'],
    ['a date with spaces', 'Mødet er 25 12 2026'],
    ['an ISO date', 'Evaluering 2026-03-12'],
    ['a date with slashes', '25/12/2026'],
    ['a short date', '12.03.26'],
    ['a mistyped ISO date', 'Evaluering 2025-13-01'],
    ['an impossible date with dashes', '30-02-2026'],
    ['a school year', 'skoleåret 2025-2026'],
    ['a school year with spaces', 'skoleåret 2025 - 2026'],
    ['a school year, short', 'skoleåret 2025/26'],
    ['class names', '4.B og 5.A, 0.x'],
    ['years', 'I 2025 og 2026 har vi arbejdet med det'],
    ['a time', 'kl. 14:30'],
    ['a time range with dots', 'kl. 14.30-15.30'],
    ['a time range without separators', '1430-1530'],
    ['counts', '12 elever, 3 lærere og 2 pædagoger'],
    ['an amount', '25 000 kr.'],
    ['an amount in the millions with thousands groups', '25 345 678 kr.'],
    ['an amount in the millions with dots', '25.345.678 kr.'],
    ['version numbers', 'version 1.2.3 og v2.10.4'],
    ['grades', 'karaktererne 12 10 7 4 02 00 -3'],
    ['a week range', 'uge 50-52'],
    ['a postal code', '6100 Haderslev'],
    ['a number with too few digits', '223 344 5'],
    ['a number with too many digits', '223344556'],
    ['an eight-digit number starting with 1', 'sag 12345678'],
    ['an eight-digit number starting with 0', 'id 02345678'],
    ['a Teams mention', '<at>Indsatsguiden</at> hjælp'],
    ['an at sign without a domain', 'mødes @ skolen kl. 8'],
    ['initials at a class', 'A.B.@4.B'],
    ['an address without a top-level domain', 'admin@localhost'],
    ['a plus grade', 'fik +3 i gennemsnit'],
    ['a percentage', '45 % af 22 elever'],
    ['a CPR-like number with an impossible date', '321399-1234'],
  ])('does not refuse %s', (_what, text) => {
    expect(found(text)).toEqual([]);
    expect(containsIdentifier(text)).toBe(false);
  });

  it('refuses what cannot be told from a phone number (the price, said in the module comment)', () => {
    expect(found('aldre 22 24 26 28')).toEqual([['phone', '22 24 26 28']]);
    expect(found('dato 20260315')).toEqual([['phone', '20260315']]);
  });

  it('lists the identifiers as typed, like findCprNumbers (for checks, never for a message)', () => {
    expect(findIdentifierTexts('mor@example.dk eller 22 33 44 55, ikke 4.B')).toEqual(['mor@example.dk', '22 33 44 55']);
    expect(findIdentifierTexts('Intet her: 12.03.2026')).toEqual([]);
  });

  it('masks every identifier with its kind and keeps the rest as typed', () => {
    expect(maskIdentifiers('Mor: mor@example.dk / 22 33 44 55 / 010203-1234, 4.B, 12.03.2026')).toBe(
      `Mor: ${IDENTIFIER_MASKS.email} / ${IDENTIFIER_MASKS.phone} / ${CPR_MASK}, 4.B, 12.03.2026`,
    );
    expect(maskIdentifiers('Ingen her: 4.B, kl. 14:30')).toBe('Ingen her: 4.B, kl. 14:30');
  });

  it('refuses with one Danish explanation that names all three kinds, says nothing was saved, and echoes nothing', () => {
    expect(IDENTIFIER_REFUSAL).toContain('CPR-nummer');
    expect(IDENTIFIER_REFUSAL).toContain('e-mailadresse');
    expect(IDENTIFIER_REFUSAL).toContain('telefonnummer');
    expect(IDENTIFIER_REFUSAL).toContain('ikke gemt');
    expect(IDENTIFIER_REFUSAL).toContain('initialer og klasse');
    expect(IDENTIFIER_REFUSAL).not.toMatch(/\d{3}|@/);
    expect(IDENTIFIER_REFUSAL).not.toBe(CPR_REFUSAL);
  });

  it('finds a generated Danish phone number however it is grouped and prefixed, inside any Danish words', () => {
    const phone = fc
      .tuple(
        fc.integer({ min: 2, max: 9 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 7 }),
        fc.constantFrom('8', '4 4', '2 2 2 2', '2 2 4', '3 2 3'),
        fc.constantFrom(' ', '-', '\u00a0', '\u2013'),
        fc.constantFrom('', '+45 ', '+45', '0045 ', '(+45) '),
      )
      .map(([first, rest, grouping, sep, prefix]) => {
        const digits = `${first}${rest.join('')}`;
        const sizes = grouping.split(' ').map(Number);
        const groups: string[] = [];
        let at = 0;
        for (const size of sizes) {
          groups.push(digits.slice(at, at + size));
          at += size;
        }
        return `${prefix}${groups.join(sep)}`;
      });
    fc.assert(
      fc.property(phone, fc.constantFrom('Ring til far på', 'Mor:', ''), fc.constantFrom('', ' i dag', '.'), (number, before, after) => {
        expect(containsIdentifier(`${before} ${number}${after}`)).toBe(true);
        expect(maskIdentifiers(`${before} ${number}${after}`)).toContain(IDENTIFIER_MASKS.phone);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses no date of the years around now, however it is written', () => {
    const date = fc.date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true });
    fc.assert(
      fc.property(date, fc.constantFrom('-', ' ', '.', '/'), (d, sep) => {
        const [y, m, dd] = d.toISOString().slice(0, 10).split('-') as [string, string, string];
        for (const text of [`${dd}${sep}${m}${sep}${y}`, `${y}${sep}${m}${sep}${dd}`, `${Number(dd)}${sep}${Number(m)}${sep}${y}`])
          expect(found(`Mødet ${text} kl. 14:30 med 12 elever i 4.B`), text).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
