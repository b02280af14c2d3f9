/**
 * What the sparring tables hold, as the code reads them: requests and their events, pools, the
 * acting person, the inputs and results of every change, and the mapping from rows (checked
 * against the lists the database allows). Shared by the queries and the transitions of the
 * repository, and by the service; one unit so neither of them owns the other's vocabulary.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import { isCaseId, toDate } from '../cases/case.repository.js';
import type { SparringEventsTable, SparringRequestsTable, Tables } from '../db/schema.js';
import { openJson, type KeyRing } from '../db/sealing.js';
import { HELP_KINDS, type HelpKind } from '../domain/plans/index.js';
import { isPlainObject } from '../domain/values.js';
import {
  SPARRING_EVENTS,
  SPARRING_POOLS,
  SPARRING_STATES,
  SUMMARY_MAX,
  WISHED_TIME_MAX,
  type ActorFacts,
  type RefusalReason,
  type SparringEventAction,
  type SparringPool,
  type SparringState,
} from '../domain/sparring.js';

/** The database or an open transaction (a Kysely Transaction is a Kysely). */
export type SparringExecutor = Kysely<Tables>;

export interface SparringRequestRecord {
  id: string;
  caseId: string;
  tenantId: string;
  schoolId: string;
  pool: SparringPool;
  /** The school id (plc, akt) or district id (the district pools) the pool belongs to. */
  poolOwner: string;
  helpKinds: HelpKind[];
  wishedTime: string;
  summary: string;
  childSpecific: boolean;
  parentsConsent: boolean | null;
  requestedBy: string;
  requestedByName: string;
  state: SparringState;
  claimedBy: string | null;
  claimedByName: string | null;
  claimedAt: Date | null;
  closingNote: string | null;
  rejectionReason: string | null;
  /** Bumped on every transition; cards carry it. */
  version: number;
  formId: string | null;
  /** When the request was last routed to its pool (sent, given back, passed on). */
  routedAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

export interface SparringEventRecord {
  id: number;
  requestId: string;
  action: SparringEventAction;
  actorAadId: string;
  actorName: string;
  /** The request's version after this event. */
  version: number;
  detail: Record<string, unknown>;
  at: Date;
}

/** A pool by its id and owner (school or district id). */
export interface PoolKey {
  pool: SparringPool;
  owner: string;
}

/** Where a claimer may take requests: their tenant, and the pools the directory puts them in. */
export interface ClaimScope {
  tenantId: string;
  pools: readonly PoolKey[];
}

/** Who acts: AAD object id and the name the history shows. */
export interface SparringActor {
  aadId: string;
  name: string;
}

export interface NewSparringRequest {
  caseId: string;
  tenantId: string;
  schoolId: string;
  pool: SparringPool;
  poolOwner: string;
  helpKinds: HelpKind[];
  wishedTime: string;
  summary: string;
  childSpecific: boolean;
  parentsConsent: boolean | null;
  requestedBy: SparringActor;
  /** The form card's id: sending the same card twice makes one request. */
  formId?: string | null;
}

/** Runs inside the change's transaction: write what belongs with it, through `trx` only. */
export type AfterChange<R> = (trx: Transaction<Tables>, result: R) => Promise<void>;

export type CreateResult =
  | { kind: 'created'; request: SparringRequestRecord; event: SparringEventRecord }
  /**
   * The same form (case and form id) was sent before, or the same sender sent the same group the
   * same request for the case and it is still open: nothing new was written.
   */
  | { kind: 'exists'; request: SparringRequestRecord };

export type ClaimResult =
  | { kind: 'won'; request: SparringRequestRecord; event: SparringEventRecord }
  /** The actor had taken it already (a repeated click): nothing changed. */
  | { kind: 'already-yours'; request: SparringRequestRecord }
  | { kind: 'taken-by-other'; name: string; request: SparringRequestRecord }
  /** Closed or declined. */
  | { kind: 'not-open'; state: SparringState; request: SparringRequestRecord }
  /** Still unclaimed, but routed to a pool the claimer is not in (or in another tenant). */
  | { kind: 'other-pool'; request: SparringRequestRecord }
  | { kind: 'not-found' };

export type TransitionResult =
  | { kind: 'done'; request: SparringRequestRecord; event: SparringEventRecord }
  | { kind: 'refused'; reason: RefusalReason; message: string; request: SparringRequestRecord }
  /** The card showed another version than the stored one: nothing changed. */
  | { kind: 'stale'; request: SparringRequestRecord }
  | { kind: 'not-found' };

export interface TransitionOptions {
  /** The version the card was showing; when given and no longer current, nothing happens ('stale'). */
  expectedVersion?: number;
  after?: AfterChange<Extract<TransitionResult, { kind: 'done' }>>;
}

// Request ids are uuids; anything else (a tampered card) is simply "no such request".
export const isSparringRequestId: (id: unknown) => id is string = isCaseId;

/** The actor's facts, computed by the caller from the locked row (e.g. pool membership from the directory). */
export type FactsOf = (request: SparringRequestRecord) => ActorFacts;

/** A request as stored, its free text (wished time, summary, note, reason) opened with `keys` (sealed-columns.ts). */
export function toRequest(keys: KeyRing, row: Selectable<SparringRequestsTable>): SparringRequestRecord {
  return {
    id: row.id,
    caseId: row.case_id,
    tenantId: row.tenant_id,
    schoolId: row.school_id,
    pool: oneOf(SPARRING_POOLS, row.pool, 'pool'),
    poolOwner: row.pool_owner,
    helpKinds: (Array.isArray(row.help_kinds) ? row.help_kinds : []).filter((k): k is HelpKind =>
      (HELP_KINDS as readonly string[]).includes(k),
    ),
    wishedTime: keys.open(row.wished_time),
    summary: keys.open(row.summary),
    childSpecific: row.child_specific,
    parentsConsent: row.parents_consent,
    requestedBy: row.requested_by,
    requestedByName: row.requested_by_name,
    state: oneOf(SPARRING_STATES, row.state, 'state'),
    claimedBy: row.claimed_by,
    claimedByName: row.claimed_by_name,
    claimedAt: row.claimed_at === null ? null : toDate(row.claimed_at),
    closingNote: keys.openNullable(row.closing_note),
    rejectionReason: keys.openNullable(row.rejection_reason),
    version: Number(row.version),
    formId: row.form_id,
    routedAt: toDate(row.routed_at),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

/** An event as stored, its detail (sealed whole: it repeats the note and the reason) opened with `keys`. */
export function toEvent(keys: KeyRing, row: Selectable<SparringEventsTable>): SparringEventRecord {
  const detail = openJson(keys, row.detail);
  return {
    id: Number(row.id),
    requestId: row.request_id,
    action: oneOf(SPARRING_EVENTS, row.action, 'action'),
    actorAadId: row.actor_aad_id,
    actorName: row.actor_name,
    version: Number(row.version),
    detail: isPlainObject(detail) ? detail : {},
    at: toDate(row.at),
  };
}

/**
 * The bounds of a free-text column, as the database checked them before it held them sealed
 * (migration 0014): a sealed value's length says nothing of the text's. The forms refuse the same
 * with a Danish message (domain/sparring/form.ts); this is the last line, for any other caller.
 * Characters are code points, as PostgreSQL's char_length counts them.
 */
export function checkText(what: string, text: string, min: number, max: number): void {
  const n = typeof text === 'string' ? Array.from(text).length : -1;
  if (n < min || n > max) throw new RangeError(`sparring: the ${what} must be ${min}–${max} characters (got ${n}).`);
}

/** A new request as the database would have it; its free text within the forms' bounds (checkText). */
export function checkNew(input: NewSparringRequest): void {
  if (!isCaseId(input.caseId)) throw new RangeError(`Not a case id: ${JSON.stringify(input.caseId)}.`);
  if (!(SPARRING_POOLS as readonly string[]).includes(input.pool)) throw new RangeError(`Unknown pool: ${JSON.stringify(input.pool)}.`);
  if (input.helpKinds.length === 0 || input.helpKinds.some((k) => !(HELP_KINDS as readonly string[]).includes(k))) {
    throw new RangeError('A request needs at least one known kind of help.');
  }
  if (!input.requestedBy.aadId || !input.requestedBy.name)
    throw new RangeError('A request needs the id and name of the person sending it.');
  if (input.formId != null && !isCaseId(input.formId)) throw new RangeError('A form id is a uuid.');
  checkText('wished time', input.wishedTime, 0, WISHED_TIME_MAX);
  checkText('summary', input.summary, 1, SUMMARY_MAX);
}

/** The database checks these columns; a value outside the list means the code and the schema disagree. */
export function oneOf<T extends string>(values: readonly T[], value: string, column: string): T {
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new Error(`sparring: unexpected ${column} ${JSON.stringify(value)} in the database.`);
}
