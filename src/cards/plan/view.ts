/**
 * A plan card: the view builder writes its text (the case heading, the subtitle with where the plan
 * stands, the read-only texts, the errors under the inputs, what a Gem did: said at the bottom, by
 * the button the user pressed) and normalises the flat card values for the inputs; it decides which
 * parts are open (a folding section, or an evaluated goal's goal and signs, opens when it needs the user) and which list slots show; the
 * schema (schema.ts) only bounds and checks the result.
 */
import { PLAN_FORMS, isCalendarDate, planCardFields, planCardFolds, slots, type PlanTemplateId } from '../../domain/plans/index.js';
import type { Playbook } from '../../domain/playbook.js';
import type { Level } from '../../domain/recommendation.js';
import { renderCard } from '../render.js';
import type { PlanViewModel } from '../registry.js';
import { LIMITS, caseHeading, type Card } from '../common.js';
import { clip, danishDateTime, danishIsoDate, fit, fitOrNull, keepKnownValues } from '../format.js';
import { PLAN_CARD_LIMITS, PLAN_HEADER_STYLES, knownChoices, planChoiceTitles, planSlotGroups } from './schema.js';

/** What a plan card shows about where it stands. */
export interface PlanCardInfo {
  caseId: string;
  planId: string;
  templateId: PlanTemplateId;
  /** The plan version the card was drawn at (0 for a draft): a stale card is recognised by it. */
  seq: number;
  pseudonym: string | null;
  level: Level;
  version: number | null;
  savedAt: Date | null;
  values: Record<string, string>;
  errors?: { field: string | null; message: string }[];
  notes?: string[];
  readOnly?: boolean;
  /** Read-only view of the current version (Åbn): offers "Ny version" instead of the inputs. */
  revisable?: boolean;
  /** The case is closed (Afslut sag): the plan can only be read and exported. */
  closed?: boolean;
  /** The card answers a Gem that saved this version: "Gemt – version N" by the button. */
  savedNow?: boolean;
  /** The next template the step calls for that has no plan yet: "Næste udkast: <title>". */
  next?: { id: PlanTemplateId; title: string } | null;
}

/** What `planViewModel` draws a plan card from: the plan's facts as text, its flat card values, and what a save said. */
export interface PlanViewInput {
  templateId: PlanTemplateId;
  caseId: string;
  seq: number;
  planId: string;
  /** The template's title (the playbook's). */
  title: string;
  /** Initials and class, e.g. "A.B., 4.B"; null when the case has none. */
  pseudonym: string | null;
  level: Level;
  levelTitle: string;
  /** The saved version shown; null for a draft that has not been saved. */
  version: number | null;
  /** A Danish date (and time), e.g. "3. marts 2025 kl. 14.05". */
  savedAt: string | null;
  savedBy: string | null;
  /** An earlier version, or the current one opened to read: shown without inputs and without "Gem". */
  readOnly: boolean;
  /** Read-only and the current version: "Ny version" opens it for editing. */
  revisable?: boolean;
  /** The case is closed: read-only, no "Ny version", no "Evaluér" (the bot refuses them anyway). */
  closed?: boolean;
  /** The card answers the Gem that saved `version`. */
  savedNow?: boolean;
  /** The next draft the step calls for, offered as a button. */
  next?: { id: PlanTemplateId; title: string } | null;
  /** The flat card values (planToCardValues, or the user's values after a validation error). Unknown keys are dropped. */
  values: Record<string, string>;
  errors: { field: string | null; message: string }[];
  notes: string[];
}

/**
 * The view model a plan template binds: every input's value normalised (`v`: a broken date or an
 * unknown choice left empty, text cut at its bound), the error under each input (`err`, the first
 * for a field; those of no input at the top), which slots of a list are shown (`show`: the filled
 * ones (at least one) while editing, the rest behind "Flere …"; only the filled ones read-only), and the read-only
 * texts (`ro`) of an earlier version.
 */
export function planViewModel(input: PlanViewInput): PlanViewModel {
  const { templateId } = input;
  const fields = planCardFields(templateId);
  const keys = new Set(fields.map((f) => f.key));
  const titles = planChoiceTitles(templateId);
  const v: Record<string, string> = {};
  const ro: Record<string, string> = {};
  for (const field of fields) {
    const raw = input.values[field.key] ?? '';
    let value: string;
    switch (field.type) {
      case 'date':
        value = isCalendarDate(raw.trim()) ? raw.trim() : '';
        ro[field.key] = value ? danishIsoDate(value) : '—';
        break;
      case 'choice':
      case 'multi': {
        const known = knownChoices(field, titles);
        const choices = [...known.keys()].map((x) => ({ title: x, value: x }));
        value = keepKnownValues(raw, choices, field.type === 'choice');
        ro[field.key] = value
          ? value
              .split(',')
              .map((x) => known.get(x) ?? x)
              .join(', ')
          : '—';
        break;
      }
      case 'toggle':
        value = raw.trim() === 'true' ? 'true' : 'false';
        ro[field.key] = value === 'true' ? '☑' : '☐';
        break;
      case 'multiline':
        value = clip(raw, field.max);
        ro[field.key] = value.trim()
          ? value
              .split(/\r?\n/)
              .map((l) => l.trim())
              .filter(Boolean)
              .join('\n')
          : '—';
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
  for (const e of input.errors) {
    const message = e.message.trim();
    if (message === '') continue;
    if (e.field !== null && keys.has(e.field)) {
      const m = clip(message, PLAN_CARD_LIMITS.fieldError);
      if (!err[e.field]) err[e.field] = m;
    } else if (generalErrors.length < LIMITS.list) generalErrors.push(clip(message, LIMITS.item));
  }
  const show: Record<string, boolean> = {};
  for (const { prefix, count } of planSlotGroups(templateId)) {
    const filled = (i: number) =>
      fields.some(
        (f) => new RegExp(`^${prefix}${i}(?![0-9])`).test(f.key) && ((input.values[f.key] ?? '').trim() !== '' || err[f.key] !== ''),
      );
    const last = Math.max(0, ...slots(count).filter(filled));
    // While editing, every slot is on the card (the hint's count is the fields' count); the filled
    // ones (at least one) show, the rest wait behind "Flere …" (not an evaluation's: its goals are the plan's).
    for (const i of slots(count)) show[`${prefix}${i}`] = input.readOnly ? i <= last && filled(i) : i <= Math.max(1, last);
  }
  // A folding part (a section, an evaluated goal's goal and signs) is open while editing when it
  // needs the user: an error under one of its inputs, or a required input left empty (hidden, it
  // would stop Gem without a word).
  const open: Record<string, boolean> = {};
  for (const fold of planCardFolds(templateId)) {
    open[fold.key] = !input.readOnly && (fold.keys.some((k) => err[k] !== '') || fold.required.some((k) => (v[k] ?? '').trim() === ''));
  }
  const savedAt = fitOrNull(input.savedAt, 60);
  const savedBy = fitOrNull(input.savedBy, 80);
  const saved =
    input.version === null
      ? 'Udkast – ikke gemt endnu'
      : `Version ${input.version}${savedAt ? `, gemt ${savedAt}` : ''}${savedBy ? ` af ${savedBy}` : ''}`;
  const closed = input.closed === true;
  const revisable = input.readOnly && input.revisable === true && input.version !== null && !closed;
  const next = input.readOnly ? null : (input.next ?? null);
  return {
    caseId: input.caseId,
    seq: input.seq,
    planId: input.planId,
    caseHeading: caseHeading(fitOrNull(input.pseudonym, 60)),
    title: fit(input.title, 120),
    levelTitle: fit(input.levelTitle, 60),
    headerStyle: PLAN_HEADER_STYLES[input.level],
    subtitle: saved,
    readOnly: input.readOnly,
    readOnlyNote: closed
      ? 'Sagen er afsluttet: planen kan kun læses og eksporteres.'
      : revisable
        ? 'Tryk Ny version for at rette planen. Den gemte version bliver stående.'
        : 'Du ser en tidligere version. Den kan ikke redigeres her.',
    status: input.savedNow && input.version !== null && input.errors.length === 0 ? `Gemt – version ${input.version}.` : '',
    v,
    ro,
    err,
    show,
    open,
    hasErrors: input.errors.length > 0,
    generalErrors,
    notes: input.notes
      .map((x) => x.trim())
      .filter((x) => x !== '')
      .map((x) => clip(x, PLAN_CARD_LIMITS.note))
      .slice(0, PLAN_CARD_LIMITS.notes),
    canSave: !input.readOnly,
    canRevise: revisable,
    canExport: input.version !== null,
    nextTemplateId: next?.id ?? '',
    nextLabel: next ? fit(`Næste udkast: ${next.title}`, 120) : '',
    // Only a template whose plan is evaluated binds it ("Evaluér").
    canEvaluate: PLAN_FORMS[templateId].evaluate ? input.version !== null && !closed : undefined,
  };
}

export function planCard(info: PlanCardInfo, playbook: Playbook): Card {
  return renderCard(
    info.templateId,
    planViewModel({
      templateId: info.templateId,
      caseId: info.caseId,
      seq: info.seq,
      planId: info.planId,
      title: playbook.templates[info.templateId].title,
      pseudonym: info.pseudonym,
      level: info.level,
      levelTitle: playbook.levels[info.level].title,
      version: info.version,
      savedAt: info.savedAt ? danishDateTime(info.savedAt) : null,
      savedBy: null,
      readOnly: (info.readOnly ?? false) || info.closed === true,
      revisable: info.revisable ?? false,
      closed: info.closed ?? false,
      savedNow: info.savedNow ?? false,
      next: info.next ?? null,
      values: info.values,
      errors: info.errors ?? [],
      notes: info.notes ?? [],
    }),
  );
}
