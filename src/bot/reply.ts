/**
 * What a verb's handler answers (a `Reply`), what it is given (a `VerbTurn`), and how an answer
 * reaches Teams. An Action.Execute click is answered by its invoke response: the card that
 * replaces the clicked one for the person who clicked, or a short message when new cards are sent
 * instead. The Action.Submit fallback cannot answer in the response, so the clicked card is
 * updated in place (or, failing that, the answer comes as a new message).
 */
import { ActivityTypes, CardFactory, INVOKE_RESPONSE_KEY, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import type { Logger } from '../log.js';
import type { Actor } from '../domain/actor.js';
import { notices, type Card, type Verb } from '../cards/index.js';
import { actionResponse, answerInvoke } from './invokes.js';
import { OUTCOME_KEY } from './outcome.js';

/** What a card action answers: the clicked card's replacement (or a short toast), then new cards. */
export interface Reply {
  replace: Card | null;
  toast: string;
  send: Card[];
  /** A document to post as a Markdown message (a plan export), or several messages in order (a case's insight). */
  markdown?: string | readonly string[];
}

/** Card action data: an object (Action.Execute data, an Action.Submit value, `{}` for a typed command). */
export type CardData = Record<string, unknown>;

/** What a handler is given of the turn it runs in. Identity comes from the activity, never from card data. */
export interface VerbTurn {
  readonly context: TurnContext;
  readonly actor: Actor;
  /** The sender's display name from Teams, cleaned (see activity.ts `senderNameOf`). */
  readonly displayName: string;
  /** The clicked card's activity id, if any: the answer replaces it. */
  readonly replyToId: string | null;
  /** Names how the turn ended on its log line (never any user text). */
  outcome(kind: string): void;
  /** Stores a reference for a group's channel built from this turn's, unless one exists. */
  ensureChannelRef(channelId: string): Promise<boolean>;
}

/** A verb's handler: reads its card data at the edge (see the *.input.ts modules), calls a service, answers. */
export type Handler = (turn: VerbTurn, data: CardData) => Promise<Reply>;

/** One handler per verb: the compiler names a verb of src/cards/verbs.ts without one. */
export type Handlers = Record<Verb, Handler>;

export const cardActivity = (card: Card): Partial<Activity> => MessageFactory.attachment(CardFactory.adaptiveCard(card));

/** New cards only (a command's answer). */
export const sendCards = (toast: string, ...cards: Card[]): Reply => ({ replace: null, toast, send: cards });

/** The clicked card replaced. */
export const replaceCard = (card: Card, toast = ''): Reply => ({ replace: card, toast, send: [] });

/** Card data that does not parse: the clicked card says what is wrong, in Danish. */
export const badRequest = (errors: string[]): Reply => replaceCard(notices.badRequest(errors));

export const setOutcome = (context: TurnContext, outcome: string): void => {
  context.turnState.set(OUTCOME_KEY, outcome);
};

/** Sending and answering, with the turn's failures logged. */
export class Replies {
  constructor(private readonly logger: Logger) {}

  /**
   * Sends a reply's new cards (and Markdown). The action behind them is saved already, so a failed
   * send (a 429, a connector error) is logged and reported, never thrown: the click is still answered.
   */
  async sendAll(context: TurnContext, cards: Card[], markdown?: Reply['markdown']): Promise<boolean> {
    try {
      for (const card of cards) await context.sendActivity(cardActivity(card));
      for (const text of typeof markdown === 'string' ? [markdown] : (markdown ?? [])) {
        if (text) await context.sendActivity({ type: ActivityTypes.Message, text, textFormat: 'markdown' });
      }
      return true;
    } catch (error) {
      this.logger.warn({ err: error, activityType: context.activity.type }, 'sending the reply failed');
      return false;
    }
  }

  /** Runs a handler; on an unexpected error the user gets a Danish card, the log gets the error. */
  async guarded(context: TurnContext, fn: () => Promise<Reply>): Promise<Reply> {
    try {
      return await fn();
    } catch (error) {
      this.failed(context, error);
      return { replace: null, toast: 'Fejl', send: [notices.failure()] };
    }
  }

  /** An unexpected error in a turn: logged, and the turn's outcome is 'error'. */
  failed(context: TurnContext, error: unknown): void {
    this.logger.error({ err: error, activityType: context.activity.type }, 'turn handler failed');
    setOutcome(context, 'error');
  }

  /** Answers an Action.Execute invoke: the new cards are sent, then the clicked card's replacement (or the toast). */
  async answerExecute(context: TurnContext, reply: Reply): Promise<void> {
    const sent = await this.sendAll(context, reply.send, reply.markdown);
    await answerInvoke(context, actionResponse(reply.replace ?? (sent ? reply.toast : notices.failure())));
  }

  /** Answers an invoke whose turn failed, unless an answer was set already. */
  async answerFailedExecute(context: TurnContext): Promise<void> {
    if (!context.turnState.get(INVOKE_RESPONSE_KEY)) await answerInvoke(context, actionResponse(notices.failure()));
  }

  /** Answers an Action.Submit (a message): the clicked card updated in place, then the new cards. */
  async answerSubmit(context: TurnContext, reply: Reply): Promise<void> {
    const send = [...reply.send];
    if (reply.replace && context.activity.replyToId) {
      try {
        await context.updateActivity({ ...cardActivity(reply.replace), id: context.activity.replyToId });
      } catch (error) {
        // The action is saved; the answer comes as a new message instead of in place.
        this.logger.warn({ err: error }, 'updating the clicked card failed');
        send.unshift(reply.replace);
      }
    } else if (reply.replace && send.length === 0) {
      send.push(reply.replace);
    }
    await this.sendAll(context, send, reply.markdown);
  }
}
