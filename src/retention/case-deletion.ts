/**
 * Deleting one case and everything of it (issue 13): one function for the two ways a case goes, the
 * retention job (src/retention/retention.job.ts, when its time is up) and an administrator's erasure
 * ("slet sag", src/insight/case-erasure.service.ts, at once). Each caller decides under the case's row
 * lock whether the case may go (the job: still due; the erasure: an administrator, the card not
 * stale); this module only says what "everything of it" is, so the two cannot drift apart.
 *
 * - The outbox rows of the case's own (their payload's case, plan or sparring request id is one of
 *   the case's) are deleted. A merged evaluation reminder holding plans of other cases too is
 *   rewritten without this case's plans: deleting it whole would lose the others' reminders (their
 *   own rows were cancelled as merged and keep their keys, so they are never planned again).
 * - Then the case row; the foreign keys (`on delete cascade`) take its recommendations (the ladder's
 *   history), plans, versions, evaluations, sparring requests and their events, PKU's decisions and
 *   the notification to the municipality with it.
 * - The access log is not touched: it holds ids only, no foreign keys, and is kept for its own
 *   period as evidence of who read, changed or erased the case.
 *
 * `caseContents` counts the same rows without deleting them (the erasure's confirmation card), and
 * the deletion returns the counts of what it removed (read before the delete, in its transaction).
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Tables } from '../db/schema.js';
import { toJsonb } from '../db/json.js';

/** How many rows of each kind a case holds (or held, when it was deleted). */
export interface CaseContents {
  /** Its history on the ladder. */
  recommendations: number;
  plans: number;
  planVersions: number;
  planEvaluations: number;
  pkuDecisions: number;
  safeguardingNotifications: number;
  sparringRequests: number;
  sparringEvents: number;
  /** Outbox rows of the case's own (deleted with it). */
  outboxRows: number;
  /** Merged evaluation reminders that also hold other cases' plans (rewritten without the case's). */
  mergedReminders: number;
}

interface CaseIds {
  plans: string[];
  requests: string[];
}

/** `in (…)` of a non-empty list. */
const anyOf = (ids: string[]) => sql<boolean>`in (${sql.join(ids)})`;

async function idsOf(db: Kysely<Tables>, caseId: string): Promise<CaseIds> {
  const plans = (await db.selectFrom('plans').select('id').where('case_id', '=', caseId).execute()).map((p) => p.id);
  const requests = (await db.selectFrom('sparring_requests').select('id').where('case_id', '=', caseId).execute()).map((r) => r.id);
  return { plans, requests };
}

/** The outbox rows of the case's own: their payload names the case, one of its plans or one of its requests. */
function ownOutbox(caseId: string, ids: CaseIds): RawBuilder<boolean> {
  const own = [sql<boolean>`payload->>'caseId' = ${caseId}`];
  if (ids.plans.length > 0) own.push(sql<boolean>`payload->>'planId' ${anyOf(ids.plans)}`);
  if (ids.requests.length > 0) own.push(sql<boolean>`payload->>'requestId' ${anyOf(ids.requests)}`);
  return sql<boolean>`(${sql.join(own, sql` or `)})`;
}

/** Merged evaluation reminders (`{ items: [...] }`) holding any of the plans. */
function mergedHolding(db: Kysely<Tables>, plans: string[]) {
  return db
    .selectFrom('outbox')
    .select(['id', 'payload'])
    .where(sql<boolean>`jsonb_typeof(payload->'items') = 'array'`)
    .where(sql<boolean>`exists (select 1 from jsonb_array_elements(payload->'items') i where i->>'planId' ${anyOf(plans)})`);
}

async function count(query: Promise<{ n: string | number | bigint }[]>): Promise<number> {
  return Number((await query)[0]?.n ?? 0);
}

/** What the case holds, counted (nothing is changed); null when there is no such case. */
/**
 * A number that grows with every change to the case or anything of it: the case's seq, each plan's
 * versions and evaluations (revision), each sparring request's transitions (version), and the rows
 * added to it (plans, requests, PKU decisions, the notification, the history). The erasure's
 * confirmation card carries it, so a card drawn before any of these changed deletes nothing.
 */
export async function contentsVersion(db: Kysely<Tables>, caseId: string): Promise<number | null> {
  const { rows } = await sql<{ v: string | number | null }>`
    select (select seq from cases where id = ${caseId})
      + coalesce((select sum(revision + current_version + 1) from plans where case_id = ${caseId}), 0)
      + coalesce((select sum(version + 1) from sparring_requests where case_id = ${caseId}), 0)
      + (select count(*) from pku_decisions where case_id = ${caseId})
      + (select count(*) from safeguarding_notifications where case_id = ${caseId})
      + (select count(*) from case_recommendations where case_id = ${caseId}) as v
  `.execute(db);
  const v = rows[0]?.v;
  return v === null || v === undefined ? null : Number(v);
}

export async function caseContents(db: Kysely<Tables>, caseId: string): Promise<CaseContents | null> {
  const exists = await db.selectFrom('cases').select('id').where('id', '=', caseId).executeTakeFirst();
  if (!exists) return null;
  const ids = await idsOf(db, caseId);
  const n = sql<string>`count(*)`.as('n');
  const hasPlans = ids.plans.length > 0;
  return {
    recommendations: await count(db.selectFrom('case_recommendations').select(n).where('case_id', '=', caseId).execute()),
    plans: ids.plans.length,
    planVersions: hasPlans ? await count(db.selectFrom('plan_versions').select(n).where('plan_id', 'in', ids.plans).execute()) : 0,
    planEvaluations: hasPlans ? await count(db.selectFrom('plan_evaluations').select(n).where('plan_id', 'in', ids.plans).execute()) : 0,
    pkuDecisions: await count(db.selectFrom('pku_decisions').select(n).where('case_id', '=', caseId).execute()),
    safeguardingNotifications: await count(db.selectFrom('safeguarding_notifications').select(n).where('case_id', '=', caseId).execute()),
    sparringRequests: ids.requests.length,
    sparringEvents:
      ids.requests.length > 0
        ? await count(db.selectFrom('sparring_events').select(n).where('request_id', 'in', ids.requests).execute())
        : 0,
    outboxRows: await count(db.selectFrom('outbox').select(n).where(ownOutbox(caseId, ids)).execute()),
    mergedReminders: hasPlans ? (await mergedHolding(db, ids.plans).execute()).length : 0,
  };
}

/**
 * Deletes the case and everything of it in `trx` (see the module comment); what it held, or null when
 * there is no such case. The caller holds the case's row lock and has decided that it may go.
 */
export async function deleteCaseEverything(trx: Transaction<Tables>, caseId: string): Promise<CaseContents | null> {
  const contents = await caseContents(trx, caseId);
  if (!contents) return null;
  const ids = await idsOf(trx, caseId);
  await trx.deleteFrom('outbox').where(ownOutbox(caseId, ids)).execute();
  if (ids.plans.length > 0) await dropFromMerged(trx, ids.plans);
  await trx.deleteFrom('cases').where('id', '=', caseId).execute();
  return contents;
}

/**
 * Merged evaluation reminders (`{ items: [...] }`, src/proactive/kinds/evaluation-reminder.ts)
 * holding any of `plans`: rewritten with the other plans' items (one left: the single plan's
 * payload, as mergeReminders writes it), deleted when none is left.
 */
async function dropFromMerged(trx: Transaction<Tables>, plans: string[]): Promise<void> {
  const gone = new Set(plans);
  for (const row of await mergedHolding(trx, plans).execute()) {
    const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as { items: { planId?: unknown }[] };
    const kept = payload.items.filter((i) => !gone.has(String(i.planId)));
    if (kept.length === 0) await trx.deleteFrom('outbox').where('id', '=', row.id).execute();
    else
      await trx
        .updateTable('outbox')
        .set({ payload: toJsonb(kept.length === 1 ? kept[0] : { ...payload, items: kept }), updated_at: sql<Date>`clock_timestamp()` })
        .where('id', '=', row.id)
        .execute();
  }
}
