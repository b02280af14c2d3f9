/**
 * `retention-warning`: a case will be deleted (src/domain/retention.ts says when). Its owner and the
 * school's leaders get the card a warning period before, with **Eksportér** for each saved plan and
 * **Åbn sagen**. Planned by the retention job (src/retention/retention.job.ts), which writes the rows
 * and the case's `retention_warned_at` in one transaction. Obsolete when the case is gone.
 */
import { z } from '../../domain/zod.js';
import { retentionWarningCard } from '../../cards/index.js';
import { cardActivity, defineKind, obsolete, send } from '../kind.js';

export const RetentionWarningPayload = z.object({
  caseId: z.uuid(),
  /** The deletion day announced, as an instant (ISO text). */
  deleteAt: z.iso.datetime(),
  /** The latest change the deadline was counted from, when the case is not closed (ISO text). */
  touchedAt: z.iso.datetime(),
});
export type RetentionWarningPayload = z.input<typeof RetentionWarningPayload>;

export const retentionWarning = defineKind({
  label: 'Varsel om sletning af en sag',
  payload: RetentionWarningPayload,
  plannedBy: 'RetentionJob.run (src/retention/retention.job.ts), in the planning round',
  async render(_message, p, context) {
    const c = await context.cases.get(p.caseId);
    if (!c) return obsolete('case deleted');
    const lookup = context.directory();
    const team = c.schoolId && c.teamId ? lookup.team({ schoolId: c.schoolId, teamId: c.teamId }) : null;
    const school = c.schoolId ? lookup.school(c.schoolId) : null;
    const plans = (await context.plans.listForCase(c.id)).filter((plan) => plan.currentVersion > 0 && plan.status !== 'arkiveret');
    return send(
      cardActivity(
        retentionWarningCard({
          caseId: c.id,
          pseudonym: c.pseudonym,
          team: team ? (school ? `${team.name} – ${school.name}` : team.name) : null,
          deleteAt: new Date(p.deleteAt),
          closedAt: c.closed?.at ?? null,
          touchedAt: new Date(p.touchedAt),
          plans: plans.map((plan) => ({ id: plan.id, title: plan.title })),
        }),
      ),
    );
  },
});
