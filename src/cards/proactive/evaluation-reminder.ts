/**
 * A proactive message (issue 4): its view-model schema and its view builder. These cards are sent
 * unasked, to busy staff: short, and never a child's name, only the case's pseudonym ("A.B., 4.B").
 * Dates arrive as 'YYYY-MM-DD' or already as Danish text (an instant is formatted by the view
 * function, in Europe/Copenhagen); the transforms build the lines shown.
 */
import { z } from '../../domain/zod.js';
import { renderCard } from '../render.js';
import { LIMITS, caseName, facts, isoDate, item, personName, planRef, pseudonym, ref, short, type Card } from '../common.js';
import { danishDate, danishIsoDate, danishWeekdayDateTime, fit, fitOrNull } from '../format.js';

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
