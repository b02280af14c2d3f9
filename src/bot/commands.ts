/**
 * What a user types. A command (src/cards/verbs.ts `commandVerbOf`: case, punctuation and the
 * bot's @mention do not matter) runs its verb like a click with no card data; what the verb's
 * answer would put in place of a clicked card is sent as a new card, since there is none.
 * "ny bekymring for A.B. i 4.B" (or "ny for A.B., 4.B") starts a concern with the pseudonym filled
 * in on the first card. A CPR number is refused without being stored, logged or echoed. A greeting
 * gets the welcome card (a school leader's shows the leader's buttons; roles come from the
 * directory), and so does first contact; anything else gets the "unknown command" card (both offer
 * to continue an open case).
 */
import type { TurnContext } from 'botbuilder';
import type { Actor } from '../domain/actor.js';
import { containsIdentifier, IDENTIFIER_REFUSAL } from '../domain/identifiers.js';
import type { ConcernService } from '../cases/concern.service.js';
import type { DirectoryLookup } from '../directory/lookup.js';
import { commandVerbOf, helpCard, notices, welcomeCard, type Card } from '../cards/index.js';
import { messageTextOf } from './activity.js';
import { insightCommandOf } from './insight.input.js';
import { accessLogCommandOf } from './access-log.input.js';
import { eraseCommandOf } from './erasure.input.js';
import type { VerbRegistry } from './handlers.js';
import type { TurnIdentity } from './lifecycle.js';
import { cardActivity, sendCards, setOutcome, type CardData, type Handlers, type Replies } from './reply.js';

export interface CommandDeps {
  concerns: ConcernService;
  /** The organisation directory in use: whether the user leads a school (the welcome card's buttons). */
  directory: () => DirectoryLookup;
}

export function helpHandlers(): Pick<Handlers, 'help.show'> {
  return {
    'help.show': async (turn) => {
      turn.outcome('help');
      return sendCards('Hjælp', helpCard());
    },
  };
}

/** The welcome card for this user: their concern in progress (if any) and, for a school leader, the leader's buttons. */
export async function welcomeCardFor(deps: CommandDeps, actor: Actor): Promise<Card> {
  const open = await deps.concerns.inProgress(actor);
  const latest = open[0];
  const leader = deps.directory().rolesOf(actor.userId).leaderOf.length > 0;
  return welcomeCard(
    latest
      ? { updatedAt: latest.changedAt, questionNumber: latest.questionNumber ?? 1, pseudonym: latest.label.pseudonym, count: open.length }
      : null,
    null,
    { leader },
  );
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
    const open = async () => (await this.deps.concerns.inProgress(identity.actor)).length > 0;
    if (text === null) {
      // Not text (a number, an object): nothing to read, so say what the bot does understand.
      setOutcome(context, 'unreadable-text');
      await replies.sendAll(context, [notices.unknownCommand(await open())]);
      return;
    }
    // An id typed after "adgangslog", "indsigt" or "slet sag" (a UUID) is no phone or CPR number, though its digits may look like one.
    if (containsIdentifier(text.replace(TYPED_IDS, ' '))) {
      // Not stored, not logged, not echoed.
      setOutcome(context, 'cpr-refused');
      await replies.sendAll(context, [notices.cprRefused(IDENTIFIER_REFUSAL)]);
      return;
    }
    // commandVerbOf drops the bot's @mention (<at>…</at>) itself.
    const command = commandVerbOf(text);
    const pseudonym = command ? null : newConcernFor(text);
    // An administrator's command with words after it ("indsigt", "slet sag", "adgangslog").
    const admin = command || pseudonym !== null ? null : adminCommandOf(text);
    if (command || pseudonym !== null || admin !== null) {
      const reply = await replies.guarded(context, () =>
        admin !== null
          ? this.verbs.run(context, identity, admin.verb, admin.data)
          : this.verbs.run(context, identity, command ?? 'intake.start', pseudonym !== null ? { pseudonym } : {}),
      );
      // Typed, there is no clicked card to replace: its replacement comes as a new card.
      await replies.sendAll(context, [...(reply.replace ? [reply.replace] : []), ...reply.send], reply.markdown);
      return;
    }
    // A greeting is answered with the welcome card, like the first contact.
    const welcome = identity.firstContact || isGreeting(text);
    setOutcome(context, welcome ? 'welcome' : 'unknown-text');
    const card = welcome ? await welcomeCardFor(this.deps, identity.actor) : notices.unknownCommand(await open(), looksEnglish(text));
    await context.sendActivity(cardActivity(card));
  }
}

/**
 * The administrators' commands that take words after them, as their verb and data: "indsigt
 * <sags-id>" and "slet sag <sags-id>" (the id is the verb's `caseRef`), "adgangslog <sags-id | navn
 * | AAD-id>" (the words are its `query`); null when the text is none of them.
 */
export function adminCommandOf(text: string): { verb: 'admin.insight' | 'admin.erase' | 'admin.access-log'; data: CardData } | null {
  const insight = insightCommandOf(text);
  if (insight !== null) return { verb: 'admin.insight', data: { caseRef: insight } };
  const erase = eraseCommandOf(text);
  if (erase !== null) return { verb: 'admin.erase', data: { caseRef: erase } };
  const query = accessLogCommandOf(text);
  return query !== null ? { verb: 'admin.access-log', data: { query } } : null;
}

/** Case and AAD object ids (UUIDs), as an administrator types them after a command. */
const TYPED_IDS = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

const withoutMentions = (text: string) => text.normalize('NFC').replace(/<at>[^<]*<\/at>/gi, ' ');

/**
 * The pseudonym of "ny bekymring for A.B. i 4.B" ("ny bekymring for A.B., 4.B", "ny for A.B. 4.B",
 * "start om 4.B"), written as the first card writes it ("A.B., 4.B"); null when the text is not such
 * a command. The service checks it (PseudonymSchema); a CPR number was refused before this.
 */
export function newConcernFor(text: string): string | null {
  const match = /^\s*(?:ny bekymring|ny|start)\s+(?:for|om)\s+(.+?)[\s!?]*$/iu.exec(withoutMentions(text).replace(/\s+/g, ' '));
  if (!match) return null;
  const named = match[1]!.trim();
  // Initials, then the class after a comma, " i " or a space: "A.B. i 4.B" → "A.B., 4.B".
  const split = /^(.+?)\s*(?:,|\s+i\s+|\s)\s*(\d{1,2}\.?\s?[\p{L}]{0,2})$/iu.exec(named);
  return split ? `${split[1]!.replace(/[,\s]+$/u, '')}, ${split[2]}` : named;
}

const words = (text: string): string[] =>
  withoutMentions(text)
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
