/**
 * The prerequisites of a referral to the Pædagogisk Koordinationsudvalg (PKU): what must hold
 * before the school leader may refer a child. The ladder never recommends the referral unless every
 * one of them holds, and lists the unmet ones once a referral is in view.
 */
import type { Adviser, Intake, IntakeField } from './intake.js';
import type { PrerequisiteId } from './recommendation.js';

/** Which PKU prerequisites the answers meet. An unanswered field meets nothing. */
export function prerequisitesMet(intake: Intake): Record<PrerequisiteId, boolean> {
  const advisers = intake.advisers ?? [];
  return {
    'ppv-foreligger': intake.ppv === 'foreligger',
    'forebyggende-afproevet':
      intake.plan !== undefined && intake.plan !== 'ingen' && intake.planEvaluated !== undefined && intake.planEvaluated !== 'ikke-endnu',
    'foregribende-afproevet':
      advisers.some(isExternalAdviser) && (intake.adviserEffect === 'delvist' || intake.adviserEffect === 'virker-ikke'),
    'plan-for-barnet': intake.plan === 'barn' || intake.plan === 'begge',
    'plan-for-faellesskabet': intake.plan === 'faellesskab' || intake.plan === 'begge',
    'afgoerelse-vidtgaaende': intake.leaderDecision === 'vidtgaaende',
    'distriktsraad-droeftet': intake.districtCouncil === true,
    foraeldreaftale: (intake.consents ?? []).includes('henvisning'),
    'psykolog-enig': intake.psychologistAgrees === true,
  };
}

/** The answers the prerequisites read. */
export const PREREQUISITE_FIELDS: readonly IntakeField[] = [
  'ppv',
  'plan',
  'planEvaluated',
  'advisers',
  'adviserEffect',
  'leaderDecision',
  'districtCouncil',
  'consents',
  'psychologistAgrees',
];

/** Advisers from outside the school: a practice adviser or the advisory team. */
export function isExternalAdviser(adviser: Adviser): boolean {
  return adviser === 'praksisvejleder' || adviser === 'raadgivende-team';
}
