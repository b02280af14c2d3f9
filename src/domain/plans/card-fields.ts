/**
 * The inputs of a plan card as flat keys: which input ids a template's card has, in order, how
 * each is read and how long it may be. Drafted values, the parsing of a submitted card and the
 * fixtures all go by these keys.
 *
 * The slot lists (goals, actions, tasks, data rows) are described once, in SLOT_LISTS: the prefix of
 * a row's input ids and the parts of a row. The card inputs here, the card values, the parsing and
 * the card JSON (scripts/gen-plan-cards.ts) all take a row's keys and bounds from it.
 */
import { PREREQUISITES, type PrerequisiteId } from '../recommendation.js';
import { GOAL_RESULTS, PLAN_LIMITS, PLAN_TEMPLATE_IDS, type PlanTemplateId } from './templates.js';
import { PLAN_FORMS, type FieldSpec } from './forms.js';

const L = PLAN_LIMITS;

/** `ppv-foreligger` → `ppvForeligger`: the card input id of a checklist item. */
export function checklistKey(id: PrerequisiteId): string {
  return id.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

export type CardFieldType = 'text' | 'multiline' | 'date' | 'choice' | 'multi' | 'toggle';

/** One input of a plan card: its id (the flat card value key), how it is read, and its bound. */
export interface CardField {
  key: string;
  type: CardFieldType;
  max: number;
  /** Allowed values of a choice, multi-select or toggle. */
  values?: readonly string[];
}

/** The form field kinds that are lists of fixed slots. */
export type SlotKind = 'goals' | 'evalGoals' | 'actions' | 'tasks' | 'dataRows';

/** One input of a slot row: its id is the list's prefix, the row number and `suffix` (`goal2Signs`). */
interface SlotPart {
  suffix: string;
  type: CardFieldType;
  max: number;
  values?: readonly string[];
}

/** Each slot list's rows: the prefix of their input ids and their inputs, in the card's order. */
export const SLOT_LISTS = {
  goals: {
    prefix: 'goal',
    parts: [
      { suffix: '', type: 'text', max: L.goal },
      { suffix: 'Signs', type: 'multiline', max: L.signsText },
    ],
  },
  evalGoals: {
    prefix: 'goal',
    parts: [
      { suffix: '', type: 'text', max: L.goal },
      { suffix: 'Signs', type: 'multiline', max: L.signsText },
      { suffix: 'Result', type: 'choice', max: 64, values: GOAL_RESULTS },
      { suffix: 'Observed', type: 'multiline', max: L.text },
    ],
  },
  actions: {
    prefix: 'action',
    parts: [
      { suffix: '', type: 'text', max: L.line },
      { suffix: 'Responsible', type: 'text', max: L.short },
    ],
  },
  tasks: {
    prefix: 'task',
    parts: [
      { suffix: '', type: 'text', max: L.line },
      { suffix: 'Responsible', type: 'text', max: L.short },
    ],
  },
  dataRows: {
    prefix: 'data',
    parts: [
      { suffix: '', type: 'text', max: L.line },
      { suffix: 'Responsible', type: 'text', max: L.short },
      { suffix: 'Deadline', type: 'date', max: 10 },
    ],
  },
} as const satisfies Record<SlotKind, { prefix: string; parts: readonly SlotPart[] }>;

/** The suffixes a row of `kind` has ('' for the row's first input). */
export type SlotSuffix<K extends SlotKind> = (typeof SLOT_LISTS)[K]['parts'][number]['suffix'];

/** The card input of row `i` (from 1) of a slot list: `slotField('goals', 2, 'Signs')` is `goal2Signs`. */
export function slotField<K extends SlotKind>(kind: K, i: number, suffix: SlotSuffix<K> = '' as SlotSuffix<K>): CardField {
  const part: SlotPart | undefined = SLOT_LISTS[kind].parts.find((p: SlotPart) => p.suffix === suffix);
  if (!part) throw new Error(`No ${JSON.stringify(suffix)} in a ${kind} row`);
  const key = `${SLOT_LISTS[kind].prefix}${i}${part.suffix}`;
  return part.values ? { key, type: part.type, max: part.max, values: part.values } : { key, type: part.type, max: part.max };
}

/** The input id of row `i` (from 1) of a slot list: `slotKey('actions', 1, 'Responsible')` is `action1Responsible`. */
export function slotKey<K extends SlotKind>(kind: K, i: number, suffix: SlotSuffix<K> = '' as SlotSuffix<K>): string {
  return slotField(kind, i, suffix).key;
}

/** Every input of a slot list with `n` rows, row by row. */
function slotFields(kind: SlotKind, n: number): CardField[] {
  return slots(n).flatMap((i) => SLOT_LISTS[kind].parts.map((p: SlotPart) => slotField(kind, i, p.suffix as SlotSuffix<SlotKind>)));
}

const LINES_MAX = L.text;

function fieldsOf(spec: FieldSpec): CardField[] {
  switch (spec.kind) {
    case 'text':
      return [{ key: spec.key, type: spec.multiline ? 'multiline' : 'text', max: spec.max }];
    case 'lines':
      return [{ key: spec.key, type: 'multiline', max: LINES_MAX }];
    case 'date':
      return [{ key: spec.key, type: 'date', max: 10 }];
    case 'choice':
      return [{ key: spec.key, type: 'choice', max: 64, values: spec.options.map((o) => o.value) }];
    case 'multi':
      return [{ key: spec.key, type: 'multi', max: 400, values: spec.options.map((o) => o.value) }];
    case 'goals':
    case 'evalGoals':
    case 'actions':
    case 'tasks':
    case 'dataRows':
      return slotFields(spec.kind, spec.slots);
    case 'checklist':
      return PREREQUISITES.flatMap((id) => [
        { key: checklistKey(id), type: 'toggle' as const, max: 5, values: ['true', 'false'] },
        { key: `${checklistKey(id)}Evidence`, type: 'text' as const, max: L.line },
      ]);
  }
}

export function slots(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

const CARD_FIELDS = Object.fromEntries(
  PLAN_TEMPLATE_IDS.map((t) => [t, PLAN_FORMS[t].sections.flatMap((s) => s.fields.flatMap(fieldsOf))]),
) as Record<PlanTemplateId, CardField[]>;

/** The inputs of a template's card, in the order they appear. */
export function planCardFields(templateId: PlanTemplateId): CardField[] {
  return CARD_FIELDS[templateId];
}

/** The ids of a template's card inputs (the keys of `planToCardValues`). */
export function planCardKeys(templateId: PlanTemplateId): string[] {
  return CARD_FIELDS[templateId].map((field) => field.key);
}

/** A section of a template's card: its inputs, the required ones, and whether it folds while editing (SectionSpec.fold). */
export interface CardSection {
  title: string;
  fold: boolean;
  keys: string[];
  /** The inputs the card marks required (a goals list: its first goal and signs). */
  required: string[];
}

function requiredOf(spec: FieldSpec): string[] {
  if (spec.kind === 'goals') return [slotKey('goals', 1), slotKey('goals', 1, 'Signs')];
  return 'required' in spec && spec.required ? [spec.key] : [];
}

const CARD_SECTIONS = Object.fromEntries(
  PLAN_TEMPLATE_IDS.map((t) => [
    t,
    PLAN_FORMS[t].sections.map((s) => ({
      title: s.title,
      fold: s.fold === true,
      keys: s.fields.flatMap(fieldsOf).map((f) => f.key),
      required: s.fields.flatMap(requiredOf),
    })),
  ]),
) as Record<PlanTemplateId, CardSection[]>;

/** The sections of a template's card, in order, with their inputs. */
export function planCardSections(templateId: PlanTemplateId): CardSection[] {
  return CARD_SECTIONS[templateId];
}

/** The key under which a folding section's state is bound on the card (`open.s2`): its position among the sections. */
export const sectionKey = (index: number): string => `s${index}`;

/** The key under which the fold of an evaluated goal's plan part (its goal and signs) is bound (`open.g2`), and its element id. */
export const goalFoldKey = (i: number): string => `g${i}`;

/**
 * A part of a template's card that folds while editing, opened by its title (Action.ToggleVisibility):
 * a folding section (SectionSpec.fold), or, on an evaluation, each goal's part from the plan (the goal
 * and its signs: the draft copies them from the plan), so the team's assessment of every goal stays
 * in view and the card stays short. It opens by itself when it needs the user: an error under one
 * of its inputs (`keys`), or an empty `required` one (a goal without its text is not a goal to fold).
 */
export interface CardFold {
  /** `open.<key>` on the view model, and the id of the folding element. */
  key: string;
  title: string;
  keys: string[];
  required: string[];
}

const CARD_FOLDS = Object.fromEntries(
  PLAN_TEMPLATE_IDS.map((t) => [
    t,
    [
      ...CARD_SECTIONS[t].flatMap((s, i) => (s.fold ? [{ key: sectionKey(i), title: s.title, keys: s.keys, required: s.required }] : [])),
      ...PLAN_FORMS[t].sections
        .flatMap((s) => s.fields)
        .flatMap((f) =>
          f.kind === 'evalGoals'
            ? slots(f.slots).map((i) => ({
                key: goalFoldKey(i),
                title: `Mål ${i}`,
                keys: [slotKey('evalGoals', i), slotKey('evalGoals', i, 'Signs')],
                required: [slotKey('evalGoals', i)],
              }))
            : [],
        ),
    ],
  ]),
) as Record<PlanTemplateId, CardFold[]>;

/** Every folding part of a template's card: its folding sections, in order, then an evaluation's goals. */
export function planCardFolds(templateId: PlanTemplateId): CardFold[] {
  return CARD_FOLDS[templateId];
}
