/**
 * The project's zod: Danish messages, and the lines a bad card's envelope is answered with (the
 * field's path, or "kortdata" for the card as a whole).
 */
import { describe, expect, it } from 'vitest';
import { issuesOf, z } from '../../../src/domain/zod.js';

describe('issuesOf', () => {
  it('names the field of each problem, and "kortdata" for the card as a whole', () => {
    const envelope = z.strictObject({ caseId: z.string(), seq: z.number() });
    const field = envelope.safeParse({ caseId: 'a', seq: 'x' });
    if (field.success) throw new Error('expected a problem');
    expect(issuesOf(field.error)).toEqual([`seq: ${field.error.issues[0]!.message}`]);
    const whole = envelope.safeParse('ikke et kort');
    if (whole.success) throw new Error('expected a problem');
    expect(issuesOf(whole.error)).toEqual([`kortdata: ${whole.error.issues[0]!.message}`]);
  });
});
