import { describe, expect, it } from 'vitest';
import { clampLimit } from '../../../src/db/paging.js';

describe('clampLimit', () => {
  const bounds = { max: 500, fallback: 20 };

  it('uses a positive integer up to the ceiling', () => {
    expect(clampLimit(1, bounds)).toBe(1);
    expect(clampLimit(499, bounds)).toBe(499);
    expect(clampLimit(501, bounds)).toBe(500);
  });

  it('gives the default for anything that is not a positive safe integer', () => {
    for (const limit of [0, -3, 2.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) expect(clampLimit(limit, bounds)).toBe(20);
  });
});
