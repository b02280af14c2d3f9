/**
 * Who may see a sparring request, as whom, and with which buttons (org.md; see the module comment
 * of sparring.service.ts): the pool's members and the claimant from the directory as it is now,
 * the teacher, the case's team and the school's leaders through CaseAccess, nobody else. Also the
 * lists built from it ("mine anmodninger", "åbne anmodninger", a case's requests) and the history.
 * One unit because every command answers with a view, and every view is decided here.
 */
import { noteAccess } from '../access/access-log.context.js';
import { allowedActions, type ActorFacts } from '../domain/sparring.js';
import type { Actor } from '../domain/actor.js';
import type { CaseRecord } from '../cases/case.repository.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import {
  type FactsOf,
  type SparringActor,
  type SparringEventRecord,
  type SparringRequestRecord,
  leftGroup,
} from './sparring.repository.js';
import { isPoolMember, poolNameOf, poolOptions, poolsOf, teamTitleOf } from './routing.js';
import { sameId as same } from '../domain/values.js';
import type { SparringRequestView, SparringServiceDeps, SparringViewerRole } from './sparring.types.js';

export class SparringVisibility {
  constructor(private readonly deps: SparringServiceDeps) {}

  // -------------------------------------------------------------------------------------------
  // Reading

  /** "Mine anmodninger": the requests the actor has taken and not finished (in a group they are still in). */
  async mine(actor: Actor): Promise<SparringRequestView[]> {
    const requests = await this.deps.requests.listClaimedBy(actor.tenantId, actor.userId);
    return (await this.viewsOf(actor, requests)).filter((v) => v.role === 'claimant');
  }

  /** "Åbne anmodninger": the unclaimed requests of the actor's pools, longest waiting first. */
  async open(actor: Actor): Promise<SparringRequestView[]> {
    const lookup = this.deps.directory();
    if (!lookup.isKnownTenant(actor.tenantId)) return [];
    const requests = await this.deps.requests.listOpen(actor.tenantId, poolsOf(lookup, actor));
    return this.viewsOf(actor, requests);
  }

  /** The requests of a case, for its case card (those the actor may see), newest first. */
  async forCase(actor: Actor, caseId: string): Promise<SparringRequestView[]> {
    const c = await this.deps.cases.get(caseId);
    if (!c) return [];
    const requests = await this.deps.requests.listForCase(c.id);
    const views: SparringRequestView[] = [];
    for (const r of requests) {
      const view = await this.viewOfRecord(actor, r, c);
      if (view) views.push(view);
    }
    return views;
  }

  /** What `actor` may see of the request and do with it; null when they may not see it at all. */
  async viewFor(actor: Actor, requestId: string): Promise<SparringRequestView | null> {
    const request = await this.deps.requests.get(requestId);
    if (!request) return null;
    const view = await this.viewOfRecord(actor, request);
    noteAccess({ caseId: request.caseId, requestId: request.id }, view !== null);
    return view;
  }

  /** The history of a request the actor may see (oldest first); null when they may not. */
  async history(actor: Actor, requestId: string): Promise<SparringEventRecord[] | null> {
    const view = await this.viewFor(actor, requestId);
    return view ? this.deps.requests.events(view.request.id) : null;
  }

  /**
   * Whether the actor has taken a request of this case (taget or afsluttet) that is with a group
   * the directory has them in now: an adviser may then open the case and its plans.
   */
  async claimantCanOpen(actor: Actor, caseId: string): Promise<boolean> {
    const lookup = this.deps.directory();
    const pools = lookup.isKnownTenant(actor.tenantId) ? poolsOf(lookup, actor) : [];
    return this.deps.requests.hasClaimedForCase(actor.tenantId, actor.userId, caseId, pools);
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  /** The actor's facts about a (locked) request: a member of the pool it is routed to now? */
  factsOf(actor: Actor, lookup: DirectoryLookup): FactsOf {
    return (request) => ({ userId: actor.userId, poolMember: isPoolMember(lookup, actor, request) });
  }

  /** The name the history shows: the directory's, else the name stored when they took it. */
  actorOf(actor: Actor, lookup: DirectoryLookup, request: SparringRequestRecord): SparringActor {
    const name =
      lookup.person(actor.userId)?.displayName ?? (same(request.claimedBy, actor.userId) ? request.claimedByName : null) ?? 'Ukendt bruger';
    return { aadId: actor.userId, name };
  }

  /** A pool member, the claimant, or someone who may see the request's case. */
  async maySee(actor: Actor, request: SparringRequestRecord, lookup: DirectoryLookup): Promise<boolean> {
    return noteAccess({ caseId: request.caseId, requestId: request.id }, (await this.roleOf(actor, request, lookup)) !== null);
  }

  /**
   * The actor's role on the request, or null. A request shown is noted as read for the access log
   * (src/access/access-log.context.ts); one left out of a list is not an attempt, so a refusal is
   * noted by the gates that refuse (maySee, viewFor), not here.
   */
  async roleOf(
    actor: Actor,
    request: SparringRequestRecord,
    lookup: DirectoryLookup,
    c?: CaseRecord | null,
  ): Promise<SparringViewerRole | null> {
    const role = await this.roleOn(actor, request, lookup, c);
    if (role !== null) noteAccess({ caseId: request.caseId, requestId: request.id }, true);
    return role;
  }

  private async roleOn(
    actor: Actor,
    request: SparringRequestRecord,
    lookup: DirectoryLookup,
    c?: CaseRecord | null,
  ): Promise<SparringViewerRole | null> {
    if (!same(request.tenantId, actor.tenantId)) return null;
    const member = isPoolMember(lookup, actor, request);
    if (same(request.claimedBy, actor.userId) && member) return 'claimant';
    if (member) return 'pool-member';
    const theCase = c === undefined ? await this.deps.cases.get(request.caseId) : c;
    const reason = this.deps.access.reasonFor(actor, theCase);
    if (reason === 'owner' || reason === 'team') return 'teacher';
    if (reason === 'leader') return 'leader';
    return null;
  }

  async viewOfRecord(actor: Actor, request: SparringRequestRecord, c?: CaseRecord | null): Promise<SparringRequestView | null> {
    const lookup = this.deps.directory();
    const theCase = c === undefined ? await this.deps.cases.get(request.caseId) : c;
    const role = await this.roleOf(actor, request, lookup, theCase);
    if (!role) return null;
    const facts: ActorFacts = { userId: actor.userId, poolMember: isPoolMember(lookup, actor, request) };
    const actions = leftGroup(request, facts) ? [] : allowedActions(request, facts);
    const forwardTo = actions.includes('forward') ? poolOptions(lookup, request.schoolId).filter((p) => p.pool !== request.pool) : [];
    return {
      request,
      poolName: poolNameOf(lookup, request),
      schoolName: lookup.school(request.schoolId)?.name ?? null,
      pseudonym: theCase?.pseudonym ?? null,
      teamTitle: theCase ? teamTitleOf(lookup, theCase) : null,
      role,
      actions: forwardTo.length === 0 ? actions.filter((a) => a !== 'forward') : actions,
      forwardTo,
    };
  }

  /** The view after an action the actor was allowed to take: they can always see the result. */
  async mustView(actor: Actor, request: SparringRequestRecord): Promise<SparringRequestView> {
    const view = await this.viewOfRecord(actor, request);
    if (!view) throw new Error(`sparring: the actor lost sight of request ${request.id}`);
    return view;
  }

  async viewsOf(actor: Actor, requests: SparringRequestRecord[]): Promise<SparringRequestView[]> {
    const views: SparringRequestView[] = [];
    for (const r of requests) {
      const view = await this.viewOfRecord(actor, r);
      if (view) views.push(view);
    }
    return views;
  }
}
