/** When a case is warned of and deleted (src/domain/retention.ts). */
import { describe, expect, it } from 'vitest';
import { candidateBounds, retentionStep, type RetentionPolicy } from '../../../src/domain/retention.js';

const POLICY: RetentionPolicy = { closedMonths: 12, untouchedMonths: 24, warningDays: 30 };
const at = (iso: string) => new Date(iso);

describe('retention', () => {
  const closed = { closedAt: at('2027-03-01T09:00:00Z'), touchedAt: at('2027-03-01T09:00:00Z'), warnedAt: null };

  it('keeps a closed case until 30 days before a year after closing, then warns with the deletion day', () => {
    expect(retentionStep(closed, at('2028-01-31T08:59:00Z'), POLICY)).toEqual({ kind: 'keep' });
    expect(retentionStep(closed, at('2028-01-31T09:00:00Z'), POLICY)).toEqual({ kind: 'warn', deleteAt: at('2028-03-01T09:00:00Z') });
  });

  it('deletes a warned case at its day, but never sooner than a full warning period after the warning', () => {
    const warned = { ...closed, warnedAt: at('2028-01-31T09:00:00Z') };
    expect(retentionStep(warned, at('2028-03-01T08:59:00Z'), POLICY)).toEqual({ kind: 'keep' });
    expect(retentionStep(warned, at('2028-03-01T09:00:00Z'), POLICY)).toEqual({ kind: 'delete' });
    // Found long overdue (a bot started on old data): warned now, deleted 30 days later.
    const overdue = retentionStep(closed, at('2030-06-03T09:00:00Z'), POLICY);
    expect(overdue).toEqual({ kind: 'warn', deleteAt: at('2030-07-03T09:00:00Z') });
    const late = { ...closed, warnedAt: at('2030-06-03T09:00:00Z') };
    expect(retentionStep(late, at('2030-07-03T08:59:00Z'), POLICY)).toEqual({ kind: 'keep' });
    expect(retentionStep(late, at('2030-07-03T09:00:00Z'), POLICY)).toEqual({ kind: 'delete' });
  });

  it('counts an open case from its last change, and a warning given before a later change does not count', () => {
    const open = { closedAt: null, touchedAt: at('2027-03-01T09:00:00Z'), warnedAt: null };
    expect(retentionStep(open, at('2028-03-02T09:00:00Z'), POLICY)).toEqual({ kind: 'keep' });
    expect(retentionStep(open, at('2029-01-30T09:00:00Z'), POLICY)).toEqual({ kind: 'warn', deleteAt: at('2029-03-01T09:00:00Z') });
    // Warned, then someone saved a plan: the old warning is void, nothing happens until the new deadline's warning.
    const touched = { closedAt: null, touchedAt: at('2029-02-10T09:00:00Z'), warnedAt: at('2029-01-30T09:00:00Z') };
    expect(retentionStep(touched, at('2029-03-02T09:00:00Z'), POLICY)).toEqual({ kind: 'keep' });
    expect(retentionStep(touched, at('2031-01-11T09:00:00Z'), POLICY)).toEqual({ kind: 'warn', deleteAt: at('2031-02-10T09:00:00Z') });
  });

  it("bounds the job's candidates: a case closed or touched later needs nothing yet", () => {
    const now = at('2028-01-31T09:00:00Z');
    expect(candidateBounds(now, POLICY)).toEqual({ closedBefore: at('2027-03-01T09:00:00Z'), touchedBefore: at('2026-03-01T09:00:00Z') });
  });
});
