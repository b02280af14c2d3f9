/**
 * The lifecycle an adviser drives from the card: **Jeg tager den** (claim; exactly one wins a
 * race), **Giv fra mig**, **Send videre**, **Afslut** and **Afvis**. Each change is decided on the
 * stored (locked) request by the repository with the directory's facts, and its messages — the
 * teacher told, the request card to a new pool, the delivered copies of the card updated in place
 * (all but the one clicked) — are enqueued in the change's transaction. One
 * unit: the transitions share one path (visibility, a probe of the rules, the change). The ids and
 * versions come typed from the edge (src/bot/sparring.input.ts).
 */
import {
  parseClosingNote,
  parseRejectionReason,
  probeTransition,
  type SparringActionKind,
  type SparringEventAction,
  type SparringFieldError,
} from '../domain/sparring.js';
import type { Actor } from '../domain/actor.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import type { OutboxExecutor } from '../dispatch/outbox.repository.js';
import {
  type FactsOf,
  type SparringActor,
  type SparringRequestRecord,
  type TransitionResult,
  LEFT_GROUP_MESSAGE,
  decideNow,
} from './sparring.repository.js';
import { enqueueRequest, enqueueUpdate, isPoolMember, poolKeyFor, poolNameOf, poolRefOf, poolsOf, routeOf } from './routing.js';
import {
  STALE_MESSAGE,
  type ClaimOutcome,
  type ForwardInput,
  type NotedInput,
  type RequestCardInput,
  type SparringServiceDeps,
  type TransitionOutcome,
} from './sparring.types.js';
import type { SparringCardUpdates } from './updates.js';
import type { SparringVisibility } from './visibility.js';
import { noteAccess } from '../access/access-log.context.js';

/**
 * A refusal for who the actor is, not for the request's state (closed, taken): noted for the access
 * log as a refused change (src/access/access-log.ts).
 */
function noteRefusal(request: { id: string; caseId: string }, reason: string): void {
  if (reason === 'not-member' || reason === 'not-claimant') noteAccess({ caseId: request.caseId, requestId: request.id }, false);
}

interface TransitionContext {
  request: SparringRequestRecord;
  lookup: DirectoryLookup;
  /** The card's inputs (the note, the reason). */
  values: Readonly<Record<string, unknown>>;
  /** The version the card showed, if it said. */
  version: number | undefined;
  who: SparringActor;
  facts: FactsOf;
}

export class SparringLifecycle {
  constructor(
    private readonly deps: SparringServiceDeps,
    private readonly visibility: SparringVisibility,
    private readonly updates: SparringCardUpdates,
    private readonly clock: () => Date,
  ) {}

  /**
   * The messages of a change, in its transaction `trx`: the teacher told (unless they made it),
   * and every delivered copy of the card but the one clicked (`clickedActivityId`) updated in place.
   */
  private async announce(
    trx: OutboxExecutor,
    request: SparringRequestRecord,
    action: SparringEventAction,
    actor: Actor,
    clickedActivityId: string | null,
  ): Promise<void> {
    await enqueueUpdate(this.deps.outbox, trx, request, action, actor, this.clock());
    await this.updates.afterChange(request, clickedActivityId, trx);
  }

  /**
   * **Jeg tager den**: a member of the routed pool takes the request; exactly one wins a race. The
   * actor's pools come from the directory and are part of the claiming UPDATE itself, so the
   * winner's click costs one transaction. Anything but a win is explained only to someone who may
   * see the request (else: not found, whatever ids the card carries).
   */
  async claim(actor: Actor, input: RequestCardInput, clickedActivityId: string | null = null): Promise<ClaimOutcome> {
    const lookup = this.deps.directory();
    const pools = lookup.isKnownTenant(actor.tenantId) ? poolsOf(lookup, actor) : [];
    const name = lookup.person(actor.userId)?.displayName ?? 'Ukendt bruger';
    const result = await this.deps.requests.claim(
      input.requestId,
      { tenantId: actor.tenantId, pools },
      { aadId: actor.userId, name },
      async (trx, { request }) => {
        await this.announce(trx, request, 'taget', actor, clickedActivityId);
      },
    );
    if (result.kind === 'not-found') return { kind: 'not-found' };
    if (result.kind === 'won') return { kind: 'claimed', view: await this.visibility.mustView(actor, result.request) };
    const view = await this.visibility.viewOfRecord(actor, result.request);
    if (!view || result.kind === 'other-pool') noteRefusal(result.request, 'not-member');
    if (!view) return { kind: 'not-found' };
    switch (result.kind) {
      case 'already-yours':
        // Theirs by name only, once the directory no longer has them in the group.
        if (isPoolMember(lookup, actor, result.request)) return { kind: 'already-yours', view };
        noteRefusal(result.request, 'not-member');
        return { kind: 'refused', reason: 'not-member', message: LEFT_GROUP_MESSAGE, view };
      case 'taken-by-other':
        return { kind: 'taken', byName: result.name, view };
      case 'not-open':
        return {
          kind: 'refused',
          reason: 'final',
          message:
            result.state === 'afsluttet'
              ? 'Anmodningen er allerede afsluttet. Intet er ændret.'
              : 'Anmodningen er afvist. Intet er ændret.',
          view,
        };
      case 'other-pool':
        return {
          kind: 'refused',
          reason: 'not-member',
          message: `Anmodningen er sendt til ${view.poolName}, som du ikke er med i. Intet er ændret.`,
          view,
        };
    }
  }

  /** **Giv fra mig**: the claimant gives the request back to its pool. */
  async release(actor: Actor, input: RequestCardInput, clickedActivityId: string | null = null): Promise<TransitionOutcome> {
    return this.transition(actor, { ...input, values: {} }, 'release', async (ctx) =>
      this.deps.requests.release(ctx.request.id, ctx.who, ctx.facts, {
        expectedVersion: ctx.version,
        after: async (trx, { request }) => this.announce(trx, request, 'givet-fra-sig', actor, clickedActivityId),
      }),
    );
  }

  /** **Send videre**: to another group of the case's school or district. */
  async forward(actor: Actor, input: ForwardInput, clickedActivityId: string | null = null): Promise<TransitionOutcome> {
    return this.transition(actor, { ...input, values: {} }, 'forward', async (ctx) => {
      const key = poolKeyFor(ctx.lookup, ctx.request.schoolId, input.to);
      const available = key !== undefined && ctx.lookup.poolMembers(poolRefOf(key)).length > 0;
      // Unavailable (no such pool for the school, or no members): `decide` refuses, nothing is written.
      const to = { pool: input.to, owner: key?.owner ?? '', available };
      const route = key ? routeOf(ctx.lookup, key, ctx.request.tenantId) : null;
      const now = this.clock();
      return this.deps.requests.forward(ctx.request.id, to, ctx.who, ctx.facts, {
        expectedVersion: ctx.version,
        after: async (trx, { request }) => {
          if (route) await enqueueRequest(this.deps.outbox, trx, request, route, now);
          await this.announce(trx, request, 'videresendt', actor, clickedActivityId);
        },
      });
    });
  }

  /** **Afslut**: the claimant closes the request, with an optional note for the case (`note`). */
  async close(actor: Actor, input: NotedInput, clickedActivityId: string | null = null): Promise<TransitionOutcome> {
    return this.transition(actor, input, 'close', async (ctx) => {
      const note = parseClosingNote(ctx.values);
      if (!note.ok) return note;
      return this.deps.requests.close(ctx.request.id, note.value, ctx.who, ctx.facts, {
        expectedVersion: ctx.version,
        after: async (trx, { request }) => this.announce(trx, request, 'afsluttet', actor, clickedActivityId),
      });
    });
  }

  /** **Afvis**: declined with a reason (`reason`), by a pool member while unclaimed, by the claimant once taken. */
  async reject(actor: Actor, input: NotedInput, clickedActivityId: string | null = null): Promise<TransitionOutcome> {
    return this.transition(actor, input, 'reject', async (ctx) => {
      const reason = parseRejectionReason(ctx.values);
      if (!reason.ok) return reason;
      return this.deps.requests.reject(ctx.request.id, reason.value, ctx.who, ctx.facts, {
        expectedVersion: ctx.version,
        after: async (trx, { request }) => this.announce(trx, request, 'afvist', actor, clickedActivityId),
      });
    });
  }

  /**
   * The shared path of the transitions: the request, visibility (a request the actor
   * may not see is not found), whether the actor may take this action at all (so a note is only
   * validated for someone who may act), then `run`: it validates its own fields and calls the
   * repository, whose `decideNow` on the locked row has the last word.
   */
  private async transition(
    actor: Actor,
    input: NotedInput,
    action: Exclude<SparringActionKind, 'claim'>,
    run: (
      ctx: TransitionContext,
    ) => Promise<TransitionResult | { ok: false; errors: SparringFieldError[]; values: Record<string, string>; cprRefused: boolean }>,
  ): Promise<TransitionOutcome> {
    const request = await this.deps.requests.get(input.requestId);
    const lookup = this.deps.directory();
    if (!request || !(await this.visibility.maySee(actor, request, lookup))) return { kind: 'not-found' };
    const facts = this.visibility.factsOf(actor, lookup);
    const pre = decideNow(request, probeTransition(action, request.pool), facts(request));
    if (!pre.ok) {
      noteRefusal(request, pre.reason);
      // As the repository would answer: final first, then an old card, then the refusal.
      const view = await this.visibility.viewOfRecord(actor, request);
      if (pre.reason !== 'final' && input.version !== undefined && input.version !== request.version) {
        return { kind: 'stale', message: STALE_MESSAGE, view };
      }
      return { kind: 'refused', reason: pre.reason, message: pre.message, view };
    }
    const result = await run({
      request,
      lookup,
      values: input.values,
      version: input.version,
      who: this.visibility.actorOf(actor, lookup, request),
      facts,
    });
    if ('ok' in result) {
      return {
        kind: 'invalid',
        errors: result.errors,
        values: result.values,
        cprRefused: result.cprRefused,
        view: await this.visibility.mustView(actor, request),
      };
    }
    switch (result.kind) {
      case 'not-found':
        return { kind: 'not-found' };
      case 'done':
        return {
          kind: 'done',
          action: result.event.action,
          request: result.request,
          poolName: poolNameOf(this.deps.directory(), result.request),
          view: await this.visibility.viewOfRecord(actor, result.request),
        };
      case 'refused':
        noteRefusal(result.request, result.reason);
        return {
          kind: 'refused',
          reason: result.reason,
          message: result.message,
          view: await this.visibility.viewOfRecord(actor, result.request),
        };
      case 'stale':
        return { kind: 'stale', message: STALE_MESSAGE, view: await this.visibility.viewOfRecord(actor, result.request) };
    }
  }
}
