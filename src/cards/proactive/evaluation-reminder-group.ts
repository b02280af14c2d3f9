/**
 * A proactive message (issue 12): the evaluation reminders one person gets at the same time, on one
 * card instead of one card each. Each plan is named with its case heading ("Sag: A.B., 4.B · 4.B"),
 * its date and its own buttons (Evaluér nu, Udskyd en uge, Markér som evalueret); a click on one
 * plan draws the whole card again, with that plan's line saying what happened and the others as
 * they are. The text is written here; the schema only bounds what the template binds.
 */
import { renderCard } from '../render.js';
import { caseHeading, type Card } from '../common.js';
import { fit, fitOrNull } from '../format.js';
import type { EvaluationReminderKind } from './evaluation-reminder.schema.js';
import { REMINDER_GROUP_MAX } from './evaluation-reminder-group.schema.js';
import { REMINDER_STYLES, danishWeekdayIsoDate, reminderStatus, type EvaluationReminderState } from './evaluation-reminder.js';

/** One plan on the grouped reminder. */
export interface EvaluationReminderGroupItem {
  caseId: string;
  planId: string;
  planTitle: string;
  pseudonym: string | null;
  teamName: string | null;
  /** 'YYYY-MM-DD': the date the reminder is about (the buttons carry it). */
  evaluationDate: string;
  kind: EvaluationReminderKind;
  state: EvaluationReminderState;
}

export interface EvaluationReminderGroupCardData {
  /** Two or more plans, in the order shown. */
  items: EvaluationReminderGroupItem[];
  /** Why the recipient gets them: a leader of the school, the plans' tovholder, or both. */
  roles: ('leder' | 'tovholder')[];
}

const SEVERITY: Record<EvaluationReminderKind, number> = { 'due-soon': 0, due: 1, overdue: 2 };
const WHEN_COLORS = { 'due-soon': 'Default', due: 'Warning', overdue: 'Attention' } as const;

const when = (kind: EvaluationReminderKind, date: string) => {
  const day = danishWeekdayIsoDate(date);
  return {
    'due-soon': `Evalueres ${day} (om to skoledage)`,
    due: `Evalueres i dag, ${day}`,
    overdue: `Skulle have været evalueret ${day}`,
  }[kind];
};

const because = (roles: EvaluationReminderGroupCardData['roles']) => {
  const leader = roles.includes('leder');
  const tovholder = roles.includes('tovholder');
  if (leader && tovholder) return 'Du får beskeden, fordi du er leder på skolen eller tovholder på planen.';
  return leader ? 'Du får beskeden, fordi du er leder på skolen.' : 'Du får beskeden, fordi du er tovholder på planerne.';
};

/** "3 planer skal evalueres": each plan with its case, its date and its own buttons. */
export function evaluationReminderGroupCard(d: EvaluationReminderGroupCardData): Card {
  const shown = d.items.slice(0, REMINDER_GROUP_MAX);
  const worst = shown.reduce<EvaluationReminderKind>((w, i) => (SEVERITY[i.kind] > SEVERITY[w] ? i.kind : w), 'due-soon');
  const rest = d.items.length - shown.length;
  return renderCard('evaluation-reminder-group', {
    heading: `${d.items.length} planer skal evalueres`,
    headerStyle: REMINDER_STYLES[worst],
    overdue: worst === 'overdue',
    lead: 'Hver plan har sine egne knapper. Find en tid sammen med teamet.',
    because: because(d.roles),
    group: shown.map((i) => `${i.planId}:${i.evaluationDate}`).join(' '),
    plans: shown.map((i) => ({
      caseHeading: caseHeading(fitOrNull(i.pseudonym, 60), fitOrNull(i.teamName, 120)),
      caseId: i.caseId,
      planId: i.planId,
      evaluationDate: i.evaluationDate,
      kind: i.kind,
      planTitle: fit(i.planTitle, 120),
      when: when(i.kind, i.evaluationDate),
      whenColor: i.state.kind === 'open' ? WHEN_COLORS[i.kind] : 'Default',
      status: reminderStatus(i.state),
      statusColor: i.state.kind === 'evaluated' ? ('Good' as const) : ('Accent' as const),
      canEvaluate: i.state.kind === 'open' || i.state.kind === 'moved',
      canSnooze: i.state.kind === 'open',
    })),
    more:
      rest > 0 ? `… og ${rest} ${rest === 1 ? 'plan' : 'planer'} mere: skriv »mine sager« eller »sager på skolen« for at se dem.` : null,
  });
}
