/**
 * `decide`: whether a transition is allowed for the person acting, and what it changes.
 *
 * Lifecycle (every transition is an event, and bumps the request's version):
 *
 *   oprettet ──► ny ──taget──► taget ──afsluttet──► afsluttet (final)
 *                 ▲  ◄─givet-fra-sig─┘  │
 *                 └──videresendt── ny | taget (to another pool; the claimant is cleared)
 *   ny ──afvist (a member of the pool)──► afvist (final) ◄──afvist (the claimant)── taget
 *
 * Who may act: taking, and declining or passing on an unclaimed request, is for the members of the
 * pool it is routed to; once taken, the request is the claimant's: only they give it back, pass it
 * on, close or decline it (the others see "taget af …").
 */
import { sameId } from '../values.js';
import { checkConsent, type SparringPool } from './pools.js';
import { SPARRING_ACTIONS, isFinal, type SparringActionKind, type SparringEventAction, type SparringState } from './states.js';

const EVENT_OF: Record<SparringActionKind, SparringEventAction> = {
  claim: 'taget',
  release: 'givet-fra-sig',
  forward: 'videresendt',
  close: 'afsluttet',
  reject: 'afvist',
};

/** What `decide` needs of a stored request. */
export interface DecisionSubject {
  state: SparringState;
  pool: SparringPool;
  /** AAD object id of the claimant (state taget or afsluttet, or afvist by the claimant). */
  claimedBy: string | null;
  claimedByName: string | null;
  /** A request about one child (not about a learning community): outside the school it needs the parents' consent. */
  childSpecific: boolean;
  parentsConsent: boolean | null;
}

/** What the server knows about the person acting, from the directory and the stored request. */
export interface ActorFacts {
  userId: string;
  /** A member of the pool the request is routed to now. */
  poolMember: boolean;
}

export type SparringTransition =
  | { kind: 'claim' }
  | { kind: 'release' }
  /** `available`: the target pool belongs to the case's school or district and has members. */
  | { kind: 'forward'; to: SparringPool; available: boolean }
  | { kind: 'close'; note: string | null }
  | { kind: 'reject'; reason: string };

/** What an allowed transition changes. */
export interface SparringChange {
  state: SparringState;
  /** 'set': the actor becomes the claimant; 'clear': no claimant; 'keep': unchanged. */
  claimant: 'set' | 'clear' | 'keep';
  /** Forwarded to this pool. */
  pool?: SparringPool;
  closingNote?: string | null;
  rejectionReason?: string;
}

export const REFUSALS = [
  'final',
  'already-yours',
  'taken',
  'not-member',
  'not-claimant',
  'not-claimed',
  'same-pool',
  'pool-unavailable',
  'no-consent',
] as const;
export type RefusalReason = (typeof REFUSALS)[number];

export type Decision =
  { ok: true; event: SparringEventAction; change: SparringChange } | { ok: false; reason: RefusalReason; message: string };

function refuse(reason: RefusalReason, message: string): Decision {
  return { ok: false, reason, message };
}

function allow(action: SparringActionKind, change: SparringChange): Decision {
  return { ok: true, event: EVENT_OF[action], change };
}

/**
 * Whether `actor` may apply `transition` to the request as it is stored now, and what it changes
 * (or why not, in Danish). A final request refuses everything: "nothing changed".
 */
export function decide(request: DecisionSubject, transition: SparringTransition, actor: ActorFacts): Decision {
  const { state } = request;
  if (isFinal(state)) {
    return refuse(
      'final',
      state === 'afsluttet' ? 'Anmodningen er allerede afsluttet. Intet er ændret.' : 'Anmodningen er afvist. Intet er ændret.',
    );
  }
  const claimant = state === 'taget' && sameId(request.claimedBy, actor.userId);
  const takenBy = request.claimedByName ?? 'en anden';
  const notClaimant = refuse('not-claimant', `Anmodningen er taget af ${takenBy}. Kun ${takenBy} kan ændre den nu.`);
  const notMember = refuse('not-member', 'Anmodningen er sendt til en gruppe, du ikke er med i.');

  switch (transition.kind) {
    case 'claim':
      if (state === 'taget') {
        return claimant
          ? refuse('already-yours', 'Du har allerede taget anmodningen.')
          : refuse('taken', `Anmodningen er allerede taget af ${takenBy}.`);
      }
      return actor.poolMember ? allow('claim', { state: 'taget', claimant: 'set' }) : notMember;
    case 'release':
      if (state === 'ny') return refuse('not-claimed', 'Anmodningen er ikke taget af nogen. Intet er ændret.');
      return claimant ? allow('release', { state: 'ny', claimant: 'clear' }) : notClaimant;
    case 'forward': {
      if (state === 'ny' && !actor.poolMember) return notMember;
      if (state === 'taget' && !claimant) return notClaimant;
      if (transition.to === request.pool) return refuse('same-pool', 'Anmodningen er allerede sendt til den gruppe.');
      if (!transition.available)
        return refuse('pool-unavailable', 'Den valgte gruppe findes ikke for sagens skole, eller den har ingen medlemmer.');
      // Forwarding outside the school needs the same consent as sending there (the database refuses it too).
      const consent = checkConsent({ childSpecific: request.childSpecific, pool: transition.to, parentsConsent: request.parentsConsent });
      if (consent) return refuse('no-consent', consent);
      return allow('forward', { state: 'ny', claimant: 'clear', pool: transition.to });
    }
    case 'close':
      if (state === 'ny') return refuse('not-claimed', 'Tag anmodningen, før du afslutter den.');
      return claimant ? allow('close', { state: 'afsluttet', claimant: 'keep', closingNote: transition.note }) : notClaimant;
    case 'reject':
      if (state === 'ny')
        return actor.poolMember ? allow('reject', { state: 'afvist', claimant: 'keep', rejectionReason: transition.reason }) : notMember;
      return claimant ? allow('reject', { state: 'afvist', claimant: 'keep', rejectionReason: transition.reason }) : notClaimant;
  }
}

/** A request's fields that transitions change. */
export interface TransitionSubject extends DecisionSubject {
  version: number;
  closingNote: string | null;
  rejectionReason: string | null;
}

/** The request after an allowed change by `actor` (named `actorName`); the version moves on by one. */
export function applyChange<T extends TransitionSubject>(request: T, change: SparringChange, actor: { userId: string; name: string }): T {
  return {
    ...request,
    state: change.state,
    pool: change.pool ?? request.pool,
    claimedBy: change.claimant === 'set' ? actor.userId.toLowerCase() : change.claimant === 'clear' ? null : request.claimedBy,
    claimedByName: change.claimant === 'set' ? actor.name : change.claimant === 'clear' ? null : request.claimedByName,
    closingNote: change.closingNote !== undefined ? change.closingNote : request.closingNote,
    rejectionReason: change.rejectionReason !== undefined ? change.rejectionReason : request.rejectionReason,
    version: request.version + 1,
  };
}

/**
 * A stand-in for an action, to ask `decide` whether the actor may take it at all (before the
 * note, the reason or the target pool is known): forwarding is assumed possible to some other pool.
 */
export function probeTransition(action: SparringActionKind, currentPool: SparringPool): SparringTransition {
  switch (action) {
    case 'claim':
      return { kind: 'claim' };
    case 'release':
      return { kind: 'release' };
    case 'forward':
      return { kind: 'forward', to: currentPool === 'plc' ? 'akt' : 'plc', available: true };
    case 'close':
      return { kind: 'close', note: null };
    case 'reject':
      return { kind: 'reject', reason: '-' };
  }
}

/** The buttons `actor` should see on the request now. */
export function allowedActions(request: DecisionSubject, actor: ActorFacts): SparringActionKind[] {
  return SPARRING_ACTIONS.filter((a) => decide(request, probeTransition(a, request.pool), actor).ok);
}
