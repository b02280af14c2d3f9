/**
 * The plan templates the bot drafts as cards, and what every other plan module shares about them:
 * which templates there are (one list, derived from the ladder's TEMPLATES), their default titles,
 * the length and slot bounds of their content, and the fixed choice lists with their Danish labels.
 * A unit because the content schemas, the forms, the drafts and the cards all read the same lists.
 */
import type { Adviser } from '../intake.js';
import { TEMPLATES, type PrerequisiteId, type TemplateId } from '../recommendation.js';

/**
 * Templates a recommendation may name that the bot cannot draft as a card (none today): the step
 * names them so the team knows the document, and "Lav udkast" says it is not available as a draft.
 *
 * The one list of template ids is TEMPLATES (recommendation.ts, `as const`); the drafted ones are
 * the rest. PLAN_TITLES, PLAN_SCHEMAS and PLAN_FORMS are typed as a Record over PlanTemplateId, so a
 * template added to TEMPLATES does not compile until it has a title, a schema and a form, or is
 * listed here.
 */
export const UNDRAFTED_TEMPLATES = [] as const satisfies readonly TemplateId[];
export type PlanTemplateId = Exclude<TemplateId, (typeof UNDRAFTED_TEMPLATES)[number]>;
export const PLAN_TEMPLATE_IDS: readonly PlanTemplateId[] = TEMPLATES.filter(
  (t): t is PlanTemplateId => !(UNDRAFTED_TEMPLATES as readonly string[]).includes(t),
);

/** The templates whose content has goals with signs: an evaluation can be based on them. */
export const GOAL_PLAN_TEMPLATES = [
  'plan-faellesskab',
  'plan-barn',
  'smtte',
  'henvisning-pku',
] as const satisfies readonly PlanTemplateId[];
export type GoalPlanTemplateId = (typeof GOAL_PLAN_TEMPLATES)[number];

/** Length and slot bounds. They keep every card under Teams' 28 KB even when every slot is full. */
export const PLAN_LIMITS = {
  /** A name: the tovholder, who is responsible, a wished time. */
  short: 60,
  /** One line of a list, a sign, an action, a task, a piece of evidence. */
  line: 120,
  /** A goal. */
  goal: 200,
  /** A paragraph, and a whole multiline list. */
  text: 600,
  /** Lines of a list field (the whole list is bounded by `text` too). */
  lines: 12,
  /** Signs (tegn) of one goal, and the length of all of them together. */
  signs: 6,
  signsText: 500,
  goals: 4,
  actions: 6,
  tasks: 6,
  dataRows: 6,
} as const;

/** What a perspective field says when the perspective has not been gathered (a todo, not an error). */
export const NOT_GATHERED = 'ikke indhentet endnu';

export const GOAL_RESULTS = ['naaet', 'delvist', 'ikke-naaet'] as const;
export type GoalResult = (typeof GOAL_RESULTS)[number];
export const GOAL_RESULT_LABELS: Record<GoalResult, string> = { naaet: 'Nået', delvist: 'Delvist nået', 'ikke-naaet': 'Ikke nået' };

export const DECISIONS = ['fortsaet', 'juster', 'naeste-skridt'] as const;
export type Decision = (typeof DECISIONS)[number];
export const DECISION_LABELS: Record<Decision, string> = {
  fortsaet: 'Fortsæt planen',
  juster: 'Justér planen',
  'naeste-skridt': 'Tag næste skridt på indsatstrappen',
};

export const HELP_KINDS = ['observation', 'teammoede', 'kvalificering', 'arbejdsmoede'] as const;
export type HelpKind = (typeof HELP_KINDS)[number];
export const HELP_KIND_LABELS: Record<HelpKind, string> = {
  observation: 'Fokuseret pædagogisk observation',
  teammoede: 'Deltagelse i et teammøde',
  kvalificering: 'Kvalificering af mål- og indsatsplanen',
  arbejdsmoede: 'Arbejdsmøde med teamet',
};

export const CONSENT = ['givet', 'mangler', 'ikke-noedvendigt'] as const;
export type Consent = (typeof CONSENT)[number];
export const CONSENT_LABELS: Record<Consent, string> = {
  givet: 'Forældrene har givet samtykke',
  mangler: 'Samtykket mangler endnu',
  'ikke-noedvendigt': 'Ikke nødvendigt (mødet handler om læringsfællesskabet)',
};

export const PPV_CONSENT = ['givet', 'mangler'] as const;
export type PpvConsent = (typeof PPV_CONSENT)[number];
export const PPV_CONSENT_LABELS: Record<PpvConsent, string> = {
  givet: 'Forældrene har givet deres accept',
  mangler: 'Forældrenes accept mangler endnu',
};

export const AGREEMENTS = ['ppv', 'familieraadgivning', 'distriktsraad', 'viso'] as const;
export type Agreement = (typeof AGREEMENTS)[number];
export const AGREEMENT_LABELS: Record<Agreement, string> = {
  ppv: 'Indstilling til PPV',
  familieraadgivning: 'Inddragelse af Familierådgivningen',
  distriktsraad: 'Sparring i distriktsrådet',
  viso: 'Indstilling til VISO',
};

/** The school leader's decision after the PPV and the party hearing (the intake's `leaderDecision`, once made). */
export const LEADER_DECISIONS_MADE = ['paa-skolen', 'vidtgaaende'] as const;
export type LeaderDecisionMade = (typeof LEADER_DECISIONS_MADE)[number];
export const LEADER_DECISION_LABELS: Record<LeaderDecisionMade, string> = {
  'paa-skolen': 'Den specialpædagogiske bistand gives på skolen',
  vidtgaaende: 'Barnet har behov for et mere vidtgående tilbud (henvisning til PKU)',
};

/** The PKU prerequisites' default titles (the playbook's defaults; a playbook may rename them). */
export const PREREQUISITE_LABELS: Record<PrerequisiteId, string> = {
  'ppv-foreligger': 'Der foreligger en pædagogisk-psykologisk vurdering (PPV)',
  'forebyggende-afproevet': 'Forebyggende indsatser er afprøvet og evalueret',
  'foregribende-afproevet': 'Foregribende indsatser er afprøvet og evalueret',
  'plan-for-barnet': 'Der er en velbeskrevet mål- og indsatsplan for barnet',
  'plan-for-faellesskabet': 'Der er en mål- og indsatsplan for det fællesskab, barnet er en del af',
  'afgoerelse-vidtgaaende': 'Skoleledelsen har efter partshøring vurderet, at barnet har behov for et mere vidtgående tilbud',
  'distriktsraad-droeftet': 'Sagen er drøftet i distriktsrådet',
  foraeldreaftale: 'Forældrene er enige i en henvisning til PKU',
  'psykolog-enig': 'Den rådgivende psykolog er enig i henvisningen',
};

/** Default Danish titles of the advisers (the playbook's defaults); the card lists them as choices. */
export const RECIPIENT_LABELS: Record<Adviser, string> = {
  plc: 'Vejleder fra PLC',
  akt: 'AKT-vejleder',
  praksisvejleder: 'Praksisvejleder',
  'raadgivende-team': 'Det rådgivende team (psykolog eller rådgiver)',
  familieraadgivning: 'Familierådgivningen',
};

/** The default Danish titles of the drafted templates; a playbook may rename them. */
export const PLAN_TITLES: Record<PlanTemplateId, string> = {
  dataplan: 'Plan for dataindsamling',
  'dagsorden-teammoede': 'Dagsorden: møde i teamet',
  'plan-faellesskab': 'Mål- og indsatsplan for læringsfællesskabet',
  'plan-barn': 'Mål- og indsatsplan for barnet',
  smtte: 'SMTTE-model',
  evaluering: 'Evaluering af planen',
  sparringsanmodning: 'Anmodning om sparring',
  'dagsorden-arbejdsmoede': 'Dagsorden: arbejdsmøde',
  'dagsorden-netvaerksmoede': 'Dagsorden: netværksmøde',
  'dagsorden-distriktsraad': 'Sparring i distriktsrådet',
  'indstilling-ppv': 'Indstilling til PPV',
  sagsfremstilling: 'Sagsfremstilling med partshøring',
  'henvisning-pku': 'Henvisning til PKU',
};

export function isPlanTemplateId(id: string): id is PlanTemplateId {
  return (PLAN_TEMPLATE_IDS as readonly string[]).includes(id);
}
