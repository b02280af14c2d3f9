/**
 * PKU's decision on a referral, and what it does to the case. The Pædagogisk Koordinationsudvalg
 * decides after the school leader's referral (the last step of the ladder, `henvisning-pku`); the
 * leader, or the teacher who owns the case, records the decision with its date:
 *
 * - `afslag` (refused) and `returneret` (returned with PKU's remarks) send the case back to
 *   `foregribende`: the advisers' work goes on and is followed up and evaluated again (the intake's
 *   `adviserEffect` is reopened, so the ladder's own rule 6b gives the next step), with PKU's
 *   remarks as a todo. When that evaluation again finds the help not enough, the ladder leads to a
 *   new referral by its usual rules.
 * - `enkeltintegreret` (the child stays at the school, with special support): the case continues
 *   like the leader's own decision to keep the support at the school, `bistand-paa-skolen`
 *   (the intake's `leaderDecision` becomes `paa-skolen`).
 * - `specialtilbud` (a specialised school offer): the placement is given for a year at a time and
 *   revisited every year "med henblik på, at det enkelte barn kan vende tilbage til almenområdet"
 *   (seed 003): the first revisitation reminder comes 11 months after PKU's decision date, then
 *   every 12 months (see schedule.ts `revisitationTime`). The case stays at `henvisning-pku`.
 *
 * The ladder's rules (ladder.ts) never read a decision: a decision changes the answers they read,
 * and adds its todo to the recommendation shown for the case.
 */
import type { Intake } from './intake.js';
import type { Recommendation } from './recommendation.js';

export const PKU_DECISIONS = ['afslag', 'returneret', 'enkeltintegreret', 'specialtilbud'] as const;
export type PkuDecisionKind = (typeof PKU_DECISIONS)[number];

export const PKU_DECISION_LABELS: Record<PkuDecisionKind, string> = {
  afslag: 'Afslag på henvisningen',
  returneret: 'Henvisningen er returneret',
  enkeltintegreret: 'Enkeltintegreret på skolen',
  specialtilbud: 'Specialiseret skoletilbud',
};

/** The most characters of PKU's remarks the bot keeps (they become a todo and go in the case history). */
export const PKU_REMARKS_MAX = 1000;

export interface PkuDecision {
  decision: PkuDecisionKind;
  /** PKU's decision date, YYYY-MM-DD. */
  decidedOn: string;
  /** PKU's remarks (required for `returneret`, optional otherwise); null when none. */
  remarks: string | null;
}

/** Whether a decision sends the case back down the ladder. */
export const sendsBack = (d: PkuDecisionKind): boolean => d === 'afslag' || d === 'returneret';

/**
 * The intake after PKU's decision: the answers the ladder's rules read from here on. A decision
 * that keeps the case where it is (`specialtilbud`) leaves the intake as it is.
 */
export function intakeAfterDecision(intake: Intake, decision: PkuDecisionKind): Intake {
  switch (decision) {
    case 'afslag':
    case 'returneret':
      return { ...intake, adviserEffect: 'ikke-endnu' };
    case 'enkeltintegreret':
      return { ...intake, leaderDecision: 'paa-skolen' };
    case 'specialtilbud':
      return intake;
  }
}

/** A todo line is at most this long (the recommendation card's bound); the whole remarks stay on the case card. */
export const DECISION_TODO_MAX = 300;

/** The remarks within a todo line: cut between words, with "…" and a pointer to the case when cut. */
function remarksFor(prefix: string, remarks: string): string {
  const line = `${prefix}${remarks}`;
  if (Array.from(line).length <= DECISION_TODO_MAX) return line;
  const tail = ' … (se sagen)';
  const room = DECISION_TODO_MAX - Array.from(prefix).length - Array.from(tail).length;
  const head = Array.from(remarks).slice(0, room).join('');
  const cut = head.lastIndexOf(' ') > 0 ? head.slice(0, head.lastIndexOf(' ')) : head;
  return `${prefix}${cut.trimEnd()}${tail}`;
}

/** The todo lines a recorded decision adds to the case's recommendation. */
export function decisionTodos(d: PkuDecision): string[] {
  switch (d.decision) {
    case 'afslag':
      return [d.remarks ? remarksFor("Følg op på PKU's afslag: ", d.remarks) : "Følg op på PKU's afslag, og evaluér indsatserne igen"];
    case 'returneret':
      return [d.remarks ? remarksFor("Følg op på PKU's bemærkninger: ", d.remarks) : "Følg op på PKU's bemærkninger"];
    case 'enkeltintegreret':
      return ["PKU har besluttet enkeltintegration på skolen: giv bistanden med PPV'ens anbefalinger"];
    case 'specialtilbud':
      return ['Revisitér tilbuddet hvert år: mål for året, evaluering, og om barnet kan vende tilbage til almenskolen'];
  }
}

/** The recommendation shown for a case with a recorded decision: the decision's todo comes first. */
export function withDecision(r: Recommendation, d: PkuDecision | null): Recommendation {
  if (!d) return r;
  const todo = [...decisionTodos(d), ...r.todo.filter((t) => !decisionTodos(d).includes(t))];
  return { ...r, todo };
}
