/**
 * Cases (one child or class a teacher is worried about) and the recommendations given for them.
 *
 * The repository stores and returns the intake as an opaque object: the service parses it (zod).
 * Every change to a case goes through `withLockedCase`, a transaction holding the case's row lock
 * (SELECT … FOR UPDATE), so two overlapping turns for one case (a double click, two devices) run
 * one after the other and neither answer is lost. On PGlite all transactions are serialised anyway
 * (see src/db/database.ts); on PostgreSQL the row lock does it across processes.
 *
 * The intake, the recommendation history and the closing note are sealed here before they are
 * written (src/db/sealing.ts); the records and the opening of a row are in case.records.ts.
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { toJsonb } from '../db/json.js';
import { sealJson, type KeyRing } from '../db/sealing.js';
import { INTAKE_CLEAR } from '../db/sealed-columns.js';
import { clampLimit } from '../db/paging.js';
import type { CaseStatus, Tables } from '../db/schema.js';
import { isUuid } from '../domain/values.js';
import { CLOSING_NOTE_MAX } from '../domain/closing.js';

export { CASE_STATUSES, RECOMMENDATION_REASONS, type CaseStatus, type RecommendationReason } from '../db/schema.js';
export {
  toDate,
  type CaseClosing,
  type CasePatch,
  type CaseRecord,
  type LadderHistoryEntry,
  type NewRecommendation,
  type RecommendationRecord,
} from './case.records.js';
import {
  toCaseRecord,
  toDate,
  toRecommendationRecord,
  type CasePatch,
  type CaseRecord,
  type LadderHistoryEntry,
  type NewRecommendation,
  type RecommendationRecord,
} from './case.records.js';

export interface NewCase {
  tenantId: string;
  ownerAadId: string;
  schoolId?: string | null;
  teamId?: string | null;
}

/** What may be done while a case's row is locked. Use only this inside `withLockedCase`. */
export interface CaseTransaction {
  /**
   * Applies the patch and sets updated_at. `seq` is set to `patch.seq` when given, otherwise
   * bumped by one, so every change moves it. Returns the case as stored.
   */
  update(id: string, patch: CasePatch): Promise<CaseRecord>;
  addRecommendation(caseId: string, input: NewRecommendation): Promise<RecommendationRecord>;
  /** The open transaction, for other repositories that must write in the same transaction. */
  readonly trx: Transaction<Tables>;
}

/** Case ids are uuids; anything else (e.g. a tampered card) is simply "no such case", not an SQL error. */
export const isCaseId = isUuid;

export class CaseRepository {
  constructor(private readonly database: Database) {}

  private get keys(): KeyRing {
    return this.database.keys;
  }

  async create(input: NewCase): Promise<CaseRecord> {
    const row = await this.database.db
      .insertInto('cases')
      .values({
        tenant_id: input.tenantId,
        owner_aad_id: input.ownerAadId,
        school_id: input.schoolId ?? null,
        team_id: input.teamId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toCaseRecord(row, this.keys);
  }

  async get(id: string): Promise<CaseRecord | null> {
    if (!isCaseId(id)) return null;
    const row = await this.database.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toCaseRecord(row, this.keys) : null;
  }

  /** The owner's open case that changed most recently. */
  async findLatestOpen(tenantId: string, ownerAadId: string): Promise<CaseRecord | null> {
    return (await this.listOpenForOwner(tenantId, ownerAadId, 1))[0] ?? null;
  }

  /**
   * The owner's open cases, the most recently changed first, at most `limit`: the concerns "fortsæt"
   * chooses among and "ny bekymring" asks about.
   */
  async listOpenForOwner(tenantId: string, ownerAadId: string, limit = 20): Promise<CaseRecord[]> {
    const rows = await this.database.db
      .selectFrom('cases')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('owner_aad_id', '=', ownerAadId)
      .where('status', '=', 'aaben')
      .orderBy('updated_at', 'desc')
      .orderBy('created_at', 'desc')
      .limit(clampLimit(limit, { max: 100, fallback: 20 }))
      .execute();
    return rows.map((row) => toCaseRecord(row, this.keys));
  }

  /** The owner's most recently cancelled case (by when it was cancelled): what a typed "fortryd" restores. */
  async findLatestCancelled(tenantId: string, ownerAadId: string): Promise<CaseRecord | null> {
    const row = await this.database.db
      .selectFrom('cases')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('owner_aad_id', '=', ownerAadId)
      .where('status', '=', 'annulleret')
      .where('cancelled_at', 'is not', null)
      .orderBy('cancelled_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toCaseRecord(row, this.keys) : null;
  }

  /** The owner's cases in any status, newest (by creation) first. */
  async listForOwner(tenantId: string, ownerAadId: string, limit = 20): Promise<CaseRecord[]> {
    const rows = await this.database.db
      .selectFrom('cases')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('owner_aad_id', '=', ownerAadId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(clampLimit(limit, { max: 500, fallback: 20 }))
      .execute();
    return rows.map((row) => toCaseRecord(row, this.keys));
  }

  /** The cases of some schools (a leader's view) that are not cancelled, newest first. */
  async listForSchools(tenantId: string, schoolIds: readonly string[], limit = 20): Promise<CaseRecord[]> {
    if (schoolIds.length === 0) return [];
    const rows = await this.database.db
      .selectFrom('cases')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('school_id', 'in', [...schoolIds])
      .where('status', '!=', 'annulleret')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(clampLimit(limit, { max: 500, fallback: 20 }))
      .execute();
    return rows.map((row) => toCaseRecord(row, this.keys));
  }

  /** A page of a school's open cases, oldest first (for counting; `offset` pages through). */
  async listOpenForSchool(tenantId: string, schoolId: string, limit: number, offset: number): Promise<CaseRecord[]> {
    const rows = await this.database.db
      .selectFrom('cases')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('school_id', '=', schoolId)
      .where('status', '=', 'aaben')
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .limit(Math.max(1, Math.min(limit, 1000)))
      .offset(Math.max(0, offset))
      .execute();
    return rows.map((row) => toCaseRecord(row, this.keys));
  }

  /** How many cases the owner has in a status (all statuses when none is given). */
  async countForOwner(tenantId: string, ownerAadId: string, status?: CaseStatus): Promise<number> {
    let query = this.database.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('owner_aad_id', '=', ownerAadId);
    if (status) query = query.where('status', '=', status);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * When the owner's newest cases (any status) created after `since` were created, newest first,
   * at most `limit` of them: what the bound on new concerns per person is counted from.
   */
  async creationTimesSince(tenantId: string, ownerAadId: string, since: Date, limit: number): Promise<Date[]> {
    const rows = await this.database.db
      .selectFrom('cases')
      .select('created_at')
      .where('tenant_id', '=', tenantId)
      .where('owner_aad_id', '=', ownerAadId)
      .where('created_at', '>', since)
      .orderBy('created_at', 'desc')
      .limit(Math.max(1, Math.min(Math.trunc(limit) || 1, 1000)))
      .execute();
    return rows.map((r) => toDate(r.created_at));
  }

  /**
   * Runs `fn` in a transaction holding the case's row lock; null when there is no such case.
   * Inside `fn`, use only `tx` (see src/db/database.ts on why the outer database must not be used).
   * If `fn` throws, nothing it wrote is kept.
   */
  async withLockedCase<T>(id: string, fn: (record: CaseRecord, tx: CaseTransaction) => Promise<T>): Promise<T | null> {
    if (!isCaseId(id)) return null;
    return this.database.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row) return null;
      return fn(toCaseRecord(row, this.keys), new LockedCaseTransaction(trx, this.keys));
    });
  }

  /** Oldest first. */
  async listRecommendations(caseId: string): Promise<RecommendationRecord[]> {
    if (!isCaseId(caseId)) return [];
    const rows = await this.database.db
      .selectFrom('case_recommendations')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map((row) => toRecommendationRecord(row, this.keys));
  }

  /**
   * The case's way along the ladder, oldest first: level and step over time. Every recommendation
   * is stored (an answer changed during the intake gives a new row even when the step stays), so
   * a row with the same level and step as the one before is left out, unless it came from an
   * evaluation or PKU's decision: "evaluated (or decided), and the case stays at this step" is part
   * of the history.
   */
  async ladderHistory(caseId: string): Promise<LadderHistoryEntry[]> {
    if (!isCaseId(caseId)) return [];
    const rows = await this.database.db
      .selectFrom('case_recommendations')
      .select(['id', 'created_at', 'level', 'step', 'reason', 'plan_id', 'pku_decision_id'])
      .where('case_id', '=', caseId)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    const history: LadderHistoryEntry[] = [];
    for (const row of rows) {
      const previous = history.at(-1);
      if (previous && row.reason === 'intake' && previous.level === row.level && previous.step === row.step) continue;
      history.push({
        recommendationId: Number(row.id),
        at: toDate(row.created_at),
        level: row.level,
        step: row.step,
        reason: row.reason,
        planId: row.plan_id,
        pkuDecisionId: row.pku_decision_id,
      });
    }
    return history;
  }

  async latestRecommendation(caseId: string): Promise<RecommendationRecord | null> {
    if (!isCaseId(caseId)) return null;
    const row = await this.database.db
      .selectFrom('case_recommendations')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? toRecommendationRecord(row, this.keys) : null;
  }
}

class LockedCaseTransaction implements CaseTransaction {
  constructor(
    readonly trx: Transaction<Tables>,
    private readonly keys: KeyRing,
  ) {}

  async update(id: string, patch: CasePatch): Promise<CaseRecord> {
    // The database sees the note sealed only (migration 0014): its bound is checked here, as the domain does.
    const note = patch.closed?.note ?? null;
    if (note !== null && (note.length === 0 || Array.from(note).length > CLOSING_NOTE_MAX)) {
      throw new RangeError(`A closing note must have 1 to ${CLOSING_NOTE_MAX} characters.`);
    }
    const row = await this.trx
      .updateTable('cases')
      .set({
        ...(patch.status !== undefined && { status: patch.status }),
        ...(patch.intake !== undefined && { intake: toJsonb(sealJson(this.keys, patch.intake, INTAKE_CLEAR)) }),
        ...(patch.answerOrder !== undefined && { answer_order: toJsonb(patch.answerOrder) }),
        ...(patch.pendingField !== undefined && { pending_field: patch.pendingField }),
        ...(patch.pseudonym !== undefined && { pseudonym: patch.pseudonym }),
        ...(patch.schoolId !== undefined && { school_id: patch.schoolId }),
        ...(patch.teamId !== undefined && { team_id: patch.teamId }),
        ...(patch.cancelledAt !== undefined && { cancelled_at: patch.cancelledAt }),
        ...(patch.closed !== undefined && {
          closed_at: patch.closed?.at ?? null,
          closed_by: patch.closed?.by ?? null,
          closed_reason: patch.closed?.reason ?? null,
          closed_note: this.keys.sealNullable(patch.closed?.note ?? null),
        }),
        seq: patch.seq !== undefined ? patch.seq : sql<number>`seq + 1`,
        updated_at: sql<Date>`clock_timestamp()`,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw new Error(`Case ${id} does not exist.`);
    return toCaseRecord(row, this.keys);
  }

  async addRecommendation(caseId: string, input: NewRecommendation): Promise<RecommendationRecord> {
    const row = await this.trx
      .insertInto('case_recommendations')
      .values({
        case_id: caseId,
        level: input.level,
        step: input.step,
        // Both sealed whole: the history is read by level and step, which are columns of their own.
        recommendation: toJsonb(sealJson(this.keys, input.recommendation)),
        intake: toJsonb(sealJson(this.keys, input.intake)),
        ...(input.reason !== undefined && { reason: input.reason }),
        ...(input.planId !== undefined && { plan_id: input.planId }),
        ...(input.pkuDecisionId !== undefined && { pku_decision_id: input.pkuDecisionId }),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecommendationRecord(row, this.keys);
  }
}
