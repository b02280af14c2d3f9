/**
 * A proactive message (issue 4): its view-model schema and its view builder. These cards are sent
 * unasked, to busy staff: short, and never a child's name, only the case's pseudonym ("A.B., 4.B").
 * Dates arrive as 'YYYY-MM-DD' or already as Danish text (an instant is formatted by the view
 * function, in Europe/Copenhagen); the transforms build the lines shown.
 */
import { z } from '../../domain/zod.js';
import type { Level } from '../../domain/recommendation.js';
import { renderCard } from '../render.js';
import { caseName, count, isoDate, pseudonym, short, type Card } from '../common.js';
import { danishIsoDate, fit, fitOrNull } from '../format.js';

/** Plans listed in each section of the weekly digest; the rest are counted ("… og 3 mere"). */
export const DIGEST_LIST_MAX = 15;

/**
 * A plan line of the digest. Lines have no buttons (thirty "Evaluér nu" would take the card past
 * 28 KB): the reminders carry those, and "Sager på skolen" opens every case.
 */
const DigestPlanSchema = z.strictObject({
  planTitle: short,
  pseudonym,
  teamName: short.nullable(),
  evaluationDate: isoDate,
}).transform((p) => ({
  ...p,
  line: [caseName(p.pseudonym), p.teamName, danishIsoDate(p.evaluationDate)].filter((x) => x !== null).join(' · '),
}));

const digestSection = (title: string, empty: string, color: 'Attention' | 'Default', plans: z.output<typeof DigestPlanSchema>[], more: number) => ({
  title: `${title} (${plans.length + more})`,
  color,
  empty: plans.length === 0 ? empty : null,
  plans,
  more: more > 0 ? `… og ${more} mere` : null,
});

export const WeeklyDigestViewModelSchema = z.strictObject({
  schoolName: short,
  /** e.g. "Uge 50". */
  weekLabel: z.string().trim().min(1).max(40),
  dueThisWeek: z.array(DigestPlanSchema).max(DIGEST_LIST_MAX),
  /** Plans due this week that are not listed. */
  dueMore: count,
  overdue: z.array(DigestPlanSchema).max(DIGEST_LIST_MAX),
  overdueMore: count,
  casesByLevel: z.strictObject({ forebyggende: count, foregribende: count, indgribende: count }),
  /** Open requests for sparring from the school; null leaves the line out. */
  openRequests: count.nullable(),
}).transform((vm) => ({
  ...vm,
  sections: [
    digestSection('Overskredne evalueringer', 'Ingen evalueringer er overskredet.', 'Attention', vm.overdue, vm.overdueMore),
    digestSection('Skal evalueres i denne uge', 'Ingen planer skal evalueres i denne uge.', 'Default', vm.dueThisWeek, vm.dueMore),
  ],
  levelFacts: [
    { title: 'Forebyggende', value: String(vm.casesByLevel.forebyggende) },
    { title: 'Foregribende', value: String(vm.casesByLevel.foregribende) },
    { title: 'Indgribende', value: String(vm.casesByLevel.indgribende) },
    ...(vm.openRequests === null ? [] : [{ title: 'Åbne anmodninger om sparring', value: String(vm.openRequests) }]),
  ],
}));

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
