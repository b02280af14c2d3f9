/**
 * The notification to the municipality recorded on a safety case (migration 0010), and the
 * safeguarding alerts the case's school leaders were sent (the outbox's `safeguarding-alert` rows,
 * read here for the case card: who was alerted, and whether it reached them). A record is written
 * while the case's row is locked (see SafeguardingNotificationService); the unique case_id keeps it
 * to one per case whatever happens.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { NotificationRole, OutboxState, Tables } from '../db/schema.js';
import { escapeLike } from '../dispatch/outbox.records.js';
import { isCaseId, toDate } from './case.repository.js';
import { openJson } from '../db/sealing.js';

export interface SafeguardingNotificationRecord {
  caseId: string;
  /** YYYY-MM-DD (Copenhagen), the day it was recorded. */
  notifiedOn: string;
  /** AAD object id (lower case) and display name of the person who recorded it. */
  recordedBy: string;
  recordedByName: string;
  recordedRole: NotificationRole;
  recordedAt: Date;
}

/** A safeguarding alert to one leader about the case (an outbox row). */
export interface SafeguardingAlertRecord {
  /** The leader's AAD object id (lower case). */
  recipientAadId: string | null;
  state: OutboxState;
  /** When the alert was raised (the teacher's answer). */
  raisedAt: Date;
  sentAt: Date | null;
  /** Whether it said the child was in acute danger. */
  acute: boolean;
}

type Executor = Kysely<Tables> | Transaction<Tables>;

const columns = (db: Executor) =>
  db
    .selectFrom('safeguarding_notifications')
    .select(['case_id', 'recorded_by', 'recorded_by_name', 'recorded_role', 'recorded_at'])
    .select(sql<string>`to_char(notified_on, 'YYYY-MM-DD')`.as('notified_on'));

/** The alerts' idempotency keys start with this (see enqueueSafeguardingAlerts). */
const alertKeyPrefix = (caseId: string) => `safeguarding:${caseId}:`;

export class SafeguardingNotificationRepository {
  constructor(private readonly database: Database) {}

  /** Records the notification inside the caller's transaction (the case is locked by it); null when the case has one already. */
  async record(
    trx: Transaction<Tables>,
    input: { caseId: string; notifiedOn: string; recordedBy: string; recordedByName: string; recordedRole: NotificationRole },
  ): Promise<SafeguardingNotificationRecord | null> {
    const inserted = await trx
      .insertInto('safeguarding_notifications')
      .values({
        case_id: input.caseId,
        notified_on: input.notifiedOn,
        recorded_by: input.recordedBy,
        recorded_by_name: input.recordedByName,
        recorded_role: input.recordedRole,
      })
      .onConflict((oc) => oc.column('case_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted ? this.forCase(input.caseId, trx) : null;
  }

  async forCase(caseId: string, db: Executor = this.database.db): Promise<SafeguardingNotificationRecord | null> {
    if (!isCaseId(caseId)) return null;
    const row = await columns(db).where('case_id', '=', caseId).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /** The recorded notifications of these cases, by case id (a list of cases shows them). */
  async forCases(caseIds: readonly string[]): Promise<Map<string, SafeguardingNotificationRecord>> {
    const ids = caseIds.filter(isCaseId);
    if (ids.length === 0) return new Map();
    const rows = await columns(this.database.db).where('case_id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.case_id, toRecord(r)]));
  }

  /**
   * The cases of these schools with signs that a child is not safe (or acute danger) and no
   * recorded notification, oldest first: "sager på skolen" shows them first, however old — also
   * when the teacher has since cancelled or closed the concern (the duty to notify does not end so).
   */
  async awaitingNotification(tenantId: string, schoolIds: readonly string[], limit: number): Promise<string[]> {
    if (schoolIds.length === 0) return [];
    const rows = await this.database.db
      .selectFrom('cases as c')
      .leftJoin('safeguarding_notifications as n', 'n.case_id', 'c.id')
      .select('c.id')
      .where('c.tenant_id', '=', tenantId)
      .where('c.school_id', 'in', [...schoolIds])
      .where('n.id', 'is', null)
      .where(
        sql<boolean>`(case when jsonb_typeof(c.intake -> 'safety') = 'array' then jsonb_array_length(c.intake -> 'safety') else 0 end > 0
          or c.intake ->> 'acuteDanger' = 'true')`,
      )
      .orderBy('c.created_at', 'asc')
      .orderBy('c.id', 'asc')
      .limit(Math.max(1, Math.min(limit, 100)))
      .execute();
    return rows.map((r) => r.id);
  }

  /** The safeguarding alerts sent (or waiting to be sent) to leaders about the case, oldest first. */
  async alertsForCase(caseId: string): Promise<SafeguardingAlertRecord[]> {
    if (!isCaseId(caseId)) return [];
    const rows = await this.database.db
      .selectFrom('outbox')
      .select(['recipient_aad_id', 'state', 'payload', 'created_at', 'sent_at'])
      .where('kind', '=', 'safeguarding-alert')
      .where('idempotency_key', 'like', `${escapeLike(alertKeyPrefix(caseId))}%`)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .limit(200)
      .execute();
    return rows.map((r) => {
      // The payload is sealed but for its ids (src/db/sealed-columns.ts, OUTBOX_CLEAR).
      const payload = openJson(this.database.keys, r.payload) as Record<string, unknown>;
      const at = typeof payload.at === 'string' ? new Date(payload.at) : null;
      return {
        recipientAadId: r.recipient_aad_id,
        state: r.state,
        raisedAt: at && !Number.isNaN(at.getTime()) ? at : toDate(r.created_at),
        sentAt: r.sent_at ? toDate(r.sent_at) : null,
        acute: payload.acute === true,
      };
    });
  }
}

function toRecord(row: {
  case_id: string;
  notified_on: string;
  recorded_by: string;
  recorded_by_name: string;
  recorded_role: NotificationRole;
  recorded_at: Date;
}): SafeguardingNotificationRecord {
  return {
    caseId: row.case_id,
    notifiedOn: row.notified_on,
    recordedBy: row.recorded_by,
    recordedByName: row.recorded_by_name,
    recordedRole: row.recorded_role,
    recordedAt: toDate(row.recorded_at),
  };
}
