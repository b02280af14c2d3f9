/**
 * One evaluation card, one evaluation (issue 9). An evaluation that continues a plan keeps its
 * version, so the version an evaluation card carries cannot tell its second click from the next
 * evaluation. A plan's `revision` moves on with every saved version and every evaluation; the
 * evaluation card carries it, and each evaluation records the revision it was made at, once.
 * Existing plans: the versions saved plus the evaluations recorded. Existing evaluations: the
 * version evaluated plus the evaluations before it (what the revision was then), so the key holds.
 */
import { sql } from 'kysely';
import { statements } from './statements.js';

export default statements(
  sql`alter table plans add column revision integer not null default 0 constraint plans_revision_check check (revision >= 0)`,
  sql`update plans set revision = current_version + (select count(*) from plan_evaluations e where e.plan_id = plans.id)`,
  sql`alter table plan_evaluations add column plan_revision integer`,
  sql`
    update plan_evaluations set plan_revision = earlier.revision
    from (
      select id, plan_version + row_number() over (partition by plan_id order by evaluated_at, id) - 1 as revision
      from plan_evaluations
    ) earlier
    where earlier.id = plan_evaluations.id`,
  sql`alter table plan_evaluations alter column plan_revision set not null`,
  sql`alter table plan_evaluations add constraint plan_evaluations_plan_revision_key unique (plan_id, plan_revision)`,
);
