/**
 * From domain objects to cards: each function builds a template's view model and renders it.
 * The only place that knows both the domain and the card templates.
 */
import type { IntakeField } from '../domain/intake.js';
import { DESCRIPTION_MAX, FIELD_KINDS } from '../domain/intake.js';
import type { Playbook } from '../domain/playbook.js';
import { LEVELS, type Level, type Recommendation, type Safeguarding, type StepId, type TemplateId } from '../domain/recommendation.js';
import type { CaseDetail, CaseSummary } from '../cases/case-overview.service.js';
import type { PlanRecord } from '../plans/plan.repository.js';
import { choicesFor, formatAnswer, questionFor } from '../domain/questions.js';
import type { AnsweredSummary, FieldError, Screen } from '../cases/intake.service.js';
import { renderCard, type AdaptiveCardJson } from './render.js';
import {
  ADMIN_LIST_LIMITS, CASE_CARD_PLANS, DIGEST_LIST_MAX, LIMITS, clip, type CaselessVerb, type EvaluationReminderKind,
} from './schemas.js';

export type Card = AdaptiveCardJson;

const danishDate = (d: Date) =>
  d.toLocaleDateString('da-DK', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Copenhagen' });

const danishDateTime = (d: Date) =>
  d.toLocaleString('da-DK', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Copenhagen' });

const danishWeekday = (d: Date) => d.toLocaleDateString('da-DK', { weekday: 'long', timeZone: 'Europe/Copenhagen' });

/** e.g. "mandag 14. december 2026 kl. 07.30" (local time in Europe/Copenhagen). */
const danishWeekdayDateTime = (d: Date) => `${danishWeekday(d)} ${danishDateTime(d)}`;

/** Text from the directory or the playbook, cut to what a card's schema allows (never refused: the message must go). */
const fit = (text: string, max: number) => clip(text.trim(), max);
const fitOrNull = (text: string | null, max: number) => (text === null || text.trim() === '' ? null : fit(text, max));

export function welcomeCard(openCase: { updatedAt: Date; questionNumber: number } | null, userName: string | null = null): Card {
  return renderCard('welcome', {
    userName,
    openCase: openCase ? { started: danishDate(openCase.updatedAt), questionNumber: openCase.questionNumber } : null,
  });
}

export const COMMANDS = [
  { command: 'ny bekymring', description: 'Start en ny bekymring og find det rette trin på indsatstrappen' },
  { command: 'fortsæt', description: 'Fortsæt, hvor du slap' },
  { command: 'hjælp', description: 'Se, hvad Indsatsguiden kan' },
  { command: 'annullér', description: 'Annullér den igangværende bekymring' },
  { command: 'mine sager', description: 'Se dine sager, deres trin, planer og næste evaluering' },
] as const;

export function helpCard(): Card {
  return renderCard('help', { commands: COMMANDS.map((c) => ({ ...c })) });
}

function errorLines(errors: FieldError[], playbook: Playbook): string[] {
  return errors.map((e) => (e.field ? `${questionFor(e.field, playbook).label}: ${e.message}` : e.message));
}

/** A team a concern may be tied to, as offered on the first card: id `<schoolId>/<teamId>`, title e.g. "4.B – Fjordbakkeskolen". */
export interface TeamOption {
  id: string;
  title: string;
}

/** The cards of a screen; `teams` are offered on the first card (see questionCard). */
export function screenCards(screen: Screen, playbook: Playbook, teams: readonly TeamOption[] = []): Card[] {
  if (screen.kind === 'recommendation') {
    const cards: Card[] = [];
    if (screen.recommendation.safeguarding) cards.push(safeguardingCard(screen.recommendation.safeguarding, playbook));
    cards.push(recommendationCard(screen.caseId, screen.seq, screen.recommendation));
    return cards;
  }
  return [questionCard(screen, playbook, teams)];
}

/**
 * The card of a question screen. On the first card, `teams` (the teacher's own teams) are offered
 * as a choice when there are several, the one in `screen.values.team` (else the first) selected;
 * with none or one, the card shows no choice.
 */
export function questionCard(screen: Extract<Screen, { kind: 'question' }>, playbook: Playbook, teams: readonly TeamOption[] = []): Card {
  const errors = errorLines(screen.errors, playbook);
  if (screen.fields.length > 1) {
    const values: Partial<Record<string, string>> = screen.values;
    const first = questionFor('scope', playbook);
    return renderCard('intake-start', {
      caseId: screen.caseId,
      seq: screen.seq,
      step: screen.number,
      stepsHint: 'De første spørgsmål, som alle bekymringer starter med',
      why: first.why,
      descriptionMax: DESCRIPTION_MAX,
      scopeChoices: choicesFor('scope', playbook),
      areaChoices: choicesFor('areas', playbook),
      safetyChoices: choicesFor('safety', playbook),
      teamChoices: teams.slice(0, LIMITS.teams).map((t) => ({ title: fit(t.title, 120), value: t.id })),
      values: {
        pseudonym: screen.values.pseudonym,
        description: screen.values.description,
        scope: screen.values.scope,
        areas: screen.values.areas,
        safety: screen.values.safety,
        team: values.team,
      },
      errors,
    });
  }
  const field = screen.fields[0] as IntakeField;
  const q = questionFor(field, playbook);
  const kind = FIELD_KINDS[field];
  return renderCard('question', {
    caseId: screen.caseId,
    seq: screen.seq,
    step: screen.number,
    field,
    question: q.text,
    why: q.why,
    input: {
      kind: kind.kind,
      choices: kind.kind === 'text' ? [] : choicesFor(field, playbook),
      value: screen.values[field] ?? '',
      required: kind.kind === 'single' || kind.kind === 'boolean' || (kind.kind === 'multi' && kind.min > 0),
      maxLength: kind.kind === 'text' ? kind.max : null,
      placeholder: kind.kind === 'text' ? 'Brug initialer – aldrig navn eller CPR-nummer' : null,
    },
    canGoBack: screen.canGoBack,
    errors,
  });
}

export function answeredCard(summary: AnsweredSummary, playbook: Playbook, note: string | null = null): Card {
  const start = summary.fields.length > 1 || summary.fields.includes('scope');
  const question = start ? 'Bekymringen' : questionFor(summary.fields[0] as IntakeField, playbook).text;
  const answer = summary.fields
    .map((f) => {
      const formatted = formatAnswer(f, summary.intake[f], playbook);
      return start ? `${questionFor(f, playbook).label}: ${formatted}` : formatted;
    })
    .join(' · ');
  return renderCard('answered', { step: summary.number, question, answer, note });
}

export function recommendationCard(caseId: string, seq: number, r: Recommendation): Card {
  return renderCard('recommendation', {
    caseId,
    seq,
    levels: LEVELS.map((id) => ({ id, title: levelTitle(id, r), current: id === r.level })),
    levelTitle: r.levelTitle,
    stepTitle: r.title,
    lead: r.lead.title,
    actors: r.actors.map((a) => a.title),
    meeting: r.meeting ? { title: r.meeting.title, participants: r.meeting.participants } : null,
    alternativeMeetings: r.alternativeMeetings.map((m) => ({ title: m.title, participants: m.participants })),
    consentNote: r.consentRequired
      ? 'Forældrenes samtykke er nødvendigt, før I går videre med dette trin (fx et arbejdsmøde om barnet eller en indstilling til PPV).'
      : null,
    missing: r.missing.map((m) => m.title),
    todo: r.todo,
    rationale: r.rationale,
    templates: r.templates.map((t) => t.title),
    safeguardingShown: r.safeguarding !== null,
  });
}

const LEVEL_SHORT: Record<(typeof LEVELS)[number], string> = {
  forebyggende: 'Forebyggende',
  foregribende: 'Foregribende',
  indgribende: 'Indgribende',
};
const levelTitle = (id: (typeof LEVELS)[number], _r: Recommendation) => LEVEL_SHORT[id];

export function safeguardingCard(s: Safeguarding, playbook: Playbook): Card {
  return renderCard('safeguarding', {
    acute: s.acute,
    title: s.title,
    concerns: s.concerns.map((c) => formatAnswer('safety', [c], playbook)),
    actions: s.actions,
    basis: s.basis,
    leadershipNote:
      'Underretningspligten er din egen: den er ikke opfyldt, fordi du har fortalt det til skoleledelsen eller en kollega.',
  });
}

type Tone = 'info' | 'warning' | 'error';
type NoticeAction = { title: string; verb: CaselessVerb };

export function noticeCard(tone: Tone, title: string, text: string, items: string[] = [], actions: NoticeAction[] = []): Card {
  return renderCard('notice', { tone, title, text, items, actions });
}

export const notices = {
  stale: (hasCurrent: boolean) =>
    noticeCard(
      'info',
      'Dette kort er allerede brugt',
      'Der er ikke ændret noget. Brug det nyeste kort i samtalen – eller skriv "fortsæt" for at få det frem igen.',
      [],
      hasCurrent ? [{ title: 'Fortsæt', verb: 'intake.resume' }] : [{ title: 'Ny bekymring', verb: 'intake.start' }],
    ),
  notFound: () =>
    noticeCard('warning', 'Sagen blev ikke fundet', 'Sagen findes ikke, eller du har ikke adgang til den.', [], [
      { title: 'Ny bekymring', verb: 'intake.start' },
    ]),
  badRequest: (errors: string[]) =>
    noticeCard('error', 'Kortets data kunne ikke læses', 'Der er ikke gemt noget. Prøv igen fra det nyeste kort.', errors, [
      { title: 'Fortsæt', verb: 'intake.resume' },
    ]),
  cancelled: () =>
    noticeCard('info', 'Bekymringen er annulleret', 'Svarene er ikke slettet, men sagen er lukket. Du kan altid starte forfra.', [], [
      { title: 'Ny bekymring', verb: 'intake.start' },
    ]),
  nothingToCancel: () => noticeCard('info', 'Intet at annullere', 'Du har ingen igangværende bekymring.', [], [{ title: 'Ny bekymring', verb: 'intake.start' }]),
  nothingToResume: () =>
    noticeCard('info', 'Ingen igangværende bekymring', 'Du har ikke en bekymring i gang. Start en ny, når du er klar.', [], [
      { title: 'Ny bekymring', verb: 'intake.start' },
    ]),
  cprRefused: (text: string) => noticeCard('error', 'CPR-nummer afvist', text),
  unknownCommand: (hasOpenCase: boolean) =>
    noticeCard(
      'info',
      'Det forstod jeg ikke',
      'Jeg svarer på kommandoer og på knapperne i kortene. Skriv "hjælp" for at se, hvad jeg kan.',
      [],
      hasOpenCase
        ? [{ title: 'Fortsæt', verb: 'intake.resume' }, { title: 'Hjælp', verb: 'help.show' }]
        : [{ title: 'Ny bekymring', verb: 'intake.start' }, { title: 'Hjælp', verb: 'help.show' }],
    ),
  tenantRefused: () =>
    noticeCard('error', 'Ikke tilgængelig', 'Indsatsguiden er ikke sat op til din organisation. Kontakt din IT-afdeling.'),
  failure: () =>
    noticeCard('error', 'Noget gik galt', 'Der skete en fejl hos Indsatsguiden. Det, du allerede har svaret, er gemt. Prøv igen om lidt.', [], [
      { title: 'Fortsæt', verb: 'intake.resume' },
    ]),
  /** After "Genindlæs organisationsfilen": `details` are the counts when it worked, else every problem found (by path). */
  reloaded: (ok: boolean, details: string[] = []) =>
    ok
      ? noticeCard('info', 'Organisationsfilen er genindlæst', 'Den nye fil er i brug fra nu af.', capLines(details), [
        { title: 'Se status', verb: 'admin.status' },
      ])
      : noticeCard(
        'error',
        'Organisationsfilen kunne ikke indlæses',
        'Den hidtidige fil er stadig i brug. Ret fejlene i filen, og genindlæs den igen.',
        capLines(details),
        [{ title: 'Genindlæs igen', verb: 'admin.reload' }, { title: 'Se status', verb: 'admin.status' }],
      ),
  forbidden: () =>
    noticeCard(
      'warning',
      'Du har ikke adgang til dette',
      'Det kræver en rolle i kommunens organisationsfil, som du ikke har. Kontakt din leder, hvis du mener, det er en fejl.',
    ),
};

/** At most LIMITS.list lines; when there are more, the last says how many were left out. */
function capLines(lines: string[]): string[] {
  const kept = lines.map((l) => l.trim()).filter((l) => l !== '');
  if (kept.length <= LIMITS.list) return kept;
  return [...kept.slice(0, LIMITS.list - 1), `… og ${kept.length - (LIMITS.list - 1)} mere`];
}

/** What a plan card shows about where it stands. */
export interface PlanCardInfo {
  caseId: string;
  planId: string;
  templateId: TemplateId;
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
}

export function planCard(info: PlanCardInfo, playbook: Playbook): Card {
  return renderCard(info.templateId, {
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
    readOnly: info.readOnly ?? false,
    values: info.values,
    errors: info.errors ?? [],
    notes: info.notes ?? [],
  });
}

/** How a case is named in lists: its pseudonym, else the start of the concern, else its date. */
function caseTitle(c: CaseSummary['case']): string {
  if (c.pseudonym) return c.pseudonym;
  const description = typeof c.intake.description === 'string' ? c.intake.description.trim() : '';
  if (description) return description.length > 80 ? `${description.slice(0, 79)}…` : description;
  return `Bekymring fra ${danishDate(c.createdAt)}`;
}

const isoToDanish = (iso: string) => danishDate(new Date(`${iso}T12:00:00Z`));

function whereItStands(s: CaseSummary, playbook: Playbook) {
  return {
    levelTitle: s.level ? playbook.levels[s.level].title : 'Spørgsmålene er ikke besvaret endnu',
    stepTitle: s.step ? playbook.steps[s.step].title : s.case.status === 'aaben' ? 'Svar på spørgsmålene – skriv "fortsæt"' : 'Afsluttet',
  };
}

/** How a list of cases is headed, and (a leader's view) who opened each case. */
export interface CaseListOptions {
  /** The heading, e.g. "Sager på Fjordbakkeskolen"; "Mine sager" when left out. */
  title?: string;
  /** Shown when the list is empty; the teacher's "no cases yet" when left out. */
  emptyText?: string;
  /** The display name of the teacher who opened a case: given, each case shows "Oprettet af"; null leaves the line out. */
  ownerName?: (summary: CaseSummary) => string | null;
}

export function caseListCard(list: { cases: CaseSummary[]; more: boolean }, playbook: Playbook, options: CaseListOptions = {}): Card {
  const { ownerName } = options;
  return renderCard('case-list', {
    ...(options.title === undefined ? {} : { heading: fit(options.title, 120) }),
    ...(options.emptyText === undefined ? {} : { emptyText: fit(options.emptyText, LIMITS.item) }),
    cases: list.cases.map((s) => ({
      caseId: s.case.id,
      seq: s.case.seq,
      title: caseTitle(s.case),
      ...whereItStands(s, playbook),
      nextEvaluation: s.nextEvaluation ? isoToDanish(s.nextEvaluation) : 'Ingen',
      updated: danishDate(s.case.updatedAt),
      owner: ownerName ? fitOrNull(ownerName(s), 80) : null,
    })),
    more: list.more,
  });
}

const PLAN_STATUS: Record<PlanRecord['status'], string> = {
  kladde: 'Udkast – ikke gemt',
  gemt: 'Gemt',
  evalueret: 'Evalueret',
  arkiveret: 'Arkiveret',
};

export function caseCard(d: CaseDetail, playbook: Playbook): Card {
  return renderCard('case', {
    caseId: d.case.id,
    seq: d.case.seq,
    title: caseTitle(d.case),
    ...whereItStands(d, playbook),
    created: danishDate(d.case.createdAt),
    plans: d.plans
      .filter((p) => p.currentVersion > 0)
      .slice(0, CASE_CARD_PLANS)
      .map((p) => ({
        planId: p.id,
        title: p.title,
        status: [
          `Version ${p.currentVersion}, gemt ${danishDate(p.updatedAt)}`,
          PLAN_STATUS[p.status],
          ...(p.status === 'gemt' && p.evaluationDate ? [`evaluering ${isoToDanish(p.evaluationDate)}`] : []),
        ].join(' · '),
        version: p.currentVersion,
        previous: Array.from({ length: Math.min(3, p.currentVersion - 1) }, (_, i) => p.currentVersion - 1 - i),
      })),
    history: d.history.slice(-12).map((h) => ({
      when: danishDate(h.at),
      text: `${playbook.levels[h.level as Level]?.title ?? h.level} · ${playbook.steps[h.step as StepId]?.title ?? h.step}${h.reason === 'evaluation' ? ' (efter evaluering)' : ''}`,
    })),
    canDraft: d.step !== null,
    canResume: d.case.status === 'aaben' && d.case.pendingField !== null,
  });
}

// Proactive messages (issue 4) -------------------------------------------------------------------

/** Where an evaluation reminder stands; the card is updated in place when it changes. */
export type EvaluationReminderState =
  | { kind: 'open' }
  | { kind: 'snoozed'; until: Date }
  | { kind: 'evaluated'; by: string; at: Date }
  /** The plan was evaluated, archived or deleted by other means: `text` says so. */
  | { kind: 'gone'; text: string };

export interface EvaluationReminderCardData {
  caseId: string;
  planId: string;
  planTitle: string;
  pseudonym: string | null;
  schoolName: string | null;
  teamName: string | null;
  /** 'YYYY-MM-DD'. */
  evaluationDate: string;
  kind: EvaluationReminderKind;
  tovholderName: string | null;
  /** Why the recipient gets it. */
  role: 'leder' | 'tovholder';
  state: EvaluationReminderState;
}

/** "Evaluering om to skoledage" / "i dag" / "overskredet": the plan, where it belongs, and the buttons while open. */
export function evaluationReminderCard(d: EvaluationReminderCardData): Card {
  const state = d.state;
  return renderCard('evaluation-reminder', {
    caseId: d.caseId,
    planId: d.planId,
    kind: d.kind,
    planTitle: fit(d.planTitle, 120),
    pseudonym: fitOrNull(d.pseudonym, 60),
    schoolName: fitOrNull(d.schoolName, 120),
    teamName: fitOrNull(d.teamName, 120),
    evaluationDate: d.evaluationDate,
    tovholderName: fitOrNull(d.tovholderName, 80),
    role: d.role,
    state:
      state.kind === 'snoozed' ? { kind: 'snoozed', until: danishWeekdayDateTime(state.until) }
      : state.kind === 'evaluated' ? { kind: 'evaluated', by: fit(state.by, 80), at: danishDate(state.at) }
      : state.kind === 'gone' ? { kind: 'gone', text: fit(state.text, LIMITS.item) }
      : { kind: 'open' },
  });
}

export interface SafeguardingAlertCardData {
  caseId: string;
  pseudonym: string | null;
  schoolName: string | null;
  teamName: string | null;
  /** The teacher who flagged it (display name). */
  reportedBy: string;
  at: Date;
  acute: boolean;
  /** Danish labels of what was flagged. */
  concerns: string[];
  /** What the leader must do now; empty → `defaultLeaderActions(acute)`. */
  leaderActions: string[];
}

/** What the duty to notify asks of a school leader told of a safeguarding concern, in order. */
export function defaultLeaderActions(acute: boolean): string[] {
  return [
    ...(acute ? ['Er barnet i akut fare, så ring 112 nu – alt andet kommer bagefter.'] : []),
    'Tag kontakt til læreren i dag, og støt vedkommende i det, der nu skal ske.',
    'Sørg for, at der uden ophold sendes en underretning til kommunen. Lærerens egen underretningspligt bortfalder ikke, fordi du er orienteret (Barnets Lov § 133).',
    'Orientér ikke forældrene først, hvis mistanken gælder familien. Kommunen afgør, hvornår og hvordan de inddrages.',
  ];
}

/** Sent to the school's leaders at once when a teacher flags signs that a child is not safe. */
export function safeguardingAlertCard(d: SafeguardingAlertCardData): Card {
  const actions = d.leaderActions.map((a) => a.trim()).filter((a) => a !== '');
  return renderCard('safeguarding-alert', {
    caseId: d.caseId,
    pseudonym: fitOrNull(d.pseudonym, 60),
    schoolName: fitOrNull(d.schoolName, 120),
    teamName: fitOrNull(d.teamName, 120),
    reportedBy: fit(d.reportedBy, 80),
    at: danishDateTime(d.at),
    acute: d.acute,
    concerns: d.concerns.slice(0, LIMITS.list).map((c) => fit(c, 120)),
    leaderActions: (actions.length > 0 ? actions : defaultLeaderActions(d.acute)).slice(0, LIMITS.list).map((a) => fit(a, LIMITS.item)),
  });
}

export interface RevisitationReminderCardData {
  caseId: string;
  /** The referral (henvisning til PKU) to revisit. */
  planId: string;
  pseudonym: string | null;
  schoolName: string | null;
  teamName: string | null;
  /** 'YYYY-MM-DD'. */
  revisitationDate: string;
}

/** A referral is granted a year at a time: its revisitation is due. */
export function revisitationReminderCard(d: RevisitationReminderCardData): Card {
  return renderCard('revisitation-reminder', {
    caseId: d.caseId,
    planId: d.planId,
    pseudonym: fitOrNull(d.pseudonym, 60),
    schoolName: fitOrNull(d.schoolName, 120),
    teamName: fitOrNull(d.teamName, 120),
    revisitationDate: d.revisitationDate,
  });
}

/** A plan in the weekly digest (its ids are not drawn: the lines have no buttons). */
export interface DigestPlanLine {
  caseId: string;
  planId: string;
  planTitle: string;
  pseudonym: string | null;
  teamName: string | null;
  /** 'YYYY-MM-DD'. */
  evaluationDate: string;
}

export interface WeeklyDigestCardData {
  schoolName: string;
  /** e.g. "Uge 50". */
  weekLabel: string;
  dueThisWeek: DigestPlanLine[];
  overdue: DigestPlanLine[];
  casesByLevel: Record<Level, number>;
  /** Open requests for sparring; null leaves the line out. */
  openRequests: number | null;
}

const digestPlans = (plans: DigestPlanLine[]) =>
  plans.slice(0, DIGEST_LIST_MAX).map((p) => ({
    planTitle: fit(p.planTitle, 120),
    pseudonym: fitOrNull(p.pseudonym, 60),
    teamName: fitOrNull(p.teamName, 120),
    evaluationDate: p.evaluationDate,
  }));

/** Monday morning for a school's leaders: overdue evaluations, this week's, and the open cases by level. */
export function weeklyDigestCard(d: WeeklyDigestCardData): Card {
  return renderCard('weekly-digest', {
    schoolName: fit(d.schoolName, 120),
    weekLabel: fit(d.weekLabel, 40),
    dueThisWeek: digestPlans(d.dueThisWeek),
    dueMore: Math.max(0, d.dueThisWeek.length - DIGEST_LIST_MAX),
    overdue: digestPlans(d.overdue),
    overdueMore: Math.max(0, d.overdue.length - DIGEST_LIST_MAX),
    casesByLevel: { forebyggende: d.casesByLevel.forebyggende, foregribende: d.casesByLevel.foregribende, indgribende: d.casesByLevel.indgribende },
    openRequests: d.openRequests,
  });
}

export interface AdminStatusCardData {
  directory: { file: string; loadedAt: Date; people: number; schools: number };
  /** People in the directory with no usable conversation reference (they must install the app). */
  unreachable: { displayName: string; roles: string }[];
  /** Messages given up on. */
  failed: { kind: string; recipient: string; attempts: number; lastError: string | null; at: Date }[];
  /** Outbox rows by state. */
  counts: Record<string, number>;
}

/** Outbox kinds and states in Danish; anything else is shown as it is. */
const OUTBOX_KIND_LABELS: Record<string, string> = {
  'evaluation-reminder': 'Påmindelse om evaluering',
  'safeguarding-alert': 'Bekymring for et barns sikkerhed',
  'weekly-digest': 'Ugeoversigt',
  'revisitation-reminder': 'Påmindelse om genvurdering',
  message: 'Besked',
};
const OUTBOX_STATE_LABELS: Record<string, string> = {
  pending: 'Venter på at blive sendt',
  sending: 'Sendes nu',
  waiting: 'Venter på, at modtageren kan nås',
  sent: 'Sendt',
  failed: 'Opgivet',
  cancelled: 'Annulleret',
  expired: 'Udløbet',
};

/** A long path keeps its end (the file's name): "…/config/organisation.yaml". */
const pathEnd = (path: string, max: number) => {
  const chars = Array.from(path.trim());
  return chars.length <= max ? path.trim() : `…${chars.slice(chars.length - (max - 1)).join('')}`;
};

/** For administrators: the directory loaded, who cannot be reached yet, what could not be sent, the outbox. */
export function adminStatusCard(d: AdminStatusCardData): Card {
  const order = Object.keys(OUTBOX_STATE_LABELS);
  const states = Object.keys(d.counts).sort((a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    if (ia !== -1 || ib !== -1) return (ia === -1 ? order.length : ia) - (ib === -1 ? order.length : ib);
    return a.localeCompare(b);
  });
  return renderCard('admin-status', {
    directory: {
      file: pathEnd(d.directory.file, LIMITS.title),
      loadedAt: danishDateTime(d.directory.loadedAt),
      people: d.directory.people,
      schools: d.directory.schools,
    },
    unreachable: d.unreachable.slice(0, ADMIN_LIST_LIMITS.unreachable).map((u) => ({ displayName: fit(u.displayName, 80), roles: clip(u.roles.trim(), 120) })),
    unreachableMore: Math.max(0, d.unreachable.length - ADMIN_LIST_LIMITS.unreachable),
    failed: d.failed.slice(0, ADMIN_LIST_LIMITS.failed).map((f) => ({
      kind: fit(OUTBOX_KIND_LABELS[f.kind] ?? f.kind, 120),
      recipient: fit(f.recipient, 120),
      attempts: f.attempts,
      lastError: f.lastError,
      at: danishDateTime(f.at),
    })),
    failedMore: Math.max(0, d.failed.length - ADMIN_LIST_LIMITS.failed),
    counts: states.slice(0, ADMIN_LIST_LIMITS.counts).map((state) => ({ title: fit(OUTBOX_STATE_LABELS[state] ?? state, 120), value: d.counts[state] ?? 0 })),
  });
}
