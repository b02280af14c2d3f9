/**
 * PKU's decisions on referrals, as recorded on their cases (migration 0009). A decision is written
 * in the same transaction as the case's new answers and its ladder-history row (see
 * PkuDecisionService); the newest decision of a case is the one in force.
 *
 * PKU's remarks are free text: sealed before they are written and opened after they are read
 * (src/db/sealing.ts, sealed-columns.ts). The database can no longer check their length, so
 * `record` does (the service refuses the same with a Danish message first).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import type { KeyRing } from '../db/sealing.js';
import { PKU_REMARKS_MAX, type PkuDecision, type PkuDecisionKind } from '../domain/pku-decision.js';
import { toDate } from './case.repository.js';

export interface PkuDecisionRecord extends PkuDecision {
  id: string;
  caseId: string;
  recordedBy: string;
  recordedAt: Date;
}

/** A case whose decision in force is a specialised offer: its yearly revisitation is due. */
export interface Placement {
  caseId: string;
  ownerAadId: string;
  schoolId: string | null;
  pseudonym: string | null;
  decisionId: string;
  decidedOn: string;
}

type Executor = Kysely<Tables> | Transaction<Tables>;

const columns = (db: Executor) =>
  db
    .selectFrom('pku_decisions')
    .select(['id', 'case_id', 'decision', 'remarks', 'recorded_by', 'recorded_at'])
    .select(sql<string>`to_char(decided_on, 'YYYY-MM-DD')`.as('decided_on'));

export class PkuDecisionRepository {
  constructor(private readonly database: Database) {}

  /** Records a decision inside the caller's transaction (the case is locked by it). */
  async record(
    trx: Transaction<Tables>,
    input: { caseId: string; decision: PkuDecisionKind; decidedOn: string; remarks: string | null; recordedBy: string },
  ): Promise<PkuDecisionRecord> {
    // What the database checked in clear before 0014: null, or 1–1000 characters (code points, as char_length).
    const length = input.remarks === null ? null : Array.from(input.remarks).length;
    if (length !== null && (length < 1 || length > PKU_REMARKS_MAX)) {
      throw new RangeError(`pku: remarks must be null or 1–${PKU_REMARKS_MAX} characters (got ${length}).`);
    }
    const { id } = await trx
      .insertInto('pku_decisions')
      .values({
        case_id: input.caseId,
        decision: input.decision,
        decided_on: input.decidedOn,
        remarks: this.database.keys.sealNullable(input.remarks),
        recorded_by: input.recordedBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return (await this.byId(id, trx))!;
  }

  async byId(id: string, db: Executor = this.database.db): Promise<PkuDecisionRecord | null> {
    const row = await columns(db).where('id', '=', id).executeTakeFirst();
    return row ? toRecord(this.database.keys, row) : null;
  }

  /** The case's decisions, oldest first. */
  async listForCase(caseId: string, db: Executor = this.database.db): Promise<PkuDecisionRecord[]> {
    const rows = await columns(db).where('case_id', '=', caseId).orderBy('recorded_at', 'asc').orderBy('id', 'asc').execute();
    return rows.map((row) => toRecord(this.database.keys, row));
  }

  /** The decision in force (the newest), or null. */
  async latest(caseId: string, db: Executor = this.database.db): Promise<PkuDecisionRecord | null> {
    const rows = await columns(db).where('case_id', '=', caseId).orderBy('recorded_at', 'desc').orderBy('id', 'desc').limit(1).execute();
    return rows[0] ? toRecord(this.database.keys, rows[0]) : null;
  }

  /** The open cases (not cancelled, not closed) of a tenant whose decision in force is `specialtilbud`. */
  async placements(tenantId: string): Promise<Placement[]> {
    const rows = await this.database.db
      .selectFrom('pku_decisions as d')
      .innerJoin('cases as c', 'c.id', 'd.case_id')
      .select(['d.id', 'd.case_id', 'd.decision', 'c.owner_aad_id', 'c.school_id', 'c.pseudonym'])
      .select(sql<string>`to_char(d.decided_on, 'YYYY-MM-DD')`.as('decided_on'))
      .where('c.tenant_id', '=', tenantId)
      .where('c.status', '=', 'aaben')
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('pku_decisions as later')
              .select('later.id')
              .whereRef('later.case_id', '=', 'd.case_id')
              .where((eb) =>
                eb.or([
                  eb('later.recorded_at', '>', eb.ref('d.recorded_at')),
                  eb.and([eb('later.recorded_at', '=', eb.ref('d.recorded_at')), eb('later.id', '>', eb.ref('d.id'))]),
                ]),
              ),
          ),
        ),
      )
      .orderBy('d.decided_on', 'asc')
      .execute();
    return rows
      .filter((r) => r.decision === 'specialtilbud')
      .map((r) => ({
        caseId: r.case_id,
        ownerAadId: r.owner_aad_id,
        schoolId: r.school_id,
        pseudonym: r.pseudonym,
        decisionId: r.id,
        decidedOn: r.decided_on,
      }));
  }
}

function toRecord(
  keys: KeyRing,
  row: {
    id: string;
    case_id: string;
    decision: PkuDecisionKind;
    decided_on: string;
    remarks: string | null;
    recorded_by: string;
    recorded_at: Date;
  },
): PkuDecisionRecord {
  return {
    id: row.id,
    caseId: row.case_id,
    decision: row.decision,
    decidedOn: row.decided_on,
    remarks: keys.openNullable(row.remarks),
    recordedBy: row.recorded_by,
    recordedAt: toDate(row.recorded_at),
  };
}
