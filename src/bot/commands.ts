/**
 * What a user types. A command (src/cards/verbs.ts `commandVerbOf`: case, punctuation and the
 * bot's @mention do not matter) runs its verb like a click with no card data; "annullér" with
 * nothing open is said plainly, not as an error. A CPR number is refused without being stored,
 * logged or echoed. Anything else gets the welcome card on first contact, else the "unknown
 * command" card (both offer to continue an open case).
 */
import type { TurnContext } from 'botbuilder';
import type { Playbook } from '../domain/playbook.js';
import { containsCpr, CPR_REFUSAL } from '../domain/cpr.js';
import type { IntakeService } from '../cases/intake.service.js';
import type { CaseRepository } from '../cases/case.repository.js';
import { commandVerbOf, helpCard, notices, welcomeCard } from '../cards/index.js';
import { messageTextOf } from './activity.js';
import type { VerbRegistry } from './handlers.js';
import { openCaseInfo, outcomeReply } from './intake.js';
import type { TurnIdentity } from './lifecycle.js';
import { cardActivity, sendCards, setOutcome, type Handlers, type Replies } from './reply.js';

export interface CommandDeps {
  intake: IntakeService;
  cases: CaseRepository;
  playbook: Playbook;
}

export function helpHandlers(): Pick<Handlers, 'help.show'> {
  return {
    'help.show': async (turn) => {
      turn.outcome('help');
      return sendCards('Hjælp', helpCard());
    },
  };
}

export class Commands {
  constructor(
    private readonly deps: CommandDeps,
    private readonly verbs: VerbRegistry,
    private readonly replies: Replies,
  ) {}

  async onText(context: TurnContext, identity: TurnIdentity): Promise<void> {
    const { replies } = this;
    const text = messageTextOf(context.activity);
    if (text === null) {
      // Not text (a number, an object): nothing to read, so say what the bot does understand.
      setOutcome(context, 'unreadable-text');
      await replies.sendAll(context, [notices.unknownCommand((await openCaseInfo(this.deps, identity.actor)) !== null)]);
      return;
    }
    if (containsCpr(text)) {
      // Not stored, not logged, not echoed.
      setOutcome(context, 'cpr-refused');
      await replies.sendAll(context, [notices.cprRefused(CPR_REFUSAL)]);
      return;
    }
    // commandVerbOf drops the bot's @mention (<at>…</at>) itself.
    const command = commandVerbOf(text);
    if (command === 'intake.cancel') {
      const reply = await replies.guarded(context, async () => {
        const outcome = await this.deps.intake.cancel(identity.actor, null);
        // Typed "annullér" with nothing open is not an error: say so plainly.
        if (outcome.kind === 'not-found') return sendCards('', notices.nothingToCancel());
        const r = outcomeReply(outcome, context, this.deps.playbook);
        return { replace: null, toast: r.toast, send: r.replace ? [r.replace] : [] };
      });
      await replies.sendAll(context, reply.send);
      return;
    }
    if (command) {
      const reply = await replies.guarded(context, () => this.verbs.run(context, identity, command, {}));
      await replies.sendAll(context, reply.send);
      return;
    }
    const open = await openCaseInfo(this.deps, identity.actor);
    setOutcome(context, identity.firstContact ? 'welcome' : 'unknown-text');
    await context.sendActivity(cardActivity(identity.firstContact ? welcomeCard(open) : notices.unknownCommand(open !== null)));
  }
}
