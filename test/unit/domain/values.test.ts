/** The small value checks shared by the repositories, access and sparring. */
import { describe, expect, it } from 'vitest';
import { isPlainObject, sameId } from '../../../src/domain/values.js';

describe('isPlainObject', () => {
  it('takes objects and refuses null, arrays and other values', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject({ scope: 'barn' })).toBe(true);
    for (const v of [null, undefined, [], ['a'], 'x', 1, true]) expect(isPlainObject(v)).toBe(false);
  });
});

describe('sameId', () => {
  it('compares ids from Teams case-insensitively; a missing id is never the same', () => {
    expect(sameId('AbC-1', 'abc-1')).toBe(true);
    expect(sameId('abc-1', 'abc-2')).toBe(false);
    expect(sameId(null, 'abc')).toBe(false);
    expect(sameId(undefined, '')).toBe(false);
  });
});
