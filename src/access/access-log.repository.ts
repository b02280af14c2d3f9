/**
 * The access log's table (migration 0013): rows are appended (one statement per turn, see
 * AccessLog), read newest first for an administrator, and deleted only by the retention purge.
 * There is no update here, and the database refuses one (the table's trigger).
 */
import type { Database } from '../db/database.js';
import type { AccessAction, AccessOutcome } from '../db/schema.js';
import { isUuid } from '../domain/values.js';

export interface AccessLogEntry {
  tenantId: string;
  actorAadId: string;
  action: AccessAction;
  outcome: AccessOutcome;
  verb: string;
  caseId: string | null;
  planId: string | null;
  requestId: string | null;
  at: Date;
}

export class AccessLogRepository {
  constructor(private readonly database: Database) {}

  async append(entries: readonly AccessLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.database.db
      .insertInto('access_log')
      .values(
        entries.map((e) => ({
          tenant_id: e.tenantId,
          actor_aad_id: e.actorAadId.toLowerCase(),
          action: e.action,
          outcome: e.outcome,
          verb: e.verb,
          case_id: e.caseId,
          plan_id: e.planId,
          request_id: e.requestId,
          at: e.at,
        })),
      )
      .execute();
  }

  /**
   * The newest `limit` rows about the case (as its case, or through one of its plans or requests,
   * which carry the case id) or done by the person (AAD object id), in the tenant.
   */
  async find(tenantId: string, about: { caseId: string } | { actorAadId: string }, limit: number): Promise<AccessLogEntry[]> {
    let query = this.database.db.selectFrom('access_log').selectAll().where('tenant_id', '=', tenantId);
    if ('caseId' in about) {
      if (!isUuid(about.caseId)) return [];
      query = query.where('case_id', '=', about.caseId.toLowerCase());
    } else {
      query = query.where('actor_aad_id', '=', about.actorAadId.toLowerCase());
    }
    const rows = await query.orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      actorAadId: r.actor_aad_id,
      action: r.action,
      outcome: r.outcome,
      verb: r.verb,
      caseId: r.case_id,
      planId: r.plan_id,
      requestId: r.request_id,
      at: r.at,
    }));
  }

  /** Deletes the rows older than `cutoff` (the retention period); returns how many. */
  async purgeBefore(cutoff: Date): Promise<number> {
    const result = await this.database.db.deleteFrom('access_log').where('at', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
