/**
 * A proactive message (issue 4): its view-model schema and its view builder. These cards are sent
 * unasked, to busy staff: short, and never a child's name, only the case's pseudonym ("A.B., 4.B").
 * The text is written here, in the view builder (dates and times in Danish, local to
 * Europe/Copenhagen); the schema only bounds what the template binds.
 */
import { renderCard } from '../render.js';
import { LIMITS, caseHeading, caseName, facts, type Card } from '../common.js';
import { danishDate, danishIsoDate, danishWeekday, fit, fitOrNull } from '../format.js';
import type { EvaluationReminderKind } from './evaluation-reminder.schema.js';

/** A calendar date with its weekday, e.g. "mandag 25. januar 2027" (noon UTC is that date in Copenhagen too). */
export const danishWeekdayIsoDate = (iso: string) => `${danishWeekday(new Date(`${iso}T12:00:00Z`))} ${danishIsoDate(iso)}`;

export const REMINDER_HEADINGS: Record<EvaluationReminderKind, string> = {
  'due-soon': 'Evaluering om to skoledage',
  due: 'Evaluering i dag',
  overdue: 'Evalueringen er overskredet',
};
export const REMINDER_STYLES: Record<EvaluationReminderKind, 'emphasis' | 'warning' | 'attention'> = {
  'due-soon': 'emphasis',
  due: 'warning',
  overdue: 'attention',
};

/** Where an evaluation reminder stands; the card is updated in place when it changes. */
export type EvaluationReminderState =
  | { kind: 'open' }
  /** "Udskyd en uge" moved the evaluation to `to` ('YYYY-MM-DD'). */
  | { kind: 'moved'; to: string }
  | { kind: 'evaluated'; by: string; at: Date }
  /** The plan was evaluated, archived or deleted by other means: `text` says so. */
  | { kind: 'gone'; text: string };

/** The line that says what became of a reminder; null while it is open. */
export function reminderStatus(state: EvaluationReminderState): string | null {
  switch (state.kind) {
    case 'open':
      return null;
    case 'moved':
      return `Ny evalueringsdato: ${danishWeekdayIsoDate(state.to)}`;
    case 'evaluated':
      return `Markeret som evalueret af ${fit(state.by, 80)} ${danishDate(state.at)}`;
    case 'gone':
      return fit(state.text, LIMITS.item);
  }
}

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
  const date = danishIsoDate(d.evaluationDate);
  // Evaluating still makes sense while the reminder is open or moved; the rest only while open.
  const canEvaluate = state.kind === 'open' || state.kind === 'moved';
  const planTitle = fit(d.planTitle, 120);
  return renderCard('evaluation-reminder', {
    caseHeading: caseHeading(fitOrNull(d.pseudonym, 60), fitOrNull(d.teamName, 120)),
    caseId: d.caseId,
    planId: d.planId,
    kind: d.kind,
    evaluationDate: d.evaluationDate,
    planTitle,
    heading: state.kind === 'moved' ? 'Evalueringen er udskudt en uge' : REMINDER_HEADINGS[d.kind],
    headerStyle: state.kind === 'moved' ? 'emphasis' : REMINDER_STYLES[d.kind],
    lead:
      state.kind === 'moved'
        ? `Planen skulle evalueres den ${date}.`
        : {
            'due-soon': `Planen skal evalueres den ${date}.${canEvaluate ? ' Find en tid sammen med teamet.' : ''}`,
            due: `Planen skal evalueres i dag, den ${date}.`,
            overdue: `Planen skulle have været evalueret den ${date}.${canEvaluate ? ' Evaluér den, så sagen kan komme videre.' : ''}`,
          }[d.kind],
    because: d.role === 'tovholder' ? 'Du får beskeden, fordi du er tovholder på planen.' : 'Du får beskeden, fordi du er leder på skolen.',
    facts: facts([
      ['Sag', caseName(fitOrNull(d.pseudonym, 60))],
      ['Plan', planTitle],
      ['Team', fitOrNull(d.teamName, 120)],
      ['Skole', fitOrNull(d.schoolName, 120)],
      ['Evalueres', date],
      ['Tovholder', fitOrNull(d.tovholderName, 80)],
    ]),
    status: reminderStatus(state),
    statusStyle: state.kind === 'evaluated' ? 'good' : 'emphasis',
    canEvaluate,
    canSnooze: state.kind === 'open',
  });
}
