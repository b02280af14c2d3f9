/**
 * The one handler registry: a `Record<Verb, Handler>` over the verb table (src/cards/verbs.ts), so
 * a verb without a handler does not compile. The Action.Execute route, the Action.Submit fallback
 * and typed commands all run a verb through `VerbRegistry.run`.
 */
import type { TurnContext } from 'botbuilder';
import { VERB_NAMES, type Verb } from '../cards/index.js';
import { senderNameOf, type Identity } from './activity.js';
import type { ConversationRefs } from './conversation-refs.js';
import type { AccessLog } from '../access/access-log.js';
import { setOutcome, type CardData, type Handlers, type Reply, type VerbTurn } from './reply.js';

export const isVerb = (verb: string): verb is Verb => (VERB_NAMES as readonly string[]).includes(verb);

export class VerbRegistry {
  constructor(
    private readonly handlers: Handlers,
    private readonly refs: ConversationRefs,
    /** The access log: the handler runs in its turn scope; what its access checks decided is written after (src/access/access-log.ts). */
    private readonly accessLog?: AccessLog,
  ) {}

  /** Runs a verb's handler. The turn's outcome is the verb unless the handler names another. */
  run(context: TurnContext, identity: Identity, verb: Verb, data: CardData): Promise<Reply> {
    setOutcome(context, verb);
    const turn: VerbTurn = {
      context,
      actor: identity.actor,
      displayName: senderNameOf(context.activity),
      replyToId: context.activity.replyToId ?? null,
      outcome: (kind) => setOutcome(context, kind),
      ensureChannelRef: (channelId) => this.refs.ensureChannel(context, identity.actor.tenantId, channelId),
    };
    const handle = () => this.handlers[verb](turn, data);
    return this.accessLog ? this.accessLog.during(identity.actor, verb, handle) : handle();
  }
}
