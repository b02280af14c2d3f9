/**
 * `revisitation-reminder`: a child placed in a specialised school offer by PKU (the decision
 * `specialtilbud`, src/domain/pku-decision.ts) is revisited every year "med henblik på, at det
 * enkelte barn kan vende tilbage til almenområdet" (handleguiden). The school's leaders get a
 * reminder 11 months after PKU's decision date, then every 12 months while the placement lasts
 * (domain/schedule.ts `revisitationTime`), at working-hours start on a school day of the school's
 * calendar. Planned by the reminder planner (src/reminders/planner.ts) from the recorded decisions;
 * obsolete once the case is closed or a later decision replaced the placement.
 */
import { z } from '../../domain/zod.js';
import { localDate, nextSendTime } from '../../domain/calendar.js';
import { revisitationTime } from '../../domain/schedule.js';
import { schoolCalendar, type DirectoryLookup } from '../../directory/lookup.js';
import { personalRefKey } from '../../conversations/conversation-ref.repository.js';
import { revisitationReminderCard } from '../../cards/index.js';
import { cardActivity, defineKind, obsolete, send } from '../kind.js';
import { IsoDate, PLAN_AHEAD_MS, REMINDER_LIFETIME_MS, Role, type PlanningDeps, type ReminderRole } from './plan-reminder.js';

export const RevisitationPayload = z.object({
  caseId: z.uuid(),
  /** The recorded decision (`specialtilbud`) the placement rests on. */
  decisionId: z.uuid(),
  /** Which revisitation: 0 is the first, 11 months after the decision. */
  n: z.number().int().min(0).max(100),
  /** The school day the reminder is for, YYYY-MM-DD. */
  revisitationDate: IsoDate,
  role: Role,
});
export type RevisitationPayload = z.input<typeof RevisitationPayload>;

/** The revisitation to remind of now: the latest one due up to `horizon`, or null. */
function dueRevisitation(decidedOn: string, horizon: Date, cal: Parameters<typeof revisitationTime>[2]): { n: number; at: Date } | null {
  let due: { n: number; at: Date } | null = null;
  for (let n = 0; n < 100; n++) {
    const at = revisitationTime(decidedOn, n, cal);
    if (at.getTime() > horizon.getTime()) break;
    due = { n, at };
  }
  return due;
}

/** Plans the revisitation reminders due up to `now` + PLAN_AHEAD_MS; returns how many new rows. */
export async function planRevisitationReminders(deps: PlanningDeps, lookup: DirectoryLookup, now: Date): Promise<number> {
  const tenantId = lookup.directory.tenantId;
  let planned = 0;
  for (const placement of await deps.decisions.placements(tenantId)) {
    const cal = schoolCalendar(lookup, placement.schoolId);
    const due = dueRevisitation(placement.decidedOn, new Date(now.getTime() + PLAN_AHEAD_MS), cal);
    if (!due) continue;
    const expiresAt = new Date(due.at.getTime() + REMINDER_LIFETIME_MS);
    if (expiresAt.getTime() <= now.getTime()) continue;
    const leaders = placement.schoolId ? lookup.leadersOf(placement.schoolId).map((p) => p.aadObjectId.toLowerCase()) : [];
    // A case without a school the directory knows still gets its reminder: to the teacher who owns it.
    const recipients: { aad: string; role: ReminderRole }[] =
      leaders.length > 0
        ? leaders.map((aad) => ({ aad, role: 'leder' }))
        : [{ aad: placement.ownerAadId.toLowerCase(), role: 'tovholder' }];
    const revisitationDate = localDate(due.at, cal.timeZone);
    for (const { aad, role } of recipients) {
      const payload: RevisitationPayload = { caseId: placement.caseId, decisionId: placement.decisionId, n: due.n, revisitationDate, role };
      const row = await deps.outbox.enqueue({
        kind: 'revisitation-reminder',
        tenantId,
        recipientKey: personalRefKey(tenantId, aad),
        recipientAadId: aad,
        payload,
        idempotencyKey: `revisit:${placement.decisionId}:${due.n}:${aad}`,
        dueAt: due.at.getTime() < now.getTime() ? nextSendTime(now, cal) : due.at,
        expiresAt,
      });
      if (row) planned += 1;
    }
  }
  return planned;
}

export const revisitationReminder = defineKind({
  label: 'Påmindelse om revisitation af et specialiseret tilbud',
  payload: RevisitationPayload,
  plannedBy: 'planRevisitationReminders (the reminder planner, src/reminders/planner.ts), from PKU decisions',
  async render(_message, p, context) {
    const c = await context.cases.get(p.caseId);
    if (!c || c.status !== 'aaben') return obsolete('case no longer open');
    const decision = await context.decisions.latest(c.id);
    if (!decision || decision.id !== p.decisionId || decision.decision !== 'specialtilbud')
      return obsolete('placement replaced by a later decision');
    const lookup = context.directory();
    const referral = (await context.plans.listForCase(c.id))
      .filter((plan) => plan.templateId === 'henvisning-pku' && plan.status !== 'arkiveret')
      .at(-1);
    return send(
      cardActivity(
        revisitationReminderCard({
          caseId: c.id,
          referralPlanId: referral && referral.currentVersion > 0 ? referral.id : null,
          pseudonym: c.pseudonym,
          schoolName: c.schoolId ? (lookup.school(c.schoolId)?.name ?? null) : null,
          teamName: c.schoolId && c.teamId ? (lookup.team({ schoolId: c.schoolId, teamId: c.teamId })?.name ?? null) : null,
          revisitationDate: p.revisitationDate,
          decidedOn: decision.decidedOn,
          year: p.n + 1,
        }),
      ),
    );
  },
});
