/**
 * The shape of what the engine answers: levels, steps, actors, meetings, templates and the PKU
 * prerequisites by their stable ids, and the Recommendation. Types only; the rules live in
 * ladder.ts, the Danish titles in the playbook.
 */
import type { Intake, IntakeField } from './intake.js';

export const LEVELS = ['forebyggende', 'foregribende', 'indgribende'] as const;
export type Level = (typeof LEVELS)[number];

export const STEPS = [
  'indsaml-data',
  'droeft-i-teamet',
  'udarbejd-plan',
  'evaluer-plan',
  'fortsaet-plan',
  'sparring-plc',
  'sparring-ekstern',
  'distriktsraad',
  'plan-for-barnet',
  'plan-for-faellesskabet',
  'netvaerksmoede',
  'ppv',
  'afvent-ppv',
  'afgoerelse',
  'bistand-paa-skolen',
  'afklar-med-psykolog',
  'henvisning-pku',
  'afvent-kommunen',
] as const;
export type StepId = (typeof STEPS)[number];

export const ACTORS = [
  'team',
  'skoleledelse',
  'plc-vejleder',
  'akt-vejleder',
  'praksisvejleder',
  'raadgivende-team',
  'familieraadgivning',
  'foraeldre',
  'barnet',
  'distriktsraad',
  'pku',
] as const;
export type ActorId = (typeof ACTORS)[number];

export const MEETINGS = [
  'teammoede',
  'arbejdsmoede',
  'netvaerksmoede',
  'familieraadslagning',
  'skole-hjem-samtale',
  'distriktsraadsmoede',
] as const;
export type MeetingId = (typeof MEETINGS)[number];

export const TEMPLATES = [
  'dataplan',
  'dagsorden-teammoede',
  'plan-faellesskab',
  'plan-barn',
  'smtte',
  'evaluering',
  'sparringsanmodning',
  'dagsorden-arbejdsmoede',
  'dagsorden-netvaerksmoede',
  'dagsorden-distriktsraad',
  'indstilling-ppv',
  'sagsfremstilling',
  'henvisning-pku',
] as const;
export type TemplateId = (typeof TEMPLATES)[number];

export const PREREQUISITES = [
  'ppv-foreligger',
  'forebyggende-afproevet',
  'foregribende-afproevet',
  'plan-for-barnet',
  'plan-for-faellesskabet',
  'afgoerelse-vidtgaaende',
  'distriktsraad-droeftet',
  'foraeldreaftale',
  'psykolog-enig',
] as const;
export type PrerequisiteId = (typeof PREREQUISITES)[number];

export interface Titled<Id extends string> {
  id: Id;
  title: string;
}

export interface MeetingSuggestion extends Titled<MeetingId> {
  /** Who takes part, as the playbook describes the meeting type (Danish display text). */
  participants: string[];
}

export interface Safeguarding {
  concerns: Intake['safety'] & {};
  acute: boolean;
  /** Danish headline and the ordered things to do now (112 first when acute). */
  title: string;
  actions: string[];
  /** The legal basis, e.g. "Barnets Lov § 133 (skærpet underretningspligt)". */
  basis: string;
  /** The school leadership must be alerted. Always true; kept explicit for the alert code. */
  notifyLeadership: true;
  /**
   * The suspicion concerns the child's home (neglect, or violence or sexual abuse at home): the
   * parents are not involved until the municipality has assessed the notification, so a step that
   * would involve them waits (`Recommendation.heldStep`).
   */
  parentsOnHold: boolean;
}

export interface Recommendation {
  level: Level;
  levelTitle: string;
  step: StepId;
  title: string;
  lead: Titled<ActorId>;
  actors: Titled<ActorId>[];
  meeting: MeetingSuggestion | null;
  /** Further meetings that fit, e.g. familierådslagning when the family is part of the concern. */
  alternativeMeetings: MeetingSuggestion[];
  consentRequired: boolean;
  /**
   * The step the rules picked but that waits while the parents are on hold (the step is then
   * `afvent-kommunen`), else null.
   */
  heldStep: StepId | null;
  templates: Titled<TemplateId>[];
  /**
   * Unmet PKU prerequisites (§5), listed only once a referral is in view: at `foregribende`, for a
   * child, with a PPV asked for or received, and not when the support is given at the school.
   * Empty otherwise.
   */
  missing: Titled<PrerequisiteId>[];
  safeguarding: Safeguarding | null;
  /** Short reminders that do not change the step (Danish). */
  todo: string[];
  /** Short Danish sentences saying why, each naming the part of the guide it rests on. */
  rationale: string[];
  /** The answers the rules actually read on the way to this step (the recommendation's input). */
  basedOn: IntakeField[];
}

export type NextResult = { kind: 'question'; field: IntakeField } | { kind: 'recommendation'; recommendation: Recommendation };
