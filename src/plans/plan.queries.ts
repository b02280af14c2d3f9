/**
 * The reading side of the plan repository: one plan, a case's plans, a plan's versions and
 * evaluations, and the plans due for evaluation (the reminders' query). No writes and no locks:
 * PlanRepository (drafts and the locked changes) extends it, so callers hold one object. The
 * tovholder's name and the contents are sealed (plan.records.ts): every row is opened with the
 * database's keys, and no query reads into them in SQL.
 */
import { sql } from 'kysely';
import { isCaseId } from '../cases/case.repository.js';
import type { Database } from '../db/database.js';
import {
  evaluationColumns,
  DUE_CASE_COLUMNS,
  PLAN_COLUMNS,
  checkDate,
  isPlanId,
  planEvaluationDate,
  toDuePlan,
  toEvaluationRecord,
  toPlanRecord,
  toVersionRecord,
  type DuePlan,
  type Executor,
  type PlanEvaluationRecord,
  type PlanRecord,
  type PlanVersionRecord,
} from './plan.records.js';

/** A due-plan query's row limit: the caller's, between 1 and 10,000; 1,000 by default. */
function dueLimit(limit: number | undefined): number {
  return limit !== undefined && Number.isSafeInteger(limit) && limit > 0 ? Math.min(limit, 10_000) : 1_000;
}

export class PlanQueries {
  constructor(protected readonly database: Database) {}

  async get(planId: string, executor: Executor = this.database.db): Promise<PlanRecord | null> {
    if (!isPlanId(planId)) return null;
    const row = await executor
      .selectFrom('plans')
      .select([...PLAN_COLUMNS, planEvaluationDate()])
      .where('plans.id', '=', planId)
      .executeTakeFirst();
    return row ? toPlanRecord(row, this.database.keys) : null;
  }

  /** The case's plans, newest first, each with its current version number and evaluation date. */
  async listForCase(caseId: string, executor: Executor = this.database.db): Promise<PlanRecord[]> {
    if (!isCaseId(caseId)) return [];
    const rows = await executor
      .selectFrom('plans')
      .select([...PLAN_COLUMNS, planEvaluationDate()])
      .where('plans.case_id', '=', caseId)
      .orderBy('plans.created_at', 'desc')
      .orderBy('plans.id', 'desc')
      .execute();
    return rows.map((row) => toPlanRecord(row, this.database.keys));
  }

  /** Every saved version, oldest first, with who saved it and when. */
  async versions(planId: string, executor: Executor = this.database.db): Promise<PlanVersionRecord[]> {
    if (!isPlanId(planId)) return [];
    const rows = await executor.selectFrom('plan_versions').selectAll().where('plan_id', '=', planId).orderBy('version', 'asc').execute();
    return rows.map((row) => toVersionRecord(row, this.database.keys));
  }

  /** Version `n` (1 is the first save); null when there is none. */
  async version(planId: string, n: number, executor: Executor = this.database.db): Promise<PlanVersionRecord | null> {
    if (!isPlanId(planId) || !Number.isSafeInteger(n) || n < 1 || n > 2_147_483_647) return null;
    const row = await executor
      .selectFrom('plan_versions')
      .selectAll()
      .where('plan_id', '=', planId)
      .where('version', '=', n)
      .executeTakeFirst();
    return row ? toVersionRecord(row, this.database.keys) : null;
  }

  /** The plan's evaluations, oldest first. */
  async evaluations(planId: string, executor: Executor = this.database.db): Promise<PlanEvaluationRecord[]> {
    if (!isPlanId(planId)) return [];
    const rows = await executor
      .selectFrom('plan_evaluations')
      .select(evaluationColumns())
      .where('plan_id', '=', planId)
      .orderBy('evaluated_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map((row) => toEvaluationRecord(row, this.database.keys));
  }

  /**
   * Saved plans (status `gemt`) of open cases whose evaluation date is on or before `onOrBefore`
   * ('YYYY-MM-DD'), earliest date first; optionally only from `onOrAfter`, one tenant or one school.
   */
  async dueForEvaluation(
    onOrBefore: string,
    filter: { onOrAfter?: string; tenantId?: string; schoolId?: string; limit?: number } = {},
    executor: Executor = this.database.db,
  ): Promise<DuePlan[]> {
    checkDate(onOrBefore);
    let query = executor
      .selectFrom('plans')
      .innerJoin('cases', 'cases.id', 'plans.case_id')
      .select([...PLAN_COLUMNS, planEvaluationDate(), ...DUE_CASE_COLUMNS])
      .where('plans.status', '=', 'gemt')
      .where('cases.status', '=', 'aaben')
      .where(sql<boolean>`plans.evaluation_date <= ${onOrBefore}::date`);
    if (filter.onOrAfter !== undefined) {
      checkDate(filter.onOrAfter);
      query = query.where(sql<boolean>`plans.evaluation_date >= ${filter.onOrAfter}::date`);
    }
    if (filter.tenantId !== undefined) query = query.where('cases.tenant_id', '=', filter.tenantId);
    if (filter.schoolId !== undefined) query = query.where('cases.school_id', '=', filter.schoolId);
    const rows = await query
      .orderBy('plans.evaluation_date', 'asc')
      .orderBy('plans.created_at', 'asc')
      .orderBy('plans.id', 'asc')
      .limit(dueLimit(filter.limit))
      .execute();
    return rows.map((row) => toDuePlan(row, this.database.keys));
  }
}
