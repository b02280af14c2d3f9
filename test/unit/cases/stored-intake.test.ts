/**
 * The one reader of a case's stored intake: an intake that parses is returned as it is; one that no
 * longer parses keeps the fields that still parse on their own and drops the rest (unknown keys
 * too), so the ladder places the case by what is left and the dropped questions are asked again.
 */
import { describe, expect, it } from 'vitest';
import { storedIntake } from '../../../src/cases/stored-intake.js';
import { next } from '../../../src/domain/ladder.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';

const START = { description: 'Uro i timerne', scope: 'barn', areas: ['trivsel'], safety: [] };

describe('storedIntake', () => {
  it('returns an intake that parses as it is', () => {
    expect(storedIntake({ intake: { ...START, data: ['observationer'] } })).toEqual({ ...START, data: ['observationer'] });
    expect(storedIntake({ intake: {} })).toEqual({});
  });

  it('drops a field whose value no longer parses and keeps the others', () => {
    expect(storedIntake({ intake: { ...START, data: ['en-kilde-der-ikke-findes-mere'], childPerspective: true } })).toEqual({
      ...START,
      childPerspective: true,
    });
    expect(storedIntake({ intake: { ...START, areas: ['trivsel', 'trivsel'] } })).toEqual({
      description: START.description,
      scope: 'barn',
      safety: [],
    });
  });

  it('drops keys that are no longer intake fields', () => {
    expect(storedIntake({ intake: { ...START, parentsConsent: true } })).toEqual(START);
  });

  it('reads a stored value that is not an object as empty', () => {
    expect(storedIntake({ intake: null as unknown as Record<string, unknown> })).toEqual({});
    expect(storedIntake({ intake: ['scope'] as unknown as Record<string, unknown> })).toEqual({});
  });

  it('lets the ladder ask the dropped question again instead of failing', () => {
    const result = next(storedIntake({ intake: { ...START, data: 'observationer' } }), defaultPlaybook());
    expect(result.kind).toBe('question');
    expect(result.kind === 'question' && result.field).toBe('data');
  });
});
