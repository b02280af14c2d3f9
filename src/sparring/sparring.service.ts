/**
 * Sparring requests (issue #5): the form prefilled from a case, sending (validation, the consent
 * rule, routing to the group's channel or its members), and the lifecycle an adviser drives from
 * the card: take, give back, pass on, close, decline. Lists for "mine anmodninger" and "åbne
 * anmodninger", the view each viewer gets of a request, and the SLA reminder.
 *
 * Access (org.md) is decided here, on the server, from the stored request and case and the
 * directory; card data only names the request:
 * - the members of the pool a request is routed to see and act on it; once taken it is the
 *   claimant's (src/domain/sparring.ts `decide`);
 * - the teacher, the case's team and the school's leaders see the requests of their cases
 *   (CaseAccess);
 * - the claimant may open the case and its plans (`claimantCanOpen`);
 * - access follows the directory as it is now: a claimant removed from the request's group is
 *   the claimant no more (no buttons, no case, "not found" unless another role lets them see it);
 * - nobody else: a request they may not see is "not found", whatever ids a card carries.
 *
 * Messages go through the outbox (written in the same transaction as the change):
 * - `sparring-request` `{ requestId, version, audience: 'channel' | 'member' }`: the request card,
 *   to the pool's Teams channel when the directory names one (`conv:<channelId>`), else to each
 *   member's personal chat; again to the new pool when it is passed on; and the teacher's own copy
 *   (key `sparring-request:<requestId>:teacher:<aad>`, once per request; see updates.ts);
 * - `sparring-update` `{ requestId, version, action, audience: 'requester' }`: to the teacher who
 *   sent it, on every later transition (taken, given back, passed on, closed, declined); and
 *   `{ requestId, version, audience, activityId }`: a delivered copy of the card updated in place;
 * - `sparring-reminder` `{ requestId, version, audience: 'channel' | 'member' | 'leader' }`: a
 *   request unclaimed for two school days, to the pool and the school's leaders, once per version.
 * Idempotency keys are `<kind>:<requestId>:v<version>:<recipientKey>`, so a repeated call never
 * sends twice and every new state may send again.
 *
 * This class is the façade the bot and the planner hold; the work is done by one module per
 * concern: form.ts (the form and sending), lifecycle.ts (take, give back, pass on, close,
 * decline), visibility.ts (who sees what, the lists), routing.ts (groups, channels, members and
 * the enqueues) and sla.ts (the reminder of unclaimed requests). Shapes are in sparring.types.ts.
 */
import type { Actor } from '../domain/actor.js';
import type { SparringEventRecord } from './sparring.repository.js';
import { SparringForms } from './form.js';
import { SparringLifecycle } from './lifecycle.js';
import { SparringSla } from './sla.js';
import type {
  ClaimOutcome,
  FormOutcome,
  ForwardInput,
  NotedInput,
  RequestCardInput,
  SendFormInput,
  SendOutcome,
  SlaDue,
  SparringRequestView,
  SparringServiceDeps,
  TransitionOutcome,
} from './sparring.types.js';
import { SparringCardUpdates } from './updates.js';
import { SparringVisibility } from './visibility.js';

export type { SparringRequestRecord, SparringEventRecord, PoolKey } from './sparring.repository.js';
export * from './sparring.types.js';
export { poolKeyFor, poolRefOf } from './routing.js';

export class SparringService {
  private readonly forms: SparringForms;
  private readonly lifecycle: SparringLifecycle;
  private readonly visibility: SparringVisibility;
  private readonly sla: SparringSla;

  constructor(deps: SparringServiceDeps) {
    const clock = deps.clock ?? (() => new Date());
    this.visibility = new SparringVisibility(deps);
    const updates = new SparringCardUpdates(deps.outbox, clock);
    this.forms = new SparringForms(deps, this.visibility, updates, clock);
    this.lifecycle = new SparringLifecycle(deps, this.visibility, updates, clock);
    this.sla = new SparringSla(deps);
  }

  // The form and sending (form.ts)

  /** The form for a case the actor may see, prefilled from the case. */
  formFor(actor: Actor, caseId: string): Promise<FormOutcome> {
    return this.forms.formFor(actor, caseId);
  }

  /**
   * Sends the form: validated, the consent rule, stored and routed in one transaction.
   * `displayName`: the sender's name from Teams (the directory's wins when it knows them).
   */
  send(actor: Actor, input: SendFormInput, displayName: string): Promise<SendOutcome> {
    return this.forms.send(actor, input, displayName);
  }

  // Transitions (lifecycle.ts). `clickedActivityId`: the card clicked, which the answer replaces;
  // every other delivered copy is updated in place by the change's own transaction.

  /** **Jeg tager den**: exactly one member of the routed pool wins a race. */
  claim(actor: Actor, input: RequestCardInput, clickedActivityId: string | null = null): Promise<ClaimOutcome> {
    return this.lifecycle.claim(actor, input, clickedActivityId);
  }

  /** **Giv fra mig**: the claimant gives the request back to its pool. */
  release(actor: Actor, input: RequestCardInput, clickedActivityId: string | null = null): Promise<TransitionOutcome> {
    return this.lifecycle.release(actor, input, clickedActivityId);
  }

  /** **Send videre**: to another group of the case's school or district. */
  forward(actor: Actor, input: ForwardInput, clickedActivityId: string | null = null): Promise<TransitionOutcome> {
    return this.lifecycle.forward(actor, input, clickedActivityId);
  }

  /** **Afslut**: the claimant closes the request, with an optional note. */
  close(actor: Actor, input: NotedInput, clickedActivityId: string | null = null): Promise<TransitionOutcome> {
    return this.lifecycle.close(actor, input, clickedActivityId);
  }

  /** **Afvis**: declined with a reason. */
  reject(actor: Actor, input: NotedInput, clickedActivityId: string | null = null): Promise<TransitionOutcome> {
    return this.lifecycle.reject(actor, input, clickedActivityId);
  }

  // Reading (visibility.ts)

  /** "Mine anmodninger": the requests the actor has taken and not finished. */
  mine(actor: Actor): Promise<SparringRequestView[]> {
    return this.visibility.mine(actor);
  }

  /** "Åbne anmodninger": the unclaimed requests of the actor's pools, longest waiting first. */
  open(actor: Actor): Promise<SparringRequestView[]> {
    return this.visibility.open(actor);
  }

  /** The requests of a case the actor may see, newest first. */
  forCase(actor: Actor, caseId: string): Promise<SparringRequestView[]> {
    return this.visibility.forCase(actor, caseId);
  }

  /** What `actor` may see of the request and do with it; null when they may not see it at all. */
  viewFor(actor: Actor, requestId: string): Promise<SparringRequestView | null> {
    return this.visibility.viewFor(actor, requestId);
  }

  /** The history of a request the actor may see (oldest first); null when they may not. */
  history(actor: Actor, requestId: string): Promise<SparringEventRecord[] | null> {
    return this.visibility.history(actor, requestId);
  }

  /** Whether the actor has taken a request of this case with a group they are still in. */
  claimantCanOpen(actor: Actor, caseId: string): Promise<boolean> {
    return this.visibility.claimantCanOpen(actor, caseId);
  }

  // SLA (sla.ts)

  /** Unclaimed requests that have waited two school days by `now`. */
  slaDue(now: Date): Promise<SlaDue[]> {
    return this.sla.slaDue(now);
  }

  /** Enqueues the SLA reminders due by `now`; returns how many new rows were enqueued. */
  remindUnclaimed(now: Date): Promise<{ planned: number }> {
    return this.sla.remindUnclaimed(now);
  }
}
