/**
 * Kysely table types for the database (PostgreSQL dialect on both PGlite and PostgreSQL).
 * Columns are snake_case, as in SQL; repositories map rows to camelCase records.
 *
 * JSONB columns are written as JSON text (see `toJsonb` in json.ts) because `pg` would turn a JS
 * array parameter into a PostgreSQL array literal, and read back as parsed values on both engines.
 */
import type { ColumnType, Generated } from 'kysely';

/** timestamptz: read as Date on both engines; written as Date, ISO text or an SQL expression. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** jsonb: read as the parsed value, written as JSON text. */
export type Jsonb<T> = ColumnType<T, string, string>;

/** jsonb with a database default. */
export type JsonbWithDefault<T> = ColumnType<T, string | undefined, string>;

export const CASE_STATUSES = ['aaben', 'annulleret', 'afsluttet'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface CasesTable {
  id: Generated<string>;
  tenant_id: string;
  owner_aad_id: string;
  status: ColumnType<CaseStatus, CaseStatus | undefined, CaseStatus>;
  intake: JsonbWithDefault<Record<string, unknown>>;
  answer_order: JsonbWithDefault<string[]>;
  pending_field: string | null;
  seq: Generated<number>;
  school_id: string | null;
  team_id: string | null;
  pseudonym: string | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface CaseRecommendationsTable {
  /** bigint identity: parsed to a JS number on both engines (see database.ts). */
  id: Generated<number>;
  case_id: string;
  created_at: Generated<Date>;
  level: string;
  step: string;
  recommendation: Jsonb<unknown>;
  intake: Jsonb<unknown>;
}

export interface ConversationRefsTable {
  key: string;
  tenant_id: string;
  aad_object_id: string | null;
  conversation_id: string;
  conversation_type: string | null;
  reference: Jsonb<unknown>;
  usable: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface BotStateTable {
  key: string;
  data: Jsonb<Record<string, unknown>>;
  etag: string;
  updated_at: Timestamp;
}

export interface Tables {
  cases: CasesTable;
  case_recommendations: CaseRecommendationsTable;
  conversation_refs: ConversationRefsTable;
  bot_state: BotStateTable;
}
