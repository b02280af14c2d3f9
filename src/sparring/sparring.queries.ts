/**
 * The reading side of the sparring repository: one request, a case's requests, an adviser's taken
 * ones, the open ones of a set of pools, the SLA's candidates, the weekly count, whether an
 * adviser took a request of a case (the claimant's access to it), and a request's history. No
 * writes: SparringRepository (the transitions) extends it, so callers hold one object.
 *
 * The free text is sealed at rest (sealed-columns.ts) and opened in the mapping (sparring.records.ts):
 * every query here selects and orders by ids, states, pools and times only, never by the text.
 */
import { sql } from 'kysely';
import { isCaseId } from '../cases/case.repository.js';
import type { Database } from '../db/database.js';
import {
  type PoolKey,
  type SparringEventRecord,
  type SparringExecutor,
  type SparringRequestRecord,
  isSparringRequestId,
  toEvent,
  toRequest,
} from './sparring.records.js';

const LIST_LIMIT = 500;

/**
 * The request's case is not closed. Closing a case leaves its requests' states alone (the domain has
 * no state for "its case was closed"), and "Tag" is refused on a closed case: such a request waits for
 * nobody, so the lists of requests waiting for an adviser, and the SLA's reminder, leave it out.
 */
const caseNotClosed = sql<boolean>`not exists (select 1 from cases c where c.id = sparring_requests.case_id and c.status = 'afsluttet')`;

export class SparringQueries {
  constructor(protected readonly database: Database) {}

  async get(id: string, executor: SparringExecutor = this.database.db): Promise<SparringRequestRecord | null> {
    if (!isSparringRequestId(id)) return null;
    const row = await executor.selectFrom('sparring_requests').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRequest(this.database.keys, row) : null;
  }

  /**
   * How many requests of a school's cases are still open, apart: waiting for an adviser (`ny`) and
   * in progress (`taget`). The weekly digest shows them apart: only the waiting ones call for action.
   */
  async countOpenForSchool(tenantId: string, schoolId: string): Promise<{ waiting: number; inProgress: number }> {
    const rows = await this.database.db
      .selectFrom('sparring_requests')
      .select((eb) => ['state', eb.fn.countAll().as('n')])
      .where('tenant_id', '=', tenantId)
      .where('school_id', '=', schoolId)
      .where('state', 'in', ['ny', 'taget'])
      .groupBy('state')
      .execute();
    const count = (state: string) => Number(rows.find((r) => r.state === state)?.n ?? 0);
    return { waiting: count('ny'), inProgress: count('taget') };
  }

  /** The case's requests, newest first. */
  async listForCase(caseId: string): Promise<SparringRequestRecord[]> {
    if (!isCaseId(caseId)) return [];
    const rows = await this.database.db
      .selectFrom('sparring_requests')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(LIST_LIMIT)
      .execute();
    return rows.map((row) => toRequest(this.database.keys, row));
  }

  /** The requests an adviser has taken and not finished (state taget), oldest claim first. */
  async listClaimedBy(tenantId: string, aadId: string): Promise<SparringRequestRecord[]> {
    const rows = await this.database.db
      .selectFrom('sparring_requests')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('claimed_by', '=', aadId.toLowerCase())
      .where('state', '=', 'taget')
      .orderBy('claimed_at', 'asc')
      .orderBy('id', 'asc')
      .limit(LIST_LIMIT)
      .execute();
    return rows.map((row) => toRequest(this.database.keys, row));
  }

  /** Unclaimed requests of open cases routed to any of these pools, longest waiting first. */
  async listOpen(tenantId: string, pools: readonly PoolKey[]): Promise<SparringRequestRecord[]> {
    if (pools.length === 0) return [];
    const rows = await this.database.db
      .selectFrom('sparring_requests')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('state', '=', 'ny')
      .where(caseNotClosed)
      .where((eb) => eb.or(pools.map((p) => eb.and([eb('pool', '=', p.pool), eb('pool_owner', '=', p.owner)]))))
      .orderBy('routed_at', 'asc')
      .orderBy('id', 'asc')
      .limit(LIST_LIMIT)
      .execute();
    return rows.map((row) => toRequest(this.database.keys, row));
  }

  /** Unclaimed requests of cases not closed, routed to their pool before `date` (the SLA reminder's candidates), oldest first. */
  async listUnclaimedOlderThan(date: Date, opts: { tenantId?: string; limit?: number } = {}): Promise<SparringRequestRecord[]> {
    if (!(date instanceof Date) || !Number.isFinite(date.getTime())) throw new RangeError('listUnclaimedOlderThan needs a valid Date.');
    let query = this.database.db
      .selectFrom('sparring_requests')
      .selectAll()
      .where('state', '=', 'ny')
      .where(caseNotClosed)
      .where('routed_at', '<', date);
    if (opts.tenantId !== undefined) query = query.where('tenant_id', '=', opts.tenantId);
    const limit = Number.isSafeInteger(opts.limit) && opts.limit! > 0 ? Math.min(opts.limit!, 10_000) : 1000;
    const rows = await query.orderBy('routed_at', 'asc').orderBy('id', 'asc').limit(limit).execute();
    return rows.map((row) => toRequest(this.database.keys, row));
  }

  /**
   * Whether the adviser has taken (and not given back) a request of the case, taget or afsluttet
   * by them, that is with one of `pools`: the groups the directory has them in now. No pools, no
   * request (someone removed from every group reads no case through the requests they took).
   */
  async hasClaimedForCase(tenantId: string, aadId: string, caseId: string, pools: readonly PoolKey[]): Promise<boolean> {
    if (!isCaseId(caseId) || !Array.isArray(pools) || pools.length === 0) return false;
    const row = await this.database.db
      .selectFrom('sparring_requests')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('case_id', '=', caseId)
      .where('claimed_by', '=', aadId.toLowerCase())
      .where('state', 'in', ['taget', 'afsluttet'])
      .where((eb) => eb.or(pools.map((p) => eb.and([eb('pool', '=', p.pool), eb('pool_owner', '=', p.owner)]))))
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The request's history, oldest first. */
  async events(requestId: string): Promise<SparringEventRecord[]> {
    if (!isSparringRequestId(requestId)) return [];
    const rows = await this.database.db
      .selectFrom('sparring_events')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('version', 'asc')
      .execute();
    return rows.map((row) => toEvent(this.database.keys, row));
  }
}
