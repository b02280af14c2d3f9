/**
 * Keeps the full conversation reference of everyone who writes to or installs the bot, so later
 * features can reach them proactively. Unchanged references are not rewritten on every turn.
 */
import { createHash } from 'node:crypto';
import { TurnContext } from 'botbuilder';
import type { ConversationRefRepository } from '../conversations/conversation-ref.repository.js';
import type { Identity } from './activity.js';

export class ConversationRefs {
  private readonly known = new Map<string, string>();

  constructor(private readonly repo: ConversationRefRepository) {}

  static keyOf(identity: Identity): string {
    return identity.conversationType === 'personal'
      ? `user:${identity.actor.tenantId}:${identity.actor.userId}`
      : `conv:${identity.conversationId}`;
  }

  /** Stores the reference; true when this is the first time the bot hears from this conversation. */
  async remember(context: TurnContext, identity: Identity): Promise<boolean> {
    const key = ConversationRefs.keyOf(identity);
    const reference = TurnContext.getConversationReference(context.activity);
    const hash = createHash('sha256').update(JSON.stringify(reference)).digest('hex');
    if (this.known.get(key) === hash) return false;
    const existing = await this.repo.get(key);
    await this.repo.upsert({
      key,
      tenantId: identity.actor.tenantId,
      aadObjectId: identity.conversationType === 'personal' ? identity.actor.userId : null,
      conversationId: identity.conversationId,
      conversationType: identity.conversationType,
      reference,
    });
    this.known.set(key, hash);
    return existing === null;
  }

  async forget(_context: TurnContext, identity: Identity): Promise<void> {
    const key = ConversationRefs.keyOf(identity);
    this.known.delete(key);
    await this.repo.remove(key);
  }
}
