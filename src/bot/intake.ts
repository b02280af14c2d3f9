/**
 * The intake's card actions and commands: a new concern (bounded per person, see
 * src/domain/limits.ts), resuming, answering a question, going back and cancelling. Safeguarding
 * comes first: when an answer reveals it, the school's leaders are alerted at once and the teacher
 * sees the guidance card before the next question.
 */
import type { TurnContext } from 'botbuilder';
import type { Playbook } from '../domain/playbook.js';
import type { Actor } from '../domain/actor.js';
import { largestMax, longestWindowMs, NEW_CONCERN_LIMITS, nextAllowedAt } from '../domain/limits.js';
import type { IntakeOutcome, IntakeService, Screen } from '../cases/intake.service.js';
import type { CaseRepository } from '../cases/case.repository.js';
import type { Notifier } from '../reminders/notifier.js';
import { answeredCard, notices, routingNotices, safeguardingCard, screenCards, type Card } from '../cards/index.js';
import { intakeCancelOf, intakeCardOf } from './intake.input.js';
import type { Parsed } from './input.js';
import { badRequest, setOutcome, type Handlers, type Reply, type VerbTurn } from './reply.js';

export type IntakeVerb = 'intake.start' | 'intake.resume' | 'intake.answer' | 'intake.back' | 'intake.cancel';

export interface IntakeDeps {
  intake: IntakeService;
  cases: CaseRepository;
  notifier: Notifier;
  playbook: Playbook;
  clock: () => Date;
}

/** The teams offered on a screen's first card (the teacher's own, from the directory). */
export const teamsOn = (screen: Screen) => (screen.kind === 'question' ? screen.teams : []);

/** A screen's cards: its question (with the teams to choose among on the first) or its recommendation. */
export const screenCardsOf = (screen: Screen, playbook: Playbook): Card[] => screenCards(screen, playbook, teamsOn(screen));

/** The user's open case with a question pending (for the welcome and "unknown command" cards), or null. */
export async function openCaseInfo(deps: Pick<IntakeDeps, 'intake' | 'cases'>, actor: Actor) {
  const open = await deps.cases.findLatestOpen(actor.tenantId, actor.userId);
  if (!open || !open.pendingField) return null;
  const screen = deps.intake.currentScreen(open);
  return { updatedAt: open.updatedAt, questionNumber: screen.number };
}

/** The answer to an intake outcome (the turn's outcome is its kind). */
export function outcomeReply(outcome: IntakeOutcome, context: TurnContext, playbook: Playbook): Reply {
  setOutcome(context, outcome.kind);
  switch (outcome.kind) {
    case 'moved': {
      const send: Card[] = [];
      if (outcome.safeguarding) send.push(safeguardingCard(outcome.safeguarding, playbook));
      send.push(...screenCardsOf(outcome.screen, playbook));
      return { replace: outcome.answered ? answeredCard(outcome.answered, playbook) : null, toast: 'Gemt', send };
    }
    case 'invalid':
      return { replace: screenCardsOf(outcome.screen, playbook)[0] ?? null, toast: 'Ret svaret', send: [] };
    case 'stale':
      return {
        replace: outcome.answered
          ? answeredCard(outcome.answered, playbook, 'Allerede besvaret – dit første svar gælder. Intet er ændret.')
          : notices.stale(outcome.current !== null),
        toast: 'Intet ændret',
        send: [],
      };
    case 'cancelled':
      return { replace: notices.cancelled(), toast: 'Annulleret', send: [] };
    case 'not-found':
      return { replace: notices.notFound(), toast: 'Ikke fundet', send: [] };
  }
}

export function intakeHandlers(deps: IntakeDeps): Pick<Handlers, IntakeVerb> {
  const { intake, playbook, clock } = deps;

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
  const withInput = async <T>(turn: VerbTurn, input: Parsed<T>, run: (value: T) => Promise<IntakeOutcome>): Promise<Reply> => {
    if (!input.ok) {
      turn.outcome('bad-request');
      return badRequest(input.errors);
    }
    return outcomeReply(await run(input.value), turn.context, playbook);
  };

  return {
    'intake.start': async (turn) => {
      const until = await newConcernRefusedUntil(turn.actor);
      if (until) {
        turn.outcome('rate-limited');
        return { replace: null, toast: 'Ikke startet', send: [routingNotices.newConcernsLimited(until, clock(), NEW_CONCERN_LIMITS)] };
      }
      const screen = await intake.start(turn.actor);
      turn.outcome('started');
      return { replace: null, toast: 'Ny bekymring startet', send: screenCardsOf(screen, playbook) };
    },
    'intake.resume': async (turn) => {
      const screen = await intake.resume(turn.actor);
      turn.outcome(screen ? 'resumed' : 'nothing');
      return { replace: null, toast: 'Fortsætter', send: screen ? screenCardsOf(screen, playbook) : [notices.nothingToResume()] };
    },
    'intake.answer': (turn, data) =>
      withInput(turn, intakeCardOf(data), async (input) => {
        const outcome = await intake.answer(turn.actor, input);
        // Safeguarding comes first: the school's leaders are alerted at once (the teacher sees the guidance card).
        if (outcome.kind === 'moved') {
          const raised =
            outcome.safeguarding ?? (outcome.screen.kind === 'recommendation' ? outcome.screen.recommendation.safeguarding : null);
          if (raised) await deps.notifier.safeguardingRaised(outcome.screen.caseId, raised, turn.displayName);
        }
        return outcome;
      }),
    'intake.back': (turn, data) => withInput(turn, intakeCardOf(data), (input) => intake.back(turn.actor, input)),
    'intake.cancel': (turn, data) => withInput(turn, intakeCancelOf(data), (input) => intake.cancel(turn.actor, input)),
  };
}
