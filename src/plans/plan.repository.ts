/**
 * Plans (ladder.md §7): one row per drafted template of a case, its saved versions and its
 * evaluations.
 *
 * A plan starts as a draft (`kladde`, current_version 0, no content stored: the draft card is
 * built from the intake and the playbook). Saving versions, evaluating and rescheduling happen
 * under the plan's row lock (plan.transaction.ts says how a second click stays harmless); the reads
 * are in plan.queries.ts (this class extends them); the records, the checks and the row mapping in
 * plan.records.ts (with why dates are 'YYYY-MM-DD' text). Every name is importable from here.
 *
 * Locking. Every change goes through a transaction holding the plan's row lock
 * (SELECT … FOR UPDATE): `withLockedPlan`, or `lockPlan` inside a transaction already open.
 * When a plan change and a case change belong together (an evaluation that writes the case's
 * intake and a new recommendation), use `withLockedCaseAndPlan`: ONE transaction that locks the
 * case row FIRST, then the plan row. Always take the locks in that order (case, then plan); never
 * lock a case while holding a plan lock. Note that inserting a row that references a case (a new
 * plan, a recommendation) takes a key-share lock on the case row, which waits for a case lock held
 * by someone else: so create drafts under the case lock (`withLockedCase`, `tx.trx`) or outside any
 * plan lock, never inside `withLockedPlan`. Inside a transaction use only its `trx` (see
 * src/db/database.ts: on PGlite the outer database would deadlock).
 */
import type { Transaction } from 'kysely';
import { CaseRepository, isCaseId, type CaseRecord, type CaseTransaction } from '../cases/case.repository.js';
import type { Tables } from '../db/schema.js';
import type { PlanTemplateId } from '../domain/plans/index.js';
import { PlanQueries } from './plan.queries.js';
import {
  PLAN_COLUMNS,
  checkTitle,
  isPlanId,
  isTemplateId,
  planEvaluationDate,
  toPlanRecord,
  type Executor,
  type PlanRecord,
} from './plan.records.js';
import { LockedPlanTransaction, type PlanTransaction } from './plan.transaction.js';

export { PLAN_STATUSES, type PlanStatus } from '../db/schema.js';
export {
  isDateOnly,
  isPlanId,
  isTemplateId,
  type DuePlan,
  type Executor,
  type PlanEvaluationRecord,
  type PlanRecord,
  type PlanVersionRecord,
} from './plan.records.js';
export type {
  EvaluateInput,
  EvaluateResult,
  PlanTransaction,
  RescheduleInput,
  RescheduleResult,
  SaveVersionInput,
  SaveVersionResult,
} from './plan.transaction.js';

export interface NewPlanDraft {
  caseId: string;
  templateId: PlanTemplateId;
  title: string;
  /** AAD object id of the person who drafted it. */
  createdBy: string;
}

/** Both locks of `withLockedCaseAndPlan`, in one transaction. */
export interface CaseAndPlanTransaction {
  case: CaseTransaction;
  plan: PlanTransaction;
  readonly trx: Transaction<Tables>;
}

export class PlanRepository extends PlanQueries {
  /**
   * A new draft (`kladde`, version 0) for a case. `executor` is the database, or the open
   * transaction of `withLockedCase` (`tx.trx`) when the draft belongs with a case change; not
   * inside `withLockedPlan` (see the module comment on lock order).
   */
  async createDraft(executor: Executor, input: NewPlanDraft): Promise<PlanRecord> {
    if (!isCaseId(input.caseId)) throw new RangeError(`Not a case id: ${JSON.stringify(input.caseId)}.`);
    if (!isTemplateId(input.templateId)) throw new RangeError(`Unknown plan template: ${JSON.stringify(input.templateId)}.`);
    const title = checkTitle(input.title);
    if (!input.createdBy) throw new RangeError('A plan needs the id of the person who drafted it.');
    const row = await executor
      .insertInto('plans')
      .values({ case_id: input.caseId, template_id: input.templateId, title, created_by: input.createdBy })
      .returning([...PLAN_COLUMNS, planEvaluationDate()])
      .executeTakeFirstOrThrow();
    return toPlanRecord(row, this.database.keys);
  }

  /**
   * Runs `fn` in a transaction holding the plan's row lock; null when there is no such plan.
   * If `fn` throws, nothing it wrote is kept.
   */
  async withLockedPlan<T>(planId: string, fn: (plan: PlanRecord, tx: PlanTransaction) => Promise<T>): Promise<T | null> {
    if (!isPlanId(planId)) return null;
    return this.database.db.transaction().execute(async (trx) => {
      const locked = await this.lockPlan(trx, planId);
      if (!locked) return null;
      return fn(locked.plan, locked.tx);
    });
  }

  /**
   * Locks the plan's row inside a transaction that is already open; null when there is no such
   * plan. Mind the lock order: a case row before a plan row.
   */
  async lockPlan(trx: Transaction<Tables>, planId: string): Promise<{ plan: PlanRecord; tx: PlanTransaction } | null> {
    if (!isPlanId(planId)) return null;
    const row = await trx
      .selectFrom('plans')
      .select([...PLAN_COLUMNS, planEvaluationDate()])
      .where('plans.id', '=', planId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return null;
    return { plan: toPlanRecord(row, this.database.keys), tx: new LockedPlanTransaction(trx, planId, this.database.keys) };
  }

  /**
   * One transaction holding the case's row lock and then the plan's (in that order, always):
   * for a plan save or evaluation that changes the case too. Null when the case or the plan does
   * not exist, or the plan is not the case's.
   */
  async withLockedCaseAndPlan<T>(
    caseId: string,
    planId: string,
    fn: (caseRecord: CaseRecord, plan: PlanRecord, tx: CaseAndPlanTransaction) => Promise<T>,
  ): Promise<T | null> {
    if (!isCaseId(caseId) || !isPlanId(planId)) return null;
    const outcome = await new CaseRepository(this.database).withLockedCase(caseId, async (caseRecord, caseTx) => {
      const locked = await this.lockPlan(caseTx.trx, planId);
      if (!locked || locked.plan.caseId !== caseRecord.id) return { found: false as const };
      const value = await fn(caseRecord, locked.plan, { case: caseTx, plan: locked.tx, trx: caseTx.trx });
      return { found: true as const, value };
    });
    return outcome?.found ? outcome.value : null;
  }
}
