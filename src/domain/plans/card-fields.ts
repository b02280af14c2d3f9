/**
 * The inputs of a plan card as flat keys: which input ids a template's card has, in order, how
 * each is read and how long it may be. Drafted values, the parsing of a submitted card and the
 * fixtures all go by these keys.
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
      return slots(spec.slots).flatMap((i) => [
        { key: `goal${i}`, type: 'text' as const, max: L.goal },
        { key: `goal${i}Signs`, type: 'multiline' as const, max: L.signsText },
      ]);
    case 'evalGoals':
      return slots(spec.slots).flatMap((i) => [
        { key: `goal${i}`, type: 'text' as const, max: L.goal },
        { key: `goal${i}Signs`, type: 'multiline' as const, max: L.signsText },
        { key: `goal${i}Result`, type: 'choice' as const, max: 64, values: GOAL_RESULTS },
        { key: `goal${i}Observed`, type: 'multiline' as const, max: L.text },
      ]);
    case 'actions':
      return slots(spec.slots).flatMap((i) => [
        { key: `action${i}`, type: 'text' as const, max: L.line },
        { key: `action${i}Responsible`, type: 'text' as const, max: L.short },
      ]);
    case 'tasks':
      return slots(spec.slots).flatMap((i) => [
        { key: `task${i}`, type: 'text' as const, max: L.line },
        { key: `task${i}Responsible`, type: 'text' as const, max: L.short },
      ]);
    case 'dataRows':
      return slots(spec.slots).flatMap((i) => [
        { key: `data${i}`, type: 'text' as const, max: L.line },
        { key: `data${i}Responsible`, type: 'text' as const, max: L.short },
        { key: `data${i}Deadline`, type: 'date' as const, max: 10 },
      ]);
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
