/**
 * Intakes the tests share: a child's case at the points of the ladder they start from. Written once
 * so that the rules' tests, PKU's decision and its service test stand on the same case.
 */
import type { Intake } from '../../src/domain/intake.js';

/** A child concern that has passed the preventive rules with a plan that partly works. */
export const CHILD: Intake = {
  scope: 'barn',
  areas: ['trivsel'],
  safety: [],
  data: ['observationer'],
  childPerspective: true,
  teamDiscussed: true,
  plan: 'begge',
  parents: 'inddraget',
  tried: ['co-teaching'],
  planEvaluated: 'delvist',
};
/** ... with external advisers whose help did not work. */
export const CHILD_EXTERNAL: Intake = { ...CHILD, advisers: ['plc', 'raadgivende-team'], adviserEffect: 'virker-ikke' };
/** ... and everything a PKU referral needs. */
export const CHILD_READY: Intake = {
  ...CHILD_EXTERNAL,
  networkMeetingHeld: true,
  ppv: 'foreligger',
  leaderDecision: 'vidtgaaende',
  districtCouncil: true,
  consents: ['henvisning'],
  psychologistAgrees: true,
};
