/**
 * Kysely table types for the database (PostgreSQL dialect on both PGlite and PostgreSQL).
 * Columns are snake_case, as in SQL; repositories map rows to camelCase records.
 *
 * JSONB columns are written as JSON text (see `toJsonb` in json.ts) because `pg` would turn a JS
 * array parameter into a PostgreSQL array literal, and read back as parsed values on both engines.
 */
import type { ColumnType, Generated } from 'kysely';
import type { PkuDecisionKind } from '../domain/pku-decision.js';
import type { ClosingReason } from '../domain/closing.js';

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
  /** When the concern was cancelled (it may be undone for a while); null when it is not (0011). */
  cancelled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** When the case was closed ("Afslut sag"), by whom (AAD object id), why and an optional note; null while not closed (0012). */
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  closed_by: ColumnType<string | null, string | null | undefined, string | null>;
  closed_reason: ColumnType<ClosingReason | null, ClosingReason | null | undefined, ClosingReason | null>;
  closed_note: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the owner and the leaders were warned that the case will be deleted (retention, 0012); null before. */
  retention_warned_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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
  /** Why the case was (re)assessed: the intake conversation, or a plan's evaluation (0002). */
  reason: ColumnType<RecommendationReason, RecommendationReason | undefined, RecommendationReason>;
  /** The plan whose evaluation led here (reason 'evaluation'); null otherwise (0002). */
  plan_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The PKU decision recorded here (reason 'pku-decision'); null otherwise (0009). */
  pku_decision_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export const RECOMMENDATION_REASONS = ['intake', 'evaluation', 'pku-decision'] as const;
export type RecommendationReason = (typeof RECOMMENDATION_REASONS)[number];

export const PLAN_STATUSES = ['kladde', 'gemt', 'evalueret', 'arkiveret'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/**
 * `date` columns. The drivers disagree on how they read a date (`pg` makes a Date at local
 * midnight, PGlite its own way), so the read type is `unknown`: select them through
 * `to_char(col, 'YYYY-MM-DD')` (see src/plans/plan.repository.ts). Written as 'YYYY-MM-DD' text.
 */
export type DateColumn = ColumnType<unknown, string | null | undefined, string | null>;

export interface PlansTable {
  id: Generated<string>;
  case_id: string;
  /** One of TEMPLATES (src/domain/recommendation.ts); checked by the database too. */
  template_id: string;
  title: string;
  status: ColumnType<PlanStatus, PlanStatus | undefined, PlanStatus>;
  /** 0 for a draft never saved; otherwise the number of the latest row in plan_versions. */
  current_version: ColumnType<number, number | undefined, number>;
  /**
   * Moves on by one with every saved version and every evaluation (0005): the evaluation card
   * carries it, so its second click finds the plan moved on even when the evaluation kept the version.
   */
  revision: ColumnType<number, number | undefined, number>;
  /** The next evaluation date (reminders); only plans with status 'gemt' are due. */
  evaluation_date: DateColumn;
  tovholder_aad_id: string | null;
  tovholder_name: string | null;
  created_by: string;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface PlanVersionsTable {
  id: Generated<number>;
  plan_id: string;
  version: number;
  content: Jsonb<Record<string, unknown>>;
  /** AAD object id of the person who saved. */
  saved_by: string;
  saved_at: Generated<Date>;
}

export interface PlanEvaluationsTable {
  id: Generated<number>;
  plan_id: string;
  /** The plan version that was evaluated. */
  plan_version: number;
  /** The plan's revision the evaluation was made at; unique per plan (0005). */
  plan_revision: number;
  /** The evaluation date that was due when the evaluation was made. */
  evaluation_date: DateColumn;
  content: Jsonb<Record<string, unknown>>;
  evaluated_by: string | null;
  evaluated_at: Generated<Date>;
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

/**
 * The one list of proactive message kinds (the outbox's check constraint mirrors it). Each kind is a
 * module under src/proactive/kinds/ with an entry in src/proactive/registry.ts, which does not
 * compile without one per name here; a new kind also needs a migration widening the constraint.
 */
export const OUTBOX_KINDS = [
  'evaluation-reminder',
  'safeguarding-alert',
  'weekly-digest',
  'revisitation-reminder',
  'message',
  // 0004: a sparring request posted to its adviser group, an update to the requester, the SLA reminder.
  'sparring-request',
  'sparring-update',
  'sparring-reminder',
  // 0012: the warning that a case will be deleted (src/retention/).
  'retention-warning',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];

/**
 * pending → sending (claimed, leased) → sent | pending (retry later) | failed (too many attempts)
 * | waiting (no usable conversation reference yet; released when the person writes or installs)
 * | cancelled (obsolete when its time came: the plan was evaluated, …) | expired.
 */
export const OUTBOX_STATES = ['pending', 'sending', 'waiting', 'sent', 'failed', 'cancelled', 'expired'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface OutboxTable {
  id: Generated<string>;
  kind: OutboxKind;
  tenant_id: string;
  /** A conversation_refs key: `user:<tenant>:<aad>` or `conv:<conversationId>`. */
  recipient_key: string;
  recipient_aad_id: string | null;
  payload: Jsonb<Record<string, unknown>>;
  idempotency_key: string;
  due_at: Timestamp;
  expires_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  state: ColumnType<OutboxState, OutboxState | undefined, OutboxState>;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  lease_owner: ColumnType<string | null, string | null | undefined, string | null>;
  lease_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The id Teams gave the sent activity, and its conversation: for updating the card later. */
  activity_id: ColumnType<string | null, string | null | undefined, string | null>;
  conversation_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface RateBucketsTable {
  key: string;
  tokens: number;
  /** Epoch milliseconds of the last refill. */
  refilled_ms: number;
}

/** The ids of src/domain/sparring.ts, checked by the database too (0004). */
export const SPARRING_REQUEST_STATES = ['ny', 'taget', 'afsluttet', 'afvist'] as const;
export type SparringRequestState = (typeof SPARRING_REQUEST_STATES)[number];

export interface SparringRequestsTable {
  id: Generated<string>;
  case_id: string;
  tenant_id: string;
  /** The case's school when the request was made. */
  school_id: string;
  /** plc | akt | praksisvejleder | raadgivende-team | familieraadgivning. */
  pool: string;
  /** The school id (plc, akt) or the district id (the others) the pool belongs to. */
  pool_owner: string;
  /** HELP_KINDS ids, at least one. */
  help_kinds: Jsonb<string[]>;
  wished_time: ColumnType<string, string | undefined, string>;
  summary: string;
  child_specific: boolean;
  parents_consent: boolean | null;
  /** AAD object id (lower case) and display name of the teacher who sent it. */
  requested_by: string;
  requested_by_name: string;
  state: ColumnType<SparringRequestState, SparringRequestState | undefined, SparringRequestState>;
  /** AAD object id (lower case), name and time of the adviser who took it; null while unclaimed. */
  claimed_by: ColumnType<string | null, string | null | undefined, string | null>;
  claimed_by_name: ColumnType<string | null, string | null | undefined, string | null>;
  claimed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  closing_note: ColumnType<string | null, string | null | undefined, string | null>;
  rejection_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1 when sent; bumped on every transition (cards carry it). */
  version: ColumnType<number, number | undefined, number>;
  /** The form card's id: a second send of the same card finds the request it made. */
  form_id: ColumnType<string | null, string | null | undefined, string | null>;
  /**
   * What was sent, whatever the card carried (0006): a digest of the sender, the group and the
   * content. Unique per case among open requests (ny, taget), so an identical send while the first
   * is open finds it. Null for requests sent before 0006.
   */
  send_key: ColumnType<string | null, string | null | undefined, string | null>;
  /** When the request was last routed to a pool (sent, given back, passed on): the SLA counts from here. */
  routed_at: Timestamp;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface SparringEventsTable {
  id: Generated<number>;
  request_id: string;
  /** oprettet | taget | givet-fra-sig | videresendt | afsluttet | afvist. */
  action: string;
  actor_aad_id: string;
  actor_name: string;
  /** The request's version after the event (unique per request). */
  version: number;
  detail: JsonbWithDefault<Record<string, unknown>>;
  at: Generated<Date>;
}

/** PKU's decision on a case's referral (0009, src/domain/pku-decision.ts); the newest row is in force. */
export interface PkuDecisionsTable {
  id: Generated<string>;
  case_id: string;
  decision: PkuDecisionKind;
  /** Read through to_char (see DateColumn). */
  decided_on: DateColumn;
  remarks: string | null;
  recorded_by: string;
  recorded_at: Generated<Date>;
}

/** Who recorded a notification to the municipality: the case's owner or a leader of its school (0010). */
export const NOTIFICATION_ROLES = ['owner', 'leader'] as const;
export type NotificationRole = (typeof NOTIFICATION_ROLES)[number];

/** The notification to the municipality recorded on a safety case (0010): at most one per case. */
export interface SafeguardingNotificationsTable {
  id: Generated<string>;
  case_id: string;
  /** The day it was recorded (Copenhagen); read through to_char (see DateColumn). */
  notified_on: DateColumn;
  /** AAD object id (lower case) and display name of the person who recorded it. */
  recorded_by: string;
  recorded_by_name: string;
  recorded_role: NotificationRole;
  recorded_at: Generated<Date>;
}

/** What a person did with a case, plan or request, and whether it was allowed (0013; src/access/access-log.ts). */
export const ACCESS_ACTIONS = ['read', 'change', 'export', 'erase'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];
export const ACCESS_OUTCOMES = ['allowed', 'denied'] as const;
export type AccessOutcome = (typeof ACCESS_OUTCOMES)[number];

/** The append-only access log (0013): ids only, never names or free text; UPDATE is refused by a trigger. */
export interface AccessLogTable {
  id: Generated<number>;
  tenant_id: string;
  /** AAD object id (lower case) of the person who read, changed or exported, or was refused. */
  actor_aad_id: string;
  action: AccessAction;
  outcome: AccessOutcome;
  /** The verb of the turn (src/cards/verbs.ts): the button or typed command it came through. */
  verb: string;
  case_id: string | null;
  plan_id: string | null;
  request_id: string | null;
  /** The bot's clock at the turn. */
  at: Timestamp;
}

export interface Tables {
  cases: CasesTable;
  case_recommendations: CaseRecommendationsTable;
  conversation_refs: ConversationRefsTable;
  bot_state: BotStateTable;
  plans: PlansTable;
  plan_versions: PlanVersionsTable;
  plan_evaluations: PlanEvaluationsTable;
  pku_decisions: PkuDecisionsTable;
  safeguarding_notifications: SafeguardingNotificationsTable;
  outbox: OutboxTable;
  rate_buckets: RateBucketsTable;
  sparring_requests: SparringRequestsTable;
  sparring_events: SparringEventsTable;
  access_log: AccessLogTable;
}
