/**
 * Keeps the full conversation reference of everyone who writes to or installs the bot, so later
 * features can reach them proactively, with its display names cleaned (storableReference).
 * Unchanged references are not rewritten on every turn.
 */
import { createHash } from 'node:crypto';
import { TurnContext } from 'botbuilder';
import type { ConversationRefRepository } from '../conversations/conversation-ref.repository.js';
import { storableReference } from '../conversations/storable-reference.js';
import type { Identity } from './activity.js';

/** How long a reference is trusted from memory before the database is asked again (another instance may have marked it unusable). */
const TRUST_MS = 5 * 60_000;

export class ConversationRefs {
  private readonly known = new Map<string, { hash: string; at: number }>();

  constructor(private readonly repo: ConversationRefRepository) {}

  static keyOf(identity: Identity): string {
    return identity.conversationType === 'personal'
      ? `user:${identity.actor.tenantId}:${identity.actor.userId}`
      : `conv:${identity.conversationId}`;
  }

  /**
   * Stores the reference when it is new, changed or was unusable. `firstContact`: the bot had never
   * heard from this conversation; `written`: the stored reference was (re)written, so messages
   * waiting for it can go out. `force` rewrites it whatever is known (an install).
   */
  async remember(
    context: TurnContext,
    identity: Identity,
    options: { force?: boolean } = {},
  ): Promise<{ firstContact: boolean; written: boolean }> {
    const key = ConversationRefs.keyOf(identity);
    // Compared and stored as it is kept: display names cleaned (no CPR number, no control characters).
    const sent = TurnContext.getConversationReference(context.activity);
    // The conversation's type as read (Teams' own words only), not as sent: it is stored.
    const reference = storableReference({ ...sent, conversation: { ...sent.conversation, conversationType: identity.conversationType } });
    const hash = hashOf(reference);
    const cached = this.known.get(key);
    if (!options.force && cached && cached.hash === hash && Date.now() - cached.at < TRUST_MS)
      return { firstContact: false, written: false };
    const existing = await this.repo.get(key);
    if (!options.force && existing && existing.usable && hashOf(existing.reference) === hash) {
      this.known.set(key, { hash, at: Date.now() });
      return { firstContact: false, written: false };
    }
    await this.repo.upsert({
      key,
      tenantId: identity.actor.tenantId,
      aadObjectId: identity.conversationType === 'personal' ? identity.actor.userId : null,
      conversationId: identity.conversationId,
      conversationType: identity.conversationType,
      reference,
    });
    this.known.set(key, { hash, at: Date.now() });
    return { firstContact: existing === null, written: true };
  }

  /**
   * A reference for a Teams channel the bot has not heard from (an adviser group's channel named in
   * the directory), built from this turn's: same service URL, bot and tenant, the channel as the
   * conversation. Posting to it starts a new thread in the channel. An existing one is kept.
   */
  async ensureChannel(context: TurnContext, tenantId: string, channelId: string): Promise<boolean> {
    const key = `conv:${channelId}`;
    if (await this.repo.get(key)) return false;
    const base = TurnContext.getConversationReference(context.activity);
    const reference = {
      channelId: base.channelId,
      serviceUrl: base.serviceUrl,
      bot: base.bot,
      locale: base.locale,
      conversation: { id: channelId, conversationType: 'channel', isGroup: true, tenantId },
    };
    await this.repo.upsert({ key, tenantId, aadObjectId: null, conversationId: channelId, conversationType: 'channel', reference });
    return true;
  }

  async forget(_context: TurnContext, identity: Identity): Promise<void> {
    const key = ConversationRefs.keyOf(identity);
    this.known.delete(key);
    await this.repo.remove(key);
  }
}

function hashOf(reference: unknown): string {
  return createHash('sha256').update(JSON.stringify(reference)).digest('hex');
}
