/**
 * The Teams AI Application: routing only (no LLM). This module wires the routes; a verb's handler
 * (one per verb, see handlers.ts) reads its card data at the edge, calls a service and answers
 * with a card. Card buttons are Action.Execute (an invoke, answered with the card that replaces
 * the clicked one) with an Action.Submit fallback (a message whose value carries the verb,
 * answered by updating the clicked card); both, and typed commands, run the same handler.
 *
 * The Action.Execute invokes are routed here, not through `app.adaptiveCards.actionExecute`: that
 * keeps one response type for all verbs registered together and switches it for good to "replace
 * the clicked message for everyone" after the first card with `refresh` (a sparring card), so every
 * later answer — a plan, an intake question — would also rewrite the clicked message for all users
 * (failing without a `replyToId`, or on a 429 after the action was saved). Here each click is
 * answered by its own reply, for the person who clicked; other copies of a sparring request are
 * updated through the outbox. Every other invoke is answered 200 (see invokes.ts).
 */
import { ActivityTypes, type Storage, type TurnContext } from 'botbuilder';
import { Application, TurnState } from '@microsoft/teams-ai';
import type { Logger } from '../log.js';
import type { Playbook } from '../domain/playbook.js';
import type { IntakeService } from '../cases/intake.service.js';
import type { ConcernService } from '../cases/concern.service.js';
import type { CaseRepository } from '../cases/case.repository.js';
import type { ConversationRefRepository } from '../conversations/conversation-ref.repository.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import type { Notifier } from '../reminders/notifier.js';
import { notices } from '../cards/index.js';
import { CardData, executeOf } from './activity.js';
import { answerUnhandledInvoke } from './invokes.js';
import { Commands, helpHandlers } from './commands.js';
import { isVerb, VerbRegistry } from './handlers.js';
import { intakeHandlers } from './intake.js';
import { concernHandlers } from './concerns.js';
import { Lifecycle } from './lifecycle.js';
import type { PlanHandlers } from './plans.js';
import type { ReminderHandlers } from './reminders.js';
import type { SparringHandlers } from './sparring.js';
import { pkuHandlers } from './pku.js';
import { safeguardingHandlers } from './safeguarding.js';
import type { SafeguardingNotificationService } from '../cases/safeguarding-notification.service.js';
import type { PkuDecisionService } from '../cases/pku-decision.service.js';
import type { ClosingService } from '../cases/closing.service.js';
import { closingHandlers, guardClosedCases } from './closing.js';
import type { InsightVerb } from './insight.js';
import type { ErasureVerb } from './erasure.js';
import type { AccessLog } from '../access/access-log.js';
import { badRequest, Replies, setOutcome, type Handlers } from './reply.js';

export { VERB_NAMES as VERBS, type Verb } from '../cards/index.js';

export interface BotDeps {
  intake: IntakeService;
  /** Which concern: starting, resuming and cancelling (src/cases/concern.service.ts). */
  concerns: ConcernService;
  /** The case and plan verbs. */
  plans: PlanHandlers;
  /** The reminder buttons and the administrators' commands. */
  reminders: ReminderHandlers;
  sparring: SparringHandlers;
  notifier: Notifier;
  cases: CaseRepository;
  refs: ConversationRefRepository;
  playbook: Playbook;
  logger: Logger;
  /** Local anonymous mode: no bot registration; identities may lack AAD ids. */
  anonymous: boolean;
  /** The organisation directory in use (reloadable): its tenant is the only one served. */
  directory: () => DirectoryLookup;
  /** Called when a person or channel can be reached (again): their waiting messages go out. */
  onReachable: (refKey: string) => Promise<void>;
  /** Teams AI turn state lives in the same database (the intake itself lives in the case rows). */
  storage: Storage;
  /** The bot's clock (the bound on new concerns per person is counted back from it). */
  clock?: () => Date;
  /** Recording PKU's decision on a case at the referral. */
  pku: PkuDecisionService;
  /** Recording the notification to the municipality on a safety case. */
  safeguarding: SafeguardingNotificationService;
  /** Closing a case ("Afslut sag"); a closed case is read-only (src/bot/closing.ts). */
  closing: ClosingService;
  /** The administrators' "indsigt <sags-id>" (src/bot/insight.ts). */
  insight: Pick<Handlers, InsightVerb>;
  /** The administrators' "slet sag <sags-id>", its confirmation and Annullér (src/bot/erasure.ts). */
  erasure: Pick<Handlers, ErasureVerb>;
  /**
   * The access log (issue 13): every verb runs in its turn scope (src/access/access-log.ts), and
   * the administrators' "adgangslog" reads it (src/bot/access-log.ts).
   */
  accessLog: { recorder?: AccessLog; verbs: Pick<Handlers, 'admin.access-log'> };
}

export function createBotApp(deps: BotDeps): Application<TurnState> {
  // Teams AI's mention removal assumes `text` is a string; commandOf removes mentions instead.
  const app = new Application<TurnState>({ startTypingTimer: false, removeRecipientMention: false, storage: deps.storage });
  const clock = deps.clock ?? (() => new Date());
  const replies = new Replies(deps.logger);
  const lifecycle = new Lifecycle(deps);
  const handlers: Handlers = {
    ...intakeHandlers({ intake: deps.intake, cases: deps.cases, notifier: deps.notifier, playbook: deps.playbook }),
    ...concernHandlers({ concerns: deps.concerns, cases: deps.cases, playbook: deps.playbook, clock }),
    ...helpHandlers(),
    ...pkuHandlers({ pku: deps.pku, cases: deps.cases, clock, directory: deps.directory }),
    ...safeguardingHandlers({ safeguarding: deps.safeguarding, directory: deps.directory }),
    ...deps.plans.verbs,
    ...deps.reminders.verbs,
    ...deps.sparring.verbs,
    ...deps.insight,
    ...deps.erasure,
    ...deps.accessLog.verbs,
    ...closingHandlers(deps.closing, deps.cases),
  };
  // A closed case is read-only: every verb that changes a case is refused on it (src/bot/closing.ts).
  const verbs = new VerbRegistry(guardClosedCases(handlers, deps.closing), lifecycle.refs, deps.accessLog.recorder);
  const commands = new Commands(deps, verbs, replies);

  // Universal Actions: an Action.Execute of one of the bot's verbs arrives as an `adaptiveCard/action`
  // invoke; its answer is the card that replaces the clicked one for the person who clicked (or a
  // short message when the reply sends new cards instead).
  app.addRoute(
    async (context) => {
      const action = executeOf(context.activity);
      return action !== null && isVerb(action.verb);
    },
    async (context) => {
      try {
        const action = executeOf(context.activity)!;
        const verb = action.verb;
        const identity = await lifecycle.who(context);
        if (!identity || !isVerb(verb)) return;
        const data = CardData.safeParse(action.data);
        const reply = data.success
          ? await replies.guarded(context, () => verbs.run(context, identity, verb, data.data))
          : badRequest(['Kortets data er ikke et objekt']);
        await replies.answerExecute(context, reply);
      } catch (error) {
        replies.failed(context, error);
        await replies.answerFailedExecute(context);
      }
    },
    true,
  );

  // Every other invoke (an unknown verb, a dialog, a tab, a message extension, sign-in, ...): 200
  // with the body its kind expects, never a 501.
  app.addRoute(
    async (context) => context.activity.type === ActivityTypes.Invoke,
    async (context) => {
      setOutcome(context, 'unhandled-invoke');
      await answerUnhandledInvoke(context);
    },
    true,
  );

  // The Action.Submit fallback, and everything typed.
  app.activity(ActivityTypes.Message, async (context) => {
    try {
      await onMessage(context);
    } catch (error) {
      replies.failed(context, error);
      await replies.sendAll(context, [notices.failure()]);
    }
  });

  async function onMessage(context: TurnContext) {
    const identity = await lifecycle.who(context);
    if (!identity) return;
    const value = context.activity.value as unknown;
    if (value === undefined || value === null) {
      await commands.onText(context, identity);
      return;
    }
    const submitted = CardData.safeParse(value);
    const verb = submitted.success ? submitted.data.verb : undefined;
    if (!submitted.success || typeof verb !== 'string' || !isVerb(verb)) {
      setOutcome(context, 'bad-request');
      await replies.sendAll(context, [notices.badRequest(['Ukendt handling i kortet'])]);
      return;
    }
    await replies.answerSubmit(context, await replies.guarded(context, () => verbs.run(context, identity, verb, submitted.data)));
  }

  app.conversationUpdate('membersAdded', (context) => lifecycle.onMembersAdded(context));
  app.activity(ActivityTypes.InstallationUpdate, (context) => lifecycle.onInstallationUpdate(context));

  return app;
}
