/**
 * What the plan tables hold, as the code reads them: plans, their saved versions and their
 * evaluations, the checks of what is written (ids, titles, dates), the columns every plan query
 * selects, and the mapping from rows. Shared by the queries and the locked transaction of the
 * repository; one unit so neither of them owns the other's vocabulary.
 *
 * Dates without a time (evaluation dates) are 'YYYY-MM-DD' strings in and out, on both engines:
 * they are written as text and read through to_char (the drivers disagree on reading `date`).
 *
 * Free text is sealed at rest (src/db/sealing.ts, sealed-columns.ts): the tovholder's name and
 * the content of every version and evaluation (goals, actions, what the signs showed) are sealed
 * before they are written (`sealContent`, `keys.sealNullable`) and opened in the row mapping here,
 * so every mapping takes the database's keys. Nothing reads into a sealed value in SQL.
 */
import { sql, type Kysely } from 'kysely';
import { isCaseId, toDate } from '../cases/case.repository.js';
import { toJsonb } from '../db/json.js';
import { openJson, sealJson, type KeyRing } from '../db/sealing.js';
import { PLAN_STATUSES, type PlanStatus, type Tables } from '../db/schema.js';
import { isPlanTemplateId, type PlanTemplateId } from '../domain/plans/index.js';
import { isPlainObject } from '../domain/values.js';

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

export function checkDate(value: string): void {
  if (!isDateOnly(value)) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(value)}.`);
}

const TITLE_MAX = 200;

export function checkTitle(title: string): string {
  const trimmed = typeof title === 'string' ? title.trim() : '';
  if (trimmed.length === 0 || trimmed.length > TITLE_MAX) {
    throw new RangeError(`A plan title must have 1 to ${TITLE_MAX} characters.`);
  }
  return trimmed;
}

/** Every plan query selects these, and `planEvaluationDate()` (the date read as text). */
export const PLAN_COLUMNS = [
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

export function planEvaluationDate() {
  return sql<string | null>`to_char(plans.evaluation_date, 'YYYY-MM-DD')`.as('evaluation_date');
}

/** An evaluation row as the queries read it and the transaction returns it (its date as text). */
export function evaluationColumns() {
  return [
    'id',
    'plan_id',
    'plan_version',
    'plan_revision',
    sql<string | null>`to_char(evaluation_date, 'YYYY-MM-DD')`.as('evaluation_date'),
    'content',
    'evaluated_by',
    'evaluated_at',
  ] as const;
}

/** What a reminder needs to know about a due plan's case (see DuePlan). */
export const DUE_CASE_COLUMNS = ['cases.tenant_id', 'cases.owner_aad_id', 'cases.school_id', 'cases.team_id', 'cases.pseudonym'] as const;

interface DueCaseRow {
  tenant_id: string;
  owner_aad_id: string;
  school_id: string | null;
  team_id: string | null;
  pseudonym: string | null;
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

/**
 * A version's or an evaluation's content for its jsonb column, sealed whole: first cleaned as
 * toJsonb cleans (a NUL or a lone surrogate a user typed), so what is read back is what a save
 * before sealing would have read back.
 */
export function sealContent(keys: KeyRing, content: Record<string, unknown>): string {
  return toJsonb(sealJson(keys, JSON.parse(toJsonb(content))));
}

/** Opens a stored content (sealed, or clear from before sealing); anything but an object reads as empty. */
function openContent(keys: KeyRing, value: unknown): Record<string, unknown> {
  const content = openJson(keys, value);
  return isPlainObject(content) ? content : {};
}

export function toPlanRecord(row: PlanRow, keys: KeyRing): PlanRecord {
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
    tovholderName: keys.openNullable(row.tovholder_name),
    createdBy: row.created_by,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

export function toDuePlan(row: PlanRow & DueCaseRow, keys: KeyRing): DuePlan {
  return {
    ...toPlanRecord(row, keys),
    case: { tenantId: row.tenant_id, ownerAadId: row.owner_aad_id, schoolId: row.school_id, teamId: row.team_id, pseudonym: row.pseudonym },
  };
}

export function toVersionRecord(
  row: { id: number; plan_id: string; version: number; content: unknown; saved_by: string; saved_at: Date },
  keys: KeyRing,
): PlanVersionRecord {
  return {
    id: Number(row.id),
    planId: row.plan_id,
    version: Number(row.version),
    content: openContent(keys, row.content),
    savedBy: row.saved_by,
    savedAt: toDate(row.saved_at),
  };
}

export function toEvaluationRecord(
  row: {
    id: number;
    plan_id: string;
    plan_version: number;
    plan_revision: number;
    evaluation_date: string | null;
    content: unknown;
    evaluated_by: string | null;
    evaluated_at: Date;
  },
  keys: KeyRing,
): PlanEvaluationRecord {
  return {
    id: Number(row.id),
    planId: row.plan_id,
    planVersion: Number(row.plan_version),
    planRevision: Number(row.plan_revision),
    evaluationDate: row.evaluation_date,
    content: openContent(keys, row.content),
    evaluatedBy: row.evaluated_by,
    evaluatedAt: toDate(row.evaluated_at),
  };
}
