/**
 * Drafting a template's content from the intake and the playbook: the concern, data and what has
 * been tried in the team's terms, the suggestions (suggestions.ts), and one draft per template. The
 * card shows the draft for the team to edit; nothing is stored here.
 */
import { childHeardInData, type Adviser, type Area, type Effect, type Intake } from '../intake.js';
import { next, prerequisitesMet } from '../ladder.js';
import type { Playbook } from '../playbook.js';
import { schoolDayOnOrAfter, type SchoolCalendar } from '../calendar.js';
import { AREA_LABELS, SCOPE_LABELS } from '../questions.js';
import { PREREQUISITES, type Level, type PrerequisiteId } from '../recommendation.js';
import { NOT_GATHERED, PLAN_LIMITS, PLAN_TITLES, type GoalPlanTemplateId, type PlanTemplateId } from './templates.js';
import { PLAN_SCHEMAS, type CheckItem, type DataRow, type EvalGoal, type PlanAction, type PlanContent } from './content.js';
import { EVALUATION_DEFAULT_DAYS, addDays, addMonths, danishDate } from './dates.js';
import { clipText, fitLines, listText, lower } from './text.js';
import { RETURN_GOAL, suggestActions, suggestGoals } from './suggestions.js';

const L = PLAN_LIMITS;

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
  /**
   * The case's school calendar: every date the draft proposes (evaluation, meeting, deadline,
   * revisitation) falls on a school day of it. Without one, the dates are plain calendar days.
   */
  calendar?: SchoolCalendar;
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
  if (intake.planEvaluated && intake.planEvaluated !== 'ikke-endnu')
    out.push(`${PLAN_TITLES.evaluering} (planen ${EFFECT_WORDS[intake.planEvaluated]})`);
  if (intake.advisers?.length) out.push(`Notater fra sparringen med ${listText(adviserTitles(intake, playbook))}`);
  return fitLines(out);
}

function evidenceFor(id: PrerequisiteId, intake: Intake, playbook: Playbook): string {
  switch (id) {
    case 'ppv-foreligger':
      return 'Der foreligger en PPV (vedlægges).';
    case 'forebyggende-afproevet':
      return clipText(
        `Mål- og indsatsplan for ${PLAN_SCOPE_WORDS[intake.plan === 'ingen' || !intake.plan ? 'faellesskab' : intake.plan]} er afprøvet og evalueret: ${EFFECT_WORDS[intake.planEvaluated ?? 'ikke-endnu']}.`,
        L.line,
      );
    case 'foregribende-afproevet':
      return clipText(
        `Sparring fra ${listText(adviserTitles(intake, playbook))} er afprøvet og evalueret: ${EFFECT_WORDS[intake.adviserEffect ?? 'ikke-endnu']}.`,
        L.line,
      );
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
  // A proposed date is a school day: an evaluation or a meeting on a Sunday or in the holidays helps nobody.
  const onSchoolDay = (date: string) => (ctx.calendar ? schoolDayOnOrAfter(date, ctx.calendar) : date);
  const inDays = (days: number) => onSchoolDay(addDays(ctx.today, days));
  const tovholder = clipText(ctx.tovholder.trim(), L.short);
  const evaluationDate = inDays(EVALUATION_DEFAULT_DAYS);
  const follow = { tovholder, evaluationDate };
  const concern = concernText(intake);
  const dataBasis = fitLines(dataTitles(intake, playbook));
  const triedActions = fitLines(triedTitles(intake, playbook));
  const actions: PlanAction[] = suggestActions(intake, playbook).map((a) => ({ title: clipText(a.title, L.line), responsible: tovholder }));
  const goals = suggestGoals(intake);
  const meetingDate = inDays(14);
  const subject = ctx.pseudonym ?? (intake.scope === 'barn' ? 'barnet' : 'læringsfællesskabet');

  switch (templateId) {
    case 'dataplan': {
      const have = new Set(intake.data ?? []);
      const wanted = [
        ...new Set([
          'observationer' as const,
          ...(intake.scope === 'barn' ? (['elevsamtale'] as const) : []),
          ...(intake.areas ?? []).flatMap((a) => DATA_FOR_AREA[a]),
        ]),
      ]
        .filter((id) => !have.has(id))
        .slice(0, 4);
      const dataRows: DataRow[] = wanted.map((id) => ({
        source: playbook.dataSources[id].title,
        responsible: tovholder,
        deadline: inDays(21),
      }));
      const purpose = intake.areas?.length
        ? `Et fælles billede af ${areasText(intake)}: hvornår og hvor viser udfordringerne sig, og hvad fungerer allerede?`
        : 'Et fælles billede af bekymringen: hvornår og hvor viser udfordringerne sig, og hvad fungerer allerede?';
      return { concern, dataRows, purpose, ...follow };
    }
    case 'dagsorden-teammoede': {
      const after = next({ ...intake, teamDiscussed: true }, playbook);
      const nextStep = after.kind === 'recommendation' ? after.recommendation.title : playbook.steps['udarbejd-plan'].title;
      return { meetingDate: inDays(7), concern, dataBasis, triedActions, nextStep, tasks: [], ...follow };
    }
    case 'plan-faellesskab':
      return { concern, dataBasis, triedActions, goals: suggestGoals({ ...intake, scope: 'faellesskab' }), actions, ...follow };
    case 'plan-barn':
      return {
        concern,
        dataBasis,
        triedActions,
        resources: '',
        conditions: '',
        childVoice: childVoiceDraft(intake),
        parentsVoice: parentsVoiceDraft(intake),
        goals: suggestGoals({ ...intake, scope: 'barn' }),
        actions,
        ...follow,
      };
    case 'smtte': {
      const context = [
        concern,
        dataBasis.length ? `Data: ${dataBasis.join(', ')}.` : '',
        triedActions.length ? `Afprøvet: ${triedActions.join(', ')}.` : '',
      ]
        .filter(Boolean)
        .join('\n');
      return {
        context: clipText(context, L.text),
        goals,
        actions,
        evaluationPlan: `Teamet evaluerer på teammødet ${danishDate(evaluationDate)} ud fra tegnene ved hvert mål.`,
        ...follow,
      };
    }
    case 'evaluering': {
      const base = ctx.basePlan?.goals ?? [];
      const rows: EvalGoal[] = base.slice(0, L.goals).map((g) => ({ goal: g.goal, signs: [...g.signs], result: null, observed: '' }));
      return { planTitle: clipText(ctx.basePlanTitle?.trim() ?? '', L.line), goals: rows, decision: null, decisionNote: '', ...follow };
    }
    case 'sparringsanmodning': {
      const advisers = new Set<Adviser>(intake.advisers ?? []);
      const recipient: Adviser =
        advisers.size === 0
          ? 'plc'
          : advisers.has('praksisvejleder') || advisers.has('raadgivende-team')
            ? 'raadgivende-team'
            : 'praksisvejleder';
      return {
        recipient,
        summary: summaryText(intake, ctx.pseudonym),
        levelText: levelAndStep(intake, playbook).text,
        triedActions,
        dataBasis,
        helpKinds: intake.plan && intake.plan !== 'ingen' ? ['observation', 'teammoede', 'kvalificering'] : ['observation', 'teammoede'],
        question: '',
        wishedTime: `Senest ${danishDate(inDays(21))}`,
        ...follow,
      };
    }
    case 'dagsorden-arbejdsmoede':
      return {
        meetingDate,
        participants: fitLines(playbook.meetings.arbejdsmoede.participants),
        purpose: `Koordinere de fælles indsatser omkring ${subject}.`,
        consent:
          intake.scope === 'faellesskab' ? 'ikke-noedvendigt' : (intake.consents ?? []).includes('arbejdsmoede') ? 'givet' : 'mangler',
        concern,
        triedActions,
        agenda: [
          'Bekymringen og det, data viser',
          'Det, der er afprøvet, og hvad evalueringen viste',
          'Fælles indsatser: hvem gør hvad',
          'Aftaler om opfølgning og næste evaluering',
        ],
        tasks: [],
        ...follow,
      };
    case 'dagsorden-netvaerksmoede':
      return {
        meetingDate,
        participants: fitLines([...new Set([...playbook.meetings.netvaerksmoede.participants, ...adviserTitles(intake, playbook)])]),
        childVoice: childVoiceDraft(intake),
        parentsVoice: parentsVoiceDraft(intake),
        concern,
        triedActions,
        agreements: [
          ...(intake.ppv !== 'foreligger' && intake.ppv !== 'indstillet' ? (['ppv'] as const) : []),
          ...(intake.areas?.includes('familie') ? (['familieraadgivning'] as const) : []),
          ...(intake.districtCouncil !== true ? (['distriktsraad'] as const) : []),
        ],
        agreementsNote: '',
        tasks: [],
        ...follow,
      };
    case 'dagsorden-distriktsraad':
      return {
        meetingDate,
        summary: summaryText(intake, ctx.pseudonym),
        triedActions,
        evaluations: evaluationLines(intake, playbook),
        question:
          intake.scope === 'faellesskab'
            ? 'Hvilke nye tilgange kan styrke læringsfællesskabet, så alle elever får bedre deltagelsesmuligheder?'
            : 'Hvilke forebyggende eller foregribende indsatser kan styrke barnets deltagelsesmuligheder i læringsfællesskabet – i eller tæt på almenområdet?',
        ...follow,
      };
    case 'indstilling-ppv':
      return {
        reasons: concern,
        triedActions,
        enclosed: enclosedLines(intake, playbook),
        childVoice: childVoiceDraft(intake),
        parentsVoice: parentsVoiceDraft(intake),
        parentsAgreement: (intake.consents ?? []).includes('ppv') ? 'givet' : 'mangler',
        ...follow,
      };
    case 'sagsfremstilling':
      return {
        summary: summaryText(intake, ctx.pseudonym),
        ppvRecommendations: '',
        triedActions,
        enclosed: enclosedLines(intake, playbook),
        childVoice: childVoiceDraft(intake),
        parentsVoice: parentsVoiceDraft(intake),
        hearingDate: null,
        hearingComments: '',
        decision: intake.leaderDecision === 'paa-skolen' || intake.leaderDecision === 'vidtgaaende' ? intake.leaderDecision : null,
        decisionReasons: '',
        ...follow,
      };
    case 'henvisning-pku': {
      const met = prerequisitesMet(intake);
      const checklist: CheckItem[] = PREREQUISITES.map((id) => ({
        id,
        met: met[id],
        evidence: met[id] ? evidenceFor(id, intake, playbook) : '',
      }));
      return {
        summary: summaryText(intake, ctx.pseudonym),
        checklist,
        childVoice: childVoiceDraft(intake),
        parentsVoice: parentsVoiceDraft(intake),
        ppvRecommendations: '',
        enclosed: enclosedLines(intake, playbook),
        // The year's goals end with the return to the ordinary school (handleguiden), for the school to make concrete.
        goals: [...suggestGoals({ ...intake, scope: 'barn' }).slice(0, L.goals - 1), RETURN_GOAL],
        // Expected: the reminders follow PKU's recorded decision (src/domain/pku-decision.ts).
        tovholder,
        revisitationDate: onSchoolDay(addMonths(ctx.today, 11)),
      };
    }
  }
}
