/**
 * The Teams AI Application: routing only (no LLM). Handlers are thin: parse, call a service, answer
 * with a card. Card buttons are Action.Execute (an invoke, answered with the card that replaces the
 * clicked one) with an Action.Submit fallback (a message whose value carries the verb, answered by
 * updating the clicked card); both arrive at the same `onVerb`.
 *
 * The Action.Execute invokes are routed here, not through `app.adaptiveCards.actionExecute`: that
 * keeps one response type for all verbs registered together and switches it for good to "replace
 * the clicked message for everyone" after the first card with `refresh` (a sparring card), so every
 * later answer — a plan, an intake question — would also rewrite the clicked message for all users
 * (failing without a `replyToId`, or on a 429 after the action was saved). Here each click is
 * answered by its own reply, for the person who clicked; other copies of a sparring request are
 * updated through the outbox. Every other invoke is answered 200 (see invokes.ts).
 */
import { ActivityTypes, CardFactory, INVOKE_RESPONSE_KEY, MessageFactory, TurnContext, type Activity, type Storage } from 'botbuilder';
import { Application, TurnState } from '@microsoft/teams-ai';
import type { Logger } from '../log.js';
import type { Playbook } from '../domain/playbook.js';
import { containsCpr, CPR_REFUSAL } from '../domain/cpr.js';
import type { IntakeService, IntakeOutcome } from '../cases/intake.service.js';
import type { CaseRepository } from '../cases/case.repository.js';
import type { ConversationRefRepository } from '../conversations/conversation-ref.repository.js';
import { answeredCard, helpCard, notices, screenCards, welcomeCard, safeguardingCard, type Card, routingNotices, commandVerbOf, VERB_NAMES, type Verb } from '../cards/index.js';
import { largestMax, longestWindowMs, NEW_CONCERN_LIMITS, nextAllowedAt } from '../domain/limits.js';
import { CardData, executeOf, identityOf, messageTextOf, senderNameOf, type Identity } from './activity.js';
import { actionResponse, answerInvoke, answerUnhandledInvoke } from './invokes.js';
import { ConversationRefs } from './conversation-refs.js';
import { OUTCOME_KEY } from './outcome.js';
import { teamsOn, type PlanHandlers, type PlanVerb } from './plans.js';
import { REMINDER_VERBS, type ReminderHandlers, type ReminderVerb } from './reminders.js';
import { SPARRING_VERBS, type SparringHandlers, type SparringVerb } from './sparring.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import type { Notifier } from '../reminders/notifier.js';

export { VERB_NAMES as VERBS, type Verb } from '../cards/index.js';

export interface BotDeps {
  intake: IntakeService;
  plans: PlanHandlers;
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
}

/** What a card action answers: the clicked card's replacement (or a short toast), then new cards. */
interface Reply {
  replace: Card | null;
  toast: string;
  send: Card[];
  /** A document to post as a Markdown message (a plan export). */
  markdown?: string;
}


const cardActivity = (card: Card): Partial<Activity> => MessageFactory.attachment(CardFactory.adaptiveCard(card));

export function createBotApp(deps: BotDeps): Application<TurnState> {
  // Teams AI's mention removal assumes `text` is a string; commandOf removes mentions instead.
  const app = new Application<TurnState>({ startTypingTimer: false, removeRecipientMention: false, storage: deps.storage });
  const clock = deps.clock ?? (() => new Date());
  const refs = new ConversationRefs(deps.refs);
  const { playbook } = deps;

  /** Resolves the user and records the conversation reference; answers and returns null when refused. */
  async function who(context: TurnContext): Promise<(Identity & { firstContact: boolean }) | null> {
    const identity = identityOf(context, deps.anonymous);
    if (!identity || !deps.directory().isKnownTenant(identity.actor.tenantId)) {
      context.turnState.set(OUTCOME_KEY, 'refused');
      if (context.activity.type === ActivityTypes.Invoke) await answerInvoke(context, actionResponse(notices.tenantRefused()));
      else if (context.activity.type === ActivityTypes.Message) await context.sendActivity(cardActivity(notices.tenantRefused()));
      return null;
    }
    const { firstContact, written } = await refs.remember(context, identity);
    if (written) await deps.onReachable(ConversationRefs.keyOf(identity));
    return { ...identity, firstContact };
  }

  /**
   * Sends a reply's new cards (and Markdown). The action behind them is saved already, so a failed
   * send (a 429, a connector error) is logged and reported, never thrown: the click is still answered.
   */
  async function sendAll(context: TurnContext, cards: Card[], markdown?: string): Promise<boolean> {
    try {
      for (const card of cards) await context.sendActivity(cardActivity(card));
      if (markdown) await context.sendActivity({ type: ActivityTypes.Message, text: markdown, textFormat: 'markdown' });
      return true;
    } catch (error) {
      deps.logger.warn({ err: error, activityType: context.activity.type }, 'sending the reply failed');
      return false;
    }
  }

  /**
   * When the person may start a new concern again, or null when they may now (see
   * src/domain/limits.ts). An untouched concern of theirs is reused by `start`, so it is never refused.
   */
  async function newConcernRefusedUntil(identity: Identity): Promise<Date | null> {
    const now = clock();
    const since = new Date(now.getTime() - longestWindowMs(NEW_CONCERN_LIMITS));
    const { tenantId, userId } = identity.actor;
    const until = nextAllowedAt(await deps.cases.creationTimesSince(tenantId, userId, since, largestMax(NEW_CONCERN_LIMITS)), now);
    if (!until) return null;
    const open = await deps.cases.findLatestOpen(tenantId, userId);
    return open && open.answerOrder.length === 0 && open.pendingField ? null : until;
  }

  async function openCaseInfo(identity: Identity) {
    const open = await deps.cases.findLatestOpen(identity.actor.tenantId, identity.actor.userId);
    if (!open || !open.pendingField) return null;
    const screen = deps.intake.currentScreen(open);
    return { updatedAt: open.updatedAt, questionNumber: screen.number };
  }

  function outcomeReply(outcome: IntakeOutcome, context: TurnContext): Reply {
    context.turnState.set(OUTCOME_KEY, outcome.kind);
    switch (outcome.kind) {
      case 'moved': {
        const send: Card[] = [];
        if (outcome.safeguarding) send.push(safeguardingCard(outcome.safeguarding, playbook));
        send.push(...screenCards(outcome.screen, playbook, teamsOn(outcome.screen)));
        return { replace: outcome.answered ? answeredCard(outcome.answered, playbook) : null, toast: 'Gemt', send };
      }
      case 'invalid':
        return { replace: screenCards(outcome.screen, playbook, teamsOn(outcome.screen))[0] ?? null, toast: 'Ret svaret', send: [] };
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
      case 'bad-request':
        return { replace: notices.badRequest(outcome.errors), toast: 'Ugyldige data', send: [] };
    }
  }

  async function onVerb(context: TurnContext, identity: Identity, verb: Verb, data: Record<string, unknown>): Promise<Reply> {
    switch (verb) {
      case 'intake.start': {
        const until = await newConcernRefusedUntil(identity);
        if (until) {
          context.turnState.set(OUTCOME_KEY, 'rate-limited');
          return { replace: null, toast: 'Ikke startet', send: [routingNotices.newConcernsLimited(until, clock(), NEW_CONCERN_LIMITS)] };
        }
        const screen = await deps.intake.start(identity.actor);
        context.turnState.set(OUTCOME_KEY, 'started');
        return { replace: null, toast: 'Ny bekymring startet', send: screenCards(screen, playbook, teamsOn(screen)) };
      }
      case 'intake.resume': {
        const screen = await deps.intake.resume(identity.actor);
        context.turnState.set(OUTCOME_KEY, screen ? 'resumed' : 'nothing');
        return { replace: null, toast: 'Fortsætter', send: screen ? screenCards(screen, playbook, teamsOn(screen)) : [notices.nothingToResume()] };
      }
      case 'help.show':
        context.turnState.set(OUTCOME_KEY, 'help');
        return { replace: null, toast: 'Hjælp', send: [helpCard()] };
      case 'intake.answer': {
        const outcome = await deps.intake.answer(identity.actor, data);
        // Safeguarding comes first: the school's leaders are alerted at once (the teacher sees the guidance card).
        if (outcome.kind === 'moved') {
          const raised = outcome.safeguarding ?? (outcome.screen.kind === 'recommendation' ? outcome.screen.recommendation.safeguarding : null);
          if (raised) await deps.notifier.safeguardingRaised(outcome.screen.caseId, raised, senderNameOf(context.activity));
        }
        return outcomeReply(outcome, context);
      }
      case 'intake.back':
        return outcomeReply(await deps.intake.back(identity.actor, data), context);
      case 'intake.cancel':
        return outcomeReply(await deps.intake.cancel(identity.actor, data), context);
      default:
        context.turnState.set(OUTCOME_KEY, verb);
        if ((SPARRING_VERBS as readonly string[]).includes(verb)) {
          return deps.sparring.handle(verb as SparringVerb, identity.actor, data, senderNameOf(context.activity), {
            replyToId: context.activity.replyToId ?? null,
            ensureChannelRef: (channelId) => refs.ensureChannel(context, identity.actor.tenantId, channelId),
          });
        }
        if ((REMINDER_VERBS as readonly string[]).includes(verb)) {
          return deps.reminders.handle(verb as ReminderVerb, identity.actor, data, senderNameOf(context.activity));
        }
        return deps.plans.handle(verb as PlanVerb, identity.actor, data, senderNameOf(context.activity));
    }
  }

  const isVerb = (verb: string): verb is Verb => (VERB_NAMES as readonly string[]).includes(verb);

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
        const identity = await who(context);
        if (!identity) return;
        const data = CardData.safeParse(action.data);
        const reply = data.success
          ? await guarded(context, () => onVerb(context, identity, action.verb as Verb, data.data))
          : { replace: notices.badRequest(['Kortets data er ikke et objekt']), toast: '', send: [] };
        const sent = await sendAll(context, reply.send, reply.markdown);
        await answerInvoke(context, actionResponse(reply.replace ?? (sent ? reply.toast : notices.failure())));
      } catch (error) {
        deps.logger.error({ err: error, activityType: context.activity.type }, 'turn handler failed');
        context.turnState.set(OUTCOME_KEY, 'error');
        if (!context.turnState.get(INVOKE_RESPONSE_KEY)) await answerInvoke(context, actionResponse(notices.failure()));
      }
    },
    true,
  );

  // Every other invoke (an unknown verb, a dialog, a tab, a message extension, sign-in, ...): 200
  // with the body its kind expects, never a 501.
  app.addRoute(
    async (context) => context.activity.type === ActivityTypes.Invoke,
    async (context) => {
      context.turnState.set(OUTCOME_KEY, 'unhandled-invoke');
      await answerUnhandledInvoke(context);
    },
    true,
  );

  // The Action.Submit fallback, and everything typed.
  app.activity(ActivityTypes.Message, async (context) => {
    try {
      await onMessage(context);
    } catch (error) {
      deps.logger.error({ err: error, activityType: context.activity.type }, 'turn handler failed');
      context.turnState.set(OUTCOME_KEY, 'error');
      await sendAll(context, [notices.failure()]);
    }
  });

  async function onMessage(context: TurnContext) {
    const identity = await who(context);
    if (!identity) return;
    const value = context.activity.value as unknown;
    const submitted = CardData.safeParse(value);
    if (value !== undefined && value !== null) {
      const verb = submitted.success ? submitted.data.verb : undefined;
      if (!submitted.success || typeof verb !== 'string' || !isVerb(verb)) {
        context.turnState.set(OUTCOME_KEY, 'bad-request');
        await sendAll(context, [notices.badRequest(['Ukendt handling i kortet'])]);
        return;
      }
      const reply = await guarded(context, () => onVerb(context, identity, verb, submitted.data));
      const send = [...reply.send];
      if (reply.replace && context.activity.replyToId) {
        try {
          await context.updateActivity({ ...cardActivity(reply.replace), id: context.activity.replyToId });
        } catch (error) {
          // The action is saved; the answer comes as a new message instead of in place.
          deps.logger.warn({ err: error }, 'updating the clicked card failed');
          send.unshift(reply.replace);
        }
      } else if (reply.replace && send.length === 0) {
        send.push(reply.replace);
      }
      await sendAll(context, send, reply.markdown);
      return;
    }
    await onText(context, identity);
  }

  async function onText(context: TurnContext, identity: Identity & { firstContact: boolean }) {
    const text = messageTextOf(context.activity);
    if (text === null) {
      // Not text (a number, an object): nothing to read, so say what the bot does understand.
      context.turnState.set(OUTCOME_KEY, 'unreadable-text');
      await sendAll(context, [notices.unknownCommand((await openCaseInfo(identity)) !== null)]);
      return;
    }
    if (containsCpr(text)) {
      // Not stored, not logged, not echoed.
      context.turnState.set(OUTCOME_KEY, 'cpr-refused');
      await sendAll(context, [notices.cprRefused(CPR_REFUSAL)]);
      return;
    }
    // commandVerbOf drops the bot's @mention (<at>…</at>) itself.
    const command = commandVerbOf(text);
    if (command === 'intake.cancel') {
      const reply = await guarded(context, async () => {
        const outcome = await deps.intake.cancel(identity.actor, undefined);
        // Typed "annullér" with nothing open is not an error: say so plainly.
        if (outcome.kind === 'not-found') return { replace: null, toast: '', send: [notices.nothingToCancel()] };
        const r = outcomeReply(outcome, context);
        return { replace: null, toast: r.toast, send: r.replace ? [r.replace] : [] };
      });
      await sendAll(context, reply.send);
      return;
    }
    if (command) {
      const reply = await guarded(context, () => onVerb(context, identity, command, {}));
      await sendAll(context, reply.send);
      return;
    }
    const open = await openCaseInfo(identity);
    context.turnState.set(OUTCOME_KEY, identity.firstContact ? 'welcome' : 'unknown-text');
    await context.sendActivity(cardActivity(identity.firstContact ? welcomeCard(open) : notices.unknownCommand(open !== null)));
  }

  // Installed in a personal chat (or the user added): say hello once.
  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient?.id;
    const added = context.activity.membersAdded ?? [];
    if (!added.some((m) => m.id === botId)) return;
    const identity = await who(context);
    if (!identity) return;
    context.turnState.set(OUTCOME_KEY, 'welcome');
    await context.sendActivity(cardActivity(welcomeCard(await openCaseInfo(identity))));
  });

  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const action = (context.activity as { action?: string }).action ?? '';
    const identity = identityOf(context, deps.anonymous);
    if (!identity) return;
    if (!deps.directory().isKnownTenant(identity.actor.tenantId)) {
      context.turnState.set(OUTCOME_KEY, 'refused');
      return;
    }
    if (action.startsWith('remove')) {
      await refs.forget(context, identity);
      context.turnState.set(OUTCOME_KEY, 'uninstalled');
    } else {
      // A (re)install always rewrites the reference and releases what waited for this person.
      await refs.remember(context, identity, { force: true });
      await deps.onReachable(ConversationRefs.keyOf(identity));
      context.turnState.set(OUTCOME_KEY, 'installed');
    }
  });

  /** Runs a handler; on an unexpected error the user gets a Danish card, the log gets the error. */
  async function guarded(context: TurnContext, fn: () => Promise<Reply>): Promise<Reply> {
    try {
      return await fn();
    } catch (error) {
      deps.logger.error({ err: error, activityType: context.activity.type }, 'turn handler failed');
      context.turnState.set(OUTCOME_KEY, 'error');
      return { replace: null, toast: 'Fejl', send: [notices.failure()] };
    }
  }

  return app;
}
