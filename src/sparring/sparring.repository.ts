/**
 * Sparring requests and their history (issue #5; rules in src/domain/sparring.ts).
 *
 * Every change writes the request and its event in ONE transaction, and bumps the request's
 * version: the event's version is the request's version after it (unique per request), so the
 * history has exactly one event per transition. An optional `after` callback runs inside the same
 * transaction with the transaction object and the result, so the messages a change causes (outbox
 * rows) are written with it or not at all.
 *
 * Claiming is race-safe without a lock held across statements: ONE statement
 *
 *   update sparring_requests set state = 'taget', claimed_by = … where id = $1 and state = 'ny'
 *     and tenant_id = $2 and (pool, pool_owner) in (the claimer's pools) returning *
 *
 * On PostgreSQL a second claimer's UPDATE waits for the first one's row lock, then re-checks its
 * WHERE on the committed row and matches nothing; it then reads who won. On PGlite transactions
 * run one after the other anyway (src/db/database.ts). So exactly one claimer wins, and the loser
 * learns the winner's name. Membership is part of the same statement (the pools the directory
 * says the claimer is in), so a request passed on to another pool a moment before is not taken
 * by a member of the old one.
 *
 * The other transitions (give back, pass on, close, decline) read the row under its lock
 * (SELECT … FOR UPDATE), ask `decideNow` whether the actor may, with facts the caller computes
 * from the locked row, and write the change and its event.
 *
 * Access follows the directory as it is now: whoever took a request acts on it, and reads its
 * case (`hasClaimedForCase`), only while the directory still has them in the group the request is
 * with. Someone removed from the group keeps their name in the history, nothing more.
 *
 * Sending twice makes one request, whether or not the card carries its form id: see `create`.
 *
 * The reads are in sparring.queries.ts (this class extends them), the row types and their mapping
 * in sparring.records.ts (re-exported here).
 *
 * Free text is sealed before it is written (src/db/sealing.ts, sealed-columns.ts): the wished time,
 * the summary, the closing note, the reason, and each event's detail whole (it repeats the note and
 * the reason). So the database can no longer check their lengths; `checkText` does, before sealing.
 * The send key stays a digest of the clear content, so an identical send still finds its request.
 *
 * Inside a transaction use only its object (see src/db/database.ts: on PGlite the outer database
 * would deadlock). AAD object ids are stored in lower case.
 */
import { sql } from 'kysely';
import { toJsonb } from '../db/json.js';
import { sealJson, type KeyRing } from '../db/sealing.js';
import {
  CLOSING_NOTE_MAX,
  REJECTION_REASON_MAX,
  applyChange,
  decide,
  type ActorFacts,
  type Decision,
  type DecisionSubject,
  type SparringEventAction,
  type SparringTransition,
} from '../domain/sparring.js';
import { SparringQueries } from './sparring.queries.js';
import {
  type AfterChange,
  type ClaimResult,
  type ClaimScope,
  type CreateResult,
  type FactsOf,
  type NewSparringRequest,
  type PoolKey,
  type SparringActor,
  type SparringEventRecord,
  type SparringExecutor,
  type SparringRequestRecord,
  type TransitionOptions,
  type TransitionResult,
  checkNew,
  checkText,
  isSparringRequestId,
  toEvent,
  toRequest,
} from './sparring.records.js';

export type {
  AfterChange,
  ClaimResult,
  ClaimScope,
  CreateResult,
  FactsOf,
  NewSparringRequest,
  PoolKey,
  SparringActor,
  SparringEventRecord,
  SparringExecutor,
  SparringRequestRecord,
  TransitionOptions,
  TransitionResult,
} from './sparring.records.js';
export { isSparringRequestId } from './sparring.records.js';
export { SparringQueries } from './sparring.queries.js';

export class SparringRepository extends SparringQueries {
  /**
   * A new request (state ny, version 1) and its 'oprettet' event, in one transaction; or the
   * request this send made before. Two keys say "made before", both unique in the database, so
   * parallel sends make one request on either engine (the INSERT waits for a concurrent one with
   * the same key and then does nothing): the form's id (case, form_id), and what was sent (case,
   * `sendKey`) among open requests, which does not depend on the card carrying its id. A request
   * closed or declined no longer holds its key: the same request sent again later is a new one.
   */
  async create(input: NewSparringRequest, after?: AfterChange<Extract<CreateResult, { kind: 'created' }>>): Promise<CreateResult> {
    checkNew(input);
    const key = sendKey(this.database.keys, input);
    const { keys } = this.database;
    return this.database.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('sparring_requests')
        .values({
          case_id: input.caseId,
          tenant_id: input.tenantId,
          school_id: input.schoolId,
          pool: input.pool,
          pool_owner: input.poolOwner,
          help_kinds: toJsonb(input.helpKinds),
          wished_time: keys.seal(input.wishedTime),
          summary: keys.seal(input.summary),
          child_specific: input.childSpecific,
          parents_consent: input.parentsConsent,
          requested_by: input.requestedBy.aadId.toLowerCase(),
          requested_by_name: input.requestedBy.name,
          form_id: input.formId ?? null,
          send_key: key,
        })
        // Either key (the partial index on send_key too): nothing is written, the row below is found.
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) return { kind: 'exists', request: await this.sentBefore(trx, input.caseId, input.formId ?? null, key) };
      const request = toRequest(keys, row);
      const event = await insertEvent(trx, keys, request, 'oprettet', input.requestedBy, { pool: request.pool });
      const result = { kind: 'created' as const, request, event };
      await after?.(trx, result);
      return result;
    });
  }

  /**
   * The request a refused INSERT collided with: the form's, else the newest with the same send
   * key (it may have been closed since the INSERT looked; it is still the one this send made).
   */
  private async sentBefore(trx: SparringExecutor, caseId: string, formId: string | null, key: string): Promise<SparringRequestRecord> {
    const byForm =
      formId === null
        ? undefined
        : await trx
            .selectFrom('sparring_requests')
            .selectAll()
            .where('case_id', '=', caseId)
            .where('form_id', '=', formId)
            .executeTakeFirst();
    const row =
      byForm ??
      (await trx
        .selectFrom('sparring_requests')
        .selectAll()
        .where('case_id', '=', caseId)
        .where('send_key', '=', key)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst());
    if (!row) throw new Error(`sparring: a send of case ${caseId} was refused as a repeat, but no earlier request was found.`);
    return toRequest(this.database.keys, row);
  }

  /**
   * Takes an unclaimed request for `actor`, if it is routed to one of `scope.pools` (the pools the
   * directory puts the actor in). One UPDATE decides the race; see the module comment. When it
   * takes nothing, the row as it is now says why (taken by whom, closed, another pool).
   */
  async claim(
    id: string,
    scope: ClaimScope,
    actor: SparringActor,
    after?: AfterChange<Extract<ClaimResult, { kind: 'won' }>>,
  ): Promise<ClaimResult> {
    if (!isSparringRequestId(id)) return { kind: 'not-found' };
    const aadId = actor.aadId.toLowerCase();
    return this.database.db.transaction().execute(async (trx): Promise<ClaimResult> => {
      // Someone in no pool takes nothing; the row below says what to tell them.
      const row =
        scope.pools.length === 0
          ? undefined
          : await trx
              .updateTable('sparring_requests')
              .set({
                state: 'taget',
                claimed_by: aadId,
                claimed_by_name: actor.name,
                claimed_at: sql<Date>`clock_timestamp()`,
                version: sql<number>`version + 1`,
                updated_at: sql<Date>`clock_timestamp()`,
              })
              .where('id', '=', id)
              .where('state', '=', 'ny')
              .where('tenant_id', '=', scope.tenantId)
              .where((eb) => eb.or(scope.pools.map((p) => eb.and([eb('pool', '=', p.pool), eb('pool_owner', '=', p.owner)]))))
              .returningAll()
              .executeTakeFirst();
      if (row) {
        const request = toRequest(this.database.keys, row);
        const event = await insertEvent(trx, this.database.keys, request, 'taget', actor, {});
        const result = { kind: 'won' as const, request, event };
        await after?.(trx, result);
        return result;
      }
      // Lost, or nothing to take: the row as committed now says why.
      const current = await this.get(id, trx);
      if (!current) return { kind: 'not-found' };
      if (current.state === 'taget') {
        return current.claimedBy === aadId
          ? { kind: 'already-yours', request: current }
          : { kind: 'taken-by-other', name: current.claimedByName ?? '', request: current };
      }
      if (current.state !== 'ny') return { kind: 'not-open', state: current.state, request: current };
      return { kind: 'other-pool', request: current };
    });
  }

  /** Gives a taken request back to its pool (only its claimant). */
  release(id: string, actor: SparringActor, facts: FactsOf, opts: TransitionOptions = {}): Promise<TransitionResult> {
    return this.transition(id, { kind: 'release' }, actor, facts, opts, {});
  }

  /**
   * Passes the request on to another pool `to` (owned by `to.owner`), unclaimed. `available`: the
   * caller found the target pool in the directory for the case's school or district.
   */
  forward(
    id: string,
    to: PoolKey & { available: boolean },
    actor: SparringActor,
    facts: FactsOf,
    opts: TransitionOptions = {},
  ): Promise<TransitionResult> {
    return this.transition(id, { kind: 'forward', to: to.pool, available: to.available }, actor, facts, opts, { toOwner: to.owner });
  }

  /** Closes a taken request with an optional note (only its claimant). */
  close(id: string, note: string | null, actor: SparringActor, facts: FactsOf, opts: TransitionOptions = {}): Promise<TransitionResult> {
    return this.transition(id, { kind: 'close', note }, actor, facts, opts, {});
  }

  /** Declines the request with a reason (a pool member while unclaimed, the claimant once taken). */
  reject(id: string, reason: string, actor: SparringActor, facts: FactsOf, opts: TransitionOptions = {}): Promise<TransitionResult> {
    return this.transition(id, { kind: 'reject', reason }, actor, facts, opts, {});
  }

  /**
   * The shared path of release/forward/close/reject: lock the row, decide on the locked row, write
   * the change and its event.
   */
  private async transition(
    id: string,
    transition: Exclude<SparringTransition, { kind: 'claim' }>,
    actor: SparringActor,
    facts: FactsOf,
    opts: TransitionOptions,
    extra: { toOwner?: string },
  ): Promise<TransitionResult> {
    if (transition.kind === 'close' && transition.note !== null) checkText('closing note', transition.note, 0, CLOSING_NOTE_MAX);
    if (transition.kind === 'reject') checkText('rejection reason', transition.reason, 1, REJECTION_REASON_MAX);
    if (!isSparringRequestId(id)) return { kind: 'not-found' };
    const { keys } = this.database;
    return this.database.db.transaction().execute(async (trx): Promise<TransitionResult> => {
      const row = await trx.selectFrom('sparring_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
      if (!row) return { kind: 'not-found' };
      const request = toRequest(keys, row);
      const decision: Decision = decideNow(request, transition, facts(request));
      // A final request says so, whatever version the card had; otherwise an old card changes nothing.
      if (!decision.ok && decision.reason === 'final')
        return { kind: 'refused', reason: decision.reason, message: decision.message, request };
      if (opts.expectedVersion !== undefined && opts.expectedVersion !== request.version) return { kind: 'stale', request };
      if (!decision.ok) return { kind: 'refused', reason: decision.reason, message: decision.message, request };

      const next = applyChange(request, decision.change, { userId: actor.aadId, name: actor.name });
      const routed = decision.change.state === 'ny';
      const updated = await trx
        .updateTable('sparring_requests')
        .set({
          state: next.state,
          pool: next.pool,
          pool_owner: decision.change.pool !== undefined ? extra.toOwner! : request.poolOwner,
          claimed_by: next.claimedBy,
          claimed_by_name: next.claimedByName,
          claimed_at: next.claimedBy === null ? null : request.claimedAt,
          closing_note: keys.sealNullable(next.closingNote),
          rejection_reason: keys.sealNullable(next.rejectionReason),
          version: next.version,
          ...(routed && { routed_at: sql<Date>`clock_timestamp()` }),
          updated_at: sql<Date>`clock_timestamp()`,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = toRequest(keys, updated);
      const detail = eventDetail(request, after, decision.event);
      const event = await insertEvent(trx, keys, after, decision.event, actor, detail);
      const result = { kind: 'done' as const, request: after, event };
      await opts.after?.(trx, result);
      return result;
    });
  }
}

export const LEFT_GROUP_MESSAGE = 'Du er ikke længere med i den gruppe, anmodningen er sendt til. Intet er ændret.';

/**
 * Whoever took the request, removed from its group since (the directory as it is now): they may
 * no longer act on it, nor see it as theirs.
 */
export function leftGroup(request: DecisionSubject, facts: ActorFacts): boolean {
  return !facts.poolMember && request.claimedBy !== null && request.claimedBy.toLowerCase() === facts.userId.toLowerCase();
}

/**
 * `decide` (the domain's rules) with access following the directory as it is now: the claimant
 * acts only while still a member of the group the request is with. A final request still says so.
 */
export function decideNow(request: DecisionSubject, transition: SparringTransition, facts: ActorFacts): Decision {
  const decision = decide(request, transition, facts);
  if (decision.ok && leftGroup(request, facts)) return { ok: false, reason: 'not-member', message: LEFT_GROUP_MESSAGE };
  return decision;
}

/** What an event records beyond who and when: the pools of a pass-on, the note, the reason, the claimant given back. */
function eventDetail(before: SparringRequestRecord, after: SparringRequestRecord, action: SparringEventAction): Record<string, unknown> {
  switch (action) {
    case 'videresendt':
      return {
        fromPool: before.pool,
        fromOwner: before.poolOwner,
        toPool: after.pool,
        toOwner: after.poolOwner,
        ...(before.claimedBy ? { releasedBy: before.claimedByName } : {}),
      };
    case 'afsluttet':
      return after.closingNote ? { note: after.closingNote } : {};
    case 'afvist':
      return { reason: after.rejectionReason };
    default:
      return {};
  }
}

async function insertEvent(
  trx: SparringExecutor,
  keys: KeyRing,
  request: SparringRequestRecord,
  action: SparringEventAction,
  actor: SparringActor,
  detail: Record<string, unknown>,
): Promise<SparringEventRecord> {
  const row = await trx
    .insertInto('sparring_events')
    .values({
      request_id: request.id,
      action,
      actor_aad_id: actor.aadId.toLowerCase(),
      actor_name: actor.name,
      version: request.version,
      // Cleaned as jsonb would have it (json.ts) before sealing, so what reads back is what read back before.
      detail: toJsonb(sealJson(keys, JSON.parse(toJsonb(detail)))),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEvent(keys, row);
}

/**
 * What a send is, whatever the card carried: the sender, the group (and its school or district)
 * and everything the sender wrote or chose, as a digest (the case is the index's other column).
 * The values are the parsed form's, so the same card sent again gives the same key.
 */
function sendKey(keys: KeyRing, input: NewSparringRequest): string {
  const what = [
    input.requestedBy.aadId.toLowerCase(),
    input.pool,
    input.poolOwner,
    [...input.helpKinds].sort(),
    input.wishedTime,
    input.summary,
    input.parentsConsent,
  ];
  // Keyed (src/db/sealing.ts): the summary is sealed, and a plain hash of it would let a reader of
  // the database test guesses.
  return keys.fingerprint(JSON.stringify(what));
}
