/**
 * The Bot Framework's and Teams' fixed words, as plain strings: the activity types a channel sends,
 * the invoke names Teams uses and its conversation types. Everything else in those fields came
 * from whoever posted the request and may be any text, so it is never logged as received (the
 * turn's log line writes "unknown"), and an activity of a type not listed here is acknowledged
 * without running a turn (the Activity spec has receivers ignore types they do not know).
 *
 * No imports: server.ts loads this before botbuilder (for a fast start).
 */

/** Activity types a channel sends to a bot (botframework-schema's ActivityTypes without the bot's own `invokeResponse` and `trace`). */
export const ACTIVITY_TYPES: ReadonlySet<string> = new Set([
  'message',
  'contactRelationUpdate',
  'conversationUpdate',
  'typing',
  'endOfConversation',
  'event',
  'invoke',
  'deleteUserData',
  'messageUpdate',
  'messageDelete',
  'installationUpdate',
  'messageReaction',
  'suggestion',
  'handoff',
  'command',
  'commandResult',
]);

/** Invoke names Teams sends (Universal Actions, dialogs, tabs, message extensions, sign-in, search, …). */
export const INVOKE_NAMES: ReadonlySet<string> = new Set([
  'adaptiveCard/action',
  'application/search',
  'task/fetch',
  'task/submit',
  'tab/fetch',
  'tab/submit',
  'config/fetch',
  'config/submit',
  'composeExtension/query',
  'composeExtension/queryLink',
  'composeExtension/anonymousQueryLink',
  'composeExtension/selectItem',
  'composeExtension/submitAction',
  'composeExtension/fetchTask',
  'composeExtension/querySettingUrl',
  'composeExtension/setting',
  'composeExtension/onCardButtonClicked',
  'signin/verifyState',
  'signin/tokenExchange',
  'signin/failure',
  'fileConsent/invoke',
  'actionableMessage/executeAction',
  'message/submitAction',
  'message/fetchTask',
  'handoff/action',
  'healthCheck',
]);

/** Teams' conversation types. */
export const CONVERSATION_TYPES: ReadonlySet<string> = new Set(['personal', 'groupChat', 'channel']);

/** `value` when it is one of `known`, 'unknown' when it is something else, undefined when absent. */
export function knownOrUnknown(value: unknown, known: ReadonlySet<string>): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' && known.has(value) ? value : 'unknown';
}
