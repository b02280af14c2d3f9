/**
 * From domain objects to cards: each function builds a template's view model and renders it.
 * The only place that knows both the domain and the card templates.
 */
import type { IntakeField } from '../domain/intake.js';
import { DESCRIPTION_MAX, FIELD_KINDS } from '../domain/intake.js';
import { HELP_KIND_LABELS, HELP_KINDS, type HelpKind, type PlanTemplateId } from '../domain/plans/index.js';
import { SPARRING_POOLS, type SparringPool, type SparringState } from '../domain/sparring.js';
import type { Playbook } from '../domain/playbook.js';
import { LEVELS, type Level, type Recommendation, type Safeguarding, type StepId } from '../domain/recommendation.js';
import type { CaseDetail, CaseSummary } from '../cases/case-overview.service.js';
import type { PlanRecord } from '../plans/plan.repository.js';
import { choicesFor, formatAnswer, questionFor } from '../domain/questions.js';
import type { AnsweredSummary, FieldError, Screen } from '../cases/intake.service.js';
import { renderCard, type AdaptiveCardJson } from './render.js';
import { COMMANDS } from './verbs.js';
import {
  ADMIN_LIST_LIMITS, CASE_CARD_PLANS, CASE_CARD_REQUESTS, DIGEST_LIST_MAX, LIMITS, SPARRING_LIMITS, clip,
  type CaselessVerb, type EvaluationReminderKind, type SparringViewer,
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


export function helpCard(): Card {
  return renderCard('help', { commands: COMMANDS.map(({ command, description }) => ({ command, description })) });
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
    canRequestSparring: SPARRING_STEPS.has(r.step),
  });
}

/** The steps whose recommendation card offers "Anmod om sparring". */
const SPARRING_STEPS: ReadonlySet<StepId> = new Set<StepId>(['sparring-plc', 'sparring-ekstern']);

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
  /** The request is sent: posted in the group's channel, or (no channel) to each member in their chat with the bot. */
  sparringSent: (groupTitle: string, where: 'kanal' | 'medlemmer') =>
    noticeCard(
      'info',
      'Anmodningen om sparring er sendt',
      where === 'kanal'
        ? `Den er slået op i kanalen for ${fit(groupTitle, 120)}. Du får besked, når en rådgiver har taget den.`
        : `Den er sendt til hver rådgiver i ${fit(groupTitle, 120)}. Du får besked, når en af dem har taget den.`,
      [],
      [{ title: 'Mine sager', verb: 'cases.list' }],
    ),
  sparringNotFound: () =>
    noticeCard('warning', 'Anmodningen blev ikke fundet', 'Anmodningen findes ikke, eller du har ikke adgang til den.'),
  /** The directory names no adviser group for the case's school. */
  sparringNoGroups: () =>
    noticeCard(
      'warning',
      'Ingen rådgivergrupper',
      'Der er ingen rådgivergrupper for skolen i kommunens organisationsfil, så anmodningen kan ikke sendes. Kontakt din leder.',
    ),
  /** Sparring is asked for an open case only. */
  sparringCaseClosed: () =>
    noticeCard('info', 'Sagen er ikke åben', 'Der kan kun anmodes om sparring i en åben sag.', [], [{ title: 'Mine sager', verb: 'cases.list' }]),
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

/** A request for sparring as the case card lists it (the case's requests, newest first). */
export interface CaseSparringLine {
  requestId: string;
  /** The adviser group, e.g. "PLC – Fjordbakkeskolen". */
  groupTitle: string;
  state: SparringState;
  claimedByName: string | null;
  claimedAt: Date | null;
  createdAt: Date;
  /** The last transition (when it was closed or rejected). */
  updatedAt: Date;
}

/** "Taget af Hanne Lykke 4. december 2026": where a request stands, who took it and when. */
function caseSparringStatus(r: CaseSparringLine): string {
  const who = r.claimedByName ? fit(r.claimedByName, 80) : null;
  switch (r.state) {
    case 'ny':
      return `Venter på en rådgiver · sendt ${danishDate(r.createdAt)}`;
    case 'taget':
      return `Taget af ${who ?? 'en rådgiver'} ${danishDate(r.claimedAt ?? r.updatedAt)}`;
    case 'afsluttet':
      return `Afsluttet${who ? ` af ${who}` : ''} ${danishDate(r.updatedAt)}`;
    case 'afvist':
      return `Afvist ${danishDate(r.updatedAt)}`;
  }
}

/**
 * One case: where it stands, its saved plans, its requests for sparring (`requests`, newest first:
 * the first CASE_CARD_REQUESTS are listed, the rest counted) and its history on the ladder.
 */
export function caseCard(d: CaseDetail, playbook: Playbook, requests: readonly CaseSparringLine[] = []): Card {
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
    requests: requests.slice(0, CASE_CARD_REQUESTS).map((r) => ({
      requestId: r.requestId,
      groupTitle: fit(r.groupTitle, 120),
      status: caseSparringStatus(r),
    })),
    requestsMore: Math.max(0, requests.length - CASE_CARD_REQUESTS),
    canDraft: d.step !== null,
    canResume: d.case.status === 'aaben' && d.case.pendingField !== null,
    canRequestSparring: d.case.status === 'aaben',
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


// Sparring requests (issue 5) --------------------------------------------------------------------

/** An adviser group as offered on a card: the pool's id, and its name, e.g. "PLC – Fjordbakkeskolen". */
export interface SparringGroup {
  id: SparringPool;
  title: string;
}

export interface SparringFormCardData {
  caseId: string;
  /** Drawn once per form and sent back with it: a second click on the same card sends nothing new. */
  formId: string;
  /** The case's pseudonym ("A.B., 4.B"); null when it has none. */
  pseudonym: string | null;
  /** The step the case is on (its Danish title); null leaves it out. */
  stepTitle: string | null;
  /** The groups the request may go to. */
  groups: SparringGroup[];
  /** The group preselected (the step's proposal, or what the user chose); the first group when unknown. */
  pool: string;
  /** The kinds of help preselected (HELP_KINDS ids); unknown ones are dropped. */
  helpKinds: readonly string[];
  wishedTime: string;
  summary: string;
  /** The case is about one child: the card asks for the parents' consent. */
  childSpecific: boolean;
  parentsConsent: boolean | null;
  /** Validation messages: `field` is one of SPARRING_FORM_FIELDS (shown under it), or null (shown on top). */
  errors: { field: string | null; message: string }[];
}

/** "Anmod om sparring": the group, the kinds of help, the wished time, a pseudonymous summary, and the consent for a child. */
export function sparringFormCard(d: SparringFormCardData): Card {
  return renderCard('sparring-form', {
    caseId: d.caseId,
    formId: d.formId,
    pseudonym: fitOrNull(d.pseudonym, 60),
    stepTitle: fitOrNull(d.stepTitle, 120),
    groupChoices: d.groups.slice(0, SPARRING_POOLS.length).map((g) => ({ title: fit(g.title, 120), value: g.id })),
    helpKindChoices: HELP_KINDS.map((k) => ({ title: HELP_KIND_LABELS[k], value: k })),
    values: {
      pool: d.pool,
      helpKinds: d.helpKinds.join(','),
      wishedTime: d.wishedTime,
      summary: d.summary,
      parentsConsent: d.parentsConsent,
    },
    childSpecific: d.childSpecific,
    errors: d.errors.slice(0, 40),
  });
}

export interface SparringRequestCardData {
  requestId: string;
  /** The request's version: every button carries it, so a click on an older card changes nothing. */
  version: number;
  caseId: string;
  pseudonym: string | null;
  groupTitle: string;
  schoolName: string | null;
  /** The kinds of help: Danish labels (HELP_KINDS ids are turned into their labels). */
  helpKinds: readonly string[];
  wishedTime: string;
  summary: string;
  requestedByName: string;
  createdAt: Date;
  state: SparringState;
  claimedByName: string | null;
  claimedAt: Date | null;
  closingNote: string | null;
  rejectionReason: string | null;
  /** What happened, oldest first; the latest SPARRING_LIMITS.history are shown. */
  history: { at: Date; text: string }[];
  /** Who the card is drawn for: the buttons follow from it and from the state. */
  viewer: SparringViewer;
  /** The groups it may be sent on to ("Send videre"). */
  forwardTo: SparringGroup[];
  /** For the teacher a chat with the adviser who took it; for that adviser a chat with the teacher (teamsChatUrl). */
  chat: { url: string } | null;
  /** For the teacher: a new meeting with the adviser (teamsMeetingUrl). */
  meeting: { url: string } | null;
  /** AAD object ids of the users whose Teams refreshes the card for them (Universal Actions); at most 60 are kept. */
  refreshUserIds: readonly string[];
  /** A line on top, e.g. why nothing changed (see sparringNotes). */
  note: string | null;
}

/** Short local time for a card's history, e.g. "4. dec. kl. 10.15". */
const danishShortDateTime = (d: Date) => {
  const date = d.toLocaleDateString('da-DK', { day: 'numeric', month: 'short', timeZone: 'Europe/Copenhagen' });
  const time = d.toLocaleTimeString('da-DK', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Copenhagen' });
  return `${date} kl. ${time}`;
};

const helpKindLabel = (k: string) => (Object.hasOwn(HELP_KIND_LABELS, k) ? HELP_KIND_LABELS[k as HelpKind] : k);

/**
 * A request for sparring as one viewer sees it. A member of the group sees "Jeg tager den", "Send
 * videre" and "Afvis" while it is new; the adviser who took it "Afslut", "Giv fra mig", "Send
 * videre", "Afvis" and "Åbn sagen"; everyone else who took it and when, the teacher with "Chat med"
 * and "Book møde". A closed or rejected request shows its note or reason, and no buttons. With
 * `refreshUserIds`, Teams asks the bot (`sparring.refresh`) for each listed user's own card.
 */
export function sparringRequestCard(d: SparringRequestCardData): Card {
  const trimmed = (text: string | null, max: number) => (text === null ? null : fit(text, max));
  return renderCard('sparring-request', {
    requestId: d.requestId,
    version: d.version,
    caseId: d.caseId,
    pseudonym: fitOrNull(d.pseudonym, 60),
    groupTitle: fit(d.groupTitle, 120),
    schoolName: fitOrNull(d.schoolName, 120),
    helpKinds: d.helpKinds.slice(0, HELP_KINDS.length).map((k) => fit(helpKindLabel(k), 120)),
    wishedTime: fit(d.wishedTime, SPARRING_LIMITS.wishedTime),
    summary: fit(d.summary, SPARRING_LIMITS.summary),
    requestedByName: fit(d.requestedByName, 80),
    createdAt: danishDateTime(d.createdAt),
    state: d.state,
    claimedByName: fitOrNull(d.claimedByName, 80),
    claimedAt: d.claimedAt ? danishDateTime(d.claimedAt) : null,
    closingNote: trimmed(d.closingNote, SPARRING_LIMITS.closingNote),
    rejectionReason: trimmed(d.rejectionReason, SPARRING_LIMITS.rejectionReason),
    history: d.history
      .filter((h) => h.text.trim() !== '')
      .slice(-SPARRING_LIMITS.history)
      .map((h) => ({ when: danishShortDateTime(h.at), text: fit(h.text, LIMITS.item) })),
    viewer: d.viewer,
    forwardTo: d.forwardTo.slice(0, SPARRING_POOLS.length).map((g) => ({ title: fit(g.title, 120), value: g.id })),
    chat: d.chat,
    meeting: d.meeting,
    refreshUserIds: [...new Set(d.refreshUserIds.map((id) => id.trim()).filter((id) => id !== ''))].slice(0, SPARRING_LIMITS.refreshUsers),
    note: fitOrNull(d.note, LIMITS.item),
  });
}

/** A request on a list ("mine anmodninger", "åbne anmodninger"). */
export interface SparringListLine {
  requestId: string;
  caseId: string;
  pseudonym: string | null;
  groupTitle: string;
  state: SparringState;
  claimedByName: string | null;
  createdAt: Date;
  wishedTime: string;
}

export interface SparringListCardData {
  title: string;
  emptyText: string;
  requests: SparringListLine[];
  /** More requests exist than are given. */
  more: boolean;
}

/** The headings and empty texts of the two lists. */
export const SPARRING_LISTS = {
  mine: { title: 'Mine anmodninger', emptyText: 'Du har ingen anmodninger om sparring, som du har taget og ikke afsluttet.' },
  open: { title: 'Åbne anmodninger', emptyText: 'Der er ingen åbne anmodninger om sparring i dine grupper.' },
} as const;

/** A list of requests, each with "Åbn"; at most SPARRING_LIMITS.list are shown. */
export function sparringListCard(d: SparringListCardData): Card {
  return renderCard('sparring-list', {
    title: fit(d.title, 120),
    emptyText: fit(d.emptyText, LIMITS.item),
    requests: d.requests.slice(0, SPARRING_LIMITS.list).map((r) => ({
      requestId: r.requestId,
      caseId: r.caseId,
      pseudonym: fitOrNull(r.pseudonym, 60),
      groupTitle: fit(r.groupTitle, 120),
      state: r.state,
      claimedByName: fitOrNull(r.claimedByName, 80),
      createdAt: danishDate(r.createdAt),
      wishedTime: fit(r.wishedTime, SPARRING_LIMITS.wishedTime),
    })),
    more: d.more || d.requests.length > SPARRING_LIMITS.list,
  });
}

/**
 * The line on top of a request card after a change, or on a card drawn again because it was stale.
 * (Why an action was refused is the domain's `decide(...).message`.)
 */
export const sparringNotes = {
  claimed: () => 'Du har taget anmodningen. Teamet har fået besked.',
  released: () => 'Du har givet anmodningen fra dig. Den er tilbage hos gruppen.',
  forwarded: (groupTitle: string) => `Anmodningen er sendt videre til ${fit(groupTitle, 120)}.`,
  closed: () => 'Anmodningen er afsluttet. Teamet har fået besked.',
  rejected: () => 'Anmodningen er afvist. Teamet har fået besked med begrundelsen.',
  changed: () => 'Anmodningen er ændret, siden kortet blev vist. Her er den, som den er nu.',
} as const;

// Teams deep links ---------------------------------------------------------------------------------

const TEAMS_LINK = 'https://teams.microsoft.com/l/';

/** A user in a deep link: a UPN or e-mail address, as Teams's examples write it ('@' is legal in a query). */
function linkUser(upnOrEmail: string): string {
  const user = upnOrEmail.trim();
  if (!/^[^\s,@]+@[^\s,@]+$/.test(user)) throw new Error(`Not a UPN or e-mail address for a Teams deep link: ${JSON.stringify(upnOrEmail)}`);
  return encodeURIComponent(user).replace(/%40/g, '@');
}

/** `text` encoded for a query, cut (with "…") so the encoded form is at most `budget` characters. */
function fitEncoded(text: string, budget: number): string {
  const whole = encodeURIComponent(text);
  if (whole.length <= budget) return whole;
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length - 1;
  // The longest prefix that fits with the ellipsis.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (encodeURIComponent(`${chars.slice(0, mid).join('')}…`).length <= budget) lo = mid;
    else hi = mid - 1;
  }
  const cut = encodeURIComponent(`${chars.slice(0, lo).join('')}…`);
  return cut.length <= budget ? cut : '';
}

/**
 * A deep link that opens a Teams chat with one person (their UPN or e-mail), with `message` in the
 * compose box: `https://teams.microsoft.com/l/chat/0/0?users=…&message=…`. The message is cut so
 * the link stays within SPARRING_LIMITS.url.
 */
export function teamsChatUrl(upnOrEmail: string, message?: string): string {
  const base = `${TEAMS_LINK}chat/0/0?users=${linkUser(upnOrEmail)}`;
  const text = message?.trim() ?? '';
  const encoded = text === '' ? '' : fitEncoded(text, SPARRING_LIMITS.url - base.length - '&message='.length);
  return encoded === '' ? base : `${base}&message=${encoded}`;
}

/**
 * A deep link that opens Teams's scheduling form for a new meeting, prefilled:
 * `https://teams.microsoft.com/l/meeting/new?subject=…&attendees=a,b&content=…`. Attendees are UPNs
 * or e-mail addresses (duplicates dropped); the subject is cut at 200 characters (and at half the
 * link, encoded), the content (the agenda) so the link stays within SPARRING_LIMITS.url.
 */
export function teamsMeetingUrl(m: { subject: string; attendees: readonly string[]; content: string }): string {
  const attendees = [...new Set(m.attendees.map(linkUser))];
  let url = `${TEAMS_LINK}meeting/new?subject=${fitEncoded(clip(m.subject.trim(), 200), SPARRING_LIMITS.url / 2)}`;
  if (attendees.length > 0) url += `&attendees=${attendees.join(',')}`;
  if (url.length > SPARRING_LIMITS.url) throw new Error(`A Teams meeting link for ${attendees.length} attendees is longer than ${SPARRING_LIMITS.url} characters`);
  const content = m.content.trim();
  const encoded = content === '' ? '' : fitEncoded(content, SPARRING_LIMITS.url - url.length - '&content='.length);
  return encoded === '' ? url : `${url}&content=${encoded}`;
}

/** The chat link on a request card: a chat with `upnOrEmail`, its first message naming the case (by pseudonym). */
export function sparringChatUrl(upnOrEmail: string, pseudonym: string | null): string {
  return teamsChatUrl(upnOrEmail, `Hej – det gælder anmodningen om sparring om ${pseudonym ?? 'vores sag'} i Indsatsguiden.`);
}

/** The meeting link on the teacher's card: subject "Sparring: <pseudonym>", the adviser and the teacher, the request as agenda. */
export function sparringMeetingUrl(r: {
  pseudonym: string | null;
  groupTitle: string;
  helpKinds: readonly string[];
  wishedTime: string;
  summary: string;
  attendees: readonly string[];
}): string {
  const lines = [
    `Anmodning om sparring (${r.groupTitle.trim()})`,
    `Hjælp: ${r.helpKinds.map(helpKindLabel).join(', ')}`,
    ...(r.wishedTime.trim() ? [`Ønsket tid: ${r.wishedTime.trim()}`] : []),
    '',
    r.summary.trim(),
  ];
  return teamsMeetingUrl({ subject: `Sparring: ${r.pseudonym ?? 'sag i Indsatsguiden'}`, attendees: r.attendees, content: lines.join('\n') });
}
