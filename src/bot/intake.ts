/**
 * The intake's card actions: answering a question and going back (starting, resuming and
 * cancelling a concern, which concern, are in concerns.ts). Safeguarding
 * comes first: once the teacher has said whether a child in danger is in acute danger, the school's
 * leaders are alerted at once and the intake pauses on the guidance ("Ring 112 nu" first when acute,
 * the duty to notify, and who was alerted), until the teacher chooses Fortsæt nu (intake.resume
 * naming the case) or Fortsæt senere (intake.later).
 */
import type { TurnContext } from 'botbuilder';
import type { Playbook } from '../domain/playbook.js';
import type { IntakeOutcome, IntakeService, Screen } from '../cases/intake.service.js';
import type { CaseRepository } from '../cases/case.repository.js';
import type { Notifier } from '../reminders/notifier.js';
import {
  acuteDangerCard,
  answeredCard,
  intakePauseCard,
  leftCard,
  notices,
  safeguardingCard,
  screenCards,
  type Card,
} from '../cards/index.js';
import { intakeCardOf, intakeLaterOf } from './intake.input.js';
import type { Parsed } from './input.js';
import { badRequest, setOutcome, type Handlers, type Reply, type VerbTurn } from './reply.js';

/** The answering verbs; starting, resuming and cancelling (which concern) are in concerns.ts. */
export type IntakeVerb = 'intake.answer' | 'intake.back' | 'intake.later';

export interface IntakeDeps {
  intake: IntakeService;
  cases: CaseRepository;
  notifier: Notifier;
  playbook: Playbook;
}

/** The teams offered on a screen's first card (the teacher's own, from the directory). */
export const teamsOn = (screen: Screen) => (screen.kind === 'question' ? screen.teams : []);

/** A screen's cards: its question (with the teams to choose among on the first) or its recommendation. */
export const screenCardsOf = (screen: Screen, playbook: Playbook): Card[] => screenCards(screen, playbook, teamsOn(screen));

/**
 * The answer to an intake outcome (the turn's outcome is its kind). A paused intake (the acute-danger
 * answer is known) shows no next question: "Ring 112 nu" first when the danger is acute, then the
 * duty to notify, then the card naming the `leaders` who were alerted, with Fortsæt nu and Fortsæt senere.
 */
export function outcomeReply(outcome: IntakeOutcome, context: TurnContext, playbook: Playbook, leaders: readonly string[] = []): Reply {
  setOutcome(context, outcome.kind === 'moved' && outcome.paused ? 'paused' : outcome.kind);
  switch (outcome.kind) {
    case 'moved': {
      const send: Card[] = [];
      const label = outcome.answered?.label ?? (outcome.screen.kind === 'question' ? outcome.screen.label : null);
      // The duty-to-notify card names the case, so the teacher can record the notification on it.
      const kase = label ? { caseId: outcome.screen.caseId, label } : undefined;
      if (outcome.paused && outcome.safeguarding && label) {
        if (outcome.safeguarding.acute) send.push(acuteDangerCard(label));
        send.push(safeguardingCard(outcome.safeguarding, playbook, kase));
        send.push(intakePauseCard(outcome.screen.caseId, label, leaders, false));
      } else {
        if (outcome.safeguarding) send.push(safeguardingCard(outcome.safeguarding, playbook, kase));
        send.push(...screenCardsOf(outcome.screen, playbook));
      }
      // The clicked card becomes read-only: the answer given, or (Tilbage) that the user went back.
      if (outcome.left) return { replace: leftCard(outcome.left, playbook), toast: 'Tilbage', send };
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
    case 'not-found':
      return { replace: notices.notFound(), toast: 'Ikke fundet', send: [] };
  }
}

export function intakeHandlers(deps: IntakeDeps): Pick<Handlers, IntakeVerb> {
  const { intake, playbook } = deps;

  /** Card data that does not parse is a bad request (the turn's outcome says so). */
  const withInput = async <T>(turn: VerbTurn, input: Parsed<T>, run: (value: T) => Promise<IntakeOutcome>): Promise<Reply> => {
    if (!input.ok) {
      turn.outcome('bad-request');
      return badRequest(input.errors);
    }
    return outcomeReply(await run(input.value), turn.context, playbook);
  };

  return {
    'intake.answer': async (turn, data) => {
      const input = intakeCardOf(data);
      if (!input.ok) {
        turn.outcome('bad-request');
        return badRequest(input.errors);
      }
      const outcome = await intake.answer(turn.actor, input.value);
      // Safeguarding comes first: once the acute answer is known, the school's leaders are alerted
      // at once, and the pause card names them (the teacher sees the guidance card).
      let leaders: string[] = [];
      if (outcome.kind === 'moved') {
        const raised =
          outcome.safeguarding ?? (outcome.screen.kind === 'recommendation' ? outcome.screen.recommendation.safeguarding : null);
        if (raised) ({ leaders } = await deps.notifier.safeguardingRaised(outcome.screen.caseId, raised, turn.displayName));
      }
      return outcomeReply(outcome, turn.context, playbook, leaders);
    },
    // Fortsæt senere: the pause card says the case is saved and how to continue; nothing else changes.
    'intake.later': async (turn, data) => {
      const input = intakeLaterOf(data);
      if (!input.ok) {
        turn.outcome('bad-request');
        return badRequest(input.errors);
      }
      const own = await intake.ownCase(turn.actor, input.value.caseId);
      if (!own) {
        turn.outcome('not-found');
        return { replace: notices.notFound(), toast: 'Ikke fundet', send: [] };
      }
      if (!own.open) {
        turn.outcome('stale');
        return { replace: notices.stale(false), toast: 'Intet ændret', send: [] };
      }
      turn.outcome('later');
      const leaders = await deps.notifier.leaderNames(input.value.caseId);
      return { replace: intakePauseCard(input.value.caseId, own.label, leaders, true), toast: 'Gemt til senere', send: [] };
    },
    'intake.back': (turn, data) => withInput(turn, intakeCardOf(data), (input) => intake.back(turn.actor, input)),
  };
}
