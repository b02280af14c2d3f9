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
import { CASE_CARD_PLANS } from './schemas.js';

export type Card = AdaptiveCardJson;

const danishDate = (d: Date) =>
  d.toLocaleDateString('da-DK', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Copenhagen' });

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

export function screenCards(screen: Screen, playbook: Playbook): Card[] {
  if (screen.kind === 'recommendation') {
    const cards: Card[] = [];
    if (screen.recommendation.safeguarding) cards.push(safeguardingCard(screen.recommendation.safeguarding, playbook));
    cards.push(recommendationCard(screen.caseId, screen.seq, screen.recommendation));
    return cards;
  }
  return [questionCard(screen, playbook)];
}

export function questionCard(screen: Extract<Screen, { kind: 'question' }>, playbook: Playbook): Card {
  const errors = errorLines(screen.errors, playbook);
  if (screen.fields.length > 1) {
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
      values: {
        pseudonym: screen.values.pseudonym,
        description: screen.values.description,
        scope: screen.values.scope,
        areas: screen.values.areas,
        safety: screen.values.safety,
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
type NoticeAction = { title: string; verb: 'intake.start' | 'intake.resume' | 'help.show' | 'cases.list' };


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
};

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

const danishDateTime = (d: Date) =>
  d.toLocaleString('da-DK', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Copenhagen' });

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

export function caseListCard(list: { cases: CaseSummary[]; more: boolean }, playbook: Playbook): Card {
  return renderCard('case-list', {
    cases: list.cases.map((s) => ({
      caseId: s.case.id,
      seq: s.case.seq,
      title: caseTitle(s.case),
      ...whereItStands(s, playbook),
      nextEvaluation: s.nextEvaluation ? isoToDanish(s.nextEvaluation) : 'Ingen',
      updated: danishDate(s.case.updatedAt),
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
