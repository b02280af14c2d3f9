/**
 * What a plan template's form is made of (the form spec: the sections, fields and fixed slots that
 * become the card's inputs), and the fields the templates share. The forms themselves are in
 * forms-team.ts, forms-meetings.ts and forms-decisions.ts; forms.ts gathers them in PLAN_FORMS.
 *
 * Adaptive Cards have no dynamic lists, so lists live in fixed slots: up to four goals (`goal1` …
 * `goal4`, each with `goal1Signs`: one sign per line), up to six actions (`action1` …, with
 * `action1Responsible`), and so on (the slot keys are in card-fields.ts). A list of short lines
 * (data basis, what has been tried, …) is a multiline text with one item per line.
 */

import { NOT_GATHERED, PLAN_LIMITS } from './templates.js';

export const L = PLAN_LIMITS;

export interface Option {
  value: string;
  title: string;
}

export const options = <V extends string>(values: readonly V[], labels: Record<V, string>): Option[] =>
  values.map((value) => ({ value, title: labels[value] }));

/** A field of the form. `key` is both the content key and the card input id (for the simple kinds). */
export type FieldSpec =
  | {
      kind: 'text';
      key: string;
      label: string;
      max: number;
      multiline?: boolean;
      placeholder?: string;
      /** Danish error when empty. */
      required?: string;
      /** A perspective field: "ikke indhentet endnu" is accepted and becomes a todo note. */
      perspective?: 'child' | 'parents';
    }
  | { kind: 'lines'; key: string; label: string; maxLines: number; placeholder?: string; required?: string }
  | { kind: 'date'; key: string; label: string; role: 'evaluation' | 'revisitation' | 'meeting' | 'past'; required?: string }
  | { kind: 'choice'; key: string; label: string; options: Option[]; required?: string }
  | { kind: 'multi'; key: string; label: string; options: Option[]; required?: string }
  | { kind: 'goals'; slots: number; label: string }
  | { kind: 'evalGoals'; slots: number }
  | { kind: 'actions'; slots: number }
  | { kind: 'tasks'; slots: number }
  | { kind: 'dataRows'; slots: number }
  | { kind: 'checklist' };

export interface SectionSpec {
  title: string;
  /** A short Danish hint under the section title. */
  hint?: string;
  /**
   * Folded on the card while editing (Action.ToggleVisibility on its title), so the card is short:
   * the parts the draft fills in for the team (background, follow-up) or that are read more than
   * written. A folded section opens by itself when it needs the user: an error under one of its
   * inputs, or a required input that is empty (a hidden required input would block Gem unseen).
   */
  fold?: boolean;
  fields: FieldSpec[];
}

export interface FormSpec {
  /** One or two Danish sentences at the top of the card. */
  intro: string;
  sections: SectionSpec[];
  /** Buttons besides "Gem": "Evaluér" for plans with goals; "Eksportér" for all. */
  evaluate: boolean;
}

export const CONCERN_PLACEHOLDER = 'Bekymringen med teamets egne ord. Brug initialer og klasse – aldrig navn eller CPR-nummer.';

export const f = {
  concern: (label = 'Bekymringen'): FieldSpec => ({
    kind: 'text',
    key: 'concern',
    label,
    max: L.text,
    multiline: true,
    placeholder: CONCERN_PLACEHOLDER,
  }),
  dataBasis: (label = 'Datagrundlag (én datakilde pr. linje)'): FieldSpec => ({
    kind: 'lines',
    key: 'dataBasis',
    label,
    maxLines: L.lines,
  }),
  /** The case in brief, without names: the meeting with the district council, the case presentation, the referral. */
  summary: (): FieldSpec => ({
    kind: 'text',
    key: 'summary',
    label: 'Resumé (uden navne)',
    max: L.text,
    multiline: true,
    placeholder: CONCERN_PLACEHOLDER,
    required: 'Skriv et kort resumé af sagen.',
  }),
  /** The plans and evaluations enclosed with an application, a case presentation or a referral. */
  enclosed: (label = 'Vedlagte planer og evalueringer (én pr. linje)', required?: string): FieldSpec => ({
    kind: 'lines',
    key: 'enclosed',
    label,
    maxLines: L.lines,
    ...(required ? { required } : {}),
  }),
  tried: (label = 'Det, der er afprøvet (én indsats pr. linje)'): FieldSpec => ({
    kind: 'lines',
    key: 'triedActions',
    label,
    maxLines: L.lines,
  }),
  tovholder: (label = 'Tovholder (ansvarlig for opfølgningen)'): FieldSpec => ({
    kind: 'text',
    key: 'tovholder',
    label,
    max: L.short,
    required: 'Skriv, hvem der er tovholder på opfølgningen.',
  }),
  evaluationDate: (label = 'Evalueringsdato'): FieldSpec => ({
    kind: 'date',
    key: 'evaluationDate',
    label,
    role: 'evaluation',
    required: 'Vælg en dato for evalueringen.',
  }),
  meetingDate: (label = 'Mødedato'): FieldSpec => ({ kind: 'date', key: 'meetingDate', label, role: 'meeting' }),
  childVoice: (required: boolean, max: number = L.text): FieldSpec => ({
    kind: 'text',
    key: 'childVoice',
    label: 'Barnets eget perspektiv (barnets stemme)',
    max,
    multiline: true,
    placeholder: `Barnets egne ord om skoledagen – eller "${NOT_GATHERED}"`,
    perspective: 'child',
    ...(required ? { required: `Skriv barnets eget perspektiv – eller "${NOT_GATHERED}", hvis I ikke har talt med barnet endnu.` } : {}),
  }),
  parentsVoice: (required: boolean, max: number = L.text): FieldSpec => ({
    kind: 'text',
    key: 'parentsVoice',
    label: 'Forældrenes perspektiv',
    max,
    multiline: true,
    placeholder: `Forældrenes syn på bekymringen og indsatserne – eller "${NOT_GATHERED}"`,
    perspective: 'parents',
    ...(required ? { required: `Skriv forældrenes perspektiv – eller "${NOT_GATHERED}", hvis I ikke har talt med forældrene endnu.` } : {}),
  }),
  goals: (label = 'Mål og tegn'): FieldSpec => ({ kind: 'goals', slots: L.goals, label }),
  ppvRecommendations: (max: number = L.text): FieldSpec => ({
    kind: 'text',
    key: 'ppvRecommendations',
    label: "PPV'ens anbefalinger",
    max,
    multiline: true,
    required: "Skriv PPV'ens anbefalinger.",
  }),
  actions: (): FieldSpec => ({ kind: 'actions', slots: L.actions }),
  tasks: (): FieldSpec => ({ kind: 'tasks', slots: L.tasks }),
};

const NUMBER_WORDS = ['nul', 'ét', 'to', 'tre', 'fire', 'fem', 'seks', 'syv', 'otte', 'ni', 'ti'] as const;

/** A small count in Danish words ("fire"), as a hint says it; digits beyond ten. */
export const danishCount = (n: number): string => NUMBER_WORDS[n] ?? String(n);

/**
 * The hint over a goals list, said from the same number as the card's goal fields (L.goals): the
 * card has exactly that many goal inputs (those beyond the filled ones behind "Flere mål").
 */
export const GOALS_HINT = `Højst ${danishCount(L.goals)} mål. Hvert mål har mindst ét tegn.`;

/** The bound of the referral's perspective and PPV texts. */
export const REFERRAL_TEXT = 400;

export const FOLLOW_UP: SectionSpec = { title: 'Opfølgning', fold: true, fields: [f.tovholder(), f.evaluationDate()] };
