/**
 * `weekly-digest`: each school leader's overview of the week (plans due for evaluation this week,
 * overdue ones, cases by level, sparring requests waiting for an adviser and in progress, apart). Planned by the reminder planner
 * (src/reminders/planner.ts) for Monday 07:30 or the week's first school day; drawn when sent, so
 * it shows the week as it is then; not delivered after its week.
 */
import { z } from '../../domain/zod.js';
import { addCalendarDays, localDate } from '../../domain/calendar.js';
import { weeklyDigestTimes } from '../../domain/schedule.js';
import { schoolCalendar, type DirectoryLookup } from '../../directory/lookup.js';
import { personalRefKey } from '../../conversations/conversation-ref.repository.js';
import { weeklyDigestCard, type DigestPlanLine } from '../../cards/index.js';
import { cardActivity, defineKind, obsolete, send } from '../kind.js';
import { IsoDate, PLAN_AHEAD_MS, type PlanningDeps } from './plan-reminder.js';

/** A digest is about its week: not delivered after that week. */
const DIGEST_LIFETIME_MS = 5 * 86_400_000;

export const DigestPayload = z.object({
  schoolId: z.string().min(1),
  /** The Monday of the digest's week ('YYYY-MM-DD'). */
  week: IsoDate,
});
export type DigestPayload = z.input<typeof DigestPayload>;

/** Plans each leader's digest of the coming week once its time is within PLAN_AHEAD_MS; returns how many new rows. */
export async function planWeeklyDigests(deps: Pick<PlanningDeps, 'outbox'>, lookup: DirectoryLookup, now: Date): Promise<number> {
  const tenantId = lookup.directory.tenantId;
  let planned = 0;
  for (const school of lookup.directory.schools) {
    const cal = schoolCalendar(lookup, school.id);
    const [at] = weeklyDigestTimes(now, 1, cal);
    if (!at || at.getTime() > now.getTime() + PLAN_AHEAD_MS) continue;
    const day = localDate(at, cal.timeZone);
    const week = mondayOf(day);
    for (const leader of lookup.leadersOf(school.id)) {
      const aad = leader.aadObjectId.toLowerCase();
      const payload: DigestPayload = { schoolId: school.id, week };
      const row = await deps.outbox.enqueue({
        kind: 'weekly-digest',
        tenantId,
        recipientKey: personalRefKey(tenantId, aad),
        recipientAadId: aad,
        payload,
        idempotencyKey: `digest:${school.id}:${week}:${aad}`,
        dueAt: at,
        expiresAt: new Date(at.getTime() + DIGEST_LIFETIME_MS),
      });
      if (row) planned += 1;
    }
  }
  return planned;
}

export const weeklyDigest = defineKind({
  label: 'Ugeoversigt',
  payload: DigestPayload,
  plannedBy: 'planWeeklyDigests (the reminder planner, src/reminders/planner.ts)',
  async render(message, p, context) {
    const lookup = context.directory();
    const school = lookup.school(p.schoolId);
    if (!school) return obsolete('school no longer in the directory');
    const tenantId = message.tenantId;
    const today = localDate(context.clock(), schoolCalendar(lookup, school.id).timeZone);
    const sunday = addCalendarDays(p.week, 6);
    const yesterday = addCalendarDays(today, -1);
    const [dueThisWeek, overdue, casesByLevel, openRequests] = await Promise.all([
      context.plans.dueForEvaluation(sunday, { onOrAfter: today, tenantId, schoolId: school.id, limit: 200 }),
      context.plans.dueForEvaluation(yesterday, { tenantId, schoolId: school.id, limit: 200 }),
      context.overview.levelsOfSchool(tenantId, school.id),
      context.openRequests(tenantId, school.id),
    ]);
    const line = (plan: (typeof dueThisWeek)[number]): DigestPlanLine => ({
      caseId: plan.caseId,
      planId: plan.id,
      planTitle: plan.title,
      pseudonym: plan.case.pseudonym,
      teamName: plan.case.teamId ? (lookup.team({ schoolId: school.id, teamId: plan.case.teamId })?.name ?? null) : null,
      evaluationDate: plan.evaluationDate ?? '',
    });
    return send(
      cardActivity(
        weeklyDigestCard({
          schoolName: school.name,
          weekLabel: `Uge ${isoWeek(p.week)}`,
          dueThisWeek: dueThisWeek.map(line),
          overdue: overdue.map(line),
          casesByLevel,
          openRequests,
        }),
      ),
    );
  },
});

/** The Monday of the week of `date` ('YYYY-MM-DD'). */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addCalendarDays(date, -((weekday + 6) % 7));
}

/** ISO 8601 week number of a date ('YYYY-MM-DD'). */
export function isoWeek(date: string): number {
  const d = new Date(`${date}T00:00:00Z`);
  const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * 86_400_000);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  return Math.floor((thursday.getTime() - yearStart) / (7 * 86_400_000)) + 1;
}
