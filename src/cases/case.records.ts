/**
 * The records of cases and their recommendations, and the mapping from a database row: apart from
 * the repository (case.repository.ts) as for plans and sparring requests. The row's free text is
 * opened here (src/db/sealing.ts), so no caller ever sees a sealed value.
 */
import type { Selectable } from 'kysely';
import type { CaseRecommendationsTable, CasesTable, CaseStatus, RecommendationReason } from '../db/schema.js';
import { openJson, type KeyRing } from '../db/sealing.js';
import type { ClosingReason } from '../domain/closing.js';
import { isPlainObject } from '../domain/values.js';

export interface CaseRecord {
  id: string;
  tenantId: string;
  ownerAadId: string;
  status: CaseStatus;
  intake: Record<string, unknown>;
  /** Intake field names in the order they were answered. */
  answerOrder: string[];
  /** The field whose question is on screen now, if any. */
  pendingField: string | null;
  /** Bumped on every change; cards carry it so a stale card is recognised. */
  seq: number;
  schoolId: string | null;
  teamId: string | null;
  pseudonym: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** When the concern was cancelled (it may be undone for a while, see src/domain/undo.ts); null when not cancelled. */
  cancelledAt?: Date | null;
  /** How the case was closed ("Afslut sag", src/domain/closing.ts); null while it is not. */
  closed?: CaseClosing | null;
}

/** When, by whom (AAD object id), why and with which note a case was closed (0012). */
export interface CaseClosing {
  at: Date;
  by: string;
  reason: ClosingReason;
  note: string | null;
}

export type CasePatch = Partial<
  Pick<
    CaseRecord,
    'status' | 'intake' | 'answerOrder' | 'pendingField' | 'seq' | 'pseudonym' | 'schoolId' | 'teamId' | 'cancelledAt' | 'closed'
  >
>;

export interface NewRecommendation {
  level: string;
  step: string;
  recommendation: unknown;
  /** The answers the recommendation rests on. */
  intake: unknown;
  /** 'intake' (the default), 'evaluation' when a plan's evaluation moved the case, 'pku-decision' when PKU's decision did. */
  reason?: RecommendationReason;
  /** The evaluated plan, with reason 'evaluation'. */
  planId?: string | null;
  /** The recorded PKU decision, with reason 'pku-decision'. */
  pkuDecisionId?: string | null;
}

export interface RecommendationRecord {
  id: number;
  caseId: string;
  createdAt: Date;
  level: string;
  step: string;
  recommendation: unknown;
  intake: unknown;
  reason: RecommendationReason;
  planId: string | null;
}

/** One point of the case's way along the ladder (see `ladderHistory`). */
export interface LadderHistoryEntry {
  /** The id of the recommendation row that put the case here. */
  recommendationId: number;
  at: Date;
  level: string;
  step: string;
  reason: RecommendationReason;
  planId: string | null;
  pkuDecisionId: string | null;
}

/** timestamptz is a Date on both engines; accept text defensively. */
export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

export function toCaseRecord(row: Selectable<CasesTable>, keys: KeyRing): CaseRecord {
  const intake = openJson(keys, row.intake);
  return {
    id: row.id,
    tenantId: row.tenant_id,
    ownerAadId: row.owner_aad_id,
    status: row.status,
    intake: isPlainObject(intake) ? intake : {},
    answerOrder: Array.isArray(row.answer_order) ? row.answer_order.filter((f): f is string => typeof f === 'string') : [],
    pendingField: row.pending_field,
    seq: Number(row.seq),
    schoolId: row.school_id,
    teamId: row.team_id,
    pseudonym: row.pseudonym,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    cancelledAt: row.cancelled_at === null || row.cancelled_at === undefined ? null : toDate(row.cancelled_at),
    closed:
      row.closed_at && row.closed_by && row.closed_reason
        ? { at: toDate(row.closed_at), by: row.closed_by, reason: row.closed_reason, note: keys.openNullable(row.closed_note ?? null) }
        : null,
  };
}

export function toRecommendationRecord(row: Selectable<CaseRecommendationsTable>, keys: KeyRing): RecommendationRecord {
  return {
    id: Number(row.id),
    caseId: row.case_id,
    createdAt: toDate(row.created_at),
    level: row.level,
    step: row.step,
    recommendation: openJson(keys, row.recommendation),
    intake: openJson(keys, row.intake),
    reason: row.reason,
    planId: row.plan_id,
  };
}
