/**
 * A scripted Teams client for protocol tests: posts real Bot Framework activities to the bot's
 * /api/messages, the way Teams does, and reads the cards the bot sent through the fake connector.
 */
import { randomUUID } from 'node:crypto';
import type { FakeConnector, RecordedActivity } from './connector.js';

export type CardJson = Record<string, unknown> & { body?: unknown[]; actions?: unknown[] };
export interface CardAction {
  type: string;
  title?: string;
  verb?: string;
  data?: Record<string, unknown>;
  fallback?: CardAction;
}

export interface TurnResult {
  status: number;
  /** The invoke response body (for invokes), or the parsed body, or null. */
  body: unknown;
  /** What the bot sent through the connector during this turn. */
  sent: RecordedActivity[];
}

export const BOT_ID = '28:indsatsguiden-bot';

export class TeamsUser {
  readonly conversationId: string;
  constructor(
    private readonly botUrl: string,
    private readonly connector: FakeConnector,
    readonly user: { aadObjectId: string; tenantId: string; name?: string },
    conversationId?: string,
    /** A Teams channel (the user acts in the channel's conversation) instead of a personal chat. */
    private readonly channel: { teamId: string } | null = null,
  ) {
    this.conversationId = conversationId ?? `a:personal-${randomUUID()}`;
  }

  private base(type: string): Record<string, unknown> {
    return {
      type,
      id: `in-${randomUUID()}`,
      timestamp: new Date().toISOString(),
      serviceUrl: this.connector.url,
      channelId: 'msteams',
      from: { id: `29:${this.user.aadObjectId}`, aadObjectId: this.user.aadObjectId, name: this.user.name ?? 'Lærer' },
      recipient: { id: BOT_ID, name: 'Indsatsguiden' },
      conversation: this.channel
        ? { id: this.conversationId, conversationType: 'channel', isGroup: true, tenantId: this.user.tenantId }
        : { id: this.conversationId, conversationType: 'personal', tenantId: this.user.tenantId },
      channelData: this.channel
        ? { tenant: { id: this.user.tenantId }, team: { id: this.channel.teamId }, channel: { id: this.conversationId } }
        : { tenant: { id: this.user.tenantId } },
      locale: 'da-DK',
    };
  }

  async post(activity: Record<string, unknown>): Promise<TurnResult> {
    const before = this.connector.activities.length;
    const res = await fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    // Only what the bot sent in answer to this activity: replies name it, updates name the clicked card.
    const sent = this.connector.activities
      .slice(before)
      .filter((a) => (a.method === 'POST' && a.activityId === activity.id) || (a.method === 'PUT' && a.activityId === activity.replyToId));
    return { status: res.status, body, sent };
  }

  install(): Promise<TurnResult> {
    return this.post({
      ...this.base('conversationUpdate'),
      membersAdded: [{ id: BOT_ID }, { id: `29:${this.user.aadObjectId}`, aadObjectId: this.user.aadObjectId }],
    });
  }

  say(text: string): Promise<TurnResult> {
    return this.post({ ...this.base('message'), text, textFormat: 'plain' });
  }

  /** Clicks an Action.Execute: an `adaptiveCard/action` invoke with the card's data merged with the inputs. */
  execute(replyToId: string, action: CardAction, inputs: Record<string, string> = {}): Promise<TurnResult> {
    if (action.type !== 'Action.Execute') throw new Error(`not an Action.Execute: ${action.type}`);
    return this.post({
      ...this.base('invoke'),
      name: 'adaptiveCard/action',
      replyToId,
      value: { action: { type: 'Action.Execute', verb: action.verb, data: { ...(action.data ?? {}), ...inputs } }, trigger: 'manual' },
    });
  }

  /** Clicks the Action.Submit fallback: a message whose value is the data merged with the inputs. */
  submit(replyToId: string, action: CardAction, inputs: Record<string, string> = {}): Promise<TurnResult> {
    const submit = action.type === 'Action.Submit' ? action : action.fallback;
    if (!submit || submit.type !== 'Action.Submit') throw new Error('the action has no Action.Submit fallback');
    return this.post({ ...this.base('message'), replyToId, value: { ...(submit.data ?? {}), ...inputs } });
  }
}

/** The Adaptive Card content of a recorded activity (first attachment), or null. */
export function cardOf(activity: RecordedActivity | { activity: RecordedActivity['activity'] } | undefined): CardJson | null {
  const attachment = activity?.activity.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  return (attachment?.content as CardJson | undefined) ?? null;
}

/** The card of an invoke response body (`{ statusCode, type, value }`). */
export function invokeCard(body: unknown): CardJson | null {
  const b = body as { type?: string; value?: unknown } | null;
  return b && b.type === 'application/vnd.microsoft.card.adaptive' ? (b.value as CardJson) : null;
}

/** Every action in a card (top-level and nested in containers/action sets). */
export function actionsOf(card: CardJson): CardAction[] {
  const found: CardAction[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.type === 'string' && n.type.startsWith('Action.')) found.push(n as unknown as CardAction);
    for (const [k, v] of Object.entries(n)) if (k !== 'fallback') walk(v);
  };
  walk(card);
  return found;
}

export function actionByVerb(card: CardJson, verb: string): CardAction {
  const action = actionsOf(card).find((a) => a.verb === verb || a.data?.verb === verb);
  if (!action) throw new Error(`no action with verb ${verb} in card: ${JSON.stringify(card).slice(0, 400)}`);
  return action;
}

/** Every input id in a card. */
export function inputIdsOf(card: CardJson): string[] {
  const ids: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string') ids.push(n.id);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return ids;
}

/** All text shown in a card (TextBlock texts, fact titles/values, RichText runs), for assertions. */
export function textOf(card: CardJson | null): string {
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'value', 'label']) if (typeof n[key] === 'string') parts.push(n[key] as string);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return parts.join('\n');
}

/** The current values of a card's inputs (what Teams would send if the user changed nothing). */
export function inputValuesOf(card: CardJson): Record<string, string> {
  const values: Record<string, string> = {};
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string')
      values[n.id] = typeof n.value === 'string' ? n.value : '';
    Object.values(n).forEach(walk);
  };
  walk(card);
  return values;
}
