/**
 * A proactive message (issue 4): its view-model schema and its view builder. These cards are sent
 * unasked, to busy staff: short, and never a child's name, only the case's pseudonym ("A.B., 4.B").
 * The text is written here, in the view builder (dates in Danish); the schema only bounds what the
 * template binds.
 */
import { z } from '../../domain/zod.js';
import type { Level } from '../../domain/recommendation.js';
import { renderCard } from '../render.js';
import { caseName, item, short, type Card } from '../common.js';
import { danishIsoDate, fit, fitOrNull } from '../format.js';

/** Plans listed in each section of the weekly digest; the rest are counted ("… og 3 mere"). */
export const DIGEST_LIST_MAX = 15;

/**
 * A plan line of the digest. Lines have no buttons (thirty "Evaluér nu" would take the card past
 * 28 KB): the reminders carry those, and "Sager på skolen" opens every case.
 */
const DigestPlanSchema = z.strictObject({
  planTitle: short,
  /** "A.B., 4.B · 4.B · 4. december 2026": a pseudonym (60), a team (120) and a date. */
  line: z.string().trim().min(1).max(210),
});

/** A section of the digest: "Overskredne evalueringer (3)", its plans, and "… og N mere" for the rest. */
const DigestSectionSchema = z.strictObject({
  title: short,
  color: z.enum(['Attention', 'Default']),
  /** Said when the section has no plans; null when it has. */
  empty: item.nullable(),
  plans: z.array(DigestPlanSchema).max(DIGEST_LIST_MAX),
  more: short.nullable(),
});

export const WeeklyDigestViewModelSchema = z.strictObject({
  schoolName: short,
  /** e.g. "Uge 50". */
  weekLabel: z.string().trim().min(1).max(40),
  /** Overdue, then due this week. */
  sections: z.array(DigestSectionSchema).length(2),
  /** Open cases by level, and the open requests for sparring when counted. */
  levelFacts: z.array(z.strictObject({ title: short, value: short })).max(4),
});

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
    line: [caseName(fitOrNull(p.pseudonym, 60)), fitOrNull(p.teamName, 120), danishIsoDate(p.evaluationDate)].filter((x) => x !== null).join(' · '),
  }));

const digestSection = (title: string, empty: string, color: 'Attention' | 'Default', plans: DigestPlanLine[]) => {
  const more = plans.length - DIGEST_LIST_MAX;
  return {
    title: `${title} (${plans.length})`,
    color,
    empty: plans.length === 0 ? empty : null,
    plans: digestPlans(plans),
    more: more > 0 ? `… og ${more} mere` : null,
  };
};

/** Monday morning for a school's leaders: overdue evaluations, this week's, and the open cases by level. */
export function weeklyDigestCard(d: WeeklyDigestCardData): Card {
  return renderCard('weekly-digest', {
    schoolName: fit(d.schoolName, 120),
    weekLabel: fit(d.weekLabel, 40),
    sections: [
      digestSection('Overskredne evalueringer', 'Ingen evalueringer er overskredet.', 'Attention', d.overdue),
      digestSection('Skal evalueres i denne uge', 'Ingen planer skal evalueres i denne uge.', 'Default', d.dueThisWeek),
    ],
    levelFacts: [
      { title: 'Forebyggende', value: String(d.casesByLevel.forebyggende) },
      { title: 'Foregribende', value: String(d.casesByLevel.foregribende) },
      { title: 'Indgribende', value: String(d.casesByLevel.indgribende) },
      ...(d.openRequests === null ? [] : [{ title: 'Åbne anmodninger om sparring', value: String(d.openRequests) }]),
    ],
  });
}
