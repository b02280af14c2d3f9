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
    // A greeting is answered with the welcome card, like the first contact.
    const welcome = identity.firstContact || isGreeting(text);
    setOutcome(context, welcome ? 'welcome' : 'unknown-text');
    await context.sendActivity(cardActivity(welcome ? welcomeCard(open) : notices.unknownCommand(open !== null, looksEnglish(text))));
  }
}

const words = (text: string): string[] =>
  text
    .normalize('NFC')
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w !== '');

/** Greetings, Danish and English: answered with the welcome card. */
const GREETINGS = new Set(['hej', 'hejsa', 'hey', 'hi', 'hello', 'hallo', 'halløj', 'goddag', 'godmorgen', 'davs', 'dav']);

/** Whether the text is only a greeting ("Hej!", "hej Indsatsguiden", "god morgen"). */
export function isGreeting(text: string): boolean {
  const ws = words(text).filter((w) => w !== 'indsatsguiden');
  if (ws.length === 0 || ws.length > 2) return false;
  if (ws.join(' ') === 'god morgen' || ws.join(' ') === 'good morning') return true;
  return ws.every((w) => GREETINGS.has(w) || w === 'there');
}

/** English words that Danish does not use: a line in English is added for whoever wrote them. */
const ENGLISH = new Set([
  'the',
  'what',
  'how',
  'is',
  'are',
  'you',
  'can',
  'please',
  'help',
  'with',
  'want',
  'need',
  'this',
  'my',
  'do',
  'does',
  'start',
  'new',
  'concern',
  'case',
]);

/** Whether the text looks English: at least two of its words are English words Danish does not use. */
export function looksEnglish(text: string): boolean {
  return words(text).filter((w) => ENGLISH.has(w)).length >= 2;
}
