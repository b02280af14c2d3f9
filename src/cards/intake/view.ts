/**
 * From domain objects to cards: each function builds a template's view model and renders it. The
 * view builders (each feature's view) are the only place that knows both the domain and the card
 * templates. Here: the intake's cards.
 */
import type { IntakeField } from '../../domain/intake.js';
import { DESCRIPTION_MAX, FIELD_KINDS } from '../../domain/intake.js';
import { PSEUDONYM_MAX } from '../../domain/pseudonym.js';
import type { Playbook } from '../../domain/playbook.js';
import { choicesFor, formatAnswer, moreInputIdOf, questionFor, triedChoices } from '../../domain/questions.js';
import type { AnsweredSummary, CaseLabel, FieldError, LeftSummary, Screen } from '../../cases/intake.service.js';
import { renderCard } from '../render.js';
import { recommendationCard } from '../recommendation/view.js';
import { safeguardingCard } from '../safeguarding/view.js';
import { LIMITS, caseHeading, type Card } from '../common.js';
import { clip, fit, keepKnownValues } from '../format.js';

/** The validation messages (they may quote what a user sent): blank ones dropped, each clipped, at most LIMITS.list. */
function errorLines(errors: FieldError[], playbook: Playbook): string[] {
  return errors
    .map((e) => (e.field ? `${questionFor(e.field, playbook).label}: ${e.message}` : e.message).trim())
    .filter((line) => line !== '')
    .map((line) => clip(line, LIMITS.item))
    .slice(0, LIMITS.list);
}

/** The line that names the case at the top of its intake cards. */
export const headingOf = (label: CaseLabel): string => caseHeading(label.pseudonym, label.team);

/** The line under a question's input, where the question needs one. */
function hintFor(field: IntakeField): string | null {
  switch (field) {
    case 'safety':
      return 'Vælg intet, hvis der ikke er tegn på det. Vælger du noget, spørger jeg først, om barnet er i akut fare, og viser så, hvad du skal gøre.';
    case 'tried':
      return 'Indsatserne, der passer til bekymringen, står først. Vælg alle, I har afprøvet – eller intet.';
    default: {
      const kind = FIELD_KINDS[field];
      return kind.kind === 'multi' && kind.min === 0 ? 'Vælg alle, der passer – eller intet, hvis ingen af dem passer.' : null;
    }
  }
}

/** Splits a multi value ("a,b,c") into the part among `shown` and the rest. */
function splitValue(value: string, shown: readonly { value: string }[]): [string, string] {
  const known = new Set(shown.map((c) => c.value));
  const parts = value.split(',').filter((v) => v !== '');
  return [parts.filter((v) => known.has(v)).join(','), parts.filter((v) => !known.has(v)).join(',')];
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
    const { caseId, label } = screen;
    if (screen.recommendation.safeguarding) cards.push(safeguardingCard(screen.recommendation.safeguarding, playbook, { caseId, label }));
    cards.push(recommendationCard(caseId, screen.seq, screen.recommendation, label));
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
    const scopeChoices = choicesFor('scope', playbook);
    const areaChoices = choicesFor('areas', playbook);
    const teamChoices = teams.slice(0, LIMITS.teams).map((t) => ({ title: fit(t.title, 120), value: t.id }));
    // What the user sent is shown again normalised, never refused: unknown values are not preselected, text is cut.
    return renderCard('intake-start', {
      caseId: screen.caseId,
      seq: screen.seq,
      caseHeading: screen.label.pseudonym ? headingOf(screen.label) : 'Ny bekymring',
      step: screen.number,
      stepsHint: 'De første spørgsmål, som alle bekymringer starter med',
      why: first.why,
      descriptionMax: DESCRIPTION_MAX,
      descriptionLabel: 'Beskriv kort bekymringen: hvad ser du, hvornår og hvor ofte? (valgfrit)',
      descriptionPlaceholder:
        'Fx: A.B. sidder alene i frikvartererne, flere gange om ugen. Vi har prøvet … Brug initialer – aldrig navn eller CPR-nummer.',
      scopeChoices,
      areaChoices,
      teamChoices,
      showTeams: teamChoices.length > 1,
      values: {
        pseudonym: clip((screen.values.pseudonym ?? '').trim(), PSEUDONYM_MAX),
        description: clip((screen.values.description ?? '').trim(), DESCRIPTION_MAX),
        scope: keepKnownValues(screen.values.scope ?? '', scopeChoices, true),
        areas: keepKnownValues(screen.values.areas ?? '', areaChoices),
        team: keepKnownValues(values.team ?? '', teamChoices, true) || (teamChoices[0]?.value ?? ''),
      },
      errors,
    });
  }
  const field = screen.fields[0] as IntakeField;
  const q = questionFor(field, playbook);
  const kind = FIELD_KINDS[field];
  // The tried actions that fit the concern come first; the rest wait behind "Vis flere".
  const split = field === 'tried' ? triedChoices(screen.concern, playbook) : null;
  const choices = kind.kind === 'text' ? [] : (split?.fitting ?? choicesFor(field, playbook));
  const moreChoices = split?.more ?? [];
  const value = screen.values[field] ?? '';
  // A prefilled value stays selected in whichever part holds it.
  const known = kind.kind === 'multi' ? keepKnownValues(value, [...choices, ...moreChoices]) : '';
  const [shownValue, moreValue] = splitValue(known, choices);
  return renderCard('question', {
    caseId: screen.caseId,
    seq: screen.seq,
    caseHeading: headingOf(screen.label),
    step: screen.number,
    field,
    question: q.text,
    why: q.why,
    input: {
      kind: kind.kind,
      choices,
      value:
        kind.kind === 'text'
          ? clip(value.trim(), kind.max ?? LIMITS.description)
          : kind.kind === 'multi'
            ? shownValue
            : keepKnownValues(value, choices, true),
      // With choices folded away, one may be chosen there only: the service checks the minimum.
      required: kind.kind === 'single' || kind.kind === 'boolean' || (kind.kind === 'multi' && kind.min > 0 && moreChoices.length === 0),
      maxLength: kind.kind === 'text' ? kind.max : null,
      placeholder: kind.kind === 'text' ? 'Brug initialer – aldrig navn eller CPR-nummer' : null,
      more:
        moreChoices.length > 0
          ? { id: moreInputIdOf(field), label: 'Flere indsatser', choices: moreChoices, value: moreValue, shown: moreValue !== '' }
          : null,
    },
    hint: hintFor(field),
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
  // The description is part of the answer: clipped at its bound.
  return renderCard('answered', {
    caseHeading: headingOf(summary.label),
    step: summary.number,
    wentBack: false,
    question,
    answer: clip(answer.trim(), LIMITS.answer),
    note,
  });
}

/** The card the user went back from (Tilbage), read-only: what it asked, and where the user went. */
export function leftCard(summary: LeftSummary, playbook: Playbook): Card {
  const question =
    summary.fields.length === 0
      ? 'Anbefalingen'
      : summary.fields.length > 1 || summary.fields.includes('scope')
        ? 'Bekymringen'
        : questionFor(summary.fields[0] as IntakeField, playbook).text;
  return renderCard('answered', {
    caseHeading: headingOf(summary.label),
    step: summary.fields.length === 0 ? null : summary.number,
    wentBack: true,
    question,
    answer: `Du gik tilbage til spørgsmål ${summary.backTo}.`,
    note: 'Dette kort er ikke længere i brug. Svar på kortet herunder.',
  });
}
