/**
 * Answers to the invokes the bot has no handler for. An invoke left unanswered becomes a 501 (and
 * an error in the client); Teams sends many kinds — a dialog (task module), a tab, a message
 * extension, a Data.Query search, sign-in, file consent — and some of them expect a body of their
 * own shape. Each is answered 200: with a friendly card where the client shows one, with its empty
 * result where it expects a result, and empty otherwise. The bodies follow botframework-schema's
 * TaskModuleResponse, MessagingExtensionResponse, TabResponse, ConfigResponse and the Universal
 * Actions / search invoke responses.
 */
import { ActivityTypes, CardFactory, type InvokeResponse, type TurnContext } from 'botbuilder';
import { notices, type Card, NOT_SUPPORTED_TEXT, routingNotices } from '../cards/index.js';

export const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';
const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';
const SEARCH_TYPE = 'application/vnd.microsoft.search.searchResponse';

/** The invoke response of a card action: the card that replaces the clicked one, or a short message. */
export function actionResponse(answer: Card | string): InvokeResponse {
  const body =
    typeof answer === 'string'
      ? { statusCode: 200, type: MESSAGE_TYPE, value: answer }
      : { statusCode: 200, type: CARD_TYPE, value: answer };
  return { status: 200, body };
}

/** The body Teams expects for an invoke of this name that the bot does not handle (undefined: none). */
export function unhandledInvokeBody(name: string | undefined): unknown {
  const card = () => routingNotices.notSupported();
  const dialog = () => ({ task: { type: 'continue', value: { title: 'Indsatsguiden', card: CardFactory.adaptiveCard(card()) } } });
  switch (name) {
    case ADAPTIVE_CARD_ACTION:
      // An Action.Execute with a verb the bot does not know (or not an Action.Execute at all).
      return actionResponse(notices.badRequest(['Ukendt handling i kortet'])).body;
    case 'application/search':
      return { statusCode: 200, type: SEARCH_TYPE, value: { results: [] } };
    case 'task/fetch':
    case 'composeExtension/fetchTask':
      return dialog();
    case 'task/submit':
      return { task: { type: 'message', value: NOT_SUPPORTED_TEXT } };
    case 'composeExtension/query':
    case 'composeExtension/queryLink':
    case 'composeExtension/anonymousQueryLink':
    case 'composeExtension/selectItem':
    case 'composeExtension/submitAction':
    case 'composeExtension/querySettingUrl':
      return { composeExtension: { type: 'message', text: NOT_SUPPORTED_TEXT } };
    case 'tab/fetch':
    case 'tab/submit':
      return { tab: { type: 'continue', value: { cards: [{ card: card() }] } } };
    case 'config/fetch':
    case 'config/submit':
      return { responseType: 'config', config: { type: 'message', value: NOT_SUPPORTED_TEXT } };
    default:
      // signin/*, fileConsent/invoke, actionableMessage/executeAction, composeExtension/setting,
      // composeExtension/onCardButtonClicked, message/submitAction, handoff/action, unknown names.
      return undefined;
  }
}

/** Sets the turn's invoke response (sent when the turn ends). */
export async function answerInvoke(context: TurnContext, response: InvokeResponse): Promise<void> {
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: response });
}

/** Answers an invoke nothing else answered: 200, with the body its kind expects. */
export async function answerUnhandledInvoke(context: TurnContext): Promise<void> {
  const body = unhandledInvokeBody(context.activity.name);
  await answerInvoke(context, body === undefined ? { status: 200 } : { status: 200, body });
}
