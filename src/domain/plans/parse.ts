/**
 * Reading a submitted plan card back into content: every free text bounded and refused when it
 * holds a CPR-like number or a control character, the save rules with Danish messages next to the
 * field, and the notes (todos, not errors) the team sees after saving.
 *
 * Pure: "today" is passed in (a YYYY-MM-DD date in Europe/Copenhagen).
 */
import { findIdentifierTexts, maskIdentifiers } from '../identifiers.js';
import { CONTROL_CHARACTER_REFUSAL, hasControlCharacters, withoutControlCharacters } from '../free-text.js';
import { PREREQUISITES } from '../recommendation.js';
import { checklistKey, planCardFields, slotKey, slots } from './card-fields.js';
import {
  PLAN_SCHEMAS,
  isCalendarDate,
  type CheckItem,
  type DataRow,
  type EvalGoal,
  type PlanAction,
  type PlanContent,
  type PlanGoal,
  type PlanTask,
} from './content.js';
import { EVALUATION_MAX_DAYS, EVALUATION_MIN_DAYS, addMonths, daysBetween } from './dates.js';
import { PLAN_FORMS, type FieldSpec } from './forms.js';
import { GOAL_RESULTS, PLAN_LIMITS, type GoalResult, type PlanTemplateId } from './templates.js';
import { chars, isNotGathered } from './text.js';

const L = PLAN_LIMITS;

type Bag = Record<string, unknown>;

export interface PlanFieldError {
  /** The card input id the message belongs next to; null for the card as a whole. */
  field: string | null;
  message: string;
}

export type ParsePlanResult<T extends PlanTemplateId> =
  { ok: true; content: PlanContent<T>; notes: string[] } | { ok: false; errors: PlanFieldError[]; values: Record<string, string> };

export const MESSAGES = {
  /** Next to the field (short: a card may show it under many fields). */
  cpr: 'Et CPR-nummer, en e-mailadresse eller et telefonnummer er fjernet fra feltet. Brug initialer og klasse.',
  /** Once at the top of the card. */
  cprGeneral:
    'Et felt indeholdt noget, der ligner et CPR-nummer, en e-mailadresse eller et telefonnummer. Det er fjernet og gemmes ikke. Skriv aldrig den slags – omtal barnet med initialer og klasse (fx "A.B., 4.B").',
  tooLong: (max: number, n: number) => `Teksten er for lang: højst ${max} tegn (nu ${n}).`,
  tooManyLines: (max: number) => `Højst ${max} linjer – saml eller slet nogle.`,
  lineTooLong: (n: number, max: number) => `Linje ${n} er for lang: højst ${max} tegn pr. linje.`,
  date: 'Skriv datoen som ÅÅÅÅ-MM-DD.',
  choice: 'Vælg en af mulighederne.',
  noGoal: 'Skriv mindst ét mål.',
  goalMissing: 'Skriv målet – eller slet tegnene og resultatet.',
  noSign: 'Skriv mindst ét tegn på, at målet nås – ét tegn pr. linje.',
  tooManySigns: (max: number) => `Højst ${max} tegn pr. mål – vælg de tydeligste.`,
  resultMissing: 'Vurdér, om målet er nået, delvist nået eller ikke nået.',
  actionMissing: 'Skriv indsatsen – eller slet den ansvarlige.',
  responsibleMissing: 'Skriv, hvem der er ansvarlig.',
  taskMissing: 'Skriv opgaven – eller slet den ansvarlige.',
  dataMissing: 'Skriv datakilden – eller slet de andre felter i rækken.',
  noData: 'Skriv mindst én datakilde, I vil indsamle.',
  notFuture: 'Datoen skal ligge efter i dag.',
  inFuture: 'Datoen kan ikke ligge efter i dag.',
  revisitationTooLate: 'Revisitationen skal ligge inden for et år: tilbuddet gives for et år ad gangen.',
  prerequisiteUnmet: 'Forudsætningen skal være opfyldt, før barnet kan henvises til PKU.',
  evidenceMissing: 'Skriv, hvad der dokumenterer forudsætningen (fx dokument og dato).',
  adjustNote: 'Skriv, hvad I justerer i planen.',
} as const;

export const NOTES = {
  tooFewWeeks: 'Evalueringen ligger mindre end to uger ude. Giv indsatserne tid til at virke.',
  tooManyWeeks: 'Evalueringen ligger mere end 12 uger ude. Følg op tidligere, så planen kan justeres undervejs.',
  manyActions: (n: number) => `Hellere få indsatser end mange: planen har ${n}. Overvej at samle jer om de tre vigtigste.`,
  noActions: 'Planen har endnu ingen indsatser.',
  childNotGathered: 'Husk: barnets perspektiv er ikke indhentet endnu. Tal med barnet, og skriv barnets egne ord ind i planen.',
  parentsNotGathered: 'Husk: forældrenes perspektiv er ikke indhentet endnu. Tal med forældrene, og skriv deres perspektiv ind i planen.',
  /** The suspicion concerns the home (ladder rule 0): the plan must not send anyone to the parents. */
  parentsOnHold: 'Forældrenes perspektiv venter: inddrag ikke forældrene, før kommunen har vurderet underretningen.',
  noResources: 'Beskriv barnets ressourcer: det, barnet er god til og glad for.',
  noConditions: 'Beskriv de betingelser, barnet møder i læringsmiljøet.',
  meetingPast: 'Mødedatoen ligger før i dag.',
  deadlinePast: (n: number) => `Fristen for datakilde ${n} ligger før i dag.`,
  nothingObserved: (n: number) => `Skriv gerne, hvad tegnene viste for mål ${n}.`,
  continueWithoutReached: 'Ingen af målene er nået eller delvist nået. Overvej at justere planen eller tage næste skridt.',
  nextStepAllReached: 'Alle mål er nået, men I har valgt at tage næste skridt. Skriv gerne hvorfor i begrundelsen.',
  consentMissing: 'Et arbejdsmøde om et bestemt barn kan først holdes, når forældrene har givet samtykke.',
  ppvConsentMissing: 'Indstillingen kan først sendes, når forældrene har accepteret den (aftales typisk på et netværksmøde).',
} as const;

/**
 * Reads a submitted plan card: every free-text field bounded and refused when it holds a CPR-like
 * number or a control character, then the save rules. On errors, `values` is what the user sent
 * (for the card shown again), with every CPR-like number masked and control characters removed in
 * free-text fields: a CPR number is never echoed back.
 */
/**
 * `today` bounds the dates; `parentsOnHold` (the case's suspicion concerns the home, ladder rule 0)
 * turns the reminder to talk to the parents into one to wait for the municipality.
 */
export function parsePlanCard<T extends PlanTemplateId>(
  templateId: T,
  values: Record<string, unknown>,
  ctx: { today: string; parentsOnHold?: boolean },
): ParsePlanResult<T> {
  const errors: PlanFieldError[] = [];
  const notes: string[] = [];
  const echo: Record<string, string> = {};
  const error = (field: string | null, message: string) => {
    if (!errors.some((e) => e.field === field)) errors.push({ field, message });
  };
  const note = (message: string) => {
    if (!notes.includes(message)) notes.push(message);
  };

  const maxOf = new Map(planCardFields(templateId).map((f) => [f.key, f.max]));
  for (const { key } of planCardFields(templateId)) {
    const v = values[key];
    echo[key] = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  }

  /** A free text: control characters refused (removed from the echo), trimmed, CPR-checked (masked in the echo), bounded. */
  const text = (key: string): string => {
    let raw = echo[key] ?? '';
    if (hasControlCharacters(raw)) {
      raw = withoutControlCharacters(raw);
      echo[key] = raw;
      error(key, CONTROL_CHARACTER_REFUSAL);
    }
    if (findIdentifierTexts(raw).length > 0) {
      echo[key] = maskIdentifiers(raw);
      error(null, MESSAGES.cprGeneral);
      error(key, MESSAGES.cpr);
      return maskIdentifiers(raw).trim();
    }
    const s = raw.trim();
    const max = maxOf.get(key) ?? L.text;
    if (chars(s) > max) error(key, MESSAGES.tooLong(max, chars(s)));
    return s;
  };
  const lines = (key: string, maxLines: number, tooMany: string = MESSAGES.tooManyLines(maxLines)): string[] => {
    const items = text(key)
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (items.length > maxLines) error(key, tooMany);
    const long = items.findIndex((s) => chars(s) > L.line);
    if (long >= 0) error(key, MESSAGES.lineTooLong(long + 1, L.line));
    return items;
  };
  const date = (key: string): string | null => {
    const s = (echo[key] ?? '').trim();
    if (s === '') return null;
    if (!isCalendarDate(s)) {
      error(key, MESSAGES.date);
      return null;
    }
    return s;
  };
  const choice = (key: string, allowed: readonly string[]): string | null => {
    const s = (echo[key] ?? '').trim();
    if (s === '') return null;
    if (!allowed.includes(s)) {
      error(key, MESSAGES.choice);
      return null;
    }
    return s;
  };

  const content: Bag = {};
  for (const spec of PLAN_FORMS[templateId].sections.flatMap((s) => s.fields)) readField(spec);

  function readField(spec: FieldSpec): void {
    switch (spec.kind) {
      case 'text': {
        const s = text(spec.key);
        content[spec.key] = s;
        if (s === '' && spec.required) error(spec.key, spec.required);
        if (spec.perspective && isNotGathered(s)) {
          if (spec.perspective === 'child') note(NOTES.childNotGathered);
          else note(ctx.parentsOnHold ? NOTES.parentsOnHold : NOTES.parentsNotGathered);
        }
        return;
      }
      case 'lines': {
        const items = lines(spec.key, spec.maxLines);
        content[spec.key] = items;
        if (items.length === 0 && spec.required) error(spec.key, spec.required);
        return;
      }
      case 'date': {
        const d = date(spec.key);
        content[spec.key] = d;
        if (d === null) {
          if (spec.required) error(spec.key, spec.required);
          return;
        }
        const days = daysBetween(ctx.today, d);
        if (spec.role === 'evaluation' || spec.role === 'revisitation') {
          if (days <= 0) error(spec.key, MESSAGES.notFuture);
          else if (spec.role === 'revisitation' && d > addMonths(ctx.today, 12)) error(spec.key, MESSAGES.revisitationTooLate);
          else if (spec.role === 'evaluation' && days < EVALUATION_MIN_DAYS) note(NOTES.tooFewWeeks);
          else if (spec.role === 'evaluation' && days > EVALUATION_MAX_DAYS) note(NOTES.tooManyWeeks);
        } else if (spec.role === 'past') {
          if (days > 0) error(spec.key, MESSAGES.inFuture);
        } else if (days < 0) {
          note(NOTES.meetingPast);
        }
        return;
      }
      case 'choice': {
        const c = choice(
          spec.key,
          spec.options.map((o) => o.value),
        );
        content[spec.key] = c;
        if (c === null && spec.required) error(spec.key, spec.required);
        return;
      }
      case 'multi': {
        const allowed = spec.options.map((o) => o.value);
        const picked = [
          ...new Set(
            (echo[spec.key] ?? '')
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== ''),
          ),
        ];
        if (picked.some((p) => !allowed.includes(p))) error(spec.key, MESSAGES.choice);
        const kept = allowed.filter((a) => picked.includes(a));
        content[spec.key] = kept;
        if (kept.length === 0 && spec.required) error(spec.key, spec.required);
        return;
      }
      case 'goals': {
        const goals: PlanGoal[] = [];
        for (const i of slots(spec.slots)) {
          const goal = text(slotKey('goals', i));
          const signs = lines(slotKey('goals', i, 'Signs'), L.signs, MESSAGES.tooManySigns(L.signs));
          if (goal === '' && signs.length === 0) continue;
          if (goal === '') error(slotKey('goals', i), MESSAGES.goalMissing);
          if (signs.length === 0) error(slotKey('goals', i, 'Signs'), MESSAGES.noSign);
          goals.push({ goal, signs });
        }
        if (goals.length === 0) error(slotKey('goals', 1), MESSAGES.noGoal);
        content.goals = goals;
        return;
      }
      case 'evalGoals': {
        const goals: EvalGoal[] = [];
        for (const i of slots(spec.slots)) {
          const goal = text(slotKey('evalGoals', i));
          const signs = lines(slotKey('evalGoals', i, 'Signs'), L.signs, MESSAGES.tooManySigns(L.signs));
          const result = choice(slotKey('evalGoals', i, 'Result'), GOAL_RESULTS) as GoalResult | null;
          const observed = text(slotKey('evalGoals', i, 'Observed'));
          if (goal === '' && signs.length === 0 && (echo[slotKey('evalGoals', i, 'Result')] ?? '').trim() === '' && observed === '')
            continue;
          if (goal === '') error(slotKey('evalGoals', i), MESSAGES.goalMissing);
          if (result === null) error(slotKey('evalGoals', i, 'Result'), MESSAGES.resultMissing);
          if (observed === '') note(NOTES.nothingObserved(i));
          goals.push({ goal, signs, result, observed });
        }
        if (goals.length === 0) error(slotKey('evalGoals', 1), MESSAGES.noGoal);
        content.goals = goals;
        return;
      }
      case 'actions': {
        const actions: PlanAction[] = [];
        for (const i of slots(spec.slots)) {
          const title = text(slotKey('actions', i));
          const responsible = text(slotKey('actions', i, 'Responsible'));
          if (title === '' && responsible === '') continue;
          if (title === '') error(slotKey('actions', i), MESSAGES.actionMissing);
          if (responsible === '') error(slotKey('actions', i, 'Responsible'), MESSAGES.responsibleMissing);
          actions.push({ title, responsible });
        }
        if (actions.length > 3) note(NOTES.manyActions(actions.length));
        if (actions.length === 0) note(NOTES.noActions);
        content.actions = actions;
        return;
      }
      case 'tasks': {
        const tasks: PlanTask[] = [];
        for (const i of slots(spec.slots)) {
          const task = text(slotKey('tasks', i));
          const responsible = text(slotKey('tasks', i, 'Responsible'));
          if (task === '' && responsible === '') continue;
          if (task === '') error(slotKey('tasks', i), MESSAGES.taskMissing);
          if (responsible === '') error(slotKey('tasks', i, 'Responsible'), MESSAGES.responsibleMissing);
          tasks.push({ task, responsible });
        }
        content.tasks = tasks;
        return;
      }
      case 'dataRows': {
        const rows: DataRow[] = [];
        for (const i of slots(spec.slots)) {
          const source = text(slotKey('dataRows', i));
          const responsible = text(slotKey('dataRows', i, 'Responsible'));
          const deadline = date(slotKey('dataRows', i, 'Deadline'));
          if (source === '' && responsible === '' && deadline === null && (echo[slotKey('dataRows', i, 'Deadline')] ?? '').trim() === '')
            continue;
          if (source === '') error(slotKey('dataRows', i), MESSAGES.dataMissing);
          if (responsible === '') error(slotKey('dataRows', i, 'Responsible'), MESSAGES.responsibleMissing);
          if (deadline !== null && daysBetween(ctx.today, deadline) < 0) note(NOTES.deadlinePast(i));
          rows.push({ source, responsible, deadline });
        }
        if (rows.length === 0) error(slotKey('dataRows', 1), MESSAGES.noData);
        content.dataRows = rows;
        return;
      }
      case 'checklist': {
        content.checklist = PREREQUISITES.map((id): CheckItem => {
          const key = checklistKey(id);
          const met = (echo[key] ?? '').trim() === 'true';
          const evidence = text(`${key}Evidence`);
          if (!met) error(key, MESSAGES.prerequisiteUnmet);
          else if (evidence === '') error(`${key}Evidence`, MESSAGES.evidenceMissing);
          return { id, met, evidence };
        });
        return;
      }
    }
  }

  templateRules(templateId, content, error, note);

  if (errors.length > 0) return { ok: false, errors, values: echo };
  const parsed = PLAN_SCHEMAS[templateId].safeParse(content);
  if (!parsed.success) {
    // The checks above mirror the schema; this is the safety net, never a way to let bad content in.
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => ({
        field: null,
        message: `${issue.path.map(String).join('.') || 'Planen'}: ${issue.message}`,
      })),
      values: echo,
    };
  }
  return { ok: true, content: parsed.data as PlanContent<T>, notes };
}

function templateRules(
  templateId: PlanTemplateId,
  content: Bag,
  error: (field: string | null, message: string) => void,
  note: (message: string) => void,
): void {
  switch (templateId) {
    case 'plan-barn':
      if (content.resources === '') note(NOTES.noResources);
      if (content.conditions === '') note(NOTES.noConditions);
      return;
    case 'evaluering': {
      const goals = content.goals as EvalGoal[];
      const results = goals.map((g) => g.result).filter((r): r is GoalResult => r !== null);
      if (content.decision === 'juster' && content.decisionNote === '') error('decisionNote', MESSAGES.adjustNote);
      if (content.decision === 'fortsaet' && results.length > 0 && results.every((r) => r === 'ikke-naaet'))
        note(NOTES.continueWithoutReached);
      if (content.decision === 'naeste-skridt' && results.length > 0 && results.every((r) => r === 'naaet')) note(NOTES.nextStepAllReached);
      return;
    }
    case 'dagsorden-arbejdsmoede':
      if (content.consent === 'mangler') note(NOTES.consentMissing);
      return;
    case 'indstilling-ppv':
      if (content.parentsAgreement === 'mangler') note(NOTES.ppvConsentMissing);
      return;
    default:
      return;
  }
}
