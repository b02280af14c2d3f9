/**
 * The shapes the sparring service speaks in: the outbox payloads the bot's renderer reads, the
 * form and request views a viewer gets, the outcome of every command, the service's dependencies
 * and its fixed Danish messages. One unit so the form, lifecycle, visibility, routing and SLA
 * modules (and the bot) share one vocabulary without importing each other.
 */
import type { Actor } from '../domain/actor.js';
import type { HelpKind } from '../domain/plans/index.js';
import type { Playbook } from '../domain/playbook.js';
import type { StepId } from '../domain/recommendation.js';
import type { RefusalReason, SparringActionKind, SparringEventAction, SparringFieldError, SparringPool } from '../domain/sparring.js';
import type { CaseAccess } from '../access/case-access.js';
import type { CaseRepository } from '../cases/case.repository.js';
import type { OutboxRepository } from '../dispatch/outbox.repository.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import type { SparringRepository, SparringRequestRecord } from './sparring.repository.js';

/*
 * The commands, read from the card at the edge (src/bot/sparring.input.ts): the ids and versions
 * are checked there; the form's and the note's inputs are the domain's to check (src/domain/sparring.ts).
 */

/** A button of a request card: the request, and the version the card showed when it says. */
export interface RequestCardInput {
  requestId: string;
  version?: number | undefined;
}

/** **Send videre**: the group chosen on the card. */
export interface ForwardInput extends RequestCardInput {
  to: SparringPool;
}

/** **Afslut** and **Afvis**: the card's inputs (`note`, `reason`), checked once the actor may act at all. */
export interface NotedInput extends RequestCardInput {
  values: Readonly<Record<string, unknown>>;
}

/** The sent form: its case, the form id `formFor` gave it (null: the card had none), and its inputs. */
export interface SendFormInput {
  caseId: string;
  /** Without it a second click of the same card would send a second request. */
  formId: string | null;
  values: Readonly<Record<string, unknown>>;
}

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

/** A group the form offers: with whether the teacher is its only member (the form says so). */
export interface FormPoolOption extends PoolOption {
  /** The teacher sending is the group's only member: a request would go to herself. */
  onlyYou: boolean;
}

export interface SparringFormValues {
  pool: SparringPool;
  helpKinds: HelpKind[];
  wishedTime: string;
  summary: string;
  parentsConsent: boolean | null;
}

/** What the `sparring-form` card shows. */
export interface SparringFormView {
  caseId: string;
  /** Goes back with the card: sending the same card twice makes one request. */
  formId: string;
  pseudonym: string | null;
  /** The case's team, e.g. "4.B – Fjordbakkeskolen" (the line at the top of the card); null when unknown. */
  teamTitle: string | null;
  /** The case's current step, when the intake has reached a recommendation. */
  stepId: StepId | null;
  proposedPool: SparringPool;
  /**
   * The groups of the case's school and district that have members, proposed first. The one
   * preselected (`values.pool`) is the step's proposal, unless the teacher is its only member:
   * then the first group with someone else in it.
   */
  pools: FormPoolOption[];
  /** The case is about one child (intake scope 'barn'). */
  childSpecific: boolean;
  /** Show the parents'-consent toggle: a child, and some group offered is outside the school. */
  consentAsked: boolean;
  values: SparringFormValues;
}

export type SparringViewerRole = 'claimant' | 'pool-member' | 'teacher' | 'leader';

/** A request as one viewer may see it, with the buttons that fit them. */
/** What the proactive messages read of the sparring service: a request as one person sees it. */
export interface SparringViewSource {
  viewFor(actor: Actor, requestId: string): Promise<SparringRequestView | null>;
}

export interface SparringRequestView {
  request: SparringRequestRecord;
  /** The group it is routed to now. */
  poolName: string;
  schoolName: string | null;
  pseudonym: string | null;
  /** The case's team, e.g. "4.B – Fjordbakkeskolen"; null when unknown. */
  teamTitle: string | null;
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
  | {
      kind: 'invalid';
      form: SparringFormView;
      values: Record<string, string>;
      errors: SparringFieldError[];
      cprRefused: boolean;
      consentRefused: boolean;
    }
  | { kind: 'unavailable'; message: string }
  | { kind: 'not-found' };

export type ClaimOutcome =
  | { kind: 'claimed'; view: SparringRequestView }
  /** A repeated click by the one who took it: nothing changed. */
  | { kind: 'already-yours'; view: SparringRequestView }
  /** Someone else was first. */
  | { kind: 'taken'; byName: string; view: SparringRequestView }
  /** Not allowed (not a member of the group, closed, declined, passed on): nothing changed. */
  | { kind: 'refused'; reason: RefusalReason; message: string; view: SparringRequestView }
  | { kind: 'not-found' };

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
  | { kind: 'not-found' };

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
