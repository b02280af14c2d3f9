/**
 * Plans (docs/skabeloner.md).
 *
 * One view model per plan template, all bounded by `planViewModelSchema`: exactly what the template
 * in `adaptive-cards/<templateId>.json` binds. The card's text (the subtitle with the version, the
 * read-only texts of an earlier version, the errors under the inputs) is written in the view builder
 * (view.ts, `planViewModel`), which also normalises the flat card values; the schema only bounds and
 * checks it: every input's value (`v`) is one the input can hold (a calendar date, known choices, at
 * most the field's length), `ro` holds a text for every field, `err` a message or '' under each input,
 * and `show` says for each slot of a list whether it is shown.
 */
import { z } from '../../domain/zod.js';
import type { Level } from '../../domain/recommendation.js';
import {
  GOAL_RESULT_LABELS,
  PLAN_FORMS,
  SLOT_LISTS,
  isCalendarDate,
  planCardFields,
  slots,
  planCardFolds,
  PLAN_TEMPLATE_IDS,
  type CardField,
  type PlanTemplateId,
  type SlotKind,
} from '../../domain/plans/index.js';
import { CaseRefSchema, LIMITS, item } from '../common.js';

/**
 * The slot lists of a template's form (goals, actions, tasks, data rows: the domain's SLOT_LISTS) as
 * the card shows them: the row prefix, the form's number of slots, and what the button that shows
 * the empty rows says while editing ("Flere mål"), or null: an evaluation's goals come from the plan.
 */
export function planSlotGroups(templateId: PlanTemplateId): { prefix: string; count: number; more: string | null }[] {
  const groups: { prefix: string; count: number; more: string | null }[] = [];
  for (const f of PLAN_FORMS[templateId].sections.flatMap((s) => s.fields)) {
    if ('slots' in f && Object.hasOwn(SLOT_LISTS, f.kind)) {
      groups.push({ prefix: SLOT_LISTS[f.kind as SlotKind].prefix, count: f.slots, more: MORE_ROWS[f.kind as SlotKind] });
    }
  }
  return groups;
}

/** The button under a list that shows its empty rows (none under an evaluation's goals: they are the plan's). */
export const MORE_ROWS: Record<SlotKind, string | null> = {
  goals: 'Flere mål',
  evalGoals: null,
  actions: 'Flere indsatser',
  tasks: 'Flere opgaver',
  dataRows: 'Flere datakilder',
};

export const PLAN_HEADER_STYLES: Record<Level, 'good' | 'warning' | 'attention'> = {
  forebyggende: 'good',
  foregribende: 'warning',
  indgribende: 'attention',
};

/** Bounds that keep a full plan card with an error under every input under 28 KB. */
export const PLAN_CARD_LIMITS = {
  /** A message under an input (the domain's longest is about 105 characters). */
  fieldError: 120,
  /** Notes of a save, shown by the buttons (the rest dropped: with the folding titles the card stays under 28 KB), and the length of each. */
  notes: 5,
  note: 200,
  /** "Version N, gemt <date and time> af <name>" (a date of 60, a name of 80). */
  subtitle: 240,
} as const;

/** The value → title of each choice and multi-select input of a template (an evaluation's results are labelled by GOAL_RESULT_LABELS). */
export function planChoiceTitles(templateId: PlanTemplateId): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const field of PLAN_FORMS[templateId].sections.flatMap((s) => s.fields)) {
    if (field.kind === 'choice' || field.kind === 'multi') out.set(field.key, new Map(field.options.map((o) => [o.value, o.title])));
    if (field.kind === 'evalGoals') {
      for (const i of slots(field.slots)) out.set(`goal${i}Result`, new Map(Object.entries(GOAL_RESULT_LABELS)));
    }
  }
  return out;
}

/** The known values of a choice or multi-select input, with their titles. */
export function knownChoices(field: CardField, titles: Map<string, Map<string, string>>): Map<string, string> {
  return titles.get(field.key) ?? new Map(((field.values ?? []) as string[]).map((x) => [x, x]));
}

const length = (s: string) => Array.from(s).length;
const atMost = (max: number) => z.string().refine((s) => length(s) <= max, `At most ${max} characters`);

/** What an input may hold: a calendar date or '', known choices (one for a single choice), "true"/"false", text within the field's bound. */
function valueSchema(field: CardField, known: Map<string, string>) {
  switch (field.type) {
    case 'date':
      return z.string().refine((s) => s === '' || isCalendarDate(s), 'Expected YYYY-MM-DD or empty');
    case 'choice':
    case 'multi':
      return z.string().refine((s) => {
        if (s === '') return true;
        const parts = s.split(',');
        return (field.type === 'multi' || parts.length === 1) && new Set(parts).size === parts.length && parts.every((x) => known.has(x));
      }, 'Expected known choices');
    case 'toggle':
      return z.enum(['true', 'false']);
    case 'text':
    case 'multiline':
      return atMost(field.max);
  }
}

/** The read-only text of a field: "—" when empty, "☑"/"☐" for a toggle, a Danish date, the choices' titles, the text. */
function readOnlySchema(field: CardField, known: Map<string, string>) {
  switch (field.type) {
    case 'toggle':
      return z.enum(['☑', '☐']);
    case 'date':
      return z.string().min(1).max(30);
    case 'choice':
    case 'multi':
      return z
        .string()
        .min(1)
        .max(
          Math.max(
            1,
            [...known.values()].reduce((n, t) => n + t.length + 2, 0),
          ),
        );
    case 'text':
    case 'multiline':
      return z
        .string()
        .min(1)
        .and(atMost(Math.max(1, field.max)));
  }
}

export function planViewModelSchema(templateId: PlanTemplateId) {
  const fields = planCardFields(templateId);
  const titles = planChoiceTitles(templateId);
  const showKeys = planSlotGroups(templateId).flatMap(({ prefix, count }) => slots(count).map((i) => `${prefix}${i}`));
  const openKeys = planCardFolds(templateId).map((fold) => fold.key);
  const perField = <T extends z.ZodType>(f: (field: CardField) => T) =>
    z.strictObject(Object.fromEntries(fields.map((field) => [field.key, f(field)])));

  const shape = {
    planId: z.string().min(1).max(64),
    /** "Sag: A.B., 4.B" at the top, as on every card of a case. */
    caseHeading: z.string().trim().min(1).max(LIMITS.title),
    /** The template's title (the playbook's). */
    title: z.string().trim().min(1).max(120),
    levelTitle: z.string().trim().min(1).max(60),
    headerStyle: z.enum(['good', 'warning', 'attention']),
    /** "Udkast – ikke gemt endnu", or "Version N, gemt <when> af <who>". */
    subtitle: z.string().trim().min(1).max(PLAN_CARD_LIMITS.subtitle),
    /** An earlier version, or the current one opened to read: shown without inputs and without "Gem". */
    readOnly: z.boolean(),
    /** Why a read-only card has no inputs (an earlier version, or: press Ny version). */
    readOnlyNote: z.string().trim().min(1).max(LIMITS.item),
    /** What the Gem just did, by the button ("Gemt – version 3."), or ''. */
    status: z.string().max(60),
    /** Every input's value, normalised (the flat card values, or the user's values after a validation error). */
    v: perField((field) => valueSchema(field, knownChoices(field, titles))),
    /** Every field as an earlier version shows it. */
    ro: perField((field) => readOnlySchema(field, knownChoices(field, titles))),
    /** The message under each input, or ''. */
    err: perField(() => z.string().max(PLAN_CARD_LIMITS.fieldError)),
    /** For each slot of a list: whether it is shown. */
    show: z.strictObject(Object.fromEntries(showKeys.map((key) => [key, z.boolean()]))),
    /** For each folding part (a SectionSpec.fold section, an evaluated goal's plan part: planCardFolds): whether it is open while editing. */
    open: z.strictObject(Object.fromEntries(openKeys.map((key) => [key, z.boolean()]))),
    /** The card was drawn after a refused save: "Planen er ikke gemt" at the top. */
    hasErrors: z.boolean(),
    /** The errors that belong to no input. */
    generalErrors: z.array(item).max(LIMITS.list),
    notes: z.array(z.string().trim().min(1).max(PLAN_CARD_LIMITS.note)).max(PLAN_CARD_LIMITS.notes),
    canSave: z.boolean(),
    /** "Ny version": the current version, shown read-only, opened for editing. */
    canRevise: z.boolean(),
    canExport: z.boolean(),
    /** "Næste udkast: <title>": the next template the step calls for ('' and '' when none). */
    nextTemplateId: z.enum(['', ...PLAN_TEMPLATE_IDS]),
    nextLabel: z.string().max(120),
  };
  // Only a template whose plan is evaluated has the "Evaluér" button; the others leave canEvaluate out.
  return CaseRefSchema.extend({ ...shape, canEvaluate: PLAN_FORMS[templateId].evaluate ? z.boolean() : z.never().optional() });
}
export const DataplanViewModelSchema = planViewModelSchema('dataplan');
export const DagsordenTeammoedeViewModelSchema = planViewModelSchema('dagsorden-teammoede');
export const PlanFaellesskabViewModelSchema = planViewModelSchema('plan-faellesskab');
export const PlanBarnViewModelSchema = planViewModelSchema('plan-barn');
export const SmtteViewModelSchema = planViewModelSchema('smtte');
export const EvalueringViewModelSchema = planViewModelSchema('evaluering');
export const SparringsanmodningViewModelSchema = planViewModelSchema('sparringsanmodning');
export const DagsordenArbejdsmoedeViewModelSchema = planViewModelSchema('dagsorden-arbejdsmoede');
export const DagsordenNetvaerksmoedeViewModelSchema = planViewModelSchema('dagsorden-netvaerksmoede');
export const DagsordenDistriktsraadViewModelSchema = planViewModelSchema('dagsorden-distriktsraad');
export const IndstillingPpvViewModelSchema = planViewModelSchema('indstilling-ppv');
export const SagsfremstillingViewModelSchema = planViewModelSchema('sagsfremstilling');
export const HenvisningPkuViewModelSchema = planViewModelSchema('henvisning-pku');

/** The view-model schema of every plan template: a template id without one does not compile. */
export const PLAN_VIEW_MODEL_SCHEMAS = {
  dataplan: DataplanViewModelSchema,
  'dagsorden-teammoede': DagsordenTeammoedeViewModelSchema,
  'plan-faellesskab': PlanFaellesskabViewModelSchema,
  'plan-barn': PlanBarnViewModelSchema,
  smtte: SmtteViewModelSchema,
  evaluering: EvalueringViewModelSchema,
  sparringsanmodning: SparringsanmodningViewModelSchema,
  'dagsorden-arbejdsmoede': DagsordenArbejdsmoedeViewModelSchema,
  'dagsorden-netvaerksmoede': DagsordenNetvaerksmoedeViewModelSchema,
  'dagsorden-distriktsraad': DagsordenDistriktsraadViewModelSchema,
  'indstilling-ppv': IndstillingPpvViewModelSchema,
  sagsfremstilling: SagsfremstillingViewModelSchema,
  'henvisning-pku': HenvisningPkuViewModelSchema,
} as const satisfies Record<PlanTemplateId, ReturnType<typeof planViewModelSchema>>;
