/**
 * The twelve plan templates the bot drafts as cards: what a saved version holds (one zod
 * schema of CONTENT per template) and how the content is laid out in a card (the form spec: the
 * sections, fields and fixed slots that become the card's inputs).
 *
 * Adaptive Cards have no dynamic lists, so lists live in fixed slots: up to four goals (`goal1` …
 * `goal4`, each with `goal1Signs`: one sign per line), up to six actions (`action1` …, with
 * `action1Responsible`), and so on. A list of short lines (data basis, what has been tried, …) is a
 * multiline text with one item per line.
 *
 * The content schemas check shape, bounds and CPR numbers (a stored version never holds one). The
 * rules a user must meet to save (at least one goal, a tovholder, a date in the future, …) depend
 * on the day and live in `parsePlanCard` (plans.ts), so that a draft is a valid PlanContent too.
 */
import { z } from './zod.js';
import { ADVISERS, freeText, type Adviser } from './intake.js';
import { PREREQUISITES, TEMPLATES, type PrerequisiteId, type TemplateId } from './recommendation.js';

/**
 * Templates a recommendation may name that the bot cannot draft as a card yet: the step names them
 * so the team knows the document, and "Lav udkast" says it is not available as a draft.
 */
export const UNDRAFTED_TEMPLATES = ['sagsfremstilling'] as const satisfies readonly TemplateId[];
export type PlanTemplateId = Exclude<TemplateId, (typeof UNDRAFTED_TEMPLATES)[number]>;
export const PLAN_TEMPLATE_IDS: readonly PlanTemplateId[] = TEMPLATES.filter(
  (t): t is PlanTemplateId => !(UNDRAFTED_TEMPLATES as readonly string[]).includes(t),
);

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

/** The PKU prerequisites' default titles (the playbook's defaults; a playbook may rename them). */
export const PREREQUISITE_LABELS: Record<PrerequisiteId, string> = {
  'ppv-foreligger': 'Der foreligger en pædagogisk-psykologisk vurdering (PPV)',
  'forebyggende-afproevet': 'Forebyggende indsatser er afprøvet og evalueret',
  'foregribende-afproevet': 'Foregribende indsatser er afprøvet og evalueret',
  'plan-for-barnet': 'Der er en velbeskrevet mål- og indsatsplan for barnet',
  'plan-for-faellesskabet': 'Der er en mål- og indsatsplan for det fællesskab, barnet er en del af',
  'afgoerelse-vidtgaaende': 'Skoleledelsen har efter partshøring vurderet, at barnet har behov for et mere vidtgående tilbud',
  'distriktsraad-droeftet': 'Sagen er drøftet i distriktsrådet',
  'foraeldreaftale': 'Forældrene er enige i en henvisning til PKU',
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
  'henvisning-pku': 'Henvisning til PKU',
};

// Content schemas --------------------------------------------------------------------------------

const L = PLAN_LIMITS;

function isCalendarDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export const IsoDate = z.string().refine(isCalendarDate, { message: 'Skriv datoen som ÅÅÅÅ-MM-DD' });
export { isCalendarDate };

const text = (max: number = L.text) => freeText(max);
const line = freeText(L.line).min(1);
const lines = (max: number = L.lines) => z.array(line).max(max);
const name = freeText(L.short);
const date = IsoDate.nullable();

const unique = <T extends z.ZodType>(item: T) =>
  z.array(item).refine((xs) => new Set(xs).size === xs.length, { message: 'Den samme værdi må kun vælges én gang' });

/**
 * A referral saved when there were fewer prerequisites holds a checklist of those only: it is read
 * with each prerequisite added since as not met (in today's order), so that a stored version still
 * opens and shows what is missing now. Anything else is left for the schema to judge.
 */
function withEveryPrerequisite(items: unknown): unknown {
  if (!Array.isArray(items) || items.length >= PREREQUISITES.length) return items;
  const ids = items.map((item: unknown) => (typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined));
  const known = (id: unknown): id is PrerequisiteId => typeof id === 'string' && (PREREQUISITES as readonly string[]).includes(id);
  if (!ids.every(known) || new Set(ids).size !== ids.length) return items;
  return PREREQUISITES.map((id) => items[ids.indexOf(id)] ?? { id, met: false, evidence: '' });
}

export const GoalSchema = z.strictObject({ goal: freeText(L.goal).min(1), signs: lines(L.signs) });
export const ActionSchema = z.strictObject({ title: line, responsible: name });
export const TaskSchema = z.strictObject({ task: line, responsible: name });
export const DataRowSchema = z.strictObject({ source: line, responsible: name, deadline: date });
export const CheckItemSchema = z.strictObject({ id: z.enum(PREREQUISITES), met: z.boolean(), evidence: freeText(L.line) });
export const EvalGoalSchema = z.strictObject({
  goal: freeText(L.goal).min(1),
  signs: lines(L.signs),
  result: z.enum(GOAL_RESULTS).nullable(),
  /** What the signs showed. */
  observed: text(),
});

const common = { tovholder: name, evaluationDate: date };

export const PLAN_SCHEMAS = {
  dataplan: z.strictObject({
    concern: text(),
    dataRows: z.array(DataRowSchema).max(L.dataRows),
    purpose: text(),
    ...common,
  }),
  'dagsorden-teammoede': z.strictObject({
    meetingDate: date,
    concern: text(),
    dataBasis: lines(),
    triedActions: lines(),
    nextStep: text(),
    tasks: z.array(TaskSchema).max(L.tasks),
    ...common,
  }),
  'plan-faellesskab': z.strictObject({
    concern: text(),
    dataBasis: lines(),
    triedActions: lines(),
    goals: z.array(GoalSchema).max(L.goals),
    actions: z.array(ActionSchema).max(L.actions),
    ...common,
  }),
  'plan-barn': z.strictObject({
    concern: text(),
    dataBasis: lines(),
    triedActions: lines(),
    resources: text(),
    conditions: text(),
    childVoice: text(),
    parentsVoice: text(),
    goals: z.array(GoalSchema).max(L.goals),
    actions: z.array(ActionSchema).max(L.actions),
    ...common,
  }),
  smtte: z.strictObject({
    context: text(),
    goals: z.array(GoalSchema).max(L.goals),
    actions: z.array(ActionSchema).max(L.actions),
    evaluationPlan: text(),
    ...common,
  }),
  evaluering: z.strictObject({
    planTitle: freeText(L.line),
    goals: z.array(EvalGoalSchema).max(L.goals),
    decision: z.enum(DECISIONS).nullable(),
    decisionNote: text(),
    ...common,
  }),
  sparringsanmodning: z.strictObject({
    recipient: z.enum(ADVISERS).nullable(),
    summary: text(),
    levelText: freeText(L.line),
    triedActions: lines(),
    dataBasis: lines(),
    helpKinds: unique(z.enum(HELP_KINDS)),
    question: text(),
    wishedTime: name,
    ...common,
  }),
  'dagsorden-arbejdsmoede': z.strictObject({
    meetingDate: date,
    participants: lines(),
    purpose: text(),
    consent: z.enum(CONSENT).nullable(),
    concern: text(),
    triedActions: lines(),
    agenda: lines(),
    tasks: z.array(TaskSchema).max(L.tasks),
    ...common,
  }),
  'dagsorden-netvaerksmoede': z.strictObject({
    meetingDate: date,
    participants: lines(),
    childVoice: text(),
    parentsVoice: text(),
    concern: text(),
    triedActions: lines(),
    agreements: unique(z.enum(AGREEMENTS)),
    agreementsNote: text(),
    tasks: z.array(TaskSchema).max(L.tasks),
    ...common,
  }),
  'dagsorden-distriktsraad': z.strictObject({
    meetingDate: date,
    summary: text(),
    triedActions: lines(),
    evaluations: lines(),
    question: text(),
    ...common,
  }),
  'indstilling-ppv': z.strictObject({
    reasons: text(),
    triedActions: lines(),
    enclosed: lines(),
    childVoice: text(),
    parentsVoice: text(),
    parentsAgreement: z.enum(PPV_CONSENT).nullable(),
    ...common,
  }),
  'henvisning-pku': z.strictObject({
    summary: text(),
    checklist: z.preprocess(withEveryPrerequisite, z
      .array(CheckItemSchema)
      .length(PREREQUISITES.length)
      .refine((items) => items.every((item, i) => item.id === PREREQUISITES[i]), {
        message: `Tjeklisten følger forudsætningerne i rækkefølgen ${PREREQUISITES.join(', ')}`,
      })),
    goals: z.array(GoalSchema).max(L.goals),
    tovholder: name,
    revisitationDate: date,
  }),
} as const satisfies Record<PlanTemplateId, z.ZodType>;

/** What a saved version of a plan holds. */
export type PlanContent<T extends PlanTemplateId = PlanTemplateId> = z.output<(typeof PLAN_SCHEMAS)[T]>;
export type PlanGoal = z.output<typeof GoalSchema>;
export type PlanAction = z.output<typeof ActionSchema>;
export type PlanTask = z.output<typeof TaskSchema>;
export type DataRow = z.output<typeof DataRowSchema>;
export type CheckItem = z.output<typeof CheckItemSchema>;
export type EvalGoal = z.output<typeof EvalGoalSchema>;
/** The templates whose content has goals with signs: an evaluation can be based on them. */
export type GoalPlanTemplateId = 'plan-faellesskab' | 'plan-barn' | 'smtte' | 'henvisning-pku';
export const GOAL_PLAN_TEMPLATES = ['plan-faellesskab', 'plan-barn', 'smtte', 'henvisning-pku'] as const satisfies readonly GoalPlanTemplateId[];

// Form spec --------------------------------------------------------------------------------------

export interface Option {
  value: string;
  title: string;
}

const options = <V extends string>(values: readonly V[], labels: Record<V, string>): Option[] =>
  values.map((value) => ({ value, title: labels[value] }));

/** A field of the form. `key` is both the content key and the card input id (for the simple kinds). */
export type FieldSpec =
  | {
      kind: 'text';
      key: string;
      label: string;
      max: number;
      multiline?: boolean;
      placeholder?: string;
      /** Danish error when empty. */
      required?: string;
      /** A perspective field: "ikke indhentet endnu" is accepted and becomes a todo note. */
      perspective?: 'child' | 'parents';
    }
  | { kind: 'lines'; key: string; label: string; maxLines: number; placeholder?: string; required?: string }
  | { kind: 'date'; key: string; label: string; role: 'evaluation' | 'revisitation' | 'meeting'; required?: string }
  | { kind: 'choice'; key: string; label: string; options: Option[]; required?: string }
  | { kind: 'multi'; key: string; label: string; options: Option[]; required?: string }
  | { kind: 'goals'; slots: number; label: string }
  | { kind: 'evalGoals'; slots: number }
  | { kind: 'actions'; slots: number }
  | { kind: 'tasks'; slots: number }
  | { kind: 'dataRows'; slots: number }
  | { kind: 'checklist' };

export interface SectionSpec {
  title: string;
  /** A short Danish hint under the section title. */
  hint?: string;
  fields: FieldSpec[];
}

export interface FormSpec {
  /** One or two Danish sentences at the top of the card. */
  intro: string;
  sections: SectionSpec[];
  /** Buttons besides "Gem": "Evaluér" for plans with goals; "Eksportér" for all. */
  evaluate: boolean;
}

const CONCERN_PLACEHOLDER = 'Bekymringen med teamets egne ord. Brug initialer og klasse – aldrig navn eller CPR-nummer.';

const f = {
  concern: (label = 'Bekymringen'): FieldSpec => ({ kind: 'text', key: 'concern', label, max: L.text, multiline: true, placeholder: CONCERN_PLACEHOLDER }),
  dataBasis: (label = 'Datagrundlag (én datakilde pr. linje)'): FieldSpec => ({ kind: 'lines', key: 'dataBasis', label, maxLines: L.lines }),
  tried: (label = 'Det, der er afprøvet (én indsats pr. linje)'): FieldSpec => ({ kind: 'lines', key: 'triedActions', label, maxLines: L.lines }),
  tovholder: (label = 'Tovholder (ansvarlig for opfølgningen)'): FieldSpec => ({
    kind: 'text', key: 'tovholder', label, max: L.short, required: 'Skriv, hvem der er tovholder på opfølgningen.',
  }),
  evaluationDate: (label = 'Evalueringsdato'): FieldSpec => ({
    kind: 'date', key: 'evaluationDate', label, role: 'evaluation', required: 'Vælg en dato for evalueringen.',
  }),
  meetingDate: (label = 'Mødedato'): FieldSpec => ({ kind: 'date', key: 'meetingDate', label, role: 'meeting' }),
  childVoice: (required: boolean): FieldSpec => ({
    kind: 'text', key: 'childVoice', label: 'Barnets eget perspektiv (barnets stemme)', max: L.text, multiline: true,
    placeholder: `Barnets egne ord om skoledagen – eller "${NOT_GATHERED}"`, perspective: 'child',
    ...(required ? { required: `Skriv barnets eget perspektiv – eller "${NOT_GATHERED}", hvis I ikke har talt med barnet endnu.` } : {}),
  }),
  parentsVoice: (required: boolean): FieldSpec => ({
    kind: 'text', key: 'parentsVoice', label: 'Forældrenes perspektiv', max: L.text, multiline: true,
    placeholder: `Forældrenes syn på bekymringen og indsatserne – eller "${NOT_GATHERED}"`, perspective: 'parents',
    ...(required ? { required: `Skriv forældrenes perspektiv – eller "${NOT_GATHERED}", hvis I ikke har talt med forældrene endnu.` } : {}),
  }),
  goals: (label = 'Mål og tegn'): FieldSpec => ({ kind: 'goals', slots: L.goals, label }),
  actions: (): FieldSpec => ({ kind: 'actions', slots: L.actions }),
  tasks: (): FieldSpec => ({ kind: 'tasks', slots: L.tasks }),
};

const FOLLOW_UP: SectionSpec = { title: 'Opfølgning', fields: [f.tovholder(), f.evaluationDate()] };

export const PLAN_FORMS: Record<PlanTemplateId, FormSpec> = {
  dataplan: {
    intro: 'Hvilke data indsamler I om læringsfællesskabet og barnet, hvem gør det, og hvornår skal det være klar?',
    evaluate: false,
    sections: [
      { title: 'Baggrund', fields: [f.concern(), { kind: 'text', key: 'purpose', label: 'Hvad skal data give svar på?', max: L.text, multiline: true }] },
      { title: 'Data, der skal indsamles', hint: 'Fx observationer, klasselog, elevsamtaler, trivselsmåling eller TOPI.', fields: [{ kind: 'dataRows', slots: L.dataRows }] },
      { title: 'Opfølgning', fields: [f.tovholder(), f.evaluationDate('Data drøftes i teamet senest')] },
    ],
  },
  'dagsorden-teammoede': {
    intro: 'Dagsorden til teamets møde i det professionelle læringsfællesskab.',
    evaluate: false,
    sections: [
      { title: 'Mødet', fields: [f.meetingDate()] },
      { title: '1. Bekymringen', fields: [f.concern('Bekymringen')] },
      { title: '2. Data', fields: [f.dataBasis('Det, data viser (én datakilde pr. linje)')] },
      { title: '3. Det, der er afprøvet', fields: [f.tried('Indsatser (én pr. linje)')] },
      { title: '4. Næste skridt', fields: [{ kind: 'text', key: 'nextStep', label: 'Forslag til næste skridt', max: L.text, multiline: true }] },
      { title: '5. Hvem gør hvad', fields: [f.tasks()] },
      { title: 'Opfølgning', fields: [f.tovholder(), f.evaluationDate('Opfølgning senest')] },
    ],
  },
  'plan-faellesskab': {
    intro: 'Mål, tegn og få indsatser for læringsfællesskabet. Skriv tegnene, så I kan se, om målene nås – ét tegn pr. linje.',
    evaluate: true,
    sections: [
      { title: 'Baggrund', fields: [f.concern(), f.dataBasis(), f.tried()] },
      { title: 'Mål og tegn', hint: 'Højst fire mål. Hvert mål har mindst ét tegn.', fields: [f.goals()] },
      { title: 'Indsatser', hint: 'Hellere få indsatser end mange.', fields: [f.actions()] },
      FOLLOW_UP,
    ],
  },
  'plan-barn': {
    intro: 'Mål, tegn og indsatser for barnet i sit læringsfællesskab – med barnets og forældrenes perspektiv.',
    evaluate: true,
    sections: [
      { title: 'Baggrund', fields: [f.concern(), f.dataBasis(), f.tried()] },
      {
        title: 'Barnet i læringsmiljøet',
        fields: [
          { kind: 'text', key: 'resources', label: 'Barnets ressourcer', max: L.text, multiline: true, placeholder: 'Det, barnet er god til og glad for' },
          { kind: 'text', key: 'conditions', label: 'De betingelser, barnet møder i læringsmiljøet', max: L.text, multiline: true },
        ],
      },
      { title: 'Perspektiver', fields: [f.childVoice(true), f.parentsVoice(true)] },
      { title: 'Mål og tegn', hint: 'Højst fire mål. Hvert mål har mindst ét tegn.', fields: [f.goals()] },
      { title: 'Indsatser', hint: 'Hellere få indsatser end mange.', fields: [f.actions()] },
      FOLLOW_UP,
    ],
  },
  smtte: {
    intro: 'SMTTE: Sammenhæng, Mål, Tegn, Tiltag og Evaluering.',
    evaluate: true,
    sections: [
      { title: 'Sammenhæng', fields: [{ kind: 'text', key: 'context', label: 'Sammenhæng: hvad er situationen?', max: L.text, multiline: true, placeholder: CONCERN_PLACEHOLDER }] },
      { title: 'Mål og tegn', hint: 'Højst fire mål. Hvert mål har mindst ét tegn.', fields: [f.goals()] },
      { title: 'Tiltag', hint: 'Hellere få tiltag end mange.', fields: [f.actions()] },
      {
        title: 'Evaluering',
        fields: [{ kind: 'text', key: 'evaluationPlan', label: 'Hvordan evaluerer I?', max: L.text, multiline: true }, f.tovholder(), f.evaluationDate()],
      },
    ],
  },
  evaluering: {
    intro: 'Hvordan gik det? Vurdér hvert mål ud fra tegnene, og beslut, hvad der nu skal ske.',
    evaluate: false,
    sections: [
      { title: 'Planen', fields: [{ kind: 'text', key: 'planTitle', label: 'Planen, der evalueres', max: L.line }] },
      { title: 'Målene', fields: [{ kind: 'evalGoals', slots: L.goals }] },
      {
        title: 'Beslutning',
        fields: [
          { kind: 'choice', key: 'decision', label: 'Hvad beslutter I?', options: options(DECISIONS, DECISION_LABELS), required: 'Vælg, om I fortsætter, justerer eller tager næste skridt.' },
          { kind: 'text', key: 'decisionNote', label: 'Begrundelse og justeringer', max: L.text, multiline: true },
        ],
      },
      { title: 'Næste opfølgning', fields: [f.tovholder(), f.evaluationDate('Næste evaluering')] },
    ],
  },
  sparringsanmodning: {
    intro: 'Anmodning om sparring og vejledning. Skriv uden navne: brug initialer og klasse.',
    evaluate: false,
    sections: [
      {
        title: 'Til og om',
        fields: [
          { kind: 'choice', key: 'recipient', label: 'Anmodningen går til', options: options(ADVISERS, RECIPIENT_LABELS), required: 'Vælg, hvem anmodningen går til.' },
          { kind: 'text', key: 'summary', label: 'Kort resumé (uden navne)', max: L.text, multiline: true, placeholder: CONCERN_PLACEHOLDER, required: 'Skriv et kort resumé af bekymringen.' },
          { kind: 'text', key: 'levelText', label: 'Indsatsniveau og trin', max: L.line },
        ],
      },
      { title: 'Det, der er gjort', fields: [f.tried(), f.dataBasis('Data (én datakilde pr. linje)')] },
      {
        title: 'Den hjælp, vi ønsker',
        fields: [
          { kind: 'multi', key: 'helpKinds', label: 'Vælg det, der passer', options: options(HELP_KINDS, HELP_KIND_LABELS), required: 'Vælg mindst én slags hjælp.' },
          { kind: 'text', key: 'question', label: 'Det, vi gerne vil blive klogere på', max: L.text, multiline: true },
          { kind: 'text', key: 'wishedTime', label: 'Ønsket tidspunkt', max: L.short, placeholder: 'Fx uge 12, tirsdag eftermiddag' },
        ],
      },
      { title: 'Opfølgning', fields: [f.tovholder('Kontaktperson i teamet'), f.evaluationDate('Opfølgning senest')] },
    ],
  },
  'dagsorden-arbejdsmoede': {
    intro: 'Arbejdsmødet skal koordinere de fælles indsatser. Et arbejdsmøde om et bestemt barn holdes kun med forældrenes samtykke.',
    evaluate: false,
    sections: [
      {
        title: 'Mødet',
        fields: [
          f.meetingDate(),
          { kind: 'lines', key: 'participants', label: 'Deltagere (én pr. linje)', maxLines: L.lines },
          { kind: 'text', key: 'purpose', label: 'Formål', max: L.text, multiline: true },
          { kind: 'choice', key: 'consent', label: 'Forældrenes samtykke', options: options(CONSENT, CONSENT_LABELS), required: 'Notér, om forældrene har givet samtykke.' },
        ],
      },
      { title: 'Sagen', fields: [f.concern(), f.tried()] },
      { title: 'Dagsorden', fields: [{ kind: 'lines', key: 'agenda', label: 'Punkter (ét pr. linje)', maxLines: L.lines }] },
      { title: 'Hvem gør hvad', fields: [f.tasks()] },
      { title: 'Opfølgning', fields: [f.tovholder(), f.evaluationDate('Opfølgning senest')] },
    ],
  },
  'dagsorden-netvaerksmoede': {
    intro: 'Netværksmødet begynder med barnets og forældrenes perspektiv. Her indgås aftalerne med forældrene.',
    evaluate: false,
    sections: [
      { title: 'Mødet', fields: [f.meetingDate(), { kind: 'lines', key: 'participants', label: 'Deltagere (én pr. linje)', maxLines: L.lines }] },
      { title: '1. Barnets og forældrenes perspektiv', fields: [f.childVoice(false), f.parentsVoice(false)] },
      { title: '2. Bekymringen og det, der er afprøvet', fields: [f.concern(), f.tried()] },
      {
        title: '3. Aftaler',
        fields: [
          { kind: 'multi', key: 'agreements', label: 'Det, der skal aftales med forældrene', options: options(AGREEMENTS, AGREEMENT_LABELS) },
          { kind: 'text', key: 'agreementsNote', label: 'Aftalerne', max: L.text, multiline: true },
        ],
      },
      { title: '4. Hvem gør hvad', fields: [f.tasks()] },
      { title: 'Opfølgning', fields: [f.tovholder(), f.evaluationDate('Opfølgning senest')] },
    ],
  },
  'dagsorden-distriktsraad': {
    intro: 'Skoleledelsens oplæg til sparring i distriktsrådet: sagen kort, det afprøvede og spørgsmålet til rådet.',
    evaluate: false,
    sections: [
      { title: 'Mødet', fields: [f.meetingDate()] },
      { title: 'Sagen kort', fields: [{ kind: 'text', key: 'summary', label: 'Resumé (uden navne)', max: L.text, multiline: true, placeholder: CONCERN_PLACEHOLDER, required: 'Skriv et kort resumé af sagen.' }] },
      {
        title: 'Det, der er afprøvet',
        fields: [f.tried(), { kind: 'lines', key: 'evaluations', label: 'Evalueringer (én pr. linje)', maxLines: L.lines }],
      },
      { title: 'Spørgsmålet til distriktsrådet', fields: [{ kind: 'text', key: 'question', label: 'Spørgsmålet', max: L.text, multiline: true, required: 'Skriv det spørgsmål, I vil have distriktsrådets sparring på.' }] },
      { title: 'Opfølgning', fields: [f.tovholder(), f.evaluationDate('Opfølgning senest')] },
    ],
  },
  'indstilling-ppv': {
    intro: 'Indstilling til en pædagogisk-psykologisk vurdering. Indstillingen kræver forældrenes accept.',
    evaluate: false,
    sections: [
      { title: 'Begrundelse', fields: [{ kind: 'text', key: 'reasons', label: 'Hvorfor indstiller I til PPV?', max: L.text, multiline: true, placeholder: CONCERN_PLACEHOLDER, required: 'Skriv begrundelsen for indstillingen.' }] },
      {
        title: 'Det, der er afprøvet',
        fields: [f.tried(), { kind: 'lines', key: 'enclosed', label: 'Vedlagte planer og evalueringer (én pr. linje)', maxLines: L.lines }],
      },
      { title: 'Perspektiver', fields: [f.childVoice(true), f.parentsVoice(true)] },
      {
        title: 'Forældrenes accept',
        fields: [{ kind: 'choice', key: 'parentsAgreement', label: 'Har forældrene accepteret indstillingen?', options: options(PPV_CONSENT, PPV_CONSENT_LABELS), required: 'Notér, om forældrene har accepteret indstillingen.' }],
      },
      { title: 'Opfølgning', fields: [f.tovholder(), f.evaluationDate('Opfølgning senest')] },
    ],
  },
  'henvisning-pku': {
    intro: 'Henvisning til Pædagogisk Koordinationsudvalg. Alle forudsætninger skal være opfyldt og dokumenteret. Tilbuddet gives for et år.',
    evaluate: false,
    sections: [
      { title: 'Sagen kort', fields: [{ kind: 'text', key: 'summary', label: 'Resumé (uden navne)', max: L.text, multiline: true, placeholder: CONCERN_PLACEHOLDER, required: 'Skriv et kort resumé af sagen.' }] },
      { title: 'Forudsætninger', hint: 'Sæt flueben, og skriv, hvad der dokumenterer hver forudsætning.', fields: [{ kind: 'checklist' }] },
      { title: 'Mål for året', hint: 'Lærings- og udviklingsmål, som revisitationen tager afsæt i.', fields: [f.goals('Mål for året')] },
      {
        title: 'Opfølgning',
        fields: [f.tovholder(), { kind: 'date', key: 'revisitationDate', label: 'Revisitation', role: 'revisitation', required: 'Vælg en dato for revisitationen.' }],
      },
    ],
  },
};

// Card value keys --------------------------------------------------------------------------------

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

export function isPlanTemplateId(id: string): id is PlanTemplateId {
  return (PLAN_TEMPLATE_IDS as readonly string[]).includes(id);
}
