/**
 * The changes made while a plan's row is locked (see the locking rules in plan.repository.ts):
 * saving a version, recording an evaluation, moving the evaluation date, archiving.
 *
 * - Every **Gem** inserts an immutable row in plan_versions (version current+1, who, when) and
 *   makes the plan `gemt`; earlier versions stay readable. `expectedVersion` (the version the card
 *   was showing) makes a second click of Gem harmless: it finds the version moved on, saves nothing
 *   and says so.
 * - A saved plan is due for evaluation on its `evaluationDate`. An evaluation is stored in
 *   plan_evaluations; it either ends the plan's round (`evalueret`) or continues it with a new
 *   evaluation date (`gemt`). A continued plan keeps its version, so the version cannot tell a
 *   second click of an evaluation card from the next evaluation: the plan's `revision` moves on
 *   with every saved version AND every evaluation, the evaluation card carries the revision it was
 *   drawn at, and `expectedRevision` makes its second click harmless, as expectedVersion does for
 *   Gem. Each evaluation stores the revision it was made at, unique per plan (0005), so one
 *   revision is evaluated once whatever the caller checks. A reminder's card names the evaluation
 *   date instead: `expectedEvaluationDate` guards its "Markér som evalueret" and rescheduling.
 * - The contents and the tovholder's name are sealed before they are written (plan.records.ts):
 *   the checks of what is saved (an object, a title of 1–200 characters, real dates) run first.
 */
import { sql, type Transaction } from 'kysely';
import type { Tables } from '../db/schema.js';
import type { KeyRing } from '../db/sealing.js';
import { isPlainObject } from '../domain/values.js';
import {
  evaluationColumns,
  PLAN_COLUMNS,
  checkDate,
  checkTitle,
  planEvaluationDate,
  sealContent,
  toEvaluationRecord,
  toPlanRecord,
  toVersionRecord,
  type PlanEvaluationRecord,
  type PlanRecord,
  type PlanVersionRecord,
} from './plan.records.js';

export interface SaveVersionInput {
  content: Record<string, unknown>;
  /** AAD object id of the person saving. */
  savedBy: string;
  /** The version the card was showing (0 for a draft). Anything else: nothing is saved. */
  expectedVersion: number;
  /** 'YYYY-MM-DD' or null; left unchanged when undefined. */
  evaluationDate?: string | null;
  /** Left unchanged when undefined. */
  tovholderAadId?: string | null;
  tovholderName?: string | null;
  title?: string;
}

export type SaveVersionResult =
  | { ok: true; plan: PlanRecord; version: PlanVersionRecord }
  /** stale: the plan is no longer at expectedVersion (e.g. a double click: "allerede gemt"). */
  | { ok: false; reason: 'stale' | 'archived'; plan: PlanRecord };

export interface EvaluateInput {
  /** AAD object id of the person evaluating (null e.g. for a system action). */
  evaluatedBy?: string | null;
  /** The evaluation card's values (per goal: reached/partly/not, what the signs showed; the decision). */
  content?: Record<string, unknown>;
  /** The evaluation date the card was made for; when given and no longer current, nothing happens. */
  expectedEvaluationDate?: string | null;
  /** The plan's revision the card was drawn at; when given and no longer current, nothing happens. */
  expectedRevision?: number;
  /** Continue the plan: it stays `gemt` with this next evaluation date. Without it the plan becomes `evalueret`. */
  nextEvaluationDate?: string;
}

export type EvaluateResult =
  | { ok: true; plan: PlanRecord; evaluation: PlanEvaluationRecord }
  | { ok: false; reason: 'stale' | 'not-saved' | 'already-evaluated' | 'archived'; plan: PlanRecord };

export interface RescheduleInput {
  /** 'YYYY-MM-DD'. */
  evaluationDate: string;
  /** When given and no longer current (e.g. a second click of "Udskyd en uge"), nothing happens. */
  expectedEvaluationDate?: string | null;
}

export type RescheduleResult =
  { ok: true; plan: PlanRecord } | { ok: false; reason: 'stale' | 'not-saved' | 'already-evaluated' | 'archived'; plan: PlanRecord };

/** What may be done while a plan's row is locked. Use only this (and `trx`) inside the lock. */
export interface PlanTransaction {
  /** Saves a new version if the plan is still at `expectedVersion`; sets status `gemt`. */
  saveVersion(planId: string, input: SaveVersionInput): Promise<SaveVersionResult>;
  /** Records an evaluation of a saved plan (see EvaluateInput). */
  markEvaluated(planId: string, input?: EvaluateInput): Promise<EvaluateResult>;
  /** Moves a saved plan's evaluation date (e.g. "Udskyd en uge"). */
  reschedule(planId: string, input: RescheduleInput): Promise<RescheduleResult>;
  /** Sets status `arkiveret` (no more reminders, no more saves). Idempotent. */
  archive(planId: string): Promise<PlanRecord>;
  /** The open transaction, for other repositories that must write in the same transaction. */
  readonly trx: Transaction<Tables>;
}

/** PlanTransaction on one locked plan row; made by PlanRepository.lockPlan, which holds the lock. */
export class LockedPlanTransaction implements PlanTransaction {
  constructor(
    readonly trx: Transaction<Tables>,
    private readonly lockedId: string,
    /** The database's keys: the tovholder's name and the contents are sealed (plan.records.ts). */
    private readonly keys: KeyRing,
  ) {}

  async saveVersion(planId: string, input: SaveVersionInput): Promise<SaveVersionResult> {
    const plan = await this.current(planId);
    if (!isPlainObject(input.content)) throw new TypeError('Plan content must be an object.');
    if (!input.savedBy) throw new RangeError('A plan version needs the id of the person saving it.');
    if (input.evaluationDate != null) checkDate(input.evaluationDate);
    const title = input.title !== undefined ? checkTitle(input.title) : undefined;
    if (plan.status === 'arkiveret') return { ok: false, reason: 'archived', plan };
    if (input.expectedVersion !== plan.currentVersion) return { ok: false, reason: 'stale', plan };

    const next = plan.currentVersion + 1;
    const versionRow = await this.trx
      .insertInto('plan_versions')
      .values({ plan_id: planId, version: next, content: sealContent(this.keys, input.content), saved_by: input.savedBy })
      .returningAll()
      .executeTakeFirstOrThrow();
    const row = await this.trx
      .updateTable('plans')
      .set({
        current_version: next,
        revision: sql<number>`revision + 1`,
        status: 'gemt',
        ...(input.evaluationDate !== undefined && { evaluation_date: input.evaluationDate }),
        ...(input.tovholderAadId !== undefined && { tovholder_aad_id: input.tovholderAadId }),
        ...(input.tovholderName !== undefined && { tovholder_name: this.keys.sealNullable(input.tovholderName) }),
        ...(title !== undefined && { title }),
        updated_at: sql<Date>`clock_timestamp()`,
      })
      .where('plans.id', '=', planId)
      .returning([...PLAN_COLUMNS, planEvaluationDate()])
      .executeTakeFirstOrThrow();
    return { ok: true, plan: toPlanRecord(row, this.keys), version: toVersionRecord(versionRow, this.keys) };
  }

  async markEvaluated(planId: string, input: EvaluateInput = {}): Promise<EvaluateResult> {
    const plan = await this.current(planId);
    if (input.content !== undefined && !isPlainObject(input.content)) throw new TypeError('Evaluation content must be an object.');
    if (input.nextEvaluationDate !== undefined) checkDate(input.nextEvaluationDate);
    if (input.expectedRevision !== undefined && !Number.isSafeInteger(input.expectedRevision))
      throw new RangeError('A revision is an integer.');
    const refused =
      refusal(plan, input.expectedEvaluationDate) ??
      (input.expectedRevision !== undefined && input.expectedRevision !== plan.revision ? 'stale' : null);
    if (refused) return { ok: false, reason: refused, plan };

    const evaluation = await this.trx
      .insertInto('plan_evaluations')
      .values({
        plan_id: planId,
        plan_version: plan.currentVersion,
        plan_revision: plan.revision,
        evaluation_date: plan.evaluationDate,
        content: sealContent(this.keys, input.content ?? {}),
        evaluated_by: input.evaluatedBy ?? null,
      })
      .returning(evaluationColumns())
      .executeTakeFirstOrThrow();
    const row = await this.trx
      .updateTable('plans')
      .set({
        ...(input.nextEvaluationDate !== undefined
          ? { status: 'gemt' as const, evaluation_date: input.nextEvaluationDate }
          : { status: 'evalueret' as const }),
        revision: sql<number>`revision + 1`,
        updated_at: sql<Date>`clock_timestamp()`,
      })
      .where('plans.id', '=', planId)
      .returning([...PLAN_COLUMNS, planEvaluationDate()])
      .executeTakeFirstOrThrow();
    return { ok: true, plan: toPlanRecord(row, this.keys), evaluation: toEvaluationRecord(evaluation, this.keys) };
  }

  async reschedule(planId: string, input: RescheduleInput): Promise<RescheduleResult> {
    const plan = await this.current(planId);
    checkDate(input.evaluationDate);
    const refused = refusal(plan, input.expectedEvaluationDate);
    if (refused) return { ok: false, reason: refused, plan };
    const row = await this.trx
      .updateTable('plans')
      .set({ evaluation_date: input.evaluationDate, updated_at: sql<Date>`clock_timestamp()` })
      .where('plans.id', '=', planId)
      .returning([...PLAN_COLUMNS, planEvaluationDate()])
      .executeTakeFirstOrThrow();
    return { ok: true, plan: toPlanRecord(row, this.keys) };
  }

  async archive(planId: string): Promise<PlanRecord> {
    const plan = await this.current(planId);
    if (plan.status === 'arkiveret') return plan;
    const row = await this.trx
      .updateTable('plans')
      .set({ status: 'arkiveret', updated_at: sql<Date>`clock_timestamp()` })
      .where('plans.id', '=', planId)
      .returning([...PLAN_COLUMNS, planEvaluationDate()])
      .executeTakeFirstOrThrow();
    return toPlanRecord(row, this.keys);
  }

  /** The locked plan as it is now in this transaction (after any change made in it). */
  private async current(planId: string): Promise<PlanRecord> {
    if (planId !== this.lockedId) {
      throw new Error(`Plan ${planId} is not the plan locked in this transaction (${this.lockedId}).`);
    }
    const row = await this.trx
      .selectFrom('plans')
      .select([...PLAN_COLUMNS, planEvaluationDate()])
      .where('plans.id', '=', planId)
      .executeTakeFirst();
    if (!row) throw new Error(`Plan ${planId} does not exist.`);
    return toPlanRecord(row, this.keys);
  }
}

/** Why an evaluation or a new date cannot apply to the plan now, if it cannot. */
function refusal(
  plan: PlanRecord,
  expectedEvaluationDate: string | null | undefined,
): 'stale' | 'not-saved' | 'already-evaluated' | 'archived' | null {
  if (plan.status === 'arkiveret') return 'archived';
  if (plan.status === 'kladde') return 'not-saved';
  if (plan.status === 'evalueret') return 'already-evaluated';
  if (expectedEvaluationDate !== undefined && expectedEvaluationDate !== plan.evaluationDate) return 'stale';
  return null;
}
