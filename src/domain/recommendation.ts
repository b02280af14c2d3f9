/**
 * The shape of what the engine answers (shared/domain/ladder.md §6). Types only; the rules live in
 * ladder.ts, the Danish titles in the playbook.
 */
import type { Intake, IntakeField } from './intake.js';

export const LEVELS = ['forebyggende', 'foregribende', 'indgribende'] as const;
export type Level = (typeof LEVELS)[number];

export const STEPS = [
  'indsaml-data', 'droeft-i-teamet', 'udarbejd-plan', 'evaluer-plan', 'fortsaet-plan',
  'sparring-plc', 'sparring-ekstern', 'distriktsraad', 'plan-for-barnet', 'netvaerksmoede',
  'ppv', 'afvent-ppv', 'henvisning-pku',
] as const;
export type StepId = (typeof STEPS)[number];

export const ACTORS = [
  'team', 'skoleledelse', 'plc-vejleder', 'akt-vejleder', 'praksisvejleder', 'raadgivende-team',
  'familieraadgivning', 'foraeldre', 'barnet', 'distriktsraad', 'pku',
] as const;
export type ActorId = (typeof ACTORS)[number];

export const MEETINGS = [
  'teammoede', 'arbejdsmoede', 'netvaerksmoede', 'familieraadslagning', 'skole-hjem-samtale', 'distriktsraadsmoede',
] as const;
export type MeetingId = (typeof MEETINGS)[number];

export const TEMPLATES = [
  'dataplan', 'dagsorden-teammoede', 'plan-faellesskab', 'plan-barn', 'smtte', 'evaluering',
  'sparringsanmodning', 'dagsorden-arbejdsmoede', 'dagsorden-netvaerksmoede', 'dagsorden-distriktsraad',
  'indstilling-ppv', 'henvisning-pku',
] as const;
export type TemplateId = (typeof TEMPLATES)[number];

export const PREREQUISITES = [
  'ppv-foreligger', 'forebyggende-afproevet', 'foregribende-afproevet', 'plan-for-barnet',
  'distriktsraad-droeftet', 'foraeldreaftale',
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
  templates: Titled<TemplateId>[];
  /** Unmet PKU prerequisites (§5): listed at `foregribende` with `scope = barn`, empty otherwise. */
  missing: Titled<PrerequisiteId>[];
  safeguarding: Safeguarding | null;
  /** Short reminders that do not change the step (Danish). */
  todo: string[];
  /** Short Danish sentences saying why, each naming the part of the guide it rests on. */
  rationale: string[];
  /** The answers the rules actually read on the way to this step (the recommendation's input). */
  basedOn: IntakeField[];
}

export type NextResult =
  | { kind: 'question'; field: IntakeField }
  | { kind: 'recommendation'; recommendation: Recommendation };
