/**
 * What the bot reads from an incoming activity, parsed with zod. Identity comes from the activity
 * (Teams' AAD object id and tenant), never from card data.
 */
import type { TurnContext } from 'botbuilder';
import { z } from '../domain/zod.js';
import { displayName } from '../domain/free-text.js';
import type { Actor } from '../domain/actor.js';
import { CONVERSATION_TYPES, knownOrUnknown } from './vocabulary.js';

const ActivityIdentity = z.object({
  from: z.object({ id: z.string().min(1), aadObjectId: z.string().min(1).optional() }),
  conversation: z.object({ id: z.string().min(1), tenantId: z.string().min(1).optional(), conversationType: z.string().optional() }),
  channelData: z
    .object({ tenant: z.object({ id: z.string().min(1) }).optional() })
    .loose()
    .optional(),
});

export type Identity = { actor: Actor; conversationId: string; conversationType: string };

/**
 * The acting user. In Teams every user has an AAD object id and a tenant. In local anonymous mode
 * (Agents Playground, tests without a bot registration) a missing one falls back to the channel's
 * user id and a "local" tenant, so the same code runs everywhere.
 */
export function identityOf(context: TurnContext, anonymous: boolean): Identity | null {
  const parsed = ActivityIdentity.safeParse(context.activity);
  if (!parsed.success) return null;
  const a = parsed.data;
  const tenantId = a.conversation.tenantId ?? a.channelData?.tenant?.id ?? (anonymous ? 'local' : undefined);
  const userId = a.from.aadObjectId ?? (anonymous ? `local:${a.from.id}` : undefined);
  if (!tenantId || !userId) return null;
  return {
    actor: { tenantId: tenantId.toLowerCase(), userId: userId.toLowerCase() },
    conversationId: a.conversation.id,
    // Only Teams' own types are kept (it is stored with the conversation reference): anything else is 'unknown'.
    conversationType: knownOrUnknown(a.conversation.conversationType, CONVERSATION_TYPES) ?? 'personal',
  };
}

/** Card action data: an object (Action.Execute data, or an Action.Submit value). */
export const CardData = z.record(z.string(), z.unknown());

const ExecuteInvoke = z.object({
  type: z.literal('invoke'),
  name: z.literal('adaptiveCard/action'),
  value: z.object({
    action: z.object({ type: z.literal('Action.Execute'), verb: z.string().min(1).max(100), data: z.unknown().optional() }),
  }),
});

/** An Action.Execute click (an `adaptiveCard/action` invoke): its verb and data; null for anything else. */
export function executeOf(activity: unknown): { verb: string; data: unknown } | null {
  const parsed = ExecuteInvoke.safeParse(activity);
  return parsed.success ? { verb: parsed.data.value.action.verb, data: parsed.data.value.action.data ?? {} } : null;
}

/**
 * What the user typed: the message's `text` when it is a string ('' when there is none), or null
 * when it is something else (a number, an object, an array: never from Teams itself, but the
 * endpoint takes any JSON and must answer it with a card, not an exception).
 */
export function messageTextOf(activity: { text?: unknown }): string | null {
  if (activity.text === undefined || activity.text === null) return '';
  return typeof activity.text === 'string' ? activity.text : null;
}

/**
 * The sender's display name from Teams, as it may be stored and shown to others (a claimant, the
 * teacher named in a safeguarding alert): a string or nothing, cleaned by the domain's one rule for
 * names (CPR-like numbers masked, control and format characters removed, bounded). Teams lets
 * users edit this name; the directory's name wins wherever the services know the person.
 */
export function senderNameOf(activity: { from?: { name?: unknown } }): string {
  const name = activity.from?.name;
  return displayName(typeof name === 'string' ? name : undefined);
}
