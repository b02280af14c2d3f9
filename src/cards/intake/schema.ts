/**
 * The intake's cards: the first card of a concern (intake-start), one
 * question and an answered question (or one the user went back from). Each names its case at the top
 * (`caseHeading`, see src/cards/common.ts). The view builders
 * (view.ts) write the text and normalise what a user sent before it is shown again (never refused:
 * unknown choices are not preselected, text is cut at its bound); the schemas only bound and check
 * what the templates bind.
 */
import { z } from '../../domain/zod.js';
import { PSEUDONYM_MAX } from '../../domain/pseudonym.js';
import { INTAKE_FIELDS, type IntakeField } from '../../domain/intake.js';
import { CaseRefSchema, ChoiceSchema, LIMITS, choices, list, title } from '../common.js';

/**
 * What a card shows again of a user's answer is '' or known choice values (one when `single`): the
 * view builder drops the rest (keepKnownValues), and a view model that still holds one is refused.
 */
function knownValues(ctx: z.RefinementCtx, path: string[], value: string, cs: readonly { value: string }[], single: boolean): void {
  if (value === '') return;
  const known = new Set(cs.map((c) => c.value));
  const parts = value.split(',');
  if ((single && parts.length > 1) || !parts.every((v) => known.has(v))) {
    ctx.addIssue({
      code: 'custom',
      message: `Not ${single ? 'a known choice value' : 'known choice values'}: ${JSON.stringify(value)}`,
      path,
    });
  }
}

// intake-start -------------------------------------------------------------------------------------

export const IntakeStartViewModelSchema = CaseRefSchema.extend({
  /** "Sag: A.B., 4.B" once the case has a pseudonym, else "Ny bekymring". */
  caseHeading: title,
  step: z.number().int().positive(),
  stepsHint: title,
  why: z.string().trim().min(1).max(LIMITS.text),
  descriptionMax: z.number().int().positive().max(LIMITS.description),
  /** The description's label and placeholder: they invite a description of what the teacher sees. */
  descriptionLabel: title,
  descriptionPlaceholder: title,
  scopeChoices: choices(1, LIMITS.startChoices),
  areaChoices: choices(1, LIMITS.startChoices),
  /** The teacher's teams (value `<schoolId>/<teamId>`): a choice is shown only when there are several. */
  teamChoices: choices(0, LIMITS.teams).default([]),
  /** The team choice is shown only when there are several teams. */
  showTeams: z.boolean(),
  /** What the user answered before (shown again after a validation error or on resume), as the view builder normalised it. */
  values: z.strictObject({
    /** The case's pseudonym (initials and class), stored on the case, not in the intake. */
    pseudonym: z.string().max(PSEUDONYM_MAX),
    /** The chosen team's value ('' without teams). */
    team: z.string(),
    description: z.string().max(LIMITS.description),
    scope: z.string(),
    /** Comma-separated. */
    areas: z.string(),
  }),
  errors: list(),
}).superRefine((vm, ctx) => {
  if (Array.from(vm.values.description).length > vm.descriptionMax) {
    ctx.addIssue({ code: 'custom', message: `Longer than descriptionMax (${vm.descriptionMax})`, path: ['values', 'description'] });
  }
  knownValues(ctx, ['values', 'team'], vm.values.team, vm.teamChoices, true);
  knownValues(ctx, ['values', 'scope'], vm.values.scope, vm.scopeChoices, true);
  knownValues(ctx, ['values', 'areas'], vm.values.areas, vm.areaChoices, false);
});

// question -----------------------------------------------------------------------------------------

export const INPUT_KINDS = ['single', 'multi', 'boolean', 'text'] as const;

export const QuestionViewModelSchema = CaseRefSchema.extend({
  /** "Sag: A.B., 4.B · 4.B – Fjordbakkeskolen" (caseHeading in src/cards/common.ts). */
  caseHeading: title,
  /** The number shown as "Spørgsmål N". */
  step: z.number().int().positive(),
  /** The intake field asked: it is the input's id. */
  field: z.enum(INTAKE_FIELDS as [IntakeField, ...IntakeField[]]),
  question: z.string().trim().min(1).max(LIMITS.question),
  why: z.string().trim().min(1).max(LIMITS.text),
  input: z.strictObject({
    kind: z.enum(INPUT_KINDS),
    choices: z.array(ChoiceSchema).max(LIMITS.choices),
    /** The current answer; comma-separated for multi, "true"/"false" for boolean, '' for none (the view builder keeps known values only). */
    value: z.string(),
    required: z.boolean(),
    maxLength: z.number().int().positive().max(LIMITS.description).nullable(),
    placeholder: z.string().trim().min(1).max(LIMITS.title).nullable(),
    /**
     * A multi choice's further choices, folded behind a "Vis flere" button (Action.ToggleVisibility):
     * a second input (`id`) whose values the service reads with the first. `shown`: unfolded (a value
     * among them is selected). Null: every choice is in `choices`.
     */
    more: z
      .strictObject({
        id: z.string().regex(/^[A-Za-z]+More$/),
        label: title,
        choices: z.array(ChoiceSchema).min(1).max(LIMITS.choices),
        value: z.string(),
        shown: z.boolean(),
      })
      .nullable(),
  }),
  /** A line under the input (e.g. that choosing nothing is an answer too); null: none. */
  hint: z.string().trim().min(1).max(LIMITS.item).nullable(),
  canGoBack: z.boolean(),
  errors: list(),
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
  if (input.kind === 'text') {
    if (Array.from(input.value).length > (input.maxLength ?? LIMITS.description))
      issue('The value is longer than the input allows', 'value');
  } else knownValues(ctx, ['input', 'value'], input.value, input.choices, input.kind !== 'multi');
  if (input.more) {
    if (input.kind !== 'multi') issue('Only a multi choice folds choices behind "Vis flere"', 'more');
    knownValues(ctx, ['input', 'more', 'value'], input.more.value, input.more.choices, false);
    const all = [...values, ...input.more.choices.map((c) => c.value)];
    if (new Set(all).size !== all.length) issue('A choice is both shown and folded', 'more');
    if (all.length > LIMITS.choices) issue(`More than ${LIMITS.choices} choices in all`, 'more');
  }
});

// answered -----------------------------------------------------------------------------------------

export const AnsweredViewModelSchema = z.strictObject({
  /** The case the card belonged to (caseHeading in src/cards/common.ts). */
  caseHeading: title,
  /** The number shown as "Spørgsmål N"; null for a card that was no question (the recommendation). */
  step: z.number().int().positive().nullable(),
  /** The user went back from this card (Tilbage): it was not answered, and it is marked so, not ticked. */
  wentBack: z.boolean(),
  question: z.string().trim().min(1).max(LIMITS.question),
  /** Formatted from stored answers; the view builder clips it at LIMITS.answer, since the description is part of it. */
  answer: z.string().trim().min(1).max(LIMITS.answer),
  note: z.string().trim().min(1).max(LIMITS.item).nullable(),
});
