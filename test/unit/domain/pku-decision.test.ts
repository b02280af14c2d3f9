/**
 * PKU's decision on a referral: where each decision leaves the case on the ladder, and the todo it
 * adds. The ladder's rules themselves never read the decision; they read the intake it changes.
 */
import { describe, expect, it } from 'vitest';
import type { Intake } from '../../../src/domain/intake.js';
import { next } from '../../../src/domain/ladder.js';
import { intakeAfterDecision, PKU_DECISIONS, sendsBack, withDecision } from '../../../src/domain/pku-decision.js';
import type { Recommendation } from '../../../src/domain/recommendation.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';
import { CHILD_READY } from '../../support/intakes.js';

const playbook = defaultPlaybook();
const READY: Intake = CHILD_READY;
function recommend(intake: Intake): Recommendation {
  const r = next(intake, playbook);
  if (r.kind !== 'recommendation') throw new Error(`expected a recommendation, got ${r.field}`);
  return r.recommendation;
}

describe("PKU's decision", () => {
  it('starts from a referral', () => {
    expect(recommend(READY).step).toBe('henvisning-pku');
  });

  it("afslag and returneret send the case back to foregribende: the advisers' work is followed up and evaluated again", () => {
    for (const d of ['afslag', 'returneret'] as const) {
      const r = recommend(intakeAfterDecision(READY, d));
      expect([r.level, r.step]).toEqual(['foregribende', 'evaluer-plan']);
      expect(sendsBack(d)).toBe(true);
    }
  });

  it("enkeltintegreret continues at the school like the leader's own decision, with no referral in view", () => {
    const r = recommend(intakeAfterDecision(READY, 'enkeltintegreret'));
    expect([r.level, r.step, r.missing]).toEqual(['foregribende', 'bistand-paa-skolen', []]);
  });

  it('specialtilbud keeps the case at the referral (the placement is revisited yearly)', () => {
    expect(intakeAfterDecision(READY, 'specialtilbud')).toEqual(READY);
    expect(sendsBack('specialtilbud')).toBe(false);
    expect(PKU_DECISIONS).toHaveLength(4);
  });

  it("puts PKU's remarks first among the todos, once", () => {
    const base = recommend(intakeAfterDecision(READY, 'returneret'));
    const d = { decision: 'returneret' as const, decidedOn: '2027-03-01', remarks: 'Beskriv forældrenes perspektiv' };
    const shown = withDecision(withDecision(base, d), d);
    expect(shown.todo[0]).toBe("Følg op på PKU's bemærkninger: Beskriv forældrenes perspektiv");
    expect(shown.todo.filter((t) => t.includes('PKU'))).toHaveLength(1);
    expect(withDecision(base, null)).toBe(base);
    expect(withDecision(base, { decision: 'afslag', decidedOn: '2027-03-01', remarks: null }).todo[0]).toMatch(/afslag/);
  });
});
