/**
 * Plans (shared/domain/ladder.md §7): drafting a template's content from the intake and the
 * playbook, the mapping between content and the flat values of its Adaptive Card, the validation
 * of what a user saves (Danish messages next to the field), the evaluation's decision fed back into
 * the intake, and the export as Markdown for the school's case file.
 *
 * Pure: "today" is passed in (a YYYY-MM-DD date in Europe/Copenhagen), nothing is read or stored.
 */
import { findCprNumbers, maskCpr } from './cpr.js';
import { CONTROL_CHARACTER_REFUSAL, hasControlCharacters, withoutControlCharacters } from './free-text.js';
import { childHeardInData, type Adviser, type Area, type Effect, type Intake } from './intake.js';
import { next, prerequisitesMet } from './ladder.js';
import type { Playbook, PedagogicalAction } from './playbook.js';
import { AREA_LABELS, SCOPE_LABELS } from './questions.js';
import { PREREQUISITES, type Level, type PrerequisiteId } from './recommendation.js';
import {
  GOAL_RESULTS, GOAL_RESULT_LABELS, NOT_GATHERED, PLAN_FORMS, PLAN_LIMITS, PLAN_SCHEMAS, PLAN_TITLES, PREREQUISITE_LABELS,
  checklistKey, isCalendarDate, planCardFields, planCardKeys, slots,
  type CheckItem, type DataRow, type EvalGoal, type FieldSpec, type GoalPlanTemplateId, type GoalResult,
  type PlanAction, type PlanContent, type PlanGoal, type PlanTask, type PlanTemplateId,
} from './plan-forms.js';

import { addCalendarDays, addCalendarMonths } from './calendar.js';
export * from './plan-forms.js';

const L = PLAN_LIMITS;

// Dates ------------------------------------------------------------------------------------------

const MS_PER_DAY = 86_400_000;
const toUtc = (iso: string) => {
  if (!isCalendarDate(iso)) throw new Error(`Not a YYYY-MM-DD date: ${JSON.stringify(iso)}`);
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
};

/** Calendar arithmetic lives in calendar.ts; plans use the same functions under their own names. */
export const addDays: (iso: string, days: number) => string = addCalendarDays;
/** Adds calendar months; the day is kept, or the month's last day when it has fewer days. */
export const addMonths: (iso: string, months: number) => string = addCalendarMonths;

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / MS_PER_DAY);
}

const MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];

/** "2025-03-03" → "3. marts 2025"; a Date is taken in Europe/Copenhagen. */
export function danishDate(date: string | Date): string {
  let iso: string;
  if (typeof date === 'string') {
    iso = date.slice(0, 10);
  } else {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
    iso = parts.slice(0, 10);
  }
  if (!isCalendarDate(iso)) return String(date);
  return `${Number(iso.slice(8, 10))}. ${MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

/** Weeks from today to the evaluation: at least this many, or a note. */
export const EVALUATION_MIN_DAYS = 14;
/** Weeks from today to the evaluation: at most this many, or a note. */
export const EVALUATION_MAX_DAYS = 84;
export const EVALUATION_DEFAULT_DAYS = 42;
export const REVISITATION_MONTHS = 11;

// Texts ------------------------------------------------------------------------------------------

const chars = (s: string) => Array.from(s).length;

function clipText(text: string, max: number): string {
  const cs = Array.from(text);
  return cs.length <= max ? text : `${cs.slice(0, max - 1).join('').trimEnd()}…`;
}

/** At most `max` lines of at most `L.line` characters; the rest joined into the last line. */
function fitLines(items: readonly string[], max: number = L.lines): string[] {
  const clean = items.map((s) => s.trim()).filter((s) => s !== '');
  const kept = clean.length <= max ? clean : [...clean.slice(0, max - 1), `Desuden: ${clean.slice(max - 1).join(', ')}`];
  const out: string[] = [];
  let total = 0;
  for (const item of kept.map((s) => clipText(s, L.line))) {
    if (total + chars(item) + 1 > L.text) break;
    out.push(item);
    total += chars(item) + 1;
  }
  return out;
}

const lower = (s: string) => (s ? s.charAt(0).toLowerCase() + s.slice(1) : s);
const listText = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} og ${items[items.length - 1]}`;

/** Whether a perspective field says that the perspective has not been gathered. */
export function isNotGathered(text: string): boolean {
  return text.trim().replace(/[.!]+$/, '').toLowerCase() === NOT_GATHERED;
}

// Drafting ---------------------------------------------------------------------------------------

export interface DraftContext {
  /** The case's pseudonym (initials and class, e.g. "A.B., 4.B"), or null. */
  pseudonym: string | null;
  /** The proposed tovholder: the teacher who drafts. */
  tovholder: string;
  /** Today, YYYY-MM-DD in Europe/Copenhagen. */
  today: string;
  /** For `evaluering`: the plan to evaluate (one row per goal). */
  basePlan?: PlanContent<GoalPlanTemplateId>;
  /** For `evaluering`: how that plan is named, e.g. "Mål- og indsatsplan for barnet, version 2". */
  basePlanTitle?: string;
}

/** At most this many suggested actions: "hellere få indsatser end mange" (seed 001). */
export const MAX_SUGGESTIONS = 3;

/**
 * The playbook's pedagogical actions that fit the concern's areas, not already tried: the closest
 * fit first, then in catalogue order; at most `max`.
 */
export function suggestActions(intake: Intake, playbook: Playbook, max: number = MAX_SUGGESTIONS): PedagogicalAction[] {
  const areas = new Set<Area>(intake.areas ?? []);
  const tried = new Set(intake.tried ?? []);
  if (areas.size === 0) return [];
  // Closest fit first: the share of areas the action and the concern have in common (Jaccard), so
  // a broad action (e.g. a mellemform, fitting five areas) does not crowd out the focused ones.
  return playbook.actions
    .map((action, index) => {
      const hits = action.areas.filter((a) => areas.has(a)).length;
      return { action, index, hits, fit: hits / (action.areas.length + areas.size - hits) };
    })
    .filter(({ action, hits }) => hits > 0 && !tried.has(action.id))
    .sort((a, b) => b.fit - a.fit || b.hits - a.hits || a.index - b.index)
    .slice(0, max)
    .map(({ action }) => action);
}

/** A proposed goal with signs for each area, for a community and for a child. Editable in the card. */
const GOAL_SUGGESTIONS: Record<'faellesskab' | 'barn', Record<Area, PlanGoal>> = {
  faellesskab: {
    faglig: { goal: 'Alle elever deltager aktivt i den faglige undervisning', signs: ['Eleverne går i gang med opgaverne inden for de første fem minutter', 'Flere elever når lektionens mål, fx vist med exit-sedler'] },
    trivsel: { goal: 'Eleverne oplever at høre til i klassefællesskabet', signs: ['Flere elever svarer positivt på trivselsspørgsmålene i næste måling', 'Ingen elever er alene i frikvartererne'] },
    socialt: { goal: 'Eleverne samarbejder godt på tværs af de faste grupper', signs: ['Eleverne kan arbejde sammen i nye grupper', 'Færre konflikter noteret i klasseloggen'] },
    adfaerd: { goal: 'Der er ro og struktur i undervisningen, så alle kan deltage', signs: ['Lektionerne starter roligt efter en fast rutine', 'Færre afbrydelser noteret i klasseloggen'] },
    fravaer: { goal: 'Eleverne kommer i skole og møder til tiden', signs: ['Fraværet i klassen falder', 'Eleverne møder til tiden om morgenen'] },
    familie: { goal: 'Forældrene er aktive samarbejdspartnere om klassens trivsel og læring', signs: ['Forældrene deltager i de aftalte møder', 'Der er løbende dialog med forældrene via Aula'] },
    overgang: { goal: 'Eleverne oplever en tryg og forudsigelig overgang', signs: ['Eleverne ved, hvad der skal ske, og hvem de voksne er', 'Eleverne deltager i undervisningen fra første dag'] },
  },
  barn: {
    faglig: { goal: 'Barnet deltager aktivt i den faglige undervisning sammen med klassen', signs: ['Barnet går i gang med opgaverne med den aftalte støtte', 'Barnet når flere af lektionernes mål'] },
    trivsel: { goal: 'Barnet oplever at høre til i klassefællesskabet', signs: ['Barnet fortæller ved elevsamtalen, at det har det godt i klassen', 'Barnet er sammen med andre i frikvartererne'] },
    socialt: { goal: 'Barnet indgår i gode relationer med klassekammeraterne', signs: ['Barnet samarbejder med andre i gruppearbejde', 'Barnet har mindst én fast legekammerat'] },
    adfaerd: { goal: 'Barnet kan regulere sig selv og deltage i fællesskabet', signs: ['Barnet bruger de aftalte strategier, fx en pause, når det bliver uroligt', 'Færre konflikter noteret i klasseloggen'] },
    fravaer: { goal: 'Barnet kommer i skole hver dag', signs: ['Barnets fravær falder', 'Barnet møder til tiden om morgenen'] },
    familie: { goal: 'Skole og hjem samarbejder om barnets trivsel og læring', signs: ['Forældrene deltager i de aftalte møder', 'Der er ugentlig kontakt mellem skole og hjem'] },
    overgang: { goal: 'Barnet oplever en tryg og forudsigelig overgang', signs: ['Barnet ved, hvad der skal ske, og hvem de voksne er', 'Barnet deltager i undervisningen fra første dag'] },
  },
};

/** Proposed goals: one per area of the concern, for its first two areas (fewer goals are easier to follow). */
export function suggestGoals(intake: Intake, max = 2): PlanGoal[] {
  const who = intake.scope === 'barn' ? 'barn' : 'faellesskab';
  return (intake.areas ?? []).slice(0, max).map((area) => {
    const g = GOAL_SUGGESTIONS[who][area];
    return { goal: g.goal, signs: [...g.signs] };
  });
}

/** Data sources that usually shed light on an area (catalogue ids of DATA_SOURCES). */
const DATA_FOR_AREA: Record<Area, Intake['data'] & {}> = {
  faglig: ['test', 'observationer'],
  trivsel: ['trivselsmaaling', 'elevsamtale'],
  socialt: ['klassetrivsel', 'observationer'],
  adfaerd: ['observationer', 'klasselog'],
  fravaer: ['klasselog', 'elevsamtale'],
  familie: ['elevsamtale'],
  overgang: ['elevsamtale', 'observationer'],
};

const dataTitles = (intake: Intake, playbook: Playbook) => (intake.data ?? []).map((id) => playbook.dataSources[id].title);
const triedTitles = (intake: Intake, playbook: Playbook) =>
  (intake.tried ?? []).map((id) => playbook.actions.find((a) => a.id === id)?.title ?? id);
const adviserTitles = (intake: Intake, playbook: Playbook) => (intake.advisers ?? []).map((id) => playbook.advisers[id].title);

function areasText(intake: Intake): string {
  return listText((intake.areas ?? []).map((a) => lower(AREA_LABELS[a])));
}

/** The concern in the teacher's words; without a description, what the intake says about it. */
function concernText(intake: Intake): string {
  if (intake.description) return clipText(intake.description, L.text);
  const parts: string[] = [];
  if (intake.scope) parts.push(`Bekymringen gælder ${lower(SCOPE_LABELS[intake.scope])}`);
  if (intake.areas?.length) parts.push(`${parts.length ? 'og handler om' : 'Bekymringen handler om'} ${areasText(intake)}`);
  return parts.length ? `${parts.join(' ')}.` : '';
}

function summaryText(intake: Intake, pseudonym: string | null): string {
  const who = pseudonym ?? (intake.scope === 'barn' ? 'Barnet' : 'Læringsfællesskabet');
  const areas = intake.areas?.length ? `Områder: ${areasText(intake)}.` : '';
  const named = pseudonym !== null && (intake.description ?? '').includes(pseudonym);
  return clipText([named ? '' : `${who}.`, intake.description ?? '', areas].filter(Boolean).join(' '), L.text);
}

const EFFECT_WORDS: Record<Effect, string> = {
  'ikke-endnu': 'ikke evalueret endnu',
  virker: 'virker',
  delvist: 'virker delvist',
  'virker-ikke': 'virker ikke',
};

const PLAN_SCOPE_WORDS = { faellesskab: 'læringsfællesskabet', barn: 'barnet', begge: 'læringsfællesskabet og for barnet' } as const;

/** What has been evaluated so far, one line each (for a referral, an agenda, an application). */
function evaluationLines(intake: Intake, playbook: Playbook): string[] {
  const out: string[] = [];
  if (intake.plan && intake.plan !== 'ingen') {
    out.push(`Mål- og indsatsplan for ${PLAN_SCOPE_WORDS[intake.plan]}: ${EFFECT_WORDS[intake.planEvaluated ?? 'ikke-endnu']}`);
  }
  if (intake.advisers?.length) {
    out.push(`Sparring fra ${listText(adviserTitles(intake, playbook))}: ${EFFECT_WORDS[intake.adviserEffect ?? 'ikke-endnu']}`);
  }
  return fitLines(out);
}

function enclosedLines(intake: Intake, playbook: Playbook): string[] {
  const out: string[] = [];
  if (intake.plan === 'faellesskab' || intake.plan === 'begge') out.push(PLAN_TITLES['plan-faellesskab']);
  if (intake.plan === 'barn' || intake.plan === 'begge') out.push(PLAN_TITLES['plan-barn']);
  if (intake.planEvaluated && intake.planEvaluated !== 'ikke-endnu') out.push(`${PLAN_TITLES.evaluering} (planen ${EFFECT_WORDS[intake.planEvaluated]})`);
  if (intake.advisers?.length) out.push(`Notater fra sparringen med ${listText(adviserTitles(intake, playbook))}`);
  return fitLines(out);
}

function evidenceFor(id: PrerequisiteId, intake: Intake, playbook: Playbook): string {
  switch (id) {
    case 'ppv-foreligger':
      return 'Der foreligger en PPV (vedlægges).';
    case 'forebyggende-afproevet':
      return clipText(`Mål- og indsatsplan for ${PLAN_SCOPE_WORDS[intake.plan === 'ingen' || !intake.plan ? 'faellesskab' : intake.plan]} er afprøvet og evalueret: ${EFFECT_WORDS[intake.planEvaluated ?? 'ikke-endnu']}.`, L.line);
    case 'foregribende-afproevet':
      return clipText(`Sparring fra ${listText(adviserTitles(intake, playbook))} er afprøvet og evalueret: ${EFFECT_WORDS[intake.adviserEffect ?? 'ikke-endnu']}.`, L.line);
    case 'plan-for-barnet':
      return 'Mål- og indsatsplanen for barnet foreligger (vedlægges).';
    case 'plan-for-faellesskabet':
      return 'Mål- og indsatsplanen for læringsfællesskabet foreligger (vedlægges).';
    case 'afgoerelse-vidtgaaende':
      return 'Skoleledelsens afgørelse efter partshøring (sagsfremstillingen vedlægges).';
    case 'distriktsraad-droeftet':
      return 'Sagen er drøftet i distriktsrådet.';
    case 'foraeldreaftale':
      return 'Forældrene har givet samtykke til henvisningen.';
    case 'psykolog-enig':
      return 'Den rådgivende psykolog er enig i henvisningen.';
  }
}

/** The level and step the ladder gives for an intake (a question still open counts as the current level: forebyggende). */
function levelAndStep(intake: Intake, playbook: Playbook): { level: Level; text: string } {
  const result = next(intake, playbook);
  if (result.kind !== 'recommendation') return { level: 'forebyggende', text: playbook.levels.forebyggende.title };
  const r = result.recommendation;
  return { level: r.level, text: clipText(`${r.levelTitle} – ${r.title}`, L.line) };
}

/** The child has been heard: asked directly, or in a pupil conversation or interview among the data. */
const childVoiceDraft = (intake: Intake) => (intake.childPerspective === true || childHeardInData(intake.data) ? '' : NOT_GATHERED);
const parentsVoiceDraft = (intake: Intake) => (intake.parents === undefined || intake.parents === 'ikke-inddraget' ? NOT_GATHERED : '');

/**
 * A draft of a template's content, prefilled from the intake and the playbook. Things only the
 * team can know (the child's own words, an evaluation's results) are left empty for the card.
 */
export function draftPlan<T extends PlanTemplateId>(templateId: T, intake: Intake, playbook: Playbook, ctx: DraftContext): PlanContent<T> {
  return PLAN_SCHEMAS[templateId].parse(draft(templateId, intake, playbook, ctx)) as PlanContent<T>;
}

function draft(templateId: PlanTemplateId, intake: Intake, playbook: Playbook, ctx: DraftContext): PlanContent {
  const tovholder = clipText(ctx.tovholder.trim(), L.short);
  const evaluationDate = addDays(ctx.today, EVALUATION_DEFAULT_DAYS);
  const follow = { tovholder, evaluationDate };
  const concern = concernText(intake);
  const dataBasis = fitLines(dataTitles(intake, playbook));
  const triedActions = fitLines(triedTitles(intake, playbook));
  const actions: PlanAction[] = suggestActions(intake, playbook).map((a) => ({ title: clipText(a.title, L.line), responsible: tovholder }));
  const goals = suggestGoals(intake);
  const meetingDate = addDays(ctx.today, 14);
  const subject = ctx.pseudonym ?? (intake.scope === 'barn' ? 'barnet' : 'læringsfællesskabet');

  switch (templateId) {
    case 'dataplan': {
      const have = new Set(intake.data ?? []);
      const wanted = [...new Set([
        'observationer' as const,
        ...(intake.scope === 'barn' ? (['elevsamtale'] as const) : []),
        ...(intake.areas ?? []).flatMap((a) => DATA_FOR_AREA[a]),
      ])].filter((id) => !have.has(id)).slice(0, 4);
      const dataRows: DataRow[] = wanted.map((id) => ({ source: playbook.dataSources[id].title, responsible: tovholder, deadline: addDays(ctx.today, 21) }));
      const purpose = intake.areas?.length
        ? `Et fælles billede af ${areasText(intake)}: hvornår og hvor viser udfordringerne sig, og hvad fungerer allerede?`
        : 'Et fælles billede af bekymringen: hvornår og hvor viser udfordringerne sig, og hvad fungerer allerede?';
      return { concern, dataRows, purpose, ...follow };
    }
    case 'dagsorden-teammoede': {
      const after = next({ ...intake, teamDiscussed: true }, playbook);
      const nextStep = after.kind === 'recommendation' ? after.recommendation.title : playbook.steps['udarbejd-plan'].title;
      return { meetingDate: addDays(ctx.today, 7), concern, dataBasis, triedActions, nextStep, tasks: [], ...follow };
    }
    case 'plan-faellesskab':
      return { concern, dataBasis, triedActions, goals: suggestGoals({ ...intake, scope: 'faellesskab' }), actions, ...follow };
    case 'plan-barn':
      return {
        concern, dataBasis, triedActions, resources: '', conditions: '',
        childVoice: childVoiceDraft(intake), parentsVoice: parentsVoiceDraft(intake),
        goals: suggestGoals({ ...intake, scope: 'barn' }), actions, ...follow,
      };
    case 'smtte': {
      const context = [concern, dataBasis.length ? `Data: ${dataBasis.join(', ')}.` : '', triedActions.length ? `Afprøvet: ${triedActions.join(', ')}.` : '']
        .filter(Boolean)
        .join('\n');
      return {
        context: clipText(context, L.text), goals, actions,
        evaluationPlan: `Teamet evaluerer på teammødet ${danishDate(evaluationDate)} ud fra tegnene ved hvert mål.`, ...follow,
      };
    }
    case 'evaluering': {
      const base = ctx.basePlan?.goals ?? [];
      const rows: EvalGoal[] = base.slice(0, L.goals).map((g) => ({ goal: g.goal, signs: [...g.signs], result: null, observed: '' }));
      return { planTitle: clipText(ctx.basePlanTitle?.trim() ?? '', L.line), goals: rows, decision: null, decisionNote: '', ...follow };
    }
    case 'sparringsanmodning': {
      const advisers = new Set<Adviser>(intake.advisers ?? []);
      const recipient: Adviser = advisers.size === 0 ? 'plc' : advisers.has('praksisvejleder') || advisers.has('raadgivende-team') ? 'raadgivende-team' : 'praksisvejleder';
      return {
        recipient,
        summary: summaryText(intake, ctx.pseudonym),
        levelText: levelAndStep(intake, playbook).text,
        triedActions, dataBasis,
        helpKinds: intake.plan && intake.plan !== 'ingen' ? ['observation', 'teammoede', 'kvalificering'] : ['observation', 'teammoede'],
        question: '',
        wishedTime: `Senest ${danishDate(addDays(ctx.today, 21))}`,
        ...follow,
      };
    }
    case 'dagsorden-arbejdsmoede':
      return {
        meetingDate,
        participants: fitLines(playbook.meetings.arbejdsmoede.participants),
        purpose: `Koordinere de fælles indsatser omkring ${subject}.`,
        consent: intake.scope === 'faellesskab' ? 'ikke-noedvendigt' : (intake.consents ?? []).includes('arbejdsmoede') ? 'givet' : 'mangler',
        concern, triedActions,
        agenda: [
          'Bekymringen og det, data viser',
          'Det, der er afprøvet, og hvad evalueringen viste',
          'Fælles indsatser: hvem gør hvad',
          'Aftaler om opfølgning og næste evaluering',
        ],
        tasks: [], ...follow,
      };
    case 'dagsorden-netvaerksmoede':
      return {
        meetingDate,
        participants: fitLines([...new Set([...playbook.meetings.netvaerksmoede.participants, ...adviserTitles(intake, playbook)])]),
        childVoice: childVoiceDraft(intake), parentsVoice: parentsVoiceDraft(intake),
        concern, triedActions,
        agreements: [
          ...(intake.ppv !== 'foreligger' && intake.ppv !== 'indstillet' ? (['ppv'] as const) : []),
          ...(intake.areas?.includes('familie') ? (['familieraadgivning'] as const) : []),
          ...(intake.districtCouncil !== true ? (['distriktsraad'] as const) : []),
        ],
        agreementsNote: '', tasks: [], ...follow,
      };
    case 'dagsorden-distriktsraad':
      return {
        meetingDate,
        summary: summaryText(intake, ctx.pseudonym),
        triedActions,
        evaluations: evaluationLines(intake, playbook),
        question: intake.scope === 'faellesskab'
          ? 'Hvilke nye tilgange kan styrke læringsfællesskabet, så alle elever får bedre deltagelsesmuligheder?'
          : 'Hvilke forebyggende eller foregribende indsatser kan styrke barnets deltagelsesmuligheder i læringsfællesskabet – i eller tæt på almenområdet?',
        ...follow,
      };
    case 'indstilling-ppv':
      return {
        reasons: concern, triedActions, enclosed: enclosedLines(intake, playbook),
        childVoice: childVoiceDraft(intake), parentsVoice: parentsVoiceDraft(intake),
        parentsAgreement: (intake.consents ?? []).includes('ppv') ? 'givet' : 'mangler', ...follow,
      };
    case 'henvisning-pku': {
      const met = prerequisitesMet(intake);
      const checklist: CheckItem[] = PREREQUISITES.map((id) => ({ id, met: met[id], evidence: met[id] ? evidenceFor(id, intake, playbook) : '' }));
      return {
        summary: summaryText(intake, ctx.pseudonym), checklist,
        goals: suggestGoals({ ...intake, scope: 'barn' }),
        tovholder, revisitationDate: addMonths(ctx.today, REVISITATION_MONTHS),
      };
    }
  }
}

// Content → card values --------------------------------------------------------------------------

type Bag = Record<string, unknown>;

/** The flat values of a template's card inputs (every key present; '' when empty). */
export function planToCardValues<T extends PlanTemplateId>(templateId: T, content: PlanContent<T>): Record<string, string> {
  const out: Record<string, string> = Object.fromEntries(planCardKeys(templateId).map((k) => [k, '']));
  const c = content as Bag;
  for (const field of PLAN_FORMS[templateId].sections.flatMap((s) => s.fields)) {
    switch (field.kind) {
      case 'text':
        out[field.key] = String(c[field.key] ?? '');
        break;
      case 'lines':
        out[field.key] = ((c[field.key] as string[] | undefined) ?? []).join('\n');
        break;
      case 'date':
      case 'choice':
        out[field.key] = (c[field.key] as string | null | undefined) ?? '';
        break;
      case 'multi':
        out[field.key] = ((c[field.key] as string[] | undefined) ?? []).join(',');
        break;
      case 'goals':
        (c.goals as PlanGoal[]).forEach((g, i) => {
          out[`goal${i + 1}`] = g.goal;
          out[`goal${i + 1}Signs`] = g.signs.join('\n');
        });
        break;
      case 'evalGoals':
        (c.goals as EvalGoal[]).forEach((g, i) => {
          out[`goal${i + 1}`] = g.goal;
          out[`goal${i + 1}Signs`] = g.signs.join('\n');
          out[`goal${i + 1}Result`] = g.result ?? '';
          out[`goal${i + 1}Observed`] = g.observed;
        });
        break;
      case 'actions':
        (c.actions as PlanAction[]).forEach((a, i) => {
          out[`action${i + 1}`] = a.title;
          out[`action${i + 1}Responsible`] = a.responsible;
        });
        break;
      case 'tasks':
        (c.tasks as PlanTask[]).forEach((t, i) => {
          out[`task${i + 1}`] = t.task;
          out[`task${i + 1}Responsible`] = t.responsible;
        });
        break;
      case 'dataRows':
        (c.dataRows as DataRow[]).forEach((d, i) => {
          out[`data${i + 1}`] = d.source;
          out[`data${i + 1}Responsible`] = d.responsible;
          out[`data${i + 1}Deadline`] = d.deadline ?? '';
        });
        break;
      case 'checklist':
        for (const item of c.checklist as CheckItem[]) {
          out[checklistKey(item.id)] = item.met ? 'true' : 'false';
          out[`${checklistKey(item.id)}Evidence`] = item.evidence;
        }
        break;
    }
  }
  return out;
}

// Card values → content (validation) -------------------------------------------------------------

export interface PlanFieldError {
  /** The card input id the message belongs next to; null for the card as a whole. */
  field: string | null;
  message: string;
}

export type ParsePlanResult<T extends PlanTemplateId> =
  | { ok: true; content: PlanContent<T>; notes: string[] }
  | { ok: false; errors: PlanFieldError[]; values: Record<string, string> };

export const MESSAGES = {
  /** Next to the field (short: a card may show it under many fields). */
  cpr: 'Et CPR-nummer er fjernet fra feltet. Brug initialer og klasse.',
  /** Once at the top of the card. */
  cprGeneral: 'Et felt indeholdt noget, der ligner et CPR-nummer. Nummeret er fjernet og gemmes ikke. Skriv aldrig CPR-numre – omtal barnet med initialer og klasse (fx "A.B., 4.B").',
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
export function parsePlanCard<T extends PlanTemplateId>(templateId: T, values: Record<string, unknown>, ctx: { today: string }): ParsePlanResult<T> {
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
    if (findCprNumbers(raw).length > 0) {
      echo[key] = maskCpr(raw);
      error(null, MESSAGES.cprGeneral);
      error(key, MESSAGES.cpr);
      return maskCpr(raw).trim();
    }
    const s = raw.trim();
    const max = maxOf.get(key) ?? L.text;
    if (chars(s) > max) error(key, MESSAGES.tooLong(max, chars(s)));
    return s;
  };
  const lines = (key: string, maxLines: number, tooMany: string = MESSAGES.tooManyLines(maxLines)): string[] => {
    const items = text(key).split(/\r?\n/).map((s) => s.trim()).filter((s) => s !== '');
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
        if (spec.perspective && isNotGathered(s)) note(spec.perspective === 'child' ? NOTES.childNotGathered : NOTES.parentsNotGathered);
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
        } else if (days < 0) {
          note(NOTES.meetingPast);
        }
        return;
      }
      case 'choice': {
        const c = choice(spec.key, spec.options.map((o) => o.value));
        content[spec.key] = c;
        if (c === null && spec.required) error(spec.key, spec.required);
        return;
      }
      case 'multi': {
        const allowed = spec.options.map((o) => o.value);
        const picked = [...new Set((echo[spec.key] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''))];
        if (picked.some((p) => !allowed.includes(p))) error(spec.key, MESSAGES.choice);
        const kept = allowed.filter((a) => picked.includes(a));
        content[spec.key] = kept;
        if (kept.length === 0 && spec.required) error(spec.key, spec.required);
        return;
      }
      case 'goals': {
        const goals: PlanGoal[] = [];
        for (const i of slots(spec.slots)) {
          const goal = text(`goal${i}`);
          const signs = lines(`goal${i}Signs`, L.signs, MESSAGES.tooManySigns(L.signs));
          if (goal === '' && signs.length === 0) continue;
          if (goal === '') error(`goal${i}`, MESSAGES.goalMissing);
          if (signs.length === 0) error(`goal${i}Signs`, MESSAGES.noSign);
          goals.push({ goal, signs });
        }
        if (goals.length === 0) error('goal1', MESSAGES.noGoal);
        content.goals = goals;
        return;
      }
      case 'evalGoals': {
        const goals: EvalGoal[] = [];
        for (const i of slots(spec.slots)) {
          const goal = text(`goal${i}`);
          const signs = lines(`goal${i}Signs`, L.signs, MESSAGES.tooManySigns(L.signs));
          const result = choice(`goal${i}Result`, GOAL_RESULTS) as GoalResult | null;
          const observed = text(`goal${i}Observed`);
          if (goal === '' && signs.length === 0 && (echo[`goal${i}Result`] ?? '').trim() === '' && observed === '') continue;
          if (goal === '') error(`goal${i}`, MESSAGES.goalMissing);
          if (result === null) error(`goal${i}Result`, MESSAGES.resultMissing);
          if (observed === '') note(NOTES.nothingObserved(i));
          goals.push({ goal, signs, result, observed });
        }
        if (goals.length === 0) error('goal1', MESSAGES.noGoal);
        content.goals = goals;
        return;
      }
      case 'actions': {
        const actions: PlanAction[] = [];
        for (const i of slots(spec.slots)) {
          const title = text(`action${i}`);
          const responsible = text(`action${i}Responsible`);
          if (title === '' && responsible === '') continue;
          if (title === '') error(`action${i}`, MESSAGES.actionMissing);
          if (responsible === '') error(`action${i}Responsible`, MESSAGES.responsibleMissing);
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
          const task = text(`task${i}`);
          const responsible = text(`task${i}Responsible`);
          if (task === '' && responsible === '') continue;
          if (task === '') error(`task${i}`, MESSAGES.taskMissing);
          if (responsible === '') error(`task${i}Responsible`, MESSAGES.responsibleMissing);
          tasks.push({ task, responsible });
        }
        content.tasks = tasks;
        return;
      }
      case 'dataRows': {
        const rows: DataRow[] = [];
        for (const i of slots(spec.slots)) {
          const source = text(`data${i}`);
          const responsible = text(`data${i}Responsible`);
          const deadline = date(`data${i}Deadline`);
          if (source === '' && responsible === '' && deadline === null && (echo[`data${i}Deadline`] ?? '').trim() === '') continue;
          if (source === '') error(`data${i}`, MESSAGES.dataMissing);
          if (responsible === '') error(`data${i}Responsible`, MESSAGES.responsibleMissing);
          if (deadline !== null && daysBetween(ctx.today, deadline) < 0) note(NOTES.deadlinePast(i));
          rows.push({ source, responsible, deadline });
        }
        if (rows.length === 0) error('data1', MESSAGES.noData);
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
      errors: parsed.error.issues.map((issue) => ({ field: null, message: `${issue.path.map(String).join('.') || 'Planen'}: ${issue.message}` })),
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
      if (content.decision === 'fortsaet' && results.length > 0 && results.every((r) => r === 'ikke-naaet')) note(NOTES.continueWithoutReached);
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

// The evaluation's decision → the intake ---------------------------------------------------------

/**
 * What a saved evaluation writes into the case's intake, so that the ladder (ladder.md §6) moves on:
 * `planEvaluated` for the team's own plan, `adviserEffect` once advisers are involved (rules 6b–6d
 * read that instead).
 *
 * The team's decision leads; the per-goal results refine it:
 * - no decision yet → `ikke-endnu` (rule 4 / 6b: follow up and evaluate).
 * - "fortsæt" → `virker`: the team judges the plan to work (rule 5 / 6c: fortsaet-plan).
 * - "justér" → `virker` too: adjusting is part of keeping the plan going ("evalueres og justeres
 *   løbende", seed 003), and rules 5 / 6c lead to "Fortsæt og justér planen" on the same level.
 *   Taking it as `delvist` would move the case up the ladder against the team's decision.
 * - "næste skridt" → the plan was not enough: `virker-ikke` when no goal was reached even partly,
 *   otherwise `delvist` (rule 6, and the §5 prerequisite "foregribende indsatser er afprøvet og
 *   evalueret" reads both as evaluated without success).
 */
export function evaluationDecision(content: PlanContent<'evaluering'>, intake: Intake): { field: 'planEvaluated' | 'adviserEffect'; value: Effect } {
  const field = (intake.advisers?.length ?? 0) > 0 ? 'adviserEffect' : 'planEvaluated';
  const results = content.goals.map((g) => g.result).filter((r): r is GoalResult => r !== null);
  let value: Effect;
  switch (content.decision) {
    case null:
      value = 'ikke-endnu';
      break;
    case 'fortsaet':
    case 'juster':
      value = 'virker';
      break;
    case 'naeste-skridt':
      value = results.length > 0 && results.every((r) => r === 'ikke-naaet') ? 'virker-ikke' : 'delvist';
      break;
  }
  return { field, value };
}

// Export -----------------------------------------------------------------------------------------

export interface MarkdownMeta {
  pseudonym: string | null;
  version: number;
  savedAt: string | Date;
  savedBy?: string | null;
  /** The template's title (the playbook's); defaults to ladder.md §7's. */
  title?: string;
}

/** Escapes what could turn user text into markup (HTML) or break a line's structure. */
function md(text: string): string {
  return maskCpr(text).replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c] ?? c).replace(/^([#>\-*+]|\d+\.)/gm, '\\$1');
}

const paragraph = (text: string) => md(text).split(/\r?\n/).join('  \n');

/**
 * The plan as a readable Danish Markdown document for the school's case file. Only the pseudonym
 * names the child; a CPR-like number cannot be in a saved plan, and is masked here all the same.
 */
export function planToMarkdown<T extends PlanTemplateId>(templateId: T, content: PlanContent<T>, meta: MarkdownMeta): string {
  const c = content as Bag;
  const out: string[] = [];
  out.push(`# ${md(meta.title ?? PLAN_TITLES[templateId])}`, '');
  const by = meta.savedBy ? ` af ${md(meta.savedBy)}` : '';
  out.push(`**${md(meta.pseudonym ?? 'Uden pseudonym')}** · Version ${meta.version} · gemt ${danishDate(meta.savedAt)}${by}`, '');
  const none = '_Ikke udfyldt_';

  for (const section of PLAN_FORMS[templateId].sections) {
    out.push(`## ${section.title}`, '');
    for (const field of section.fields) {
      switch (field.kind) {
        case 'text': {
          const s = String(c[field.key] ?? '');
          out.push(`**${field.label}:**${s.includes('\n') ? '  \n' : ' '}${s ? paragraph(s) : none}`, '');
          break;
        }
        case 'lines': {
          const items = (c[field.key] as string[]) ?? [];
          out.push(`**${field.label.replace(/ \(.*\)$/, '')}:**${items.length ? '' : ` ${none}`}`);
          for (const item of items) out.push(`- ${md(item)}`);
          out.push('');
          break;
        }
        case 'date': {
          const d = c[field.key] as string | null;
          out.push(`**${field.label}:** ${d ? danishDate(d) : none}`, '');
          break;
        }
        case 'choice': {
          const v = c[field.key] as string | null;
          out.push(`**${field.label}** ${v ? (field.options.find((o) => o.value === v)?.title ?? v) : none}`, '');
          break;
        }
        case 'multi': {
          const vs = (c[field.key] as string[]) ?? [];
          out.push(`**${field.label}:**${vs.length ? '' : ` ${none}`}`);
          for (const v of vs) out.push(`- ${field.options.find((o) => o.value === v)?.title ?? v}`);
          out.push('');
          break;
        }
        case 'goals': {
          const goals = c.goals as PlanGoal[];
          if (goals.length === 0) out.push(none, '');
          goals.forEach((g, i) => {
            out.push(`### Mål ${i + 1}: ${md(g.goal)}`, '', 'Tegn:');
            for (const s of g.signs) out.push(`- ${md(s)}`);
            out.push('');
          });
          break;
        }
        case 'evalGoals': {
          const goals = c.goals as EvalGoal[];
          if (goals.length === 0) out.push(none, '');
          goals.forEach((g, i) => {
            out.push(`### Mål ${i + 1}: ${md(g.goal)}`, '');
            out.push(`**Vurdering:** ${g.result ? GOAL_RESULT_LABELS[g.result] : none}`, '');
            if (g.signs.length) {
              out.push('Tegn:');
              for (const s of g.signs) out.push(`- ${md(s)}`);
              out.push('');
            }
            out.push(`**Det viste tegnene:** ${g.observed ? paragraph(g.observed) : none}`, '');
          });
          break;
        }
        case 'actions':
        case 'tasks': {
          const rows = field.kind === 'actions'
            ? (c.actions as PlanAction[]).map((a) => [a.title, a.responsible] as const)
            : (c.tasks as PlanTask[]).map((t) => [t.task, t.responsible] as const);
          if (rows.length === 0) out.push(none);
          rows.forEach(([what, who], i) => out.push(`${i + 1}. ${md(what)} – ansvarlig: ${md(who)}`));
          out.push('');
          break;
        }
        case 'dataRows': {
          const rows = c.dataRows as DataRow[];
          if (rows.length === 0) out.push(none);
          for (const r of rows) out.push(`- ${md(r.source)} – ${md(r.responsible)}${r.deadline ? `, senest ${danishDate(r.deadline)}` : ''}`);
          out.push('');
          break;
        }
        case 'checklist': {
          for (const item of c.checklist as CheckItem[]) {
            out.push(`- [${item.met ? 'x' : ' '}] ${PREREQUISITE_LABELS[item.id]}${item.evidence ? ` – ${md(item.evidence)}` : ''}`);
          }
          out.push('');
          break;
        }
      }
    }
  }
  out.push('---', `_Udarbejdet med Indsatsguiden. Barnet omtales kun med pseudonym; dokumentet indeholder ingen CPR-numre._`);
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
