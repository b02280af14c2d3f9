/**
 * The intake's cards: the welcome, the help, the first card of a concern (intake-start), one
 * question, an answered question, the recommendation and the safeguarding card.
 */
import { z } from '../../domain/zod.js';
import { PSEUDONYM_MAX } from '../../domain/pseudonym.js';
import { INTAKE_FIELDS, type IntakeField } from '../../domain/intake.js';
import { ACTORS, LEVELS, PREREQUISITES } from '../../domain/recommendation.js';
import { CaseRefSchema, ChoiceSchema, LIMITS, choices, errors, item, list, title } from '../common.js';
import { clip, keepKnownValues } from '../format.js';

// welcome ------------------------------------------------------------------------------------------

export const WelcomeViewModelSchema = z.strictObject({
  userName: z.string().trim().min(1).max(100).nullable(),
  openCase: z
    .strictObject({
      /** A Danish date, e.g. "3. marts 2025". */
      started: z.string().trim().min(1).max(60),
      questionNumber: z.number().int().positive(),
    })
    .nullable(),
});

// help ---------------------------------------------------------------------------------------------

export const HelpViewModelSchema = z.strictObject({
  commands: z
    .array(z.strictObject({ command: z.string().trim().min(1).max(60), description: item }))
    .min(1)
    .max(LIMITS.list),
});

// intake-start -------------------------------------------------------------------------------------

export const IntakeStartViewModelSchema = CaseRefSchema.extend({
  step: z.number().int().positive(),
  stepsHint: title,
  why: z.string().trim().min(1).max(LIMITS.text),
  descriptionMax: z.number().int().positive().max(LIMITS.description),
  scopeChoices: choices(1, LIMITS.startChoices),
  areaChoices: choices(1, LIMITS.startChoices),
  safetyChoices: choices(1, LIMITS.startChoices),
  /** The teacher's teams (value `<schoolId>/<teamId>`): a choice is shown only when there are several. */
  teamChoices: choices(0, LIMITS.teams).default([]),
  /** What the user answered before (shown again after a validation error or on resume). */
  values: z.strictObject({
    /** The case's pseudonym (initials and class), stored on the case, not in the intake. */
    pseudonym: z.string().default(''),
    /** The chosen team's value; the first team when none (or an unknown one) is given. */
    team: z.string().default(''),
    description: z.string().default(''),
    scope: z.string().default(''),
    /** Comma-separated. */
    areas: z.string().default(''),
    /** Comma-separated. */
    safety: z.string().default(''),
  }),
  errors,
}).transform((vm) => ({
  ...vm,
  values: {
    pseudonym: clip(vm.values.pseudonym.trim(), PSEUDONYM_MAX),
    description: clip(vm.values.description.trim(), vm.descriptionMax),
    scope: keepKnownValues(vm.values.scope, vm.scopeChoices, true),
    areas: keepKnownValues(vm.values.areas, vm.areaChoices),
    safety: keepKnownValues(vm.values.safety, vm.safetyChoices),
    team: keepKnownValues(vm.values.team, vm.teamChoices, true) || (vm.teamChoices[0]?.value ?? ''),
  },
  showTeams: vm.teamChoices.length > 1,
}));

// question -----------------------------------------------------------------------------------------

export const INPUT_KINDS = ['single', 'multi', 'boolean', 'text'] as const;

export const QuestionViewModelSchema = CaseRefSchema.extend({
  /** The number shown as "Spørgsmål N". */
  step: z.number().int().positive(),
  /** The intake field asked: it is the input's id. */
  field: z.enum(INTAKE_FIELDS as [IntakeField, ...IntakeField[]]),
  question: z.string().trim().min(1).max(LIMITS.question),
  why: z.string().trim().min(1).max(LIMITS.text),
  input: z.strictObject({
    kind: z.enum(INPUT_KINDS),
    choices: z.array(ChoiceSchema).max(LIMITS.choices),
    /** The current answer; comma-separated for multi, "true"/"false" for boolean, '' for none. Normalised, see keepKnownValues. */
    value: z.string(),
    required: z.boolean(),
    maxLength: z.number().int().positive().max(LIMITS.description).nullable(),
    placeholder: z.string().trim().min(1).max(LIMITS.title).nullable(),
  }),
  canGoBack: z.boolean(),
  errors,
}).superRefine(({ input }, ctx) => {
  const issue = (message: string, key: string) => ctx.addIssue({ code: 'custom', message, path: ['input', key] });
  const values = input.choices.map((c) => c.value);
  if (new Set(values).size !== values.length) issue('Choice values must be unique', 'choices');
  if (input.kind === 'text') {
    if (input.choices.length > 0) issue('A text input has no choices', 'choices');
  } else if (input.kind === 'boolean') {
    if (values.length !== 2 || !values.includes('true') || !values.includes('false')) {
      issue('A boolean input has exactly the choices "true" and "false"', 'choices');
    }
  } else if (input.choices.length === 0) {
    issue(`A ${input.kind} input needs choices`, 'choices');
  }
  if (input.kind !== 'text' && (input.maxLength !== null || input.placeholder !== null)) {
    issue('maxLength and placeholder belong to text inputs only', 'maxLength');
  }
}).transform((vm) => ({
  ...vm,
  input: {
    ...vm.input,
    value:
      vm.input.kind === 'text'
        ? clip(vm.input.value.trim(), vm.input.maxLength ?? LIMITS.description)
        : keepKnownValues(vm.input.value, vm.input.choices, vm.input.kind !== 'multi'),
  },
}));

// answered -----------------------------------------------------------------------------------------

export const AnsweredViewModelSchema = z.strictObject({
  step: z.number().int().positive(),
  question: z.string().trim().min(1).max(LIMITS.question),
  /** Formatted from stored answers; clipped at LIMITS.answer since the description is part of it. */
  answer: z.string().trim().min(1).transform((a) => clip(a, LIMITS.answer)),
  note: z.string().trim().min(1).max(LIMITS.item).nullable(),
});

// recommendation -----------------------------------------------------------------------------------

const MeetingSchema = z.strictObject({
  title: z.string().trim().min(1).max(120),
  participants: z.array(z.string().trim().min(1).max(100)).max(10),
});

export const RecommendationViewModelSchema = CaseRefSchema.extend({
  /** The three levels of the ladder, in order, the current one marked. */
  levels: z
    .array(z.strictObject({ id: z.enum(LEVELS), title: z.string().trim().min(1).max(60), current: z.boolean() }))
    .length(LEVELS.length)
    .refine((ls) => ls.every((l, i) => l.id === LEVELS[i]), { message: `The levels come in the order ${LEVELS.join(', ')}` })
    .refine((ls) => ls.filter((l) => l.current).length === 1, { message: 'Exactly one level is current' }),
  levelTitle: title,
  stepTitle: title,
  /** The actor who leads the step (Danish title). */
  lead: title,
  actors: z.array(z.string().trim().min(1).max(120)).max(ACTORS.length),
  meeting: MeetingSchema.nullable(),
  alternativeMeetings: z.array(MeetingSchema).max(3),
  consentNote: z.string().trim().min(1).max(LIMITS.text).nullable(),
  /** Unmet PKU prerequisites. */
  missing: list(PREREQUISITES.length),
  /** Reminders that do not change the step. */
  todo: list(8),
  /** Why this step, each line naming the part of the guide it rests on. */
  rationale: list(10),
  /** Titles of the plan templates the step calls for. */
  templates: z.array(z.string().trim().min(1).max(120)).max(6),
  /** Whether a safeguarding card was shown above this one. */
  safeguardingShown: z.boolean(),
  /** The step is sparring (`sparring-plc`, `sparring-ekstern`): the card offers "Anmod om sparring". */
  canRequestSparring: z.boolean().default(false),
});

// safeguarding -------------------------------------------------------------------------------------

export const SafeguardingViewModelSchema = z.strictObject({
  acute: z.boolean(),
  title,
  /** Danish titles of the signs, e.g. "Vold". */
  concerns: z.array(z.string().trim().min(1).max(120)).max(LIMITS.list),
  /** What to do now, in order. */
  actions: list().min(1),
  basis: title,
  leadershipNote: z.string().trim().min(1).max(LIMITS.text),
});
