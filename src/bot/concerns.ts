/**
 * Which concern (issue 12): starting, resuming and cancelling a concern, so the teacher always knows
 * which child a card is about. "ny bekymring" asks first while another concern has answers (and may
 * carry the pseudonym typed with it), and is bounded per person (src/domain/limits.ts); "fortsæt"
 * lets the user choose when several concerns are in progress, or continues the case a button names
 * (the safety pause's Fortsæt nu too); "annullér" asks first, and "Fortryd" reopens a cancelled
 * concern within the window of src/domain/undo.ts. The service checks that the case is the user's
 * own: card data never decides access.
 */
import type { Actor } from '../domain/actor.js';
import { largestMax, longestWindowMs, NEW_CONCERN_LIMITS, nextAllowedAt } from '../domain/limits.js';
import {
  cancelConfirmCard,
  cancelledCard,
  caseChoiceCard,
  notices,
  notOpenCard,
  openConcernCard,
  restoredCard,
  routingNotices,
  undoExpiredCard,
  type Card,
} from '../cards/index.js';
import { intakeCardOf, intakeCaseSeqOf, intakeResumeOf, intakeStartOf } from './intake.input.js';
import type { ConcernService } from '../cases/concern.service.js';
import type { CaseRepository } from '../cases/case.repository.js';
import type { Playbook } from '../domain/playbook.js';
import { screenCardsOf } from './intake.js';
import type { Parsed } from './input.js';
import { badRequest, replaceCard, sendCards, type Handlers, type Reply, type VerbTurn } from './reply.js';

export type ConcernVerb = 'intake.start' | 'intake.resume' | 'intake.cancel' | 'intake.cancel.confirm' | 'intake.undo';

/** An old card, or a case that moved on since: nothing changed. */
const staleReply = (current: unknown): Reply => ({ replace: notices.stale(current !== null), toast: 'Intet ændret', send: [] });
const notFoundReply = (): Reply => ({ replace: notices.notFound(), toast: 'Ikke fundet', send: [] });

export interface ConcernDeps {
  concerns: ConcernService;
  cases: CaseRepository;
  playbook: Playbook;
  /** The bot's clock: the bound on new concerns and the undo window are counted on it. */
  clock: () => Date;
}

export function concernHandlers(deps: ConcernDeps): Pick<Handlers, ConcernVerb> {
  const { concerns, playbook, clock } = deps;

  /**
   * When the person may start a new concern again, or null when they may now (see
   * src/domain/limits.ts). An untouched concern of theirs is reused by `start`, so it is never refused.
   */
  async function newConcernRefusedUntil(actor: Actor): Promise<Date | null> {
    const now = clock();
    const since = new Date(now.getTime() - longestWindowMs(NEW_CONCERN_LIMITS));
    const until = nextAllowedAt(
      await deps.cases.creationTimesSince(actor.tenantId, actor.userId, since, largestMax(NEW_CONCERN_LIMITS)),
      now,
    );
    if (!until) return null;
    const open = await deps.cases.findLatestOpen(actor.tenantId, actor.userId);
    return open && open.answerOrder.length === 0 && open.pendingField ? null : until;
  }

  /** Card data that does not parse is a bad request (the turn's outcome says so). */
  const withInput = async <T>(turn: VerbTurn, input: Parsed<T>, run: (value: T) => Promise<Reply>): Promise<Reply> => {
    if (!input.ok) {
      turn.outcome('bad-request');
      return badRequest(input.errors);
    }
    return run(input.value);
  };

  return {
    'intake.start': (turn, data) =>
      withInput(turn, intakeStartOf(data), async (request) => {
        const until = await newConcernRefusedUntil(turn.actor);
        if (until) {
          turn.outcome('rate-limited');
          return sendCards('Ikke startet', routingNotices.newConcernsLimited(until, clock(), NEW_CONCERN_LIMITS));
        }
        const outcome = await concerns.start(turn.actor, request);
        turn.outcome(outcome.kind);
        if (outcome.kind === 'open-concern')
          return sendCards('Du har en bekymring i gang', openConcernCard(outcome.open, outcome.others, outcome.pseudonym));
        return sendCards('Ny bekymring startet', ...screenCardsOf(outcome.screen, playbook));
      }),
    'intake.resume': (turn, data) =>
      withInput(turn, intakeResumeOf(data), async (caseId) => {
        const outcome = await concerns.resume(turn.actor, caseId);
        turn.outcome(outcome.kind === 'screen' ? 'resumed' : outcome.kind);
        switch (outcome.kind) {
          case 'screen':
            return sendCards('Fortsætter', ...screenCardsOf(outcome.screen, playbook));
          case 'choose':
            return sendCards('Vælg en bekymring', caseChoiceCard(outcome.open));
          case 'nothing':
            return sendCards('Fortsætter', notices.nothingToResume());
          case 'closed':
            return replaceCard(notOpenCard(outcome.label, outcome), 'Ikke i gang');
          case 'not-found':
            return notFoundReply();
        }
      }),
    'intake.cancel': (turn, data) =>
      withInput(turn, intakeCaseSeqOf(data), async (input) => {
        const outcome = await concerns.cancelPrompt(turn.actor, input);
        turn.outcome(outcome.kind === 'confirm' ? 'cancel-asked' : outcome.kind);
        switch (outcome.kind) {
          case 'confirm':
            return sendCards('Annullér?', cancelConfirmCard(outcome.label, outcome));
          case 'nothing':
            return sendCards('', notices.nothingToCancel());
          case 'stale':
            return staleReply(outcome.current);
          case 'cancelled':
          case 'not-found':
            return notFoundReply();
        }
      }),
    'intake.cancel.confirm': (turn, data) =>
      withInput(turn, intakeCardOf(data), async (input) => {
        const now = clock();
        const outcome = await concerns.cancel(turn.actor, input, now);
        turn.outcome(outcome.kind);
        switch (outcome.kind) {
          case 'cancelled':
            return replaceCard(cancelledCard(outcome.label, outcome, outcome.undoUntil, now), 'Annulleret');
          case 'stale':
            return staleReply(outcome.current);
          case 'confirm':
          case 'nothing':
          case 'not-found':
            return notFoundReply();
        }
      }),
    'intake.undo': (turn, data) =>
      withInput(turn, intakeCaseSeqOf(data), async (input) => {
        const outcome = await concerns.undoCancel(turn.actor, input, clock());
        turn.outcome(outcome.kind);
        switch (outcome.kind) {
          case 'restored': {
            const cards: Card[] = screenCardsOf(outcome.screen, playbook);
            return { replace: restoredCard(outcome.label, outcome.screen), toast: 'Åbnet igen', send: cards };
          }
          case 'expired':
            return replaceCard(undoExpiredCard(outcome.label, outcome, outcome.cancelledAt), 'Kan ikke fortrydes');
          case 'nothing':
            return sendCards('', notices.nothingToUndo());
          case 'stale':
            return staleReply(outcome.current);
          case 'not-found':
            return notFoundReply();
        }
      }),
  };
}
