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
 *   member's personal chat; again to the new pool when it is passed on;
 * - `sparring-update` `{ requestId, version, action, audience: 'requester' }`: to the teacher who
 *   sent it, on every later transition (taken, given back, passed on, closed, declined);
 * - `sparring-reminder` `{ requestId, version, audience: 'channel' | 'member' | 'leader' }`: a
 *   request unclaimed for two school days, to the pool and the school's leaders, once per version.
 * Idempotency keys are `<kind>:<requestId>:v<version>:<recipientKey>`, so a repeated call never
 * sends twice and every new state may send again.
 */
import { randomUUID } from 'node:crypto';
import { z } from '../domain/zod.js';
import { nextSendTime, type SchoolCalendar } from '../domain/calendar.js';
import { IntakeSchema, type Intake } from '../domain/intake.js';
import { next } from '../domain/ladder.js';
import type { HelpKind } from '../domain/plans/index.js';
import type { Playbook } from '../domain/playbook.js';
import type { StepId } from '../domain/recommendation.js';
import {
  SPARRING_POOLS,
  allowedActions,
  alternativePools,
  checkConsent,
  defaultHelpKinds,
  isDistrictPool,
  isSchoolPool,
  parseClosingNote,
  parseRejectionReason,
  parseSparringForm,
  poolName,
  probeTransition,
  proposedPool,
  slaDeadline,
  sparringSummary,
  type ActorFacts,
  type RefusalReason,
  type SparringActionKind,
  type SparringEventAction,
  type SparringFieldError,
  type SparringPool,
} from '../domain/sparring.js';
import type { CaseAccess } from '../access/case-access.js';
import type { Actor } from '../cases/intake.service.js';
import type { CaseRecord, CaseRepository } from '../cases/case.repository.js';
import { conversationRefKey, personalRefKey } from '../conversations/conversation-ref.repository.js';
import type { OutboxExecutor, OutboxRepository } from '../dispatch/outbox.repository.js';
import type { DirectoryLookup, PoolRef } from '../directory/lookup.js';
import {
  type FactsOf,
  type PoolKey,
  type SparringActor,
  type SparringEventRecord,
  type SparringRepository,
  type SparringRequestRecord,
  type TransitionResult,
  LEFT_GROUP_MESSAGE,
  decideNow,
  leftGroup,
} from './sparring.repository.js';

export type { SparringRequestRecord, SparringEventRecord, PoolKey } from './sparring.repository.js';

/** Outbox payloads (the bot's renderer reads them with zod). */
export type SparringAudience = 'channel' | 'member';
export interface SparringRequestPayload {
  requestId: string;
  version: number;
  audience: SparringAudience;
  [key: string]: unknown;
}
export interface SparringUpdatePayload {
  requestId: string;
  version: number;
  action: SparringEventAction;
  audience: 'requester';
  [key: string]: unknown;
}
export interface SparringReminderPayload {
  requestId: string;
  version: number;
  audience: SparringAudience | 'leader';
  [key: string]: unknown;
}

/** A group the form offers, or a request may be passed on to. */
export interface PoolOption {
  pool: SparringPool;
  /** "PLC – Fjordbakkeskolen". */
  name: string;
  /** A district group: advisers outside the school (the consent rule applies to a child). */
  outsideSchool: boolean;
  /** Requests land in the group's Teams channel (else in each member's chat with the bot). */
  hasChannel: boolean;
}

export interface SparringFormValues {
  pool: SparringPool;
  helpKinds: HelpKind[];
  wishedTime: string;
  summary: string;
  parentsConsent: boolean | null;
}

/** What the `sparringsanmodning` card shows. */
export interface SparringFormView {
  caseId: string;
  /** Goes back with the card: sending the same card twice makes one request. */
  formId: string;
  pseudonym: string | null;
  /** The case's current step, when the intake has reached a recommendation. */
  stepId: StepId | null;
  proposedPool: SparringPool;
  /** The groups of the case's school and district that have members, proposed first. */
  pools: PoolOption[];
  /** The case is about one child (intake scope 'barn'). */
  childSpecific: boolean;
  /** Show the parents'-consent toggle: a child, and some group offered is outside the school. */
  consentAsked: boolean;
  values: SparringFormValues;
}

export type SparringViewerRole = 'claimant' | 'pool-member' | 'teacher' | 'leader';

/** A request as one viewer may see it, with the buttons that fit them. */
export interface SparringRequestView {
  request: SparringRequestRecord;
  /** The group it is routed to now. */
  poolName: string;
  schoolName: string | null;
  pseudonym: string | null;
  role: SparringViewerRole;
  actions: SparringActionKind[];
  /** Where it may be passed on to (when `actions` holds 'forward'). */
  forwardTo: PoolOption[];
}

export type FormOutcome =
  | { kind: 'form'; form: SparringFormView }
  /** The case is closed, not tied to a school the directory knows, or no group has members. */
  | { kind: 'unavailable'; message: string }
  | { kind: 'not-found' };

export type SendOutcome =
  | { kind: 'sent'; view: SparringRequestView; audience: SparringAudience; recipients: number }
  /** The same card was sent before (a double click): nothing new. */
  | { kind: 'already-sent'; view: SparringRequestView }
  /** Nothing stored: the form again with `values` (CPR masked) and the errors beside the fields. */
  | { kind: 'invalid'; form: SparringFormView; values: Record<string, string>; errors: SparringFieldError[]; cprRefused: boolean; consentRefused: boolean }
  | { kind: 'unavailable'; message: string }
  | { kind: 'not-found' }
  | { kind: 'bad-request'; errors: string[] };

export type ClaimOutcome =
  | { kind: 'claimed'; view: SparringRequestView }
  /** A repeated click by the one who took it: nothing changed. */
  | { kind: 'already-yours'; view: SparringRequestView }
  /** Someone else was first. */
  | { kind: 'taken'; byName: string; view: SparringRequestView }
  /** Not allowed (not a member of the group, closed, declined, passed on): nothing changed. */
  | { kind: 'refused'; reason: RefusalReason; message: string; view: SparringRequestView }
  | { kind: 'not-found' }
  | { kind: 'bad-request'; errors: string[] };

export type TransitionOutcome =
  /**
   * `request` and `poolName` as they are now; `view` is null when the actor may no longer see the
   * request (passed on to a group they are not in).
   */
  | { kind: 'done'; action: SparringEventAction; request: SparringRequestRecord; poolName: string; view: SparringRequestView | null }
  | { kind: 'refused'; reason: RefusalReason; message: string; view: SparringRequestView | null }
  /** The card showed an older version: nothing changed. */
  | { kind: 'stale'; message: string; view: SparringRequestView | null }
  /** The note or reason was refused (CPR, length, missing): nothing changed. */
  | { kind: 'invalid'; errors: SparringFieldError[]; values: Record<string, string>; cprRefused: boolean; view: SparringRequestView }
  | { kind: 'not-found' }
  | { kind: 'bad-request'; errors: string[] };

/** An unclaimed request past its SLA deadline. */
export interface SlaDue {
  request: SparringRequestRecord;
  deadline: Date;
}

export interface SparringServiceDeps {
  cases: CaseRepository;
  requests: SparringRepository;
  access: CaseAccess;
  directory: () => DirectoryLookup;
  outbox: OutboxRepository;
  playbook: Playbook;
  clock?: () => Date;
}

export const STALE_MESSAGE = 'Kortet viser en ældre udgave af anmodningen. Intet er ændret – her er den, som den er nu.';
export const NO_SCHOOL_MESSAGE =
  'Sagen er ikke knyttet til en skole i Indsatsguidens organisationsoversigt, så anmodningen kan ikke sendes. Kontakt skolens administrator.';
export const CLOSED_CASE_MESSAGE = 'Sagen er lukket. Der kan kun sendes anmodninger om sparring i åbne sager.';
export const NO_POOLS_MESSAGE = 'Der er ingen vejledere eller rådgivere registreret for sagens skole endnu. Kontakt skolens administrator.';

/** A reminder that could not be sent within a week is no longer worth sending. */
const REMINDER_LIFETIME_MS = 7 * 86_400_000;

const Envelope = z.looseObject({
  requestId: z.uuid({ error: 'kortet mangler en gyldig anmodnings-id' }),
  version: z.coerce.number().int().positive().optional(),
});
const SendEnvelope = z.looseObject({
  caseId: z.uuid({ error: 'kortet mangler en gyldig sags-id' }),
  /** From `formFor`; without it a second click of the same card would send a second request. */
  formId: z.uuid({ error: 'kortet mangler en gyldig formular-id' }).optional(),
});
const FORWARD_CHOICE = 'Vælg den gruppe, anmodningen skal sendes videre til.';
/** The target of **Send videre**: the card's `forwardTo` choice (or `pool`). */
const ForwardTarget = z
  .looseObject({ forwardTo: z.unknown().optional(), pool: z.unknown().optional() })
  .transform((d) => (d.forwardTo !== undefined && d.forwardTo !== '' ? d.forwardTo : d.pool))
  .pipe(z.enum(SPARRING_POOLS, { error: FORWARD_CHOICE }));

const issuesOf = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'kortdata'}: ${i.message}`);
const same = (a: string | null | undefined, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

interface Recipient {
  key: string;
  aadId: string | null;
  audience: SparringAudience | 'leader';
}

export class SparringService {
  private readonly clock: () => Date;

  constructor(private readonly deps: SparringServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  // -------------------------------------------------------------------------------------------
  // The form and sending

  /** The form for a case the actor may see, prefilled from the case. */
  async formFor(actor: Actor, caseId: string): Promise<FormOutcome> {
    const c = await this.deps.cases.get(caseId);
    if (!this.deps.access.canSee(actor, c)) return { kind: 'not-found' };
    const form = this.buildForm(c, randomUUID());
    return 'kind' in form ? form : { kind: 'form', form };
  }

  private buildForm(c: CaseRecord, formId: string): SparringFormView | Extract<FormOutcome, { kind: 'unavailable' }> {
    const lookup = this.deps.directory();
    if (c.status !== 'aaben') return { kind: 'unavailable', message: CLOSED_CASE_MESSAGE };
    if (!c.schoolId || !lookup.school(c.schoolId)) return { kind: 'unavailable', message: NO_SCHOOL_MESSAGE };
    const intake = intakeOf(c);
    const result = next(intake, this.deps.playbook);
    const recommendation = result.kind === 'recommendation' ? result.recommendation : null;
    const stepId = recommendation?.step ?? null;
    const preferred = [proposedPool(stepId), ...alternativePools(stepId)];
    const options = poolOptions(lookup, c.schoolId);
    if (options.length === 0) return { kind: 'unavailable', message: NO_POOLS_MESSAGE };
    const pools = [...options].sort((a, b) => rank(preferred, a.pool) - rank(preferred, b.pool));
    const childSpecific = intake.scope === 'barn';
    const proposed = pools[0]!.pool;
    return {
      caseId: c.id,
      formId,
      pseudonym: c.pseudonym,
      stepId,
      proposedPool: proposed,
      pools,
      childSpecific,
      consentAsked: childSpecific && pools.some((p) => p.outsideSchool),
      values: {
        pool: proposed,
        helpKinds: defaultHelpKinds(stepId, intake.plan !== undefined && intake.plan !== 'ingen'),
        wishedTime: '',
        summary: sparringSummary({
          pseudonym: c.pseudonym,
          scope: intake.scope,
          levelTitle: recommendation?.levelTitle ?? null,
          stepTitle: recommendation?.title ?? null,
          areas: intake.areas,
        }),
        // The intake's consent to a work meeting about the child (a request about one child leads to one).
        parentsConsent: intake.consents === undefined ? null : intake.consents.includes('arbejdsmoede'),
      },
    };
  }

  /**
   * Sends the form: validated (CPR refused without echo), the consent rule, stored with its
   * 'oprettet' event, and routed to the pool's channel or members through the outbox, all in one
   * transaction. `displayName`: the sender's name from Teams (the directory's wins when it knows them).
   */
  async send(actor: Actor, data: unknown, displayName: string): Promise<SendOutcome> {
    const envelope = SendEnvelope.safeParse(data);
    if (!envelope.success) return { kind: 'bad-request', errors: issuesOf(envelope.error) };
    const { caseId } = envelope.data;
    const formId = envelope.data.formId ?? null;
    const c = await this.deps.cases.get(caseId);
    if (!this.deps.access.canSee(actor, c)) return { kind: 'not-found' };
    const form = this.buildForm(c, formId ?? randomUUID());
    if ('kind' in form) return form;

    const parsed = parseSparringForm(envelope.data as Record<string, unknown>);
    if (!parsed.ok) return { kind: 'invalid', form, values: parsed.values, errors: parsed.errors, cprRefused: parsed.cprRefused, consentRefused: false };
    const values = parsed.value;
    const option = form.pools.find((p) => p.pool === values.pool);
    if (!option) {
      const errors = [{ field: 'pool', message: 'Den valgte gruppe findes ikke for sagens skole. Vælg en anden.' }];
      return { kind: 'invalid', form, values: echoOf(values), errors, cprRefused: false, consentRefused: false };
    }
    const consent = checkConsent({ childSpecific: form.childSpecific, pool: values.pool, parentsConsent: values.parentsConsent });
    if (consent) {
      return { kind: 'invalid', form, values: echoOf(values), errors: [{ field: 'parentsConsent', message: consent }], cprRefused: false, consentRefused: true };
    }

    const lookup = this.deps.directory();
    const key = poolKeyFor(lookup, c.schoolId!, values.pool)!;
    const route = routeOf(lookup, key, c.tenantId);
    const now = this.clock();
    const name = lookup.person(actor.userId)?.displayName ?? (displayName.trim() || 'Ukendt lærer');
    const created = await this.deps.requests.create(
      {
        caseId: c.id,
        tenantId: c.tenantId,
        schoolId: c.schoolId!,
        pool: values.pool,
        poolOwner: key.owner,
        helpKinds: values.helpKinds,
        wishedTime: values.wishedTime,
        summary: values.summary,
        childSpecific: form.childSpecific,
        parentsConsent: values.parentsConsent,
        requestedBy: { aadId: actor.userId, name },
        formId,
      },
      async (trx, { request }) => {
        await this.enqueueRequest(trx, request, route, now);
      },
    );
    const view = await this.viewOfRecord(actor, created.request, c);
    if (!view) throw new Error(`sparring: the sender cannot see request ${created.request.id}`);
    if (created.kind === 'exists') return { kind: 'already-sent', view };
    return { kind: 'sent', view, audience: route.audience, recipients: route.recipients.length };
  }

  // -------------------------------------------------------------------------------------------
  // Transitions

  /**
   * **Jeg tager den**: a member of the routed pool takes the request; exactly one wins a race. The
   * actor's pools come from the directory and are part of the claiming UPDATE itself, so the
   * winner's click costs one transaction. Anything but a win is explained only to someone who may
   * see the request (else: not found, whatever ids the card carries).
   */
  async claim(actor: Actor, data: unknown): Promise<ClaimOutcome> {
    const envelope = Envelope.safeParse(data);
    if (!envelope.success) return { kind: 'bad-request', errors: issuesOf(envelope.error) };
    const lookup = this.deps.directory();
    const pools = lookup.isKnownTenant(actor.tenantId) ? poolsOf(lookup, actor) : [];
    const name = lookup.person(actor.userId)?.displayName ?? 'Ukendt bruger';
    const result = await this.deps.requests.claim(envelope.data.requestId, { tenantId: actor.tenantId, pools }, { aadId: actor.userId, name }, async (trx, { request }) => {
      await this.enqueueUpdate(trx, request, 'taget', actor);
    });
    if (result.kind === 'not-found') return { kind: 'not-found' };
    if (result.kind === 'won') return { kind: 'claimed', view: await this.mustView(actor, result.request) };
    const view = await this.viewOfRecord(actor, result.request);
    if (!view) return { kind: 'not-found' };
    switch (result.kind) {
      case 'already-yours':
        // Theirs by name only, once the directory no longer has them in the group.
        return isPoolMember(lookup, actor, result.request)
          ? { kind: 'already-yours', view }
          : { kind: 'refused', reason: 'not-member', message: LEFT_GROUP_MESSAGE, view };
      case 'taken-by-other':
        return { kind: 'taken', byName: result.name, view };
      case 'not-open':
        return {
          kind: 'refused',
          reason: 'final',
          message: result.state === 'afsluttet' ? 'Anmodningen er allerede afsluttet. Intet er ændret.' : 'Anmodningen er afvist. Intet er ændret.',
          view,
        };
      case 'other-pool':
        return { kind: 'refused', reason: 'not-member', message: `Anmodningen er sendt til ${view.poolName}, som du ikke er med i. Intet er ændret.`, view };
    }
  }

  /** **Giv fra mig**: the claimant gives the request back to its pool. */
  async release(actor: Actor, data: unknown): Promise<TransitionOutcome> {
    return this.transition(actor, data, 'release', async (ctx) =>
      this.deps.requests.release(ctx.request.id, ctx.who, ctx.facts, {
        expectedVersion: ctx.version,
        after: async (trx, { request }) => this.enqueueUpdate(trx, request, 'givet-fra-sig', actor),
      }),
    );
  }

  /** **Send videre**: to another group of the case's school or district (`forwardTo`, or `pool`, in the card data). */
  async forward(actor: Actor, data: unknown): Promise<TransitionOutcome> {
    const target = ForwardTarget.safeParse(data);
    if (!target.success) return { kind: 'bad-request', errors: issuesOf(target.error) };
    return this.transition(actor, data, 'forward', async (ctx) => {
      const key = poolKeyFor(ctx.lookup, ctx.request.schoolId, target.data);
      const available = key !== undefined && ctx.lookup.poolMembers(poolRefOf(key)).length > 0;
      // Unavailable (no such pool for the school, or no members): `decide` refuses, nothing is written.
      const to = { pool: target.data, owner: key?.owner ?? '', available };
      const route = key ? routeOf(ctx.lookup, key, ctx.request.tenantId) : null;
      const now = this.clock();
      return this.deps.requests.forward(ctx.request.id, to, ctx.who, ctx.facts, {
        expectedVersion: ctx.version,
        after: async (trx, { request }) => {
          if (route) await this.enqueueRequest(trx, request, route, now);
          await this.enqueueUpdate(trx, request, 'videresendt', actor);
        },
      });
    });
  }

  /** **Afslut**: the claimant closes the request, with an optional note for the case (`note`). */
  async close(actor: Actor, data: unknown): Promise<TransitionOutcome> {
    return this.transition(actor, data, 'close', async (ctx) => {
      const note = parseClosingNote(ctx.values);
      if (!note.ok) return note;
      return this.deps.requests.close(ctx.request.id, note.value, ctx.who, ctx.facts, {
        expectedVersion: ctx.version,
        after: async (trx, { request }) => this.enqueueUpdate(trx, request, 'afsluttet', actor),
      });
    });
  }

  /** **Afvis**: declined with a reason (`reason`), by a pool member while unclaimed, by the claimant once taken. */
  async reject(actor: Actor, data: unknown): Promise<TransitionOutcome> {
    return this.transition(actor, data, 'reject', async (ctx) => {
      const reason = parseRejectionReason(ctx.values);
      if (!reason.ok) return reason;
      return this.deps.requests.reject(ctx.request.id, reason.value, ctx.who, ctx.facts, {
        expectedVersion: ctx.version,
        after: async (trx, { request }) => this.enqueueUpdate(trx, request, 'afvist', actor),
      });
    });
  }

  /**
   * The shared path of the transitions: the envelope, the request, visibility (a request the actor
   * may not see is not found), whether the actor may take this action at all (so a note is only
   * validated for someone who may act), then `run`: it validates its own fields and calls the
   * repository, whose `decideNow` on the locked row has the last word.
   */
  private async transition(
    actor: Actor,
    data: unknown,
    action: Exclude<SparringActionKind, 'claim'>,
    run: (ctx: TransitionContext) => Promise<TransitionResult | { ok: false; errors: SparringFieldError[]; values: Record<string, string>; cprRefused: boolean }>,
  ): Promise<TransitionOutcome> {
    const envelope = Envelope.safeParse(data);
    if (!envelope.success) return { kind: 'bad-request', errors: issuesOf(envelope.error) };
    const request = await this.deps.requests.get(envelope.data.requestId);
    const lookup = this.deps.directory();
    if (!request || !(await this.maySee(actor, request, lookup))) return { kind: 'not-found' };
    const facts = this.factsOf(actor, lookup);
    const pre = decideNow(request, probeTransition(action, request.pool), facts(request));
    if (!pre.ok) {
      // As the repository would answer: final first, then an old card, then the refusal.
      const view = await this.viewOfRecord(actor, request);
      if (pre.reason !== 'final' && envelope.data.version !== undefined && envelope.data.version !== request.version) {
        return { kind: 'stale', message: STALE_MESSAGE, view };
      }
      return { kind: 'refused', reason: pre.reason, message: pre.message, view };
    }
    const result = await run({
      request,
      lookup,
      values: envelope.data as Record<string, unknown>,
      version: envelope.data.version,
      who: this.actorOf(actor, lookup, request),
      facts,
    });
    if ('ok' in result) {
      return { kind: 'invalid', errors: result.errors, values: result.values, cprRefused: result.cprRefused, view: await this.mustView(actor, request) };
    }
    switch (result.kind) {
      case 'not-found':
        return { kind: 'not-found' };
      case 'done':
        return {
          kind: 'done',
          action: result.event.action,
          request: result.request,
          poolName: this.poolNameOf(this.deps.directory(), result.request),
          view: await this.viewOfRecord(actor, result.request),
        };
      case 'refused':
        return { kind: 'refused', reason: result.reason, message: result.message, view: await this.viewOfRecord(actor, result.request) };
      case 'stale':
        return { kind: 'stale', message: STALE_MESSAGE, view: await this.viewOfRecord(actor, result.request) };
    }
  }

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
    return request ? this.viewOfRecord(actor, request) : null;
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
  // SLA

  /** Unclaimed requests that have waited two school days (in their school's calendar) by `now`. */
  async slaDue(now: Date): Promise<SlaDue[]> {
    const lookup = this.deps.directory();
    // Two school days are at least two calendar days (47 hours across a change to summer time):
    // older rows are the only candidates.
    const candidates = await this.deps.requests.listUnclaimedOlderThan(new Date(now.getTime() - 47 * 3_600_000 + 1), {
      tenantId: lookup.directory.tenantId,
      limit: 10_000,
    });
    const due: SlaDue[] = [];
    for (const request of candidates) {
      const deadline = slaDeadline(request.routedAt, calendarOf(lookup, request.schoolId));
      if (deadline.getTime() <= now.getTime()) due.push({ request, deadline });
    }
    return due;
  }

  /**
   * Enqueues the SLA reminder of every request due by `now`: to the pool (its channel, else its
   * members) and the school's leaders, at the next send time, once per request version. Safe to
   * run from every instance every minute. Returns how many new rows were enqueued.
   */
  async remindUnclaimed(now: Date): Promise<{ planned: number }> {
    const lookup = this.deps.directory();
    let planned = 0;
    for (const { request } of await this.slaDue(now)) {
      const cal = calendarOf(lookup, request.schoolId);
      const dueAt = nextSendTime(now, cal);
      const route = routeOf(lookup, { pool: request.pool, owner: request.poolOwner }, request.tenantId);
      const recipients: Recipient[] = [...route.recipients];
      for (const leader of lookup.leadersOf(request.schoolId)) {
        const aadId = leader.aadObjectId.toLowerCase();
        const key = personalRefKey(request.tenantId, aadId);
        if (!recipients.some((r) => r.key === key)) recipients.push({ key, aadId, audience: 'leader' });
      }
      for (const recipient of recipients) {
        const payload: SparringReminderPayload = { requestId: request.id, version: request.version, audience: recipient.audience };
        const row = await this.deps.outbox.enqueue({
          kind: 'sparring-reminder',
          tenantId: request.tenantId,
          recipientKey: recipient.key,
          recipientAadId: recipient.aadId,
          payload,
          idempotencyKey: `sparring-reminder:${request.id}:v${request.version}:${recipient.key}`,
          dueAt,
          expiresAt: new Date(dueAt.getTime() + REMINDER_LIFETIME_MS),
        });
        if (row) planned += 1;
      }
    }
    return { planned };
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  /** The actor's facts about a (locked) request: a member of the pool it is routed to now? */
  private factsOf(actor: Actor, lookup: DirectoryLookup): FactsOf {
    return (request) => ({ userId: actor.userId, poolMember: isPoolMember(lookup, actor, request) });
  }

  /** The name the history shows: the directory's, else the name stored when they took it. */
  private actorOf(actor: Actor, lookup: DirectoryLookup, request: SparringRequestRecord): SparringActor {
    const name = lookup.person(actor.userId)?.displayName ?? (same(request.claimedBy, actor.userId) ? request.claimedByName : null) ?? 'Ukendt bruger';
    return { aadId: actor.userId, name };
  }

  /** A pool member, the claimant, or someone who may see the request's case. */
  private async maySee(actor: Actor, request: SparringRequestRecord, lookup: DirectoryLookup): Promise<boolean> {
    return (await this.roleOf(actor, request, lookup)) !== null;
  }

  private async roleOf(actor: Actor, request: SparringRequestRecord, lookup: DirectoryLookup, c?: CaseRecord | null): Promise<SparringViewerRole | null> {
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

  private async viewOfRecord(actor: Actor, request: SparringRequestRecord, c?: CaseRecord | null): Promise<SparringRequestView | null> {
    const lookup = this.deps.directory();
    const theCase = c === undefined ? await this.deps.cases.get(request.caseId) : c;
    const role = await this.roleOf(actor, request, lookup, theCase);
    if (!role) return null;
    const facts: ActorFacts = { userId: actor.userId, poolMember: isPoolMember(lookup, actor, request) };
    const actions = leftGroup(request, facts) ? [] : allowedActions(request, facts);
    const forwardTo = actions.includes('forward')
      ? poolOptions(lookup, request.schoolId).filter((p) => p.pool !== request.pool)
      : [];
    return {
      request,
      poolName: this.poolNameOf(lookup, request),
      schoolName: lookup.school(request.schoolId)?.name ?? null,
      pseudonym: theCase?.pseudonym ?? null,
      role,
      actions: forwardTo.length === 0 ? actions.filter((a) => a !== 'forward') : actions,
      forwardTo,
    };
  }

  /** The view after an action the actor was allowed to take: they can always see the result. */
  private async mustView(actor: Actor, request: SparringRequestRecord): Promise<SparringRequestView> {
    const view = await this.viewOfRecord(actor, request);
    if (!view) throw new Error(`sparring: the actor lost sight of request ${request.id}`);
    return view;
  }

  private async viewsOf(actor: Actor, requests: SparringRequestRecord[]): Promise<SparringRequestView[]> {
    const views: SparringRequestView[] = [];
    for (const r of requests) {
      const view = await this.viewOfRecord(actor, r);
      if (view) views.push(view);
    }
    return views;
  }

  private poolNameOf(lookup: DirectoryLookup, request: Pick<SparringRequestRecord, 'pool' | 'poolOwner'>): string {
    return poolName(request.pool, ownerName(lookup, request.pool, request.poolOwner));
  }

  /** The request card to the pool (its channel, else each member). */
  private async enqueueRequest(trx: OutboxExecutor, request: SparringRequestRecord, route: Route, now: Date): Promise<void> {
    for (const recipient of route.recipients) {
      const payload: SparringRequestPayload = { requestId: request.id, version: request.version, audience: route.audience };
      await this.deps.outbox.enqueue(
        {
          kind: 'sparring-request',
          tenantId: request.tenantId,
          recipientKey: recipient.key,
          recipientAadId: recipient.aadId,
          payload,
          idempotencyKey: `sparring-request:${request.id}:v${request.version}:${recipient.key}`,
          dueAt: now,
        },
        trx,
      );
    }
  }

  /** Tells the teacher who sent the request what happened to it (not when they did it themselves). */
  private async enqueueUpdate(trx: OutboxExecutor, request: SparringRequestRecord, action: SparringEventAction, actor: Actor): Promise<void> {
    if (same(request.requestedBy, actor.userId)) return;
    const key = personalRefKey(request.tenantId, request.requestedBy);
    const payload: SparringUpdatePayload = { requestId: request.id, version: request.version, action, audience: 'requester' };
    await this.deps.outbox.enqueue(
      {
        kind: 'sparring-update',
        tenantId: request.tenantId,
        recipientKey: key,
        recipientAadId: request.requestedBy,
        payload,
        idempotencyKey: `sparring-update:${request.id}:v${request.version}:${key}`,
        dueAt: this.clock(),
      },
      trx,
    );
  }
}

interface TransitionContext {
  request: SparringRequestRecord;
  lookup: DirectoryLookup;
  /** The card data (the note, the reason). */
  values: Record<string, unknown>;
  /** The version the card showed, if it said. */
  version: number | undefined;
  who: SparringActor;
  facts: FactsOf;
}

interface Route {
  audience: SparringAudience;
  recipients: Recipient[];
}

function intakeOf(c: CaseRecord): Intake {
  const parsed = IntakeSchema.safeParse(c.intake);
  return parsed.success ? parsed.data : {};
}

function rank(preferred: SparringPool[], pool: SparringPool): number {
  const i = preferred.indexOf(pool);
  return i < 0 ? preferred.length + SPARRING_POOLS.indexOf(pool) : i;
}

/** The pool `pool` of the case's school (school pools) or of its district; undefined for an unknown school. */
export function poolKeyFor(lookup: DirectoryLookup, schoolId: string, pool: SparringPool): PoolKey | undefined {
  const school = lookup.school(schoolId);
  if (!school) return undefined;
  return isSchoolPool(pool) ? { pool, owner: school.id } : { pool, owner: school.district };
}

export function poolRefOf(key: PoolKey): PoolRef {
  return isSchoolPool(key.pool)
    ? { kind: 'school', schoolId: key.owner, pool: key.pool }
    : { kind: 'district', districtId: key.owner, pool: key.pool as Exclude<SparringPool, 'plc' | 'akt'> };
}

function ownerName(lookup: DirectoryLookup, pool: SparringPool, owner: string): string {
  return (isSchoolPool(pool) ? lookup.school(owner)?.name : lookup.district(owner)?.name) ?? owner;
}

/** The groups of a school and its district that have members, in the order of SPARRING_POOLS. */
function poolOptions(lookup: DirectoryLookup, schoolId: string): PoolOption[] {
  const out: PoolOption[] = [];
  for (const pool of SPARRING_POOLS) {
    const key = poolKeyFor(lookup, schoolId, pool);
    if (!key) continue;
    const ref = poolRefOf(key);
    if (lookup.poolMembers(ref).length === 0) continue;
    out.push({ pool, name: poolName(pool, ownerName(lookup, pool, key.owner)), outsideSchool: isDistrictPool(pool), hasChannel: lookup.poolChannel(ref) !== undefined });
  }
  return out;
}

/** The pools the directory puts the actor in. */
function poolsOf(lookup: DirectoryLookup, actor: Actor): PoolKey[] {
  return lookup.rolesOf(actor.userId).adviserIn.map((ref) =>
    ref.kind === 'school' ? { pool: ref.pool, owner: ref.schoolId } : { pool: ref.pool, owner: ref.districtId },
  );
}

function isPoolMember(lookup: DirectoryLookup, actor: Actor, request: Pick<SparringRequestRecord, 'pool' | 'poolOwner' | 'tenantId'>): boolean {
  if (!lookup.isKnownTenant(actor.tenantId) || !same(request.tenantId, actor.tenantId)) return false;
  const ref = poolRefOf({ pool: request.pool, owner: request.poolOwner });
  return lookup.poolMembers(ref).some((p) => same(p.aadObjectId, actor.userId));
}

/** Where a pool's requests land: its channel when the directory names one, else each member's personal chat. */
function routeOf(lookup: DirectoryLookup, key: PoolKey, tenantId: string): Route {
  const ref = poolRefOf(key);
  const channel = lookup.poolChannel(ref);
  if (channel) return { audience: 'channel', recipients: [{ key: conversationRefKey(channel.channelId), aadId: null, audience: 'channel' }] };
  return {
    audience: 'member',
    recipients: lookup.poolMembers(ref).map((p) => {
      const aadId = p.aadObjectId.toLowerCase();
      return { key: personalRefKey(tenantId, aadId), aadId, audience: 'member' as const };
    }),
  };
}

function calendarOf(lookup: DirectoryLookup, schoolId: string): SchoolCalendar {
  const c = lookup.calendarFor(schoolId);
  return { timeZone: c.timeZone, workingHours: c.workingHours, holidays: c.holidays };
}

/** Parsed form values back as card values (for the form shown again). */
function echoOf(values: SparringFormValues): Record<string, string> {
  return {
    pool: values.pool,
    helpKinds: values.helpKinds.join(','),
    wishedTime: values.wishedTime,
    summary: values.summary,
    parentsConsent: values.parentsConsent === null ? '' : String(values.parentsConsent),
  };
}
