/**
 * Insight (issue 13, "Insight and erasure"): everything the bot stores about one case, for an
 * administrator answering a data subject's request or the municipality's DPO. "Everything about one
 * case" is decided from the schema, in one place (`CASE_TABLES`):
 *
 * - the rows that name the case (`cases.id`, and every table with a `case_id`);
 * - the rows that hang off those (a plan's versions and evaluations, a sparring request's events);
 * - the outbox rows of the case: their payload's own case, plan, sparring request or PKU decision id
 *   is one of the case's, or their idempotency key names one of its ids (payloads hold ids only; the
 *   cards are drawn when sent). A merged evaluation reminder (`{ items: [...] }`) may hold plans of
 *   other cases too: it is listed when one of its items is the case's, with only the case's items;
 * - the access log's rows about the case, its plans and its requests (who read, changed, exported).
 *
 * `NOT_CASE_DATA` says why each other table is left out (it is about staff or the bot, not a case:
 * the adults a case names are named in the Markdown from the directory). The test
 * test/integration/insight/coverage.test.ts reads information_schema and fails when a table with a
 * `case_id` column, or one with a foreign key to a covered table, is in neither list, and when a
 * new table is not classified at all.
 *
 * Rows are read as `to_jsonb(row)`: every column, the same text on both engines (timestamps with
 * their offset, dates as 'YYYY-MM-DD', jsonb as JSON). Only administrators (the directory's
 * `admins`) of the case's tenant may read it; access is never taken from card data. An export, and a
 * refused attempt on an existing case, is noted for the access log (src/access/access-log.context.ts).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../db/database.js';
import type { Tables } from '../db/schema.js';
import type { Actor } from '../domain/actor.js';
import { noteAccess } from '../access/access-log.context.js';
import { isUuid } from '../domain/values.js';
import { openSealedColumns } from '../db/sealed-columns.js';

/** A row as PostgreSQL's `to_jsonb` gives it: column name → JSON value. */
export type InsightRow = Record<string, unknown>;

/** The case's id and the ids of the rows that name it: what outbox rows are matched by. */
interface CaseIds {
  caseId: string;
  related: string[];
}

interface CaseTableSpec {
  /** Why the table is about the case (the Markdown's and the document's wording is elsewhere). */
  readonly why: string;
  /** The condition on the table's rows (aliased `t`). */
  readonly where: (ids: CaseIds) => RawBuilder<unknown>;
  /** The column the rows are listed by, oldest first. */
  readonly order: string;
}

const byCase = (ids: CaseIds) => sql`t.case_id = ${ids.caseId}::uuid`;
const ofPlans = (ids: CaseIds) => sql`t.plan_id in (select p.id from plans p where p.case_id = ${ids.caseId}::uuid)`;

/** Every table that holds rows about a case, and how its rows are found. Order: the export's. */
export const CASE_TABLES = {
  cases: { why: 'the case itself', where: (ids) => sql`t.id = ${ids.caseId}::uuid`, order: 'created_at' },
  case_recommendations: { why: 'its history on the ladder', where: byCase, order: 'id' },
  plans: { why: 'its plans', where: byCase, order: 'created_at' },
  plan_versions: { why: "its plans' saved versions", where: ofPlans, order: 'id' },
  plan_evaluations: { why: "its plans' evaluations", where: ofPlans, order: 'id' },
  pku_decisions: { why: "PKU's decisions on its referral", where: byCase, order: 'recorded_at' },
  safeguarding_notifications: { why: 'the notification to the municipality', where: byCase, order: 'recorded_at' },
  sparring_requests: { why: 'its requests for sparring', where: byCase, order: 'created_at' },
  sparring_events: {
    why: "its requests' transitions",
    where: (ids) => sql`t.request_id in (select r.id from sparring_requests r where r.case_id = ${ids.caseId}::uuid)`,
    order: 'id',
  },
  outbox: {
    why: 'messages the bot sent or will send about it (their payloads name its ids)',
    where: (ids) => {
      const all = [ids.caseId, ...ids.related];
      const anyOf = sql`in (${sql.join(all)})`;
      return sql`(t.payload->>'caseId' = ${ids.caseId}
        or t.payload->>'planId' ${anyOf} or t.payload->>'requestId' ${anyOf} or t.payload->>'decisionId' ${anyOf}
        or (jsonb_typeof(t.payload->'items') = 'array' and exists (select 1 from jsonb_array_elements(t.payload->'items') i where i->>'planId' ${anyOf}))
        or ${sql.join(
          all.map((id) => sql`strpos(t.idempotency_key, ${id}) > 0`),
          sql` or `,
        )})`;
    },
    order: 'created_at',
  },
  access_log: {
    why: 'who read, changed or exported the case, its plans or its requests (ids only; no foreign keys, so matched by id)',
    where: (ids) =>
      sql`(t.case_id = ${ids.caseId}::uuid
        or t.plan_id in (select p.id from plans p where p.case_id = ${ids.caseId}::uuid)
        or t.request_id in (select r.id from sparring_requests r where r.case_id = ${ids.caseId}::uuid))`,
    order: 'id',
  },
} as const satisfies Partial<Record<keyof Tables, CaseTableSpec>>;

export type CaseTable = keyof typeof CASE_TABLES;
export const CASE_TABLE_NAMES = Object.keys(CASE_TABLES) as CaseTable[];

/** The other tables, and why they are not part of a case's insight. */
export const NOT_CASE_DATA: Readonly<Record<string, string>> = {
  conversation_refs: 'how the bot reaches a member of staff or a channel; about the adult, not the case',
  bot_state: "Teams AI's turn state per conversation; holds no case content",
  rate_buckets: "Teams' sending limits per conversation",
  kysely_migration: 'which migrations the database has had',
  kysely_migration_lock: 'the migration lock',
};

/** Everything stored about one case: every covered table's rows, in CASE_TABLES' order. */
export interface CaseInsight {
  caseId: string;
  tables: { readonly [T in CaseTable]: InsightRow[] };
}

export type InsightOutcome =
  | { kind: 'found'; insight: CaseInsight }
  | { kind: 'forbidden' }
  | { kind: 'not-found' }
  /** A short id that more than one case of the tenant starts with. */
  | { kind: 'ambiguous'; count: number };

/** A full case id (UUID), or the start of one: at least 8 hexadecimal characters (dashes as in the id). */
export const CASE_REF_PATTERN = /^[0-9a-f]{8}(?:-[0-9a-f]{0,4}){0,3}(?:-[0-9a-f]{0,12})?$/;
/** Whether `ref` is a whole case id (a UUID): its digits may look like a phone number, but it is none. */
export const isFullCaseId = (ref: string): boolean => isUuid(ref.trim());

export interface CaseInsightDeps {
  database: Database;
  /** Whether the actor is one of the directory's administrators of its tenant. */
  isAdmin: (actor: Actor) => boolean;
}

export class CaseInsightService {
  constructor(private readonly deps: CaseInsightDeps) {}

  /** Whether the actor may export cases at all (an administrator in the directory). */
  mayExport(actor: Actor): boolean {
    return this.deps.isAdmin(actor);
  }

  /** Everything about the case `ref` names (its id, or the start of it); only for an administrator of its tenant. */
  async export(actor: Actor, ref: string): Promise<InsightOutcome> {
    const caseRef = ref.trim().toLowerCase();
    const { db } = this.deps.database;
    if (!this.mayExport(actor)) {
      // A refused attempt on a case that exists is in the access log too (only a full id names one case).
      if (isUuid(caseRef)) {
        const found = await db
          .selectFrom('cases')
          .select('id')
          .where('id', '=', caseRef)
          .where('tenant_id', '=', actor.tenantId)
          .executeTakeFirst();
        if (found) noteAccess({ caseId: found.id }, false);
      }
      return { kind: 'forbidden' };
    }
    if (!CASE_REF_PATTERN.test(caseRef)) return { kind: 'not-found' };
    const matches = isUuid(caseRef)
      ? await db.selectFrom('cases').select('id').where('id', '=', caseRef).where('tenant_id', '=', actor.tenantId).execute()
      : await db
          .selectFrom('cases')
          .select('id')
          .where(sql<boolean>`starts_with(id::text, ${caseRef})`)
          .where('tenant_id', '=', actor.tenantId)
          .limit(10)
          .execute();
    if (matches.length === 0) return { kind: 'not-found' };
    if (matches.length > 1) return { kind: 'ambiguous', count: matches.length };
    // The export is in the access log (the verb's action is 'export', src/access/access-log.actions.ts).
    noteAccess({ caseId: matches[0]!.id }, true);
    return { kind: 'found', insight: await this.read(matches[0]!.id) };
  }

  /** Every covered table's rows about the case, read in one transaction. */
  private async read(caseId: string): Promise<CaseInsight> {
    return this.deps.database.db.transaction().execute(async (trx) => {
      const rows = async (table: CaseTable, ids: CaseIds): Promise<InsightRow[]> => {
        const spec: CaseTableSpec = CASE_TABLES[table];
        const { rows } = await sql<{ row: InsightRow }>`
          select to_jsonb(t) as row from ${sql.table(table)} t where ${spec.where(ids)} order by ${sql.ref(`t.${spec.order}`)}, t::text
        `.execute(trx);
        // Free text is sealed at rest (src/db/sealing.ts): the export shows what was written.
        return rows.map((r) => openSealedColumns(this.deps.database.keys, table, r.row));
      };
      const direct = { caseId, related: [] };
      const tables: Partial<Record<CaseTable, InsightRow[]>> = {};
      for (const table of CASE_TABLE_NAMES) {
        // The outbox last: it is matched by the ids of the other tables' rows.
        if (table === 'outbox') continue;
        tables[table] = await rows(table, direct);
      }
      // The outbox is matched by every id that names the case or a row about it.
      const related = (['plans', 'pku_decisions', 'safeguarding_notifications', 'sparring_requests'] as const).flatMap((t) =>
        tables[t]!.map((r) => String(r.id)),
      );
      // A merged reminder is shown with the case's own plans only: the others are other cases'.
      const own = new Set([caseId, ...related]);
      tables.outbox = (await rows('outbox', { caseId, related })).map((row) => {
        const payload = row.payload as { items?: unknown } | null;
        if (!payload || !Array.isArray(payload.items)) return row;
        return { ...row, payload: { ...payload, items: payload.items.filter((i: { planId?: unknown }) => own.has(String(i?.planId))) } };
      });
      return { caseId, tables: tables as CaseInsight['tables'] };
    });
  }
}
