/**
 * Plans (ladder.md §7): one row per drafted template of a case, its saved versions and its
 * evaluations.
 *
 * - A plan starts as a draft (`kladde`, current_version 0, no content stored: the draft card is
 *   built from the intake and the playbook). Every **Gem** inserts an immutable row in
 *   plan_versions (version current+1, who, when) and makes the plan `gemt`; earlier versions stay
 *   readable. `expectedVersion` (the version the card was showing) makes a second click of Gem
 *   harmless: it finds the version moved on, saves nothing and says so.
 * - A saved plan is due for evaluation on its `evaluationDate`. An evaluation is stored in
 *   plan_evaluations; it either ends the plan's round (`evalueret`) or continues it with a new
 *   evaluation date (`gemt`). A continued plan keeps its version, so the version cannot tell a
 *   second click of an evaluation card from the next evaluation: the plan's `revision` moves on
 *   with every saved version AND every evaluation, the evaluation card carries the revision it was
 *   drawn at, and `expectedRevision` makes its second click harmless, as expectedVersion does for
 *   Gem. Each evaluation stores the revision it was made at, unique per plan (0005), so one
 *   revision is evaluated once whatever the caller checks. A reminder's card names the evaluation
 *   date instead: `expectedEvaluationDate` guards its "Markér som evalueret" and rescheduling.
 * - Dates without a time (evaluation dates) are 'YYYY-MM-DD' strings in and out, on both engines:
 *   they are written as text and read through to_char (the drivers disagree on reading `date`).
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
import { sql, type Kysely, type Transaction } from 'kysely';
import { CaseRepository, isCaseId, toDate, type CaseRecord, type CaseTransaction } from '../cases/case.repository.js';
import type { Database } from '../db/database.js';
import { toJsonb } from '../db/json.js';
import { PLAN_STATUSES, type PlanStatus, type Tables } from '../db/schema.js';
import { isPlanTemplateId, type PlanTemplateId } from '../domain/plans/index.js';
import { isPlainObject } from '../domain/values.js';

export { PLAN_STATUSES, type PlanStatus } from '../db/schema.js';

/** The database or an open transaction (a Kysely Transaction is a Kysely). */
export type Executor = Kysely<Tables>;

export interface PlanRecord {
  id: string;
  caseId: string;
  templateId: PlanTemplateId;
  title: string;
  status: PlanStatus;
  /** 0 while the plan is a draft never saved; otherwise the latest version's number. */
  currentVersion: number;
  /** Moves on by one with every saved version and every evaluation; an evaluation card carries it. */
  revision: number;
  /** 'YYYY-MM-DD', the next evaluation; null when none is set. */
  evaluationDate: string | null;
  tovholderAadId: string | null;
  tovholderName: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface PlanVersionRecord {
  id: number;
  planId: string;
  version: number;
  content: Record<string, unknown>;
  /** AAD object id of the person who saved. */
  savedBy: string;
  savedAt: Date;
}

export interface PlanEvaluationRecord {
  id: number;
  planId: string;
  /** The version that was evaluated. */
  planVersion: number;
  /** The plan's revision the evaluation was made at (unique per plan). */
  planRevision: number;
  /** The evaluation date that was due ('YYYY-MM-DD'), if any. */
  evaluationDate: string | null;
  content: Record<string, unknown>;
  evaluatedBy: string | null;
  evaluatedAt: Date;
}

/** A plan due for evaluation, with what a reminder needs to know about its case. */
export interface DuePlan extends PlanRecord {
  case: {
    tenantId: string;
    ownerAadId: string;
    schoolId: string | null;
    teamId: string | null;
    pseudonym: string | null;
  };
}

export interface NewPlanDraft {
  caseId: string;
  templateId: PlanTemplateId;
  title: string;
  /** AAD object id of the person who drafted it. */
  createdBy: string;
}

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
  | { ok: true; plan: PlanRecord }
  | { ok: false; reason: 'stale' | 'not-saved' | 'already-evaluated' | 'archived'; plan: PlanRecord };

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

/** Both locks of `withLockedCaseAndPlan`, in one transaction. */
export interface CaseAndPlanTransaction {
  case: CaseTransaction;
  plan: PlanTransaction;
  readonly trx: Transaction<Tables>;
}

/** Plan ids are uuids; anything else (a tampered card) is simply "no such plan". */
export const isPlanId: (id: unknown) => id is string = isCaseId;

/** A template the bot drafts as a plan (a recommendation may name others it cannot draft yet). */
export function isTemplateId(id: unknown): id is PlanTemplateId {
  return typeof id === 'string' && isPlanTemplateId(id);
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written 'YYYY-MM-DD'. */
export function isDateOnly(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = DATE_ONLY.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

const TITLE_MAX = 200;

const PLAN_COLUMNS = [
  'plans.id',
  'plans.case_id',
  'plans.template_id',
  'plans.title',
  'plans.status',
  'plans.current_version',
  'plans.revision',
  'plans.tovholder_aad_id',
  'plans.tovholder_name',
  'plans.created_by',
  'plans.created_at',
  'plans.updated_at',
] as const;

/** What a reminder needs to know about a due plan's case (see DuePlan). */
const DUE_CASE_COLUMNS = ['cases.tenant_id', 'cases.owner_aad_id', 'cases.school_id', 'cases.team_id', 'cases.pseudonym'] as const;

interface DueCaseRow {
  tenant_id: string;
  owner_aad_id: string;
  school_id: string | null;
  team_id: string | null;
  pseudonym: string | null;
}

function toDuePlan(row: PlanRow & DueCaseRow): DuePlan {
  return {
    ...toPlanRecord(row),
    case: { tenantId: row.tenant_id, ownerAadId: row.owner_aad_id, schoolId: row.school_id, teamId: row.team_id, pseudonym: row.pseudonym },
  };
}

/** A due-plan query's row limit: the caller's, between 1 and 10,000; 1,000 by default. */
function dueLimit(limit: number | undefined): number {
  return limit !== undefined && Number.isSafeInteger(limit) && limit > 0 ? Math.min(limit, 10_000) : 1_000;
}

function planEvaluationDate() {
  return sql<string | null>`to_char(plans.evaluation_date, 'YYYY-MM-DD')`.as('evaluation_date');
}

interface PlanRow {
  id: string;
  case_id: string;
  template_id: string;
  title: string;
  status: PlanStatus;
  current_version: number;
  revision: number;
  evaluation_date: string | null;
  tovholder_aad_id: string | null;
  tovholder_name: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export class PlanRepository {
  constructor(private readonly database: Database) {}

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
    return toPlanRecord(row);
  }

  async get(planId: string, executor: Executor = this.database.db): Promise<PlanRecord | null> {
    if (!isPlanId(planId)) return null;
    const row = await executor
      .selectFrom('plans')
      .select([...PLAN_COLUMNS, planEvaluationDate()])
      .where('plans.id', '=', planId)
      .executeTakeFirst();
    return row ? toPlanRecord(row) : null;
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
    return rows.map(toPlanRecord);
  }

  /** Every saved version, oldest first, with who saved it and when. */
  async versions(planId: string, executor: Executor = this.database.db): Promise<PlanVersionRecord[]> {
    if (!isPlanId(planId)) return [];
    const rows = await executor
      .selectFrom('plan_versions')
      .selectAll()
      .where('plan_id', '=', planId)
      .orderBy('version', 'asc')
      .execute();
    return rows.map(toVersionRecord);
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
    return row ? toVersionRecord(row) : null;
  }

  /** The plan's evaluations, oldest first. */
  async evaluations(planId: string, executor: Executor = this.database.db): Promise<PlanEvaluationRecord[]> {
    if (!isPlanId(planId)) return [];
    const rows = await executor
      .selectFrom('plan_evaluations')
      .select([
        'id',
        'plan_id',
        'plan_version',
        'plan_revision',
        sql<string | null>`to_char(evaluation_date, 'YYYY-MM-DD')`.as('evaluation_date'),
        'content',
        'evaluated_by',
        'evaluated_at',
      ])
      .where('plan_id', '=', planId)
      .orderBy('evaluated_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map(toEvaluationRecord);
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
    return rows.map(toDuePlan);
  }

  /**
   * Saved plans (status `gemt`) of open cases of one template, with a date read from their current
   * version's content (e.g. a PKU referral's `revisitationDate`); plans without a valid date are left out.
   */
  async savedWithDate(
    templateId: PlanTemplateId,
    field: string,
    filter: { tenantId?: string; limit?: number } = {},
    executor: Executor = this.database.db,
  ): Promise<(DuePlan & { date: string })[]> {
    let query = executor
      .selectFrom('plans')
      .innerJoin('cases', 'cases.id', 'plans.case_id')
      .innerJoin('plan_versions', (join) =>
        join.onRef('plan_versions.plan_id', '=', 'plans.id').onRef('plan_versions.version', '=', 'plans.current_version'),
      )
      .select([...PLAN_COLUMNS, planEvaluationDate(), ...DUE_CASE_COLUMNS, sql<string | null>`plan_versions.content ->> ${field}`.as('content_date')])
      .where('plans.template_id', '=', templateId)
      .where('plans.status', '=', 'gemt')
      .where('cases.status', '=', 'aaben');
    if (filter.tenantId !== undefined) query = query.where('cases.tenant_id', '=', filter.tenantId);
    const rows = await query.orderBy('plans.created_at', 'asc').orderBy('plans.id', 'asc').limit(dueLimit(filter.limit)).execute();
    return rows
      .filter((row) => typeof row.content_date === 'string' && isDateOnly(row.content_date))
      .map((row) => ({ ...toDuePlan(row), date: row.content_date as string }));
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
    return { plan: toPlanRecord(row), tx: new LockedPlanTransaction(trx, planId) };
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

class LockedPlanTransaction implements PlanTransaction {
  constructor(
    readonly trx: Transaction<Tables>,
    private readonly lockedId: string,
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
      .values({ plan_id: planId, version: next, content: toJsonb(input.content), saved_by: input.savedBy })
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
        ...(input.tovholderName !== undefined && { tovholder_name: input.tovholderName }),
        ...(title !== undefined && { title }),
        updated_at: sql<Date>`clock_timestamp()`,
      })
      .where('plans.id', '=', planId)
      .returning([...PLAN_COLUMNS, planEvaluationDate()])
      .executeTakeFirstOrThrow();
    return { ok: true, plan: toPlanRecord(row), version: toVersionRecord(versionRow) };
  }

  async markEvaluated(planId: string, input: EvaluateInput = {}): Promise<EvaluateResult> {
    const plan = await this.current(planId);
    if (input.content !== undefined && !isPlainObject(input.content)) throw new TypeError('Evaluation content must be an object.');
    if (input.nextEvaluationDate !== undefined) checkDate(input.nextEvaluationDate);
    if (input.expectedRevision !== undefined && !Number.isSafeInteger(input.expectedRevision)) throw new RangeError('A revision is an integer.');
    const refused = refusal(plan, input.expectedEvaluationDate) ?? (input.expectedRevision !== undefined && input.expectedRevision !== plan.revision ? 'stale' : null);
    if (refused) return { ok: false, reason: refused, plan };

    const evaluation = await this.trx
      .insertInto('plan_evaluations')
      .values({
        plan_id: planId,
        plan_version: plan.currentVersion,
        plan_revision: plan.revision,
        evaluation_date: plan.evaluationDate,
        content: toJsonb(input.content ?? {}),
        evaluated_by: input.evaluatedBy ?? null,
      })
      .returning([
        'id',
        'plan_id',
        'plan_version',
        'plan_revision',
        sql<string | null>`to_char(evaluation_date, 'YYYY-MM-DD')`.as('evaluation_date'),
        'content',
        'evaluated_by',
        'evaluated_at',
      ])
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
    return { ok: true, plan: toPlanRecord(row), evaluation: toEvaluationRecord(evaluation) };
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
    return { ok: true, plan: toPlanRecord(row) };
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
    return toPlanRecord(row);
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
    return toPlanRecord(row);
  }
}

/** Why an evaluation or a new date cannot apply to the plan now, if it cannot. */
function refusal(plan: PlanRecord, expectedEvaluationDate: string | null | undefined): 'stale' | 'not-saved' | 'already-evaluated' | 'archived' | null {
  if (plan.status === 'arkiveret') return 'archived';
  if (plan.status === 'kladde') return 'not-saved';
  if (plan.status === 'evalueret') return 'already-evaluated';
  if (expectedEvaluationDate !== undefined && expectedEvaluationDate !== plan.evaluationDate) return 'stale';
  return null;
}

function checkDate(value: string): void {
  if (!isDateOnly(value)) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(value)}.`);
}

function checkTitle(title: string): string {
  const trimmed = typeof title === 'string' ? title.trim() : '';
  if (trimmed.length === 0 || trimmed.length > TITLE_MAX) {
    throw new RangeError(`A plan title must have 1 to ${TITLE_MAX} characters.`);
  }
  return trimmed;
}

function toPlanRecord(row: PlanRow): PlanRecord {
  if (!isTemplateId(row.template_id)) throw new Error(`Plan ${row.id} has an unknown template ${row.template_id}.`);
  if (!(PLAN_STATUSES as readonly string[]).includes(row.status)) throw new Error(`Plan ${row.id} has an unknown status.`);
  return {
    id: row.id,
    caseId: row.case_id,
    templateId: row.template_id,
    title: row.title,
    status: row.status,
    currentVersion: Number(row.current_version),
    revision: Number(row.revision),
    evaluationDate: row.evaluation_date,
    tovholderAadId: row.tovholder_aad_id,
    tovholderName: row.tovholder_name,
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

function toVersionRecord(row: {
  id: number;
  plan_id: string;
  version: number;
  content: Record<string, unknown>;
  saved_by: string;
  saved_at: Date;
}): PlanVersionRecord {
  return {
    id: Number(row.id),
    planId: row.plan_id,
    version: Number(row.version),
    content: isPlainObject(row.content) ? row.content : {},
    savedBy: row.saved_by,
    savedAt: toDate(row.saved_at),
  };
}

function toEvaluationRecord(row: {
  id: number;
  plan_id: string;
  plan_version: number;
  plan_revision: number;
  evaluation_date: string | null;
  content: Record<string, unknown>;
  evaluated_by: string | null;
  evaluated_at: Date;
}): PlanEvaluationRecord {
  return {
    id: Number(row.id),
    planId: row.plan_id,
    planVersion: Number(row.plan_version),
    planRevision: Number(row.plan_revision),
    evaluationDate: row.evaluation_date,
    content: isPlainObject(row.content) ? row.content : {},
    evaluatedBy: row.evaluated_by,
    evaluatedAt: toDate(row.evaluated_at),
  };
}
