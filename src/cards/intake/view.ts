/**
 * From domain objects to cards: each function builds a template's view model and renders it. The
 * view builders (each feature's view) are the only place that knows both the domain and the card
 * templates. Here: the intake's cards.
 */
import type { IntakeField } from '../../domain/intake.js';
import { DESCRIPTION_MAX, FIELD_KINDS } from '../../domain/intake.js';
import { PSEUDONYM_MAX } from '../../domain/pseudonym.js';
import type { Playbook } from '../../domain/playbook.js';
import { choicesFor, formatAnswer, questionFor } from '../../domain/questions.js';
import type { AnsweredSummary, FieldError, Screen } from '../../cases/intake.service.js';
import { renderCard } from '../render.js';
import { recommendationCard } from '../recommendation/view.js';
import { safeguardingCard } from '../safeguarding/view.js';
import { LIMITS, type Card } from '../common.js';
import { clip, fit, keepKnownValues } from '../format.js';

/** The validation messages (they may quote what a user sent): blank ones dropped, each clipped, at most LIMITS.list. */
function errorLines(errors: FieldError[], playbook: Playbook): string[] {
  return errors
    .map((e) => (e.field ? `${questionFor(e.field, playbook).label}: ${e.message}` : e.message).trim())
    .filter((line) => line !== '')
    .map((line) => clip(line, LIMITS.item))
    .slice(0, LIMITS.list);
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
    const scopeChoices = choicesFor('scope', playbook);
    const areaChoices = choicesFor('areas', playbook);
    const safetyChoices = choicesFor('safety', playbook);
    const teamChoices = teams.slice(0, LIMITS.teams).map((t) => ({ title: fit(t.title, 120), value: t.id }));
    // What the user sent is shown again normalised, never refused: unknown values are not preselected, text is cut.
    return renderCard('intake-start', {
      caseId: screen.caseId,
      seq: screen.seq,
      step: screen.number,
      stepsHint: 'De første spørgsmål, som alle bekymringer starter med',
      why: first.why,
      descriptionMax: DESCRIPTION_MAX,
      scopeChoices,
      areaChoices,
      safetyChoices,
      teamChoices,
      showTeams: teamChoices.length > 1,
      values: {
        pseudonym: clip((screen.values.pseudonym ?? '').trim(), PSEUDONYM_MAX),
        description: clip((screen.values.description ?? '').trim(), DESCRIPTION_MAX),
        scope: keepKnownValues(screen.values.scope ?? '', scopeChoices, true),
        areas: keepKnownValues(screen.values.areas ?? '', areaChoices),
        safety: keepKnownValues(screen.values.safety ?? '', safetyChoices),
        team: keepKnownValues(values.team ?? '', teamChoices, true) || (teamChoices[0]?.value ?? ''),
      },
      errors,
    });
  }
  const field = screen.fields[0] as IntakeField;
  const q = questionFor(field, playbook);
  const kind = FIELD_KINDS[field];
  const choices = kind.kind === 'text' ? [] : choicesFor(field, playbook);
  const value = screen.values[field] ?? '';
  return renderCard('question', {
    caseId: screen.caseId,
    seq: screen.seq,
    step: screen.number,
    field,
    question: q.text,
    why: q.why,
    input: {
      kind: kind.kind,
      choices,
      value:
        kind.kind === 'text' ? clip(value.trim(), kind.max ?? LIMITS.description) : keepKnownValues(value, choices, kind.kind !== 'multi'),
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
  // The description is part of the answer: clipped at its bound.
  return renderCard('answered', { step: summary.number, question, answer: clip(answer.trim(), LIMITS.answer), note });
}
