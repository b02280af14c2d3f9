/**
 * Plans (docs/skabeloner.md).
 *
 * One view model per plan template, all built by `planViewModelSchema`. The caller passes the flat
 * card values (`planToCardValues(content)` for a saved version, or what the user sent back with
 * `parsePlanCard`'s errors); the transform normalises them for the template: every input's value
 * (`v`), the error under each input (`err`), which slots of a list are shown (`show`: the filled
 * ones and one spare), and the read-only texts (`ro`) for an earlier version.
 */
import { z } from '../../domain/zod.js';
import { LEVELS, type Level } from '../../domain/recommendation.js';
import {
  GOAL_RESULT_LABELS, PLAN_FORMS, SLOT_LISTS, isCalendarDate, planCardFields, slots, type PlanTemplateId, type SlotKind,
} from '../../domain/plans/index.js';
import { CaseRefSchema, LIMITS } from '../common.js';
import { clip, danishIsoDate, keepKnownValues } from '../format.js';

/**
 * The slot lists of a template's form (goals, actions, tasks, data rows: the domain's SLOT_LISTS) as
 * the card shows them: the row prefix, the form's number of slots, and whether an empty spare row is
 * shown while editing. An evaluation's goals come from the plan: no spare slot once there are some.
 */
function slotGroups(templateId: PlanTemplateId): { prefix: string; count: number; spare: boolean }[] {
  const groups: { prefix: string; count: number; spare: boolean }[] = [];
  for (const f of PLAN_FORMS[templateId].sections.flatMap((s) => s.fields)) {
    if ('slots' in f && Object.hasOwn(SLOT_LISTS, f.kind)) {
      groups.push({ prefix: SLOT_LISTS[f.kind as SlotKind].prefix, count: f.slots, spare: f.kind !== 'evalGoals' });
    }
  }
  return groups;
}

export const PLAN_HEADER_STYLES: Record<Level, 'good' | 'warning' | 'attention'> = {
  forebyggende: 'good',
  foregribende: 'warning',
  indgribende: 'attention',
};

const PlanFieldErrorSchema = z.strictObject({ field: z.string().max(64).nullable(), message: z.string() });

/** Bounds that keep a full plan card with an error under every input under 28 KB. */
export const PLAN_CARD_LIMITS = {
  /** A message under an input (the domain's longest is about 105 characters). */
  fieldError: 120,
  /** Notes shown at the top, and the length of each. */
  notes: 8,
  note: 200,
} as const;

const planNotes = z
  .array(z.string())
  .transform((xs) => xs.map((x) => x.trim()).filter((x) => x !== '').map((x) => clip(x, PLAN_CARD_LIMITS.note)).slice(0, PLAN_CARD_LIMITS.notes));

function optionTitles(templateId: PlanTemplateId): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const field of PLAN_FORMS[templateId].sections.flatMap((s) => s.fields)) {
    if (field.kind === 'choice' || field.kind === 'multi') out.set(field.key, new Map(field.options.map((o) => [o.value, o.title])));
    if (field.kind === 'evalGoals') {
      for (const i of slots(field.slots)) out.set(`goal${i}Result`, new Map(Object.entries(GOAL_RESULT_LABELS)));
    }
  }
  return out;
}

export function planViewModelSchema(templateId: PlanTemplateId) {
  const fields = planCardFields(templateId);
  const keys = new Set(fields.map((f) => f.key));
  const titles = optionTitles(templateId);
  const groups = slotGroups(templateId);
  const spec = PLAN_FORMS[templateId];

  return CaseRefSchema.extend({
    planId: z.string().min(1).max(64),
    /** The template's title (the playbook's). */
    title: z.string().trim().min(1).max(120),
    /** Initials and class, e.g. "A.B., 4.B"; null when the case has none. */
    pseudonym: z.string().trim().min(1).max(60).nullable(),
    level: z.enum(LEVELS),
    levelTitle: z.string().trim().min(1).max(60),
    /** The saved version shown; null for a draft that has not been saved. */
    version: z.number().int().positive().nullable(),
    /** A Danish date (and time), e.g. "3. marts 2025 kl. 14.05". */
    savedAt: z.string().trim().min(1).max(60).nullable(),
    savedBy: z.string().trim().min(1).max(80).nullable(),
    /** An earlier version: shown without inputs and without "Gem". */
    readOnly: z.boolean().default(false),
    /** The flat card values (planToCardValues, or the user's values after a validation error). Unknown keys are dropped. */
    values: z.record(z.string(), z.string()),
    errors: z.array(PlanFieldErrorSchema).max(80).default([]),
    notes: planNotes.default([]),
  }).transform((vm) => {
    const v: Record<string, string> = {};
    const ro: Record<string, string> = {};
    for (const field of fields) {
      const raw = vm.values[field.key] ?? '';
      let value: string;
      switch (field.type) {
        case 'date':
          value = isCalendarDate(raw.trim()) ? raw.trim() : '';
          ro[field.key] = value ? danishIsoDate(value) : '—';
          break;
        case 'choice':
        case 'multi': {
          const known = titles.get(field.key) ?? new Map(((field.values ?? []) as string[]).map((x) => [x, x]));
          const choices = [...known.keys()].map((x) => ({ title: x, value: x }));
          value = keepKnownValues(raw, choices, field.type === 'choice');
          ro[field.key] = value ? value.split(',').map((x) => known.get(x) ?? x).join(', ') : '—';
          break;
        }
        case 'toggle':
          value = raw.trim() === 'true' ? 'true' : 'false';
          ro[field.key] = value === 'true' ? '☑' : '☐';
          break;
        case 'multiline':
          value = clip(raw, field.max);
          ro[field.key] = value.trim() ? value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).join('\n') : '—';
          break;
        case 'text':
          value = clip(raw, field.max);
          ro[field.key] = value.trim() || '—';
          break;
      }
      v[field.key] = value;
    }
    const err: Record<string, string> = Object.fromEntries(fields.map((f) => [f.key, '']));
    const generalErrors: string[] = [];
    for (const e of vm.errors) {
      const message = e.message.trim();
      if (message === '') continue;
      if (e.field !== null && keys.has(e.field)) {
        const m = clip(message, PLAN_CARD_LIMITS.fieldError);
        if (!err[e.field]) err[e.field] = m;
      } else if (generalErrors.length < LIMITS.list) generalErrors.push(clip(message, LIMITS.item));
    }
    const show: Record<string, boolean> = {};
    for (const { prefix, count, spare } of groups) {
      const filled = (i: number) =>
        fields.some((f) => new RegExp(`^${prefix}${i}(?![0-9])`).test(f.key) && ((vm.values[f.key] ?? '').trim() !== '' || err[f.key] !== ''));
      const last = Math.max(0, ...slots(count).filter(filled));
      for (const i of slots(count)) show[`${prefix}${i}`] = vm.readOnly ? i <= last && filled(i) : i <= Math.max(1, spare ? last + 1 : last);
    }
    const saved = vm.version === null
      ? 'Udkast – ikke gemt endnu'
      : `Version ${vm.version}${vm.savedAt ? `, gemt ${vm.savedAt}` : ''}${vm.savedBy ? ` af ${vm.savedBy}` : ''}`;
    return {
      ...vm,
      v,
      ro,
      err,
      show,
      generalErrors,
      hasErrors: vm.errors.length > 0,
      headerStyle: PLAN_HEADER_STYLES[vm.level],
      subtitle: `${vm.pseudonym ?? 'Uden pseudonym'} · ${saved}`,
      canSave: !vm.readOnly,
      canEvaluate: spec.evaluate && vm.version !== null,
      canExport: vm.version !== null,
    };
  });
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
