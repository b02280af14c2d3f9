/**
 * fast-check arbitraries for intakes, shared by the property tests. Every field of the Intake is
 * covered; `full` intakes answer every field, `partial` ones any subset. `deep` biases each answer
 * towards the path to a PKU referral so that the later rules are reached often; `onHold` adds signs
 * that the suspicion concerns the home (the parents wait for the municipality).
 */
import fc from 'fast-check';
import {
  ADVISERS,
  AREAS,
  CONSENT_PURPOSES,
  DATA_SOURCES,
  EFFECTS,
  LEADER_DECISIONS,
  PARENTS,
  PLANS,
  PPV,
  SAFETY,
  SCOPES,
  type Intake,
} from '../../../src/domain/intake.js';
import type { Playbook } from '../../../src/domain/playbook.js';

const subset = <T>(values: readonly T[], minLength = 0) => fc.subarray([...values], { minLength });

function fields(playbook: Playbook) {
  return {
    description: fc.constantFrom('A.B., 4.B – uro i timerne', 'Klassen 5.A har mange konflikter', ''),
    scope: fc.constantFrom(...SCOPES),
    areas: subset(AREAS, 1),
    safety: subset(SAFETY),
    acuteDanger: fc.boolean(),
    homeConcern: fc.boolean(),
    data: subset(DATA_SOURCES),
    childPerspective: fc.boolean(),
    teamDiscussed: fc.boolean(),
    plan: fc.constantFrom(...PLANS),
    parents: fc.constantFrom(...PARENTS),
    planEvaluated: fc.constantFrom(...EFFECTS),
    tried: subset(playbook.actions.map((a) => a.id)),
    advisers: subset(ADVISERS),
    adviserEffect: fc.constantFrom(...EFFECTS),
    networkMeetingHeld: fc.boolean(),
    ppv: fc.constantFrom(...PPV),
    leaderDecision: fc.constantFrom(...LEADER_DECISIONS),
    districtCouncil: fc.boolean(),
    consents: subset(CONSENT_PURPOSES),
    psychologistAgrees: fc.boolean(),
  };
}

/** Intakes that answer every field. */
export const fullIntake = (playbook: Playbook): fc.Arbitrary<Intake> => fc.record(fields(playbook));

/** Intakes that answer any subset of the fields. */
export const partialIntake = (playbook: Playbook): fc.Arbitrary<Intake> => fc.record(fields(playbook), { requiredKeys: [] });

/** Usually the answer on the path to PKU, sometimes anything. */
const likely = <T>(good: T, any: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(good), weight: 6 }, { arbitrary: any, weight: 1 });

/** Full intakes biased towards the later rules of §6 (and so towards `indgribende`). */
export const deepIntake = (playbook: Playbook): fc.Arbitrary<Intake> => {
  const f = fields(playbook);
  return fc.record({
    ...f,
    scope: likely('barn' as const, f.scope),
    safety: likely([], f.safety),
    data: likely(['observationer' as const], f.data),
    teamDiscussed: likely(true, f.teamDiscussed),
    plan: likely('begge' as const, f.plan),
    planEvaluated: likely('delvist' as const, f.planEvaluated),
    advisers: likely(['plc' as const, 'raadgivende-team' as const], f.advisers),
    adviserEffect: likely('virker-ikke' as const, f.adviserEffect),
    networkMeetingHeld: likely(true, f.networkMeetingHeld),
    ppv: likely('foreligger' as const, f.ppv),
    leaderDecision: likely('vidtgaaende' as const, f.leaderDecision),
    districtCouncil: likely(true, f.districtCouncil),
    consents: likely([...CONSENT_PURPOSES], f.consents),
    psychologistAgrees: likely(true, f.psychologistAgrees),
  });
};

/** Signs that the suspicion concerns the home: neglect, or violence or sexual abuse at home. */
const homeSigns = fc.oneof(
  fc.record({
    safety: fc.constantFrom<Intake['safety']>(['omsorgssvigt'], ['omsorgssvigt', 'vold'], ['omsorgssvigt', 'selvskade']),
    homeConcern: fc.boolean(),
  }),
  fc.record({
    safety: fc.constantFrom<Intake['safety']>(['vold'], ['seksuelle-overgreb'], ['vold', 'seksuelle-overgreb', 'misbrug']),
    homeConcern: fc.constant(true),
  }),
);

/** Intakes (mostly deep ones) whose signs of danger put the parents on hold. */
export const onHoldIntake = (playbook: Playbook): fc.Arbitrary<Intake> =>
  fc
    .tuple(fc.oneof({ arbitrary: deepIntake(playbook), weight: 3 }, { arbitrary: fullIntake(playbook), weight: 1 }), homeSigns)
    .map(([intake, signs]) => ({ ...intake, ...signs }));
