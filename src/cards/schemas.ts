/**
 * The view models of the Adaptive Card templates in `adaptive-cards/`: one zod schema per template.
 * `renderCard` parses every view model with its schema before binding it, so a template never sees
 * a value it does not expect. An invalid view model is a programming error (the lead's mapping code
 * builds them), not a user error: the messages are for developers.
 *
 * The bounds below are what keeps every card under Teams' 28 KB: the `*.max.json` fixtures sit at
 * these limits, and the card tests check their size.
 */
import { z } from '../domain/zod.js';
import { PSEUDONYM_MAX } from '../domain/pseudonym.js';
import { INTAKE_FIELDS, type IntakeField } from '../domain/intake.js';
import {
  CLOSING_NOTE_MAX, REJECTION_REASON_MAX, SPARRING_FORM_FIELDS, SPARRING_POOLS, SPARRING_STATES, SUMMARY_MAX, WISHED_TIME_MAX,
  type SparringFormField, type SparringState,
} from '../domain/sparring.js';
import { ACTORS, LEVELS, PREREQUISITES, type Level } from '../domain/recommendation.js';
import {
  GOAL_RESULT_LABELS, HELP_KINDS, PLAN_FORMS, isCalendarDate, isPlanTemplateId, planCardFields, planCardKeys, slots,
  type PlanTemplateId,
} from '../domain/plans/index.js';

import { CARD_VERBS, CASELESS_VERBS, VERB_DATA_KEYS, type CardVerb, type CaselessVerb } from './verbs.js';
export { CARD_VERBS, CASELESS_VERBS, VERB_DATA_KEYS, type CardVerb, type CaselessVerb };

export const LIMITS = {
  /** Headings, labels, a choice's title, a meeting's title. */
  title: 200,
  /** A question as asked. */
  question: 300,
  /** One line of a list (a reminder, a reason, a prerequisite, an error). */
  item: 300,
  /** A paragraph (why we ask, a notice's text, the consent note). */
  text: 1000,
  /** An answer as summarised (the first card joins four answers, the description among them). */
  answer: 2000,
  /** Lines in a list. */
  list: 12,
  /** Choices of one input (the playbook's pedagogical actions are the longest list). */
  choices: 40,
  /** Choices of each of the three inputs of the first card (the intake's enums: 2, 7 and 6 values). */
  startChoices: 12,
  /** A choice's value: an enum value or a playbook id, never with a comma (multi-select joins with commas). */
  choiceValue: 64,
  /** The free-text description's length bound that the card may announce. */
  description: 2000,
  /** Teams offered on the first card (a teacher's own teams). */
  teams: 20,
} as const;

const title = z.string().trim().min(1).max(LIMITS.title);
const item = z.string().trim().min(1).max(LIMITS.item);
const list = (max: number = LIMITS.list) => z.array(item).max(max);

export const CaseRefSchema = z.strictObject({
  caseId: z.string().min(1).max(100),
  /** The case's version when the card was drawn: a card with an older seq is stale. */
  seq: z.number().int().nonnegative(),
});

export const ChoiceSchema = z.strictObject({
  title: z.string().trim().min(1).max(120),
  value: z
    .string()
    .min(1)
    .max(LIMITS.choiceValue)
    .regex(/^[^,\s]+$/, 'A choice value may hold neither commas nor white space'),
});
export type Choice = z.infer<typeof ChoiceSchema>;

const choices = (min: number, max: number = LIMITS.choices) =>
  z
    .array(ChoiceSchema)
    .min(min)
    .max(max)
    .refine((cs) => new Set(cs.map((c) => c.value)).size === cs.length, { message: 'Choice values must be unique' });

/**
 * Values that echo what a user sent (a card shown again after a validation error) are normalised,
 * never refused: an unknown choice value is not preselected, and text is cut at its bound. What a
 * user sends must not be able to break the card that tells them what was wrong.
 */
export function keepKnownValues(value: string, cs: readonly Choice[], single = false): string {
  const known = new Set(cs.map((c) => c.value));
  const kept = [...new Set(value.split(',').map((v) => v.trim()))].filter((v) => known.has(v));
  return (single ? kept.slice(0, 1) : kept).join(',');
}

export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const DANISH_MONTHS = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'];
/** A calendar date 'YYYY-MM-DD' as Danish text, e.g. "4. december 2026". */
export const danishIsoDate = (iso: string) => `${Number(iso.slice(8, 10))}. ${DANISH_MONTHS[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

/** Lines that may quote what a user sent (validation messages): blank lines dropped, each clipped, at most LIMITS.list. */
const messageLines = z
  .array(z.string())
  .transform((xs) => xs.map((x) => x.trim()).filter((x) => x !== '').map((x) => clip(x, LIMITS.item)).slice(0, LIMITS.list));

const errors = messageLines;

// 1. welcome -------------------------------------------------------------------------------------

export const WelcomeViewModelSchema = z.strictObject({
  userName: z.string().trim().min(1).max(100).nullable(),
  openCase: z
    .strictObject({
      /** A Danish date, e.g. "3. marts 2025". */
      started: z.string().trim().min(1).max(60),
      questionNumber: z.number().int().positive(),
    })
    .nullable(),
});

// 2. help ----------------------------------------------------------------------------------------

export const HelpViewModelSchema = z.strictObject({
  commands: z
    .array(z.strictObject({ command: z.string().trim().min(1).max(60), description: item }))
    .min(1)
    .max(LIMITS.list),
});

// 3. intake-start --------------------------------------------------------------------------------

export const IntakeStartViewModelSchema = CaseRefSchema.extend({
  step: z.number().int().positive(),
  stepsHint: title,
  why: z.string().trim().min(1).max(LIMITS.text),
  descriptionMax: z.number().int().positive().max(LIMITS.description),
  scopeChoices: choices(1, LIMITS.startChoices),
  areaChoices: choices(1, LIMITS.startChoices),
  safetyChoices: choices(1, LIMITS.startChoices),
  /** The teacher's teams (value `<schoolId>/<teamId>`): a choice is shown only when there are several. */
  teamChoices: choices(0, LIMITS.teams).default([]),
  /** What the user answered before (shown again after a validation error or on resume). */
  values: z.strictObject({
    /** The case's pseudonym (initials and class), stored on the case, not in the intake. */
    pseudonym: z.string().default(''),
    /** The chosen team's value; the first team when none (or an unknown one) is given. */
    team: z.string().default(''),
    description: z.string().default(''),
    scope: z.string().default(''),
    /** Comma-separated. */
    areas: z.string().default(''),
    /** Comma-separated. */
    safety: z.string().default(''),
  }),
  errors,
}).transform((vm) => ({
  ...vm,
  values: {
    pseudonym: clip(vm.values.pseudonym.trim(), PSEUDONYM_MAX),
    description: clip(vm.values.description.trim(), vm.descriptionMax),
    scope: keepKnownValues(vm.values.scope, vm.scopeChoices, true),
    areas: keepKnownValues(vm.values.areas, vm.areaChoices),
    safety: keepKnownValues(vm.values.safety, vm.safetyChoices),
    team: keepKnownValues(vm.values.team, vm.teamChoices, true) || (vm.teamChoices[0]?.value ?? ''),
  },
  showTeams: vm.teamChoices.length > 1,
}));

// 4. question ------------------------------------------------------------------------------------

export const INPUT_KINDS = ['single', 'multi', 'boolean', 'text'] as const;

export const QuestionViewModelSchema = CaseRefSchema.extend({
  /** The number shown as "Spørgsmål N". */
  step: z.number().int().positive(),
  /** The intake field asked: it is the input's id. */
  field: z.enum(INTAKE_FIELDS as [IntakeField, ...IntakeField[]]),
  question: z.string().trim().min(1).max(LIMITS.question),
  why: z.string().trim().min(1).max(LIMITS.text),
  input: z.strictObject({
    kind: z.enum(INPUT_KINDS),
    choices: z.array(ChoiceSchema).max(LIMITS.choices),
    /** The current answer; comma-separated for multi, "true"/"false" for boolean, '' for none. Normalised, see keepKnownValues. */
    value: z.string(),
    required: z.boolean(),
    maxLength: z.number().int().positive().max(LIMITS.description).nullable(),
    placeholder: z.string().trim().min(1).max(LIMITS.title).nullable(),
  }),
  canGoBack: z.boolean(),
  errors,
}).superRefine(({ input }, ctx) => {
  const issue = (message: string, key: string) => ctx.addIssue({ code: 'custom', message, path: ['input', key] });
  const values = input.choices.map((c) => c.value);
  if (new Set(values).size !== values.length) issue('Choice values must be unique', 'choices');
  if (input.kind === 'text') {
    if (input.choices.length > 0) issue('A text input has no choices', 'choices');
  } else if (input.kind === 'boolean') {
    if (values.length !== 2 || !values.includes('true') || !values.includes('false')) {
      issue('A boolean input has exactly the choices "true" and "false"', 'choices');
    }
  } else if (input.choices.length === 0) {
    issue(`A ${input.kind} input needs choices`, 'choices');
  }
  if (input.kind !== 'text' && (input.maxLength !== null || input.placeholder !== null)) {
    issue('maxLength and placeholder belong to text inputs only', 'maxLength');
  }
}).transform((vm) => ({
  ...vm,
  input: {
    ...vm.input,
    value:
      vm.input.kind === 'text'
        ? clip(vm.input.value.trim(), vm.input.maxLength ?? LIMITS.description)
        : keepKnownValues(vm.input.value, vm.input.choices, vm.input.kind !== 'multi'),
  },
}));

// 5. answered ------------------------------------------------------------------------------------

export const AnsweredViewModelSchema = z.strictObject({
  step: z.number().int().positive(),
  question: z.string().trim().min(1).max(LIMITS.question),
  /** Formatted from stored answers; clipped at LIMITS.answer since the description is part of it. */
  answer: z.string().trim().min(1).transform((a) => clip(a, LIMITS.answer)),
  note: z.string().trim().min(1).max(LIMITS.item).nullable(),
});

// 6. recommendation ------------------------------------------------------------------------------

const MeetingSchema = z.strictObject({
  title: z.string().trim().min(1).max(120),
  participants: z.array(z.string().trim().min(1).max(100)).max(10),
});

export const RecommendationViewModelSchema = CaseRefSchema.extend({
  /** The three levels of the ladder, in order, the current one marked. */
  levels: z
    .array(z.strictObject({ id: z.enum(LEVELS), title: z.string().trim().min(1).max(60), current: z.boolean() }))
    .length(LEVELS.length)
    .refine((ls) => ls.every((l, i) => l.id === LEVELS[i]), { message: `The levels come in the order ${LEVELS.join(', ')}` })
    .refine((ls) => ls.filter((l) => l.current).length === 1, { message: 'Exactly one level is current' }),
  levelTitle: title,
  stepTitle: title,
  /** The actor who leads the step (Danish title). */
  lead: title,
  actors: z.array(z.string().trim().min(1).max(120)).max(ACTORS.length),
  meeting: MeetingSchema.nullable(),
  alternativeMeetings: z.array(MeetingSchema).max(3),
  consentNote: z.string().trim().min(1).max(LIMITS.text).nullable(),
  /** Unmet PKU prerequisites. */
  missing: list(PREREQUISITES.length),
  /** Reminders that do not change the step. */
  todo: list(8),
  /** Why this step, each line naming the part of the guide it rests on. */
  rationale: list(10),
  /** Titles of the plan templates the step calls for. */
  templates: z.array(z.string().trim().min(1).max(120)).max(6),
  /** Whether a safeguarding card was shown above this one. */
  safeguardingShown: z.boolean(),
  /** The step is sparring (`sparring-plc`, `sparring-ekstern`): the card offers "Anmod om sparring". */
  canRequestSparring: z.boolean().default(false),
});

// 7. safeguarding --------------------------------------------------------------------------------

export const SafeguardingViewModelSchema = z.strictObject({
  acute: z.boolean(),
  title,
  /** Danish titles of the signs, e.g. "Vold". */
  concerns: z.array(z.string().trim().min(1).max(120)).max(LIMITS.list),
  /** What to do now, in order. */
  actions: list().min(1),
  basis: title,
  leadershipNote: z.string().trim().min(1).max(LIMITS.text),
});

// 8. notice --------------------------------------------------------------------------------------

export const NoticeViewModelSchema = z.strictObject({
  tone: z.enum(['info', 'warning', 'error']),
  title,
  text: z.string().trim().min(1).max(LIMITS.text),
  /** Details, e.g. the validation messages of a card that could not be read. */
  items: messageLines,
  actions: z.array(z.strictObject({ title: z.string().trim().min(1).max(60), verb: z.enum(CASELESS_VERBS) })).max(3),
});

// 8a. case-list and case: "mine sager" and one case with its plans and its history ---------------

const short = z.string().trim().min(1).max(120);

/** Plans shown on a case card (each with up to four buttons): keeps the card under 28 KB. */
export const CASE_CARD_PLANS = 8;
/** Requests for sparring listed on a case card (each with a button); the rest are counted. */
export const CASE_CARD_REQUESTS = 5;

export const CaseListViewModelSchema = z.strictObject({
  /** The card's heading, e.g. "Sager på Fjordbakkeskolen". */
  heading: short.default('Mine sager'),
  /** Shown when there are no cases. */
  emptyText: item.default('Du har ingen sager endnu. Start med en ny bekymring.'),
  cases: z
    .array(
      CaseRefSchema.extend({
        title: short,
        levelTitle: short,
        stepTitle: short,
        /** A Danish date, or "Ingen" when no saved plan has one. */
        nextEvaluation: short,
        updated: short,
        /** The teacher who opened the case (a leader's list); null leaves the line out. */
        owner: z.string().trim().min(1).max(80).nullable().default(null),
      }),
    )
    .max(15),
  /** More cases exist than are shown. */
  more: z.boolean(),
});

export const CaseViewModelSchema = CaseRefSchema.extend({
  title: short,
  levelTitle: short,
  stepTitle: short,
  created: short,
  plans: z
    .array(
      z.strictObject({
        planId: z.string().min(1).max(64),
        title: short,
        /** e.g. "Version 2, gemt 3. marts 2026 · evaluering 14. april 2026". */
        status: z.string().trim().min(1).max(200),
        /** The current version (0 for a draft never saved). */
        version: z.number().int().nonnegative(),
        /** Earlier versions, newest first (at most three buttons): each opens read-only. */
        previous: z.array(z.number().int().positive()).max(3),
      }).transform((p) => ({
        ...p,
        previousVersions: p.previous.map((version) => ({ planId: p.planId, version, title: `Version ${version}` })),
      })),
    )
    .max(CASE_CARD_PLANS),
  history: z.array(z.strictObject({ when: short, text: z.string().trim().min(1).max(200) })).max(12),
  /** The case's requests for sparring, newest first: the group, and where it stands (who took it, when). */
  requests: z
    .array(
      z.strictObject({
        requestId: z.string().min(1).max(100),
        /** The adviser group, e.g. "PLC – Fjordbakkeskolen". */
        groupTitle: short,
        /** e.g. "Taget af Hanne Lykke 4. december 2026" (a name of at most 80 characters and a date). */
        status: short,
      }),
    )
    .max(CASE_CARD_REQUESTS)
    .default([]),
  /** Requests not listed. */
  requestsMore: z.number().int().nonnegative().default(0),
  canDraft: z.boolean(),
  canResume: z.boolean(),
  /** An open case: the card offers "Anmod om sparring". */
  canRequestSparring: z.boolean().default(false),
}).transform((vm) => ({
  ...vm,
  requestsMoreText: vm.requestsMore > 0 ? `… og ${vm.requestsMore} mere` : null,
}));

// 8b. proactive messages (issue 4): reminders, alerts, the weekly digest, the admin status -------
//
// These cards are sent unasked, to busy staff: short, and never a child's name, only the case's
// pseudonym ("A.B., 4.B"). Dates arrive as 'YYYY-MM-DD' or already as Danish text (an instant is
// formatted by the view function, in Europe/Copenhagen); the transforms build the lines shown.

const ref = z.string().min(1).max(100);
const planRef = z.string().min(1).max(64);
const personName = z.string().trim().min(1).max(80);
const count = z.number().int().nonnegative();
const isoDate = z.string().refine(isCalendarDate, { message: 'Expected a calendar date YYYY-MM-DD' });
/** The case's pseudonym, e.g. "A.B., 4.B"; null when the case has none. */
const pseudonym = z.string().trim().min(1).max(60).nullable();
type Fact = { title: string; value: string };

/** How a case without a pseudonym is named on these cards. */
export const NO_PSEUDONYM = '(uden kaldenavn)';
const caseName = (p: string | null) => p ?? NO_PSEUDONYM;
/** The facts whose value is known, in order. */
const facts = (pairs: [string, string | null][]): Fact[] => pairs.flatMap(([title, value]) => (value ? [{ title, value }] : []));

export const EVALUATION_REMINDER_KINDS = ['due-soon', 'due', 'overdue'] as const;
export type EvaluationReminderKind = (typeof EVALUATION_REMINDER_KINDS)[number];

const REMINDER_HEADINGS: Record<EvaluationReminderKind, string> = {
  'due-soon': 'Evaluering om to skoledage',
  due: 'Evaluering i dag',
  overdue: 'Evalueringen er overskredet',
};
const REMINDER_STYLES: Record<EvaluationReminderKind, 'emphasis' | 'warning' | 'attention'> = {
  'due-soon': 'emphasis',
  due: 'warning',
  overdue: 'attention',
};

export const EvaluationReminderViewModelSchema = z.strictObject({
  caseId: ref,
  planId: planRef,
  kind: z.enum(EVALUATION_REMINDER_KINDS),
  planTitle: short,
  pseudonym,
  schoolName: short.nullable(),
  teamName: short.nullable(),
  evaluationDate: isoDate,
  tovholderName: personName.nullable(),
  /** Why the recipient gets it: the plan's tovholder, or a leader of the school. */
  role: z.enum(['leder', 'tovholder']),
  /** Where the reminder stands: open (the buttons), or what happened to it (the card updated in place). */
  state: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('open') }),
    /** `until`: a Danish weekday, date and time, e.g. "mandag 14. december 2026 kl. 07.30". */
    z.strictObject({ kind: z.literal('snoozed'), until: short }),
    /** `at`: a Danish date. */
    z.strictObject({ kind: z.literal('evaluated'), by: personName, at: short }),
    /** The plan is evaluated, archived or deleted by other means: what to say about it. */
    z.strictObject({ kind: z.literal('gone'), text: item }),
  ]),
}).transform((vm) => {
  const date = danishIsoDate(vm.evaluationDate);
  // Evaluating still makes sense while the reminder is open or snoozed; the rest only while open.
  const canEvaluate = vm.state.kind === 'open' || vm.state.kind === 'snoozed';
  const lead = {
    'due-soon': `Planen skal evalueres den ${date}.${canEvaluate ? ' Find en tid sammen med teamet.' : ''}`,
    due: `Planen skal evalueres i dag, den ${date}.`,
    overdue: `Planen skulle have været evalueret den ${date}.${canEvaluate ? ' Evaluér den, så sagen kan komme videre.' : ''}`,
  }[vm.kind];
  const status = {
    open: null,
    snoozed: vm.state.kind === 'snoozed' ? `Udskudt til ${vm.state.until}` : null,
    evaluated: vm.state.kind === 'evaluated' ? `Markeret som evalueret af ${vm.state.by} ${vm.state.at}` : null,
    gone: vm.state.kind === 'gone' ? vm.state.text : null,
  }[vm.state.kind];
  return {
    ...vm,
    heading: REMINDER_HEADINGS[vm.kind],
    headerStyle: REMINDER_STYLES[vm.kind],
    lead,
    because: vm.role === 'tovholder' ? 'Du får beskeden, fordi du er tovholder på planen.' : 'Du får beskeden, fordi du er leder på skolen.',
    facts: facts([
      ['Sag', caseName(vm.pseudonym)],
      ['Plan', vm.planTitle],
      ['Team', vm.teamName],
      ['Skole', vm.schoolName],
      ['Evalueres', date],
      ['Tovholder', vm.tovholderName],
    ]),
    status,
    statusStyle: vm.state.kind === 'evaluated' ? 'good' : 'emphasis',
    canEvaluate,
    canSnooze: vm.state.kind === 'open',
  };
});

export const SafeguardingAlertViewModelSchema = z.strictObject({
  caseId: ref,
  pseudonym,
  schoolName: short.nullable(),
  teamName: short.nullable(),
  /** The teacher who flagged it (display name). */
  reportedBy: personName,
  /** A Danish date and time, e.g. "4. december 2026 kl. 10.15". */
  at: short,
  acute: z.boolean(),
  /** Danish labels of what was flagged, e.g. "Vold". */
  concerns: z.array(z.string().trim().min(1).max(120)).max(LIMITS.list),
  /** What the duty to notify asks of the leader now, in order. */
  leaderActions: list().min(1),
}).transform((vm) => ({
  ...vm,
  lead: `${vm.reportedBy} har markeret tegn på, at et barn ikke er i sikkerhed. Du får besked med det samme som leder på skolen.`,
  facts: facts([
    ['Sag', caseName(vm.pseudonym)],
    ['Team', vm.teamName],
    ['Skole', vm.schoolName],
    ['Markeret af', vm.reportedBy],
    ['Tidspunkt', vm.at],
    ['Tegn på', vm.concerns.length > 0 ? vm.concerns.join(', ') : 'Ikke angivet'],
  ]),
}));

/** The referral (henvisning til PKU) is granted a year at a time: a reminder when its revisitation is due. */
export const RevisitationReminderViewModelSchema = z.strictObject({
  caseId: ref,
  planId: planRef,
  pseudonym,
  schoolName: short.nullable(),
  teamName: short.nullable(),
  revisitationDate: isoDate,
}).transform((vm) => ({
  ...vm,
  lead: `Et indgribende tilbud gives for et år ad gangen og vurderes derefter igen. Revisitationen af henvisningen er sat til den ${danishIsoDate(vm.revisitationDate)}.`,
  facts: facts([
    ['Sag', caseName(vm.pseudonym)],
    ['Team', vm.teamName],
    ['Skole', vm.schoolName],
    ['Revisitation', danishIsoDate(vm.revisitationDate)],
  ]),
}));

/** Plans listed in each section of the weekly digest; the rest are counted ("… og 3 mere"). */
export const DIGEST_LIST_MAX = 15;

/**
 * A plan line of the digest. Lines have no buttons (thirty "Evaluér nu" would take the card past
 * 28 KB): the reminders carry those, and "Sager på skolen" opens every case.
 */
const DigestPlanSchema = z.strictObject({
  planTitle: short,
  pseudonym,
  teamName: short.nullable(),
  evaluationDate: isoDate,
}).transform((p) => ({
  ...p,
  line: [caseName(p.pseudonym), p.teamName, danishIsoDate(p.evaluationDate)].filter((x) => x !== null).join(' · '),
}));

const digestSection = (title: string, empty: string, color: 'Attention' | 'Default', plans: z.output<typeof DigestPlanSchema>[], more: number) => ({
  title: `${title} (${plans.length + more})`,
  color,
  empty: plans.length === 0 ? empty : null,
  plans,
  more: more > 0 ? `… og ${more} mere` : null,
});

export const WeeklyDigestViewModelSchema = z.strictObject({
  schoolName: short,
  /** e.g. "Uge 50". */
  weekLabel: z.string().trim().min(1).max(40),
  dueThisWeek: z.array(DigestPlanSchema).max(DIGEST_LIST_MAX),
  /** Plans due this week that are not listed. */
  dueMore: count,
  overdue: z.array(DigestPlanSchema).max(DIGEST_LIST_MAX),
  overdueMore: count,
  casesByLevel: z.strictObject({ forebyggende: count, foregribende: count, indgribende: count }),
  /** Open requests for sparring from the school; null leaves the line out. */
  openRequests: count.nullable(),
}).transform((vm) => ({
  ...vm,
  sections: [
    digestSection('Overskredne evalueringer', 'Ingen evalueringer er overskredet.', 'Attention', vm.overdue, vm.overdueMore),
    digestSection('Skal evalueres i denne uge', 'Ingen planer skal evalueres i denne uge.', 'Default', vm.dueThisWeek, vm.dueMore),
  ],
  levelFacts: [
    { title: 'Forebyggende', value: String(vm.casesByLevel.forebyggende) },
    { title: 'Foregribende', value: String(vm.casesByLevel.foregribende) },
    { title: 'Indgribende', value: String(vm.casesByLevel.indgribende) },
    ...(vm.openRequests === null ? [] : [{ title: 'Åbne anmodninger om sparring', value: String(vm.openRequests) }]),
  ],
}));

/** People and failed messages listed on the admin status card; the rest are counted. */
export const ADMIN_LIST_LIMITS = { unreachable: 20, failed: 10, counts: 12, error: 200 } as const;

export const AdminStatusViewModelSchema = z.strictObject({
  directory: z.strictObject({
    /** The file's path (its end, when long). */
    file: z.string().trim().min(1).max(LIMITS.title),
    /** A Danish date and time. */
    loadedAt: short,
    people: count,
    schools: count,
  }),
  /** People in the directory the bot cannot write to yet (no conversation reference): they must install the app. */
  unreachable: z
    .array(z.strictObject({ displayName: personName, roles: z.string().trim().max(120) }))
    .max(ADMIN_LIST_LIMITS.unreachable),
  unreachableMore: count,
  failed: z
    .array(
      z.strictObject({
        /** What the message was, in Danish, e.g. "Påmindelse om evaluering". */
        kind: short,
        recipient: z.string().trim().min(1).max(120),
        attempts: count,
        /** The last error as recorded (from Teams or the network): clipped, never refused. */
        lastError: z.string().nullable().transform((e) => (e === null || e.trim() === '' ? null : clip(e.trim(), ADMIN_LIST_LIMITS.error))),
        /** A Danish date and time. */
        at: short,
      }),
    )
    .max(ADMIN_LIST_LIMITS.failed),
  failedMore: count,
  /** Messages in the outbox by state, e.g. { title: "Venter", value: 3 }. */
  counts: z.array(z.strictObject({ title: short, value: count })).max(ADMIN_LIST_LIMITS.counts),
}).transform((vm) => ({
  ...vm,
  directoryFacts: [
    { title: 'Fil', value: vm.directory.file },
    { title: 'Indlæst', value: vm.directory.loadedAt },
    { title: 'Personer', value: String(vm.directory.people) },
    { title: 'Skoler', value: String(vm.directory.schools) },
  ],
  unreachableTitle: `Kan ikke nås endnu (${vm.unreachable.length + vm.unreachableMore})`,
  unreachableFacts: vm.unreachable.map((u) => ({ title: u.displayName, value: u.roles || '—' })),
  unreachableMoreText: vm.unreachableMore > 0 ? `… og ${vm.unreachableMore} mere` : null,
  failedTitle: `Beskeder, der ikke kunne sendes (${vm.failed.length + vm.failedMore})`,
  failedLines: vm.failed.map((f) => ({
    title: `${f.kind} til ${f.recipient}`,
    detail: `${f.at} · ${f.attempts === 1 ? '1 forsøg' : `${f.attempts} forsøg`}`,
    lastError: f.lastError,
  })),
  failedMoreText: vm.failedMore > 0 ? `… og ${vm.failedMore} mere` : null,
  countFacts: vm.counts.map((c) => ({ title: c.title, value: String(c.value) })),
}));

// 8c. sparring requests (issue 5): the form, the request as each viewer sees it, the lists -------
//
// A request goes to an adviser group (a pool of the directory: a school's PLC or AKT, a district's
// practice advisers, advisory team or family services). A group's value on a card is the pool's id
// only: the school or district comes from the stored case, never from the card. The cards name the
// case by its pseudonym, never a child's name.

/** Who looks at a request card: the buttons follow from it and from the state. */
export const SPARRING_VIEWERS = ['pool-member', 'claimant', 'teacher', 'other'] as const;
export type SparringViewer = (typeof SPARRING_VIEWERS)[number];

/** Bounds of the request cards: the texts the domain accepts, and the lists that keep a card under 28 KB. */
export const SPARRING_LIMITS = {
  wishedTime: WISHED_TIME_MAX,
  summary: SUMMARY_MAX,
  closingNote: CLOSING_NOTE_MAX,
  rejectionReason: REJECTION_REASON_MAX,
  /** History lines on a request card (the latest). */
  history: 10,
  /** Teams runs a card's refresh automatically for at most 60 users. */
  refreshUsers: 60,
  /** Requests on a list card. */
  list: 15,
  /** A deep link (chat, meeting) on a button. */
  url: 2000,
  /** A message under an input of the form. */
  fieldError: 160,
} as const;

/** The ids of the inputs of the request card: "Send videre" (`forwardTo`), "Afvis" (`reason`) and "Afslut" (`note`). */
export const SPARRING_REQUEST_INPUTS = ['forwardTo', 'reason', 'note'] as const;

const requestRef = z.string().min(1).max(100);
/** A request's version when the card was drawn: a button of an older card changes nothing. */
const requestVersion = z.number().int().nonnegative();
/** An adviser group offered as a choice: the pool's id, and its name, e.g. "PLC – Fjordbakkeskolen". */
const GroupChoiceSchema = z.strictObject({ title: short, value: z.enum(SPARRING_POOLS) });
const groupChoices = (min: number) =>
  z
    .array(GroupChoiceSchema)
    .min(min)
    .max(SPARRING_POOLS.length)
    .refine((cs) => new Set(cs.map((c) => c.value)).size === cs.length, { message: 'Choice values must be unique' });
/** A deep link into Teams (chat, meeting), opened by an Action.OpenUrl. */
const teamsLink = z
  .string()
  .max(SPARRING_LIMITS.url)
  .refine((u) => u.startsWith('https://teams.microsoft.com/l/'), { message: 'Expected a Teams deep link (https://teams.microsoft.com/l/…)' });

const SparringFieldErrorSchema = z.strictObject({ field: z.string().max(64).nullable(), message: z.string() });

const CONSENT_NOTE =
  'Samtykket kræves, når anmodningen handler om et bestemt barn og går til rådgivere uden for skolen (praksisvejledere, Det rådgivende team eller Familierådgivningen).';

export const SparringFormViewModelSchema = z.strictObject({
  caseId: requestRef,
  /** Sent back with the card, so a double click sends one request. */
  formId: requestRef,
  pseudonym,
  /** The step the case is on, e.g. "Søg sparring og vejledning hos en PLC-vejleder"; null leaves it out. */
  stepTitle: short.nullable(),
  /** The groups the request may go to (the case's school's and district's pools). */
  groupChoices: groupChoices(1),
  /** The kinds of help (HELP_KINDS, with their Danish labels). */
  helpKindChoices: z
    .array(z.strictObject({ title: short, value: z.enum(HELP_KINDS) }))
    .min(1)
    .max(HELP_KINDS.length),
  /** What is preselected, or what the user sent (shown again after an error): normalised, never refused. */
  values: z.strictObject({
    /** The pool; the first group when none (or an unknown one) is given. */
    pool: z.string().default(''),
    /** Comma-separated help kinds. */
    helpKinds: z.string().default(''),
    wishedTime: z.string().default(''),
    summary: z.string().default(''),
    parentsConsent: z.boolean().nullable().default(null),
  }),
  /** The case is about one child: the card asks for the parents' consent. */
  childSpecific: z.boolean(),
  /** Validation messages: under their input when `field` names one, else at the top. */
  errors: z.array(SparringFieldErrorSchema).max(40).default([]),
}).transform((vm) => {
  const inputs = new Set<string>(SPARRING_FORM_FIELDS);
  const err: Record<SparringFormField, string> = { pool: '', helpKinds: '', wishedTime: '', summary: '', parentsConsent: '' };
  const generalErrors: string[] = [];
  for (const e of vm.errors) {
    const message = e.message.trim();
    if (message === '') continue;
    // The consent input is only drawn for a child-specific request: otherwise its message goes on top.
    const field = e.field !== null && inputs.has(e.field) && (e.field !== 'parentsConsent' || vm.childSpecific) ? (e.field as SparringFormField) : null;
    if (field !== null) {
      if (!err[field]) err[field] = clip(message, SPARRING_LIMITS.fieldError);
    } else if (generalErrors.length < LIMITS.list) generalErrors.push(clip(message, LIMITS.item));
  }
  return {
    ...vm,
    values: {
      pool: keepKnownValues(vm.values.pool, vm.groupChoices, true) || (vm.groupChoices[0]?.value ?? ''),
      helpKinds: keepKnownValues(vm.values.helpKinds, vm.helpKindChoices),
      wishedTime: clip(vm.values.wishedTime.trim(), SPARRING_LIMITS.wishedTime),
      summary: clip(vm.values.summary.trim(), SPARRING_LIMITS.summary),
      parentsConsent: vm.values.parentsConsent === true ? 'true' : 'false',
    },
    subtitle: [caseName(vm.pseudonym), vm.stepTitle].filter((x) => x !== null).join(' · '),
    err,
    generalErrors,
    hasErrors: vm.errors.some((e) => e.message.trim() !== ''),
    consentNote: CONSENT_NOTE,
  };
});

const SPARRING_STATE_LABELS: Record<SparringState, string> = {
  ny: 'Venter på en rådgiver',
  taget: 'Taget',
  afsluttet: 'Afsluttet',
  afvist: 'Afvist',
};
const SPARRING_STATE_STYLES: Record<SparringState, 'warning' | 'good' | 'emphasis' | 'attention'> = {
  ny: 'warning',
  taget: 'good',
  afsluttet: 'emphasis',
  afvist: 'attention',
};

export const SparringRequestViewModelSchema = z.strictObject({
  requestId: requestRef,
  version: requestVersion,
  caseId: requestRef,
  pseudonym,
  /** The group it is routed to, e.g. "PLC – Fjordbakkeskolen". */
  groupTitle: short,
  schoolName: short.nullable(),
  /** Danish labels of the kinds of help asked for. */
  helpKinds: z.array(short).min(1).max(HELP_KINDS.length),
  /** Free text, e.g. "uge 50, gerne tirsdag"; '' when none was given. */
  wishedTime: z.string().trim().max(SPARRING_LIMITS.wishedTime),
  summary: z.string().trim().min(1).max(SPARRING_LIMITS.summary),
  requestedByName: personName,
  /** Danish date and time. */
  createdAt: short,
  state: z.enum(SPARRING_STATES),
  claimedByName: personName.nullable(),
  /** Danish date and time. */
  claimedAt: short.nullable(),
  closingNote: z.string().trim().max(SPARRING_LIMITS.closingNote).nullable(),
  rejectionReason: z.string().trim().max(SPARRING_LIMITS.rejectionReason).nullable(),
  /** What happened, oldest first: `when` a short Danish date and time. */
  history: z.array(z.strictObject({ when: short, text: item })).max(SPARRING_LIMITS.history),
  viewer: z.enum(SPARRING_VIEWERS),
  /** The groups it may be sent on to ("Send videre"); none leaves the button out. */
  forwardTo: groupChoices(0),
  /** A Teams chat: for the teacher with the adviser who took it, for that adviser with the teacher. */
  chat: z.strictObject({ url: teamsLink }).nullable(),
  /** A new Teams meeting prefilled with subject, attendees and agenda (the teacher's card). */
  meeting: z.strictObject({ url: teamsLink }).nullable(),
  /** Who gets their own card by Universal Actions' refresh (AAD object ids); none leaves `refresh` out. */
  refreshUserIds: z.array(z.string().trim().min(1).max(100)).max(SPARRING_LIMITS.refreshUsers),
  /** A line at the top, e.g. why nothing changed ("Hanne Lykke tog den først."). */
  note: item.nullable(),
}).transform((vm) => {
  const open = vm.state === 'ny';
  const taken = vm.state === 'taget';
  const claimant = vm.viewer === 'claimant' && taken;
  const member = vm.viewer === 'pool-member' && open;
  const claimed = vm.claimedByName ?? 'en rådgiver';
  const when = (at: string | null) => (at ? ` ${at}` : '');
  const status =
    open ? (vm.viewer === 'pool-member' ? 'Ny anmodning: tag den, send den videre eller afvis den.' : `Venter på, at en fra ${vm.groupTitle} tager den.`)
    : taken ? (claimant ? `Du tog den${when(vm.claimedAt)}.` : `Taget af ${claimed}${when(vm.claimedAt)}`)
    : vm.state === 'afsluttet' ? `Afsluttet af ${claimed}`
    : 'Afvist';
  const finalText =
    vm.state === 'afsluttet' ? (vm.closingNote ? vm.closingNote : 'Ingen note.')
    : vm.state === 'afvist' ? (vm.rejectionReason ? vm.rejectionReason : 'Ingen begrundelse.')
    : null;
  const chatWith = vm.viewer === 'teacher' ? vm.claimedByName : vm.viewer === 'claimant' ? vm.requestedByName : null;
  const canOpenUrl = taken && (vm.viewer === 'teacher' || claimant);
  return {
    ...vm,
    heading: caseName(vm.pseudonym),
    stateLabel: SPARRING_STATE_LABELS[vm.state],
    headerStyle: SPARRING_STATE_STYLES[vm.state],
    status,
    finalTitle: vm.state === 'afsluttet' ? 'Note til sagen' : vm.state === 'afvist' ? 'Begrundelse' : null,
    finalText,
    facts: facts([
      ['Gruppe', vm.groupTitle],
      ['Skole', vm.schoolName],
      ['Hjælp', vm.helpKinds.join(', ')],
      ['Ønsket tid', vm.wishedTime || 'Ikke angivet'],
      ['Sendt af', vm.requestedByName],
      ['Sendt', vm.createdAt],
      ['Taget af', taken || vm.state === 'afsluttet' ? vm.claimedByName : null],
    ]),
    canClaim: member,
    canForward: (member || claimant) && vm.forwardTo.length > 0,
    canReject: member || claimant,
    canClose: claimant,
    canRelease: claimant,
    canOpenCase: claimant,
    chatButton: canOpenUrl && vm.chat !== null && chatWith !== null ? { title: `Chat med ${chatWith}`, url: vm.chat.url } : null,
    meetingButton: taken && vm.viewer === 'teacher' && vm.meeting !== null ? { url: vm.meeting.url } : null,
    forwardValue: vm.forwardTo[0]?.value ?? '',
    refresh: vm.refreshUserIds.length > 0,
  };
});

export const SparringListViewModelSchema = z.strictObject({
  /** e.g. "Mine anmodninger" or "Åbne anmodninger". */
  title: short,
  /** Shown when there are none. */
  emptyText: item,
  requests: z
    .array(
      z.strictObject({
        requestId: requestRef,
        caseId: requestRef,
        pseudonym,
        groupTitle: short,
        state: z.enum(SPARRING_STATES),
        claimedByName: personName.nullable(),
        /** Danish date. */
        createdAt: short,
        wishedTime: z.string().trim().max(SPARRING_LIMITS.wishedTime),
      }).transform((r) => ({
        ...r,
        heading: caseName(r.pseudonym),
        line: [
          r.groupTitle,
          r.state === 'ny' ? `Sendt ${r.createdAt}` : r.state === 'taget' ? `Taget af ${r.claimedByName ?? 'en rådgiver'}` : SPARRING_STATE_LABELS[r.state],
          r.wishedTime ? `Ønsket tid: ${r.wishedTime}` : null,
        ].filter((x) => x !== null).join(' · '),
      })),
    )
    .max(SPARRING_LIMITS.list),
  /** More requests exist than are shown. */
  more: z.boolean(),
});

// 9–20. plans (docs/skabeloner.md) ----------------------------------------------------------------
//
// One view model per plan template, all built by `planViewModelSchema`. The caller passes the flat
// card values (`planToCardValues(content)` for a saved version, or what the user sent back with
// `parsePlanCard`'s errors); the transform normalises them for the template: every input's value
// (`v`), the error under each input (`err`), which slots of a list are shown (`show`: the filled
// ones and one spare), and the read-only texts (`ro`) for an earlier version.

/** How many slots of each list kind a card shows: the filled ones, and one empty spare while editing. */
const SLOT_GROUPS: Record<string, { prefix: string; count: number; spare: boolean }[]> = {
  goals: [{ prefix: 'goal', count: 4, spare: true }],
  // An evaluation's goals come from the plan: no spare slot once there are some.
  evalGoals: [{ prefix: 'goal', count: 4, spare: false }],
  actions: [{ prefix: 'action', count: 6, spare: true }],
  tasks: [{ prefix: 'task', count: 6, spare: true }],
  dataRows: [{ prefix: 'data', count: 6, spare: true }],
};

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
  const groups = PLAN_FORMS[templateId].sections.flatMap((s) => s.fields).flatMap((f) => SLOT_GROUPS[f.kind] ?? []);
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
export const HenvisningPkuViewModelSchema = planViewModelSchema('henvisning-pku');

// Registry ---------------------------------------------------------------------------------------

/** Template name (the file `adaptive-cards/<name>.json`) → its view-model schema. */
export const CARD_SCHEMAS = {
  welcome: WelcomeViewModelSchema,
  help: HelpViewModelSchema,
  'intake-start': IntakeStartViewModelSchema,
  question: QuestionViewModelSchema,
  answered: AnsweredViewModelSchema,
  recommendation: RecommendationViewModelSchema,
  safeguarding: SafeguardingViewModelSchema,
  notice: NoticeViewModelSchema,
  'case-list': CaseListViewModelSchema,
  case: CaseViewModelSchema,
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
  'henvisning-pku': HenvisningPkuViewModelSchema,
  'evaluation-reminder': EvaluationReminderViewModelSchema,
  'safeguarding-alert': SafeguardingAlertViewModelSchema,
  'revisitation-reminder': RevisitationReminderViewModelSchema,
  'weekly-digest': WeeklyDigestViewModelSchema,
  'admin-status': AdminStatusViewModelSchema,
  'sparring-form': SparringFormViewModelSchema,
  'sparring-request': SparringRequestViewModelSchema,
  'sparring-list': SparringListViewModelSchema,
} as const;

export type CardName = keyof typeof CARD_SCHEMAS;
export const CARD_NAMES = Object.keys(CARD_SCHEMAS) as CardName[];

/** What a caller passes to `renderCard` (defaults not yet applied). */
export type ViewModel<N extends CardName> = z.input<(typeof CARD_SCHEMAS)[N]>;
/** What the template is bound to (after parsing). */
export type ParsedViewModel<N extends CardName> = z.output<(typeof CARD_SCHEMAS)[N]>;

export type WelcomeViewModel = ViewModel<'welcome'>;
export type HelpViewModel = ViewModel<'help'>;
export type IntakeStartViewModel = ViewModel<'intake-start'>;
export type QuestionViewModel = ViewModel<'question'>;
export type AnsweredViewModel = ViewModel<'answered'>;
export type RecommendationViewModel = ViewModel<'recommendation'>;
export type SafeguardingViewModel = ViewModel<'safeguarding'>;
export type NoticeViewModel = ViewModel<'notice'>;
export type CaseListViewModel = ViewModel<'case-list'>;
export type EvaluationReminderViewModel = ViewModel<'evaluation-reminder'>;
export type SafeguardingAlertViewModel = ViewModel<'safeguarding-alert'>;
export type RevisitationReminderViewModel = ViewModel<'revisitation-reminder'>;
export type WeeklyDigestViewModel = ViewModel<'weekly-digest'>;
export type AdminStatusViewModel = ViewModel<'admin-status'>;
export type SparringFormViewModel = ViewModel<'sparring-form'>;
export type SparringRequestViewModel = ViewModel<'sparring-request'>;
export type SparringListViewModel = ViewModel<'sparring-list'>;
/** The view model of any plan template (they share one shape). */
export type PlanViewModel = ViewModel<'plan-faellesskab'>;

export function isCardName(name: string): name is CardName {
  return Object.hasOwn(CARD_SCHEMAS, name);
}

/**
 * The ids a template's inputs may have: intake fields for the intake cards, the plan's card value
 * keys for a plan card, the form's fields for a sparring request.
 */
export function cardInputIds(name: CardName): readonly string[] {
  if (isPlanTemplateId(name)) return planCardKeys(name);
  if (name === 'sparring-form') return SPARRING_FORM_FIELDS;
  if (name === 'sparring-request') return SPARRING_REQUEST_INPUTS;
  if (name === 'sparring-list') return [];
  return name === 'intake-start' ? [...INTAKE_FIELDS, 'pseudonym', 'team'] : INTAKE_FIELDS;
}
