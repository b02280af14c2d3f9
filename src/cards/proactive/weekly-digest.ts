/**
 * A proactive message (issue 4): its view-model schema and its view builder. These cards are sent
 * unasked, to busy staff: short, and never a child's name, only the case's pseudonym ("A.B., 4.B").
 * The text is written here, in the view builder (dates in Danish); the schema only bounds what the
 * template binds.
 */
import type { Level } from '../../domain/recommendation.js';
import { renderCard } from '../render.js';
import { caseName, type Card } from '../common.js';
import { danishIsoDate, fit, fitOrNull } from '../format.js';
import { DIGEST_LIST_MAX } from './weekly-digest.schema.js';

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
  /** Open requests for sparring: nobody has taken them yet, or an adviser has; null leaves them out. */
  openRequests: { waiting: number; inProgress: number } | null;
}

const digestPlans = (plans: DigestPlanLine[]) =>
  plans.slice(0, DIGEST_LIST_MAX).map((p) => ({
    planTitle: fit(p.planTitle, 120),
    line: [caseName(fitOrNull(p.pseudonym, 60)), fitOrNull(p.teamName, 120), danishIsoDate(p.evaluationDate)]
      .filter((x) => x !== null)
      .join(' · '),
  }));

/** A section is red only when it asks something of the leader (`act`) and has something in it. */
const attention = (act: boolean, n: number): 'Attention' | 'Default' => (act && n > 0 ? 'Attention' : 'Default');

const digestSection = (title: string, empty: string, act: boolean, plans: DigestPlanLine[]) => {
  const more = plans.length - DIGEST_LIST_MAX;
  return {
    title: `${title} (${plans.length})`,
    color: attention(act, plans.length),
    empty: plans.length === 0 ? empty : null,
    plans: digestPlans(plans),
    more: more > 0 ? `… og ${more} mere` : null,
  };
};

/**
 * Monday morning for a school's leaders: overdue evaluations, this week's, the open cases by level,
 * and the requests for sparring: those no adviser has taken yet apart from those in progress (a
 * taken request is not "open" to anyone). Red marks only what is there to act on: overdue plans
 * and requests waiting for an adviser.
 */
export function weeklyDigestCard(d: WeeklyDigestCardData): Card {
  const requests = d.openRequests;
  return renderCard('weekly-digest', {
    schoolName: fit(d.schoolName, 120),
    weekLabel: fit(d.weekLabel, 40),
    sections: [
      digestSection('Overskredne evalueringer', 'Ingen evalueringer er overskredet.', true, d.overdue),
      digestSection('Skal evalueres i denne uge', 'Ingen planer skal evalueres i denne uge.', false, d.dueThisWeek),
    ],
    levelFacts: [
      { title: 'Forebyggende', value: String(d.casesByLevel.forebyggende) },
      { title: 'Foregribende', value: String(d.casesByLevel.foregribende) },
      { title: 'Indgribende', value: String(d.casesByLevel.indgribende) },
    ],
    requests:
      requests === null
        ? []
        : [
            { text: `Venter på en vejleder: ${requests.waiting}`, color: attention(true, requests.waiting) },
            { text: `I gang: ${requests.inProgress}`, color: 'Default' },
          ],
  });
}
