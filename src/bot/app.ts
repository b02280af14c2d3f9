/**
 * The Teams AI Application: routing only (no LLM). Handlers are thin: parse, call a service, answer
 * with a card. Card buttons are Action.Execute (an invoke, answered with the card that replaces the
 * clicked one) with an Action.Submit fallback (a message whose value carries the verb, answered by
 * updating the clicked card); both arrive at the same `onVerb`.
 */
import { ActivityTypes, CardFactory, MessageFactory, TurnContext, type Activity, type Storage } from 'botbuilder';
import { Application, TurnState } from '@microsoft/teams-ai';
import type { Logger } from '../log.js';
import type { Playbook } from '../domain/playbook.js';
import { containsCpr, CPR_REFUSAL } from '../domain/cpr.js';
import type { IntakeService, IntakeOutcome } from '../cases/intake.service.js';
import type { CaseRepository } from '../cases/case.repository.js';
import type { ConversationRefRepository } from '../conversations/conversation-ref.repository.js';
import { answeredCard, helpCard, notices, screenCards, welcomeCard, safeguardingCard, type Card } from '../cards/views.js';
import { CardData, commandOf, identityOf, type Identity } from './activity.js';
import { ConversationRefs } from './conversation-refs.js';
import { OUTCOME_KEY } from './outcome.js';
import { PLAN_VERBS, teamsOn, type PlanHandlers, type PlanVerb } from './plans.js';
import { REMINDER_VERBS, type ReminderHandlers, type ReminderVerb } from './reminders.js';
import { SPARRING_VERBS, type SparringHandlers, type SparringVerb } from './sparring.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import type { Notifier } from '../reminders/notifier.js';

export const VERBS = [
  'intake.start', 'intake.resume', 'intake.answer', 'intake.back', 'intake.cancel', 'help.show', ...PLAN_VERBS, ...REMINDER_VERBS,
  ...SPARRING_VERBS,
] as const;
export type Verb = (typeof VERBS)[number];

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
  const app = new Application<TurnState>({ startTypingTimer: false, removeRecipientMention: true, storage: deps.storage });
  const refs = new ConversationRefs(deps.refs);
  const { playbook } = deps;

  /** Resolves the user and records the conversation reference; answers and returns null when refused. */
  async function who(context: TurnContext): Promise<(Identity & { firstContact: boolean }) | null> {
    const identity = identityOf(context, deps.anonymous);
    if (!identity || !deps.directory().isKnownTenant(identity.actor.tenantId)) {
      context.turnState.set(OUTCOME_KEY, 'refused');
      if (context.activity.type === ActivityTypes.Invoke) await sendInvokeCard(context, notices.tenantRefused());
      else if (context.activity.type === ActivityTypes.Message) await context.sendActivity(cardActivity(notices.tenantRefused()));
      return null;
    }
    const { firstContact, written } = await refs.remember(context, identity);
    if (written) await deps.onReachable(ConversationRefs.keyOf(identity));
    return { ...identity, firstContact };
  }

  async function sendAll(context: TurnContext, cards: Card[], markdown?: string) {
    for (const card of cards) await context.sendActivity(cardActivity(card));
    if (markdown) await context.sendActivity({ type: ActivityTypes.Message, text: markdown, textFormat: 'markdown' });
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
          if (raised) await deps.notifier.safeguardingRaised(outcome.screen.caseId, raised, context.activity.from?.name ?? '');
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
          return deps.sparring.handle(verb as SparringVerb, identity.actor, data, context.activity.from?.name ?? '', {
            replyToId: context.activity.replyToId ?? null,
            ensureChannelRef: (channelId) => refs.ensureChannel(context, identity.actor.tenantId, channelId),
          });
        }
        if ((REMINDER_VERBS as readonly string[]).includes(verb)) {
          return deps.reminders.handle(verb as ReminderVerb, identity.actor, data, context.activity.from?.name ?? '');
        }
        return deps.plans.handle(verb as PlanVerb, identity.actor, data, context.activity.from?.name ?? '');
    }
  }

  // Universal Actions: Action.Execute arrives as an invoke; the answer replaces the clicked card.
  app.adaptiveCards.actionExecute<Record<string, unknown>>([...VERBS], async (context, _state, rawData) => {
    const identity = await who(context);
    if (!identity) return notices.tenantRefused();
    const verb = (context.activity.value as { action?: { verb?: string } } | undefined)?.action?.verb as Verb;
    const data = CardData.safeParse(rawData ?? {});
    const reply = data.success
      ? await guarded(context, () => onVerb(context, identity, verb, data.data))
      : { replace: notices.badRequest(['Kortets data er ikke et objekt']), toast: '', send: [] };
    await sendAll(context, reply.send, reply.markdown);
    return reply.replace ?? reply.toast;
  });

  // The Action.Submit fallback, and everything typed.
  app.activity(ActivityTypes.Message, async (context) => {
    const identity = await who(context);
    if (!identity) return;
    const value = context.activity.value as unknown;
    const submitted = CardData.safeParse(value);
    if (value !== undefined && value !== null) {
      const verb = submitted.success ? submitted.data.verb : undefined;
      if (!submitted.success || typeof verb !== 'string' || !(VERBS as readonly string[]).includes(verb)) {
        context.turnState.set(OUTCOME_KEY, 'bad-request');
        await context.sendActivity(cardActivity(notices.badRequest(['Ukendt handling i kortet'])));
        return;
      }
      const reply = await guarded(context, () => onVerb(context, identity, verb as Verb, submitted.data));
      if (reply.replace && context.activity.replyToId) {
        await context.updateActivity({ ...cardActivity(reply.replace), id: context.activity.replyToId });
      } else if (reply.replace && reply.send.length === 0) {
        reply.send.push(reply.replace);
      }
      await sendAll(context, reply.send, reply.markdown);
      return;
    }
    await onText(context, identity);
  });

  async function onText(context: TurnContext, identity: Identity & { firstContact: boolean }) {
    const text = context.activity.text ?? '';
    if (containsCpr(text)) {
      // Not stored, not logged, not echoed.
      context.turnState.set(OUTCOME_KEY, 'cpr-refused');
      await context.sendActivity(cardActivity(notices.cprRefused(CPR_REFUSAL)));
      return;
    }
    const command = commandOf(text);
    const verbOf = {
      start: 'intake.start', resume: 'intake.resume', help: 'help.show', cancel: 'intake.cancel', cases: 'cases.list',
      school: 'cases.school', status: 'admin.status', reload: 'admin.reload', mine: 'sparring.mine', unclaimed: 'sparring.unclaimed',
    } as const;
    if (command === 'cancel') {
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
      const reply = await guarded(context, () => onVerb(context, identity, verbOf[command], {}));
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

async function sendInvokeCard(context: TurnContext, card: Card) {
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card } },
  });
}
