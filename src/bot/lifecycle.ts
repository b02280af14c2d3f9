/**
 * Who is acting, and the bot's place in their conversations: every turn resolves the user from the
 * activity (refused, with a card, outside the directory's tenant) and keeps the conversation
 * reference for proactive messages; an install (or the bot added to a chat) says hello once and
 * releases what waited for the person; an uninstall forgets the reference.
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { DirectoryLookup } from '../directory/lookup.js';
import type { ConcernService } from '../cases/concern.service.js';
import type { ConversationRefRepository } from '../conversations/conversation-ref.repository.js';
import { notices } from '../cards/index.js';
import { identityOf, type Identity } from './activity.js';
import { ConversationRefs } from './conversation-refs.js';
import { welcomeCardFor } from './commands.js';
import { actionResponse, answerInvoke } from './invokes.js';
import { cardActivity, setOutcome } from './reply.js';

export type TurnIdentity = Identity & { firstContact: boolean };

export interface LifecycleDeps {
  /** The concerns in progress, named on the welcome card. */
  concerns: ConcernService;
  refs: ConversationRefRepository;
  /** Local anonymous mode: no bot registration; identities may lack AAD ids. */
  anonymous: boolean;
  /** The organisation directory in use (reloadable): its tenant is the only one served. */
  directory: () => DirectoryLookup;
  /** Called when a person or channel can be reached (again): their waiting messages go out. */
  onReachable: (refKey: string) => Promise<void>;
}

export class Lifecycle {
  readonly refs: ConversationRefs;

  constructor(private readonly deps: LifecycleDeps) {
    this.refs = new ConversationRefs(deps.refs);
  }

  /** Resolves the user and records the conversation reference; answers and returns null when refused. */
  async who(context: TurnContext): Promise<TurnIdentity | null> {
    const identity = identityOf(context, this.deps.anonymous);
    if (!identity || !this.deps.directory().isKnownTenant(identity.actor.tenantId)) {
      setOutcome(context, 'refused');
      if (context.activity.type === ActivityTypes.Invoke) await answerInvoke(context, actionResponse(notices.tenantRefused()));
      else if (context.activity.type === ActivityTypes.Message) await context.sendActivity(cardActivity(notices.tenantRefused()));
      return null;
    }
    const { firstContact, written } = await this.refs.remember(context, identity);
    if (written) await this.deps.onReachable(ConversationRefs.keyOf(identity));
    return { ...identity, firstContact };
  }

  /** Installed in a personal chat (or the user added): say hello once. */
  async onMembersAdded(context: TurnContext): Promise<void> {
    const botId = context.activity.recipient?.id;
    const added = context.activity.membersAdded ?? [];
    if (!added.some((m) => m.id === botId)) return;
    const identity = await this.who(context);
    if (!identity) return;
    setOutcome(context, 'welcome');
    await context.sendActivity(cardActivity(await welcomeCardFor(this.deps, identity.actor)));
  }

  async onInstallationUpdate(context: TurnContext): Promise<void> {
    const action = (context.activity as { action?: string }).action ?? '';
    const identity = identityOf(context, this.deps.anonymous);
    if (!identity) return;
    if (!this.deps.directory().isKnownTenant(identity.actor.tenantId)) {
      setOutcome(context, 'refused');
      return;
    }
    if (action.startsWith('remove')) {
      await this.refs.forget(context, identity);
      setOutcome(context, 'uninstalled');
    } else {
      // A (re)install always rewrites the reference and releases what waited for this person.
      await this.refs.remember(context, identity, { force: true });
      await this.deps.onReachable(ConversationRefs.keyOf(identity));
      setOutcome(context, 'installed');
    }
  }
}
