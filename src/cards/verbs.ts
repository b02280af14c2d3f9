/**
 * Every verb the bot answers, written once. A verb arrives from a card's button (Action.Execute
 * `verb`, or `data.verb` in the Action.Submit fallback) or from a typed command. From this one
 * table come the verbs the card schemas accept on buttons, the keys each button's `data` carries,
 * the typed commands and their words, the help card's list and the app manifest's command list.
 * The bot's handler table is a `Record<Verb, …>` over the same keys, so the compiler names a verb
 * without a handler.
 */

/** A typed command: the words that call it, and how the help card and Teams' command menu show it. */
export interface CommandSpec {
  /** The words a user may type (lower case, without punctuation); the first is the one shown. */
  readonly words: readonly [string, ...string[]];
  /** The help card's and the manifest's line; null: not listed (an admin's tool, or a word offered on the card where it applies). */
  readonly description: string | null;
  /** Where Teams offers it in the command menu besides the personal chat (with its line there). */
  readonly team?: string;
}

export interface VerbSpec {
  /**
   * The keys every button of this verb carries in its `data` (the handlers' parsers need them; more
   * may follow, e.g. a plan's `version`); null when no card carries the verb (typed only). `seq` is
   * the version the card was drawn at, where a stale card must be recognised; a reminder's buttons
   * name the plan and the evaluation date they were sent for instead; a sparring request's buttons
   * name the request and its `version` when the card was drawn.
   */
  readonly data: readonly string[] | null;
  /**
   * Keys a button of this verb may carry besides `data` (its handler reads them when present): a
   * "Fortsæt" naming the case to continue, a "Start en ny bekymring" that was asked first.
   */
  readonly optional?: readonly string[];
  readonly command?: CommandSpec;
}

export const VERBS = {
  'intake.start': {
    data: [],
    optional: ['anew', 'pseudonym'],
    command: { words: ['ny bekymring', 'ny', 'start'], description: 'Start en ny bekymring og find det rette trin på indsatstrappen' },
  },
  'intake.resume': {
    data: [],
    optional: ['caseId'],
    command: { words: ['fortsæt', 'fortsaet', 'fortsat'], description: 'Fortsæt, hvor du slap' },
  },
  'intake.answer': { data: ['caseId', 'seq'] },
  'intake.back': { data: ['caseId', 'seq'] },
  /** Fortsæt senere on the safety pause: the card says the case is saved and how to continue. */
  'intake.later': { data: ['caseId'] },
  'intake.cancel': {
    data: ['caseId', 'seq'],
    command: { words: ['annullér', 'annuller', 'annullèr', 'annullere', 'stop'], description: 'Annullér den igangværende bekymring' },
  },
  /** "Ja, annullér" on the card that asks first: cancels the case if it has not changed since. */
  'intake.cancel.confirm': { data: ['caseId', 'seq'] },
  /** "Fortryd" on the cancelled card, or typed: reopens a cancelled concern within the undo window (src/domain/undo.ts). */
  'intake.undo': {
    data: ['caseId', 'seq'],
    // Not in the help card or Teams' menu: it is offered on the cancelled card, where it applies.
    command: { words: ['fortryd', 'fortryd annullering', 'fortryd annulleringen'], description: null },
  },
  'help.show': {
    data: [],
    command: {
      words: ['hjælp', 'hjaelp', 'help'],
      description: 'Se, hvad Indsatsguiden kan',
      team: 'Se, hvad Indsatsguiden kan i en kanal',
    },
  },
  'cases.list': {
    data: [],
    command: { words: ['mine sager', 'sager', 'mine sag'], description: 'Se dine sager, deres trin, planer og næste evaluering' },
  },
  'case.open': { data: ['caseId'] },
  'pku.form': { data: ['caseId', 'seq'] },
  'pku.record': { data: ['caseId', 'seq'] },
  /** "Afslut sag" on the case card opens the form; its "Afslut sag" closes the case (its owner or a leader of its school). */
  'case.close.form': { data: ['caseId', 'seq'] },
  'case.close': { data: ['caseId', 'seq'] },
  /** "Jeg har underrettet" / "Registrér underretning": the case's notification to the municipality (its owner or a leader of its school). */
  'safeguarding.notified': { data: ['caseId'] },
  'plan.open': { data: ['caseId', 'planId'] },
  'plan.draft': { data: ['caseId', 'seq'], optional: ['templateId'] },
  'plan.save': { data: ['caseId', 'planId', 'seq'] },
  'plan.evaluate': { data: ['caseId', 'planId'] },
  'plan.evaluation.save': { data: ['caseId', 'planId', 'seq'] },
  'plan.export': { data: ['caseId', 'planId'] },
  'cases.school': {
    data: [],
    command: { words: ['sager på skolen', 'sager paa skolen', 'skolens sager'], description: 'Skoleledere: alle skolens sager' },
  },
  'reminder.snooze': { data: ['planId', 'evaluationDate', 'kind'] },
  'reminder.done': { data: ['planId', 'evaluationDate'] },
  'admin.reload': { data: [], command: { words: ['genindlæs', 'genindlaes', 'genindlæs organisationsfilen'], description: null } },
  'admin.status': {
    data: [],
    command: {
      words: ['status', 'ikke nåbare', 'ikke naabare', 'administration'],
      description: 'Administratorer: hvem botten ikke kan nå, og beskeder, der fejlede',
    },
  },
  /**
   * "adgangslog <sags-id>" / "adgangslog <navn eller AAD-id>": administrators read the access log of
   * a case or a person (src/bot/access-log.ts). The words after the command are its `query`; the
   * status card's button carries them in its Input.Text `query`.
   */
  'admin.access-log': {
    data: [],
    optional: ['query'],
    command: { words: ['adgangslog', 'adgangsloggen'], description: null },
  },
  /**
   * "indsigt <sags-id>": administrators export everything stored about one case, as Markdown and
   * JSON (src/bot/insight.ts). The id after the command is its `caseRef` (commands.ts), or the
   * status card's Input.Text `caseRef`.
   */
  'admin.insight': { data: [], optional: ['caseRef'], command: { words: ['indsigt'], description: null } },
  /**
   * "slet sag <sags-id>": administrators erase one case now (src/bot/erasure.ts). It only asks: the
   * card that names the case has "Slet sagen permanent" (`admin.erase.confirm`, the case and its seq
   * when the card was drawn) and "Annullér" (`admin.erase.cancel`). `caseRef` as for "indsigt".
   */
  'admin.erase': { data: [], optional: ['caseRef'], command: { words: ['slet sag', 'slet sagen'], description: null } },
  'admin.erase.confirm': { data: ['caseId', 'seq'] },
  'admin.erase.cancel': { data: ['caseId'] },
  'sparring.draft': { data: ['caseId'] },
  'sparring.send': { data: ['caseId', 'formId'] },
  'sparring.claim': { data: ['requestId', 'version'] },
  'sparring.release': { data: ['requestId', 'version'] },
  'sparring.forward': { data: ['requestId', 'version'] },
  'sparring.close': { data: ['requestId', 'version'] },
  'sparring.reject': { data: ['requestId', 'version'] },
  'sparring.refresh': { data: ['requestId'] },
  'sparring.open': { data: ['requestId'] },
  'sparring.mine': {
    data: null,
    command: { words: ['mine anmodninger', 'mine anmodning'], description: 'Vejledere: de anmodninger om sparring, du har taget' },
  },
  'sparring.unclaimed': {
    data: null,
    command: {
      words: ['åbne anmodninger', 'aabne anmodninger', 'abne anmodninger'],
      description: 'Vejledere: gruppens anmodninger, som ingen har taget',
      team: 'Gruppens anmodninger om sparring, som ingen har taget',
    },
  },
} as const satisfies Record<string, VerbSpec>;

type Specs = typeof VERBS;
export type Verb = keyof Specs;
export const VERB_NAMES = Object.keys(VERBS) as Verb[];

/** Verbs that a card's button carries. */
export type CardVerb = { [V in Verb]: Specs[V]['data'] extends null ? never : V }[Verb];
export const CARD_VERBS = VERB_NAMES.filter((v): v is CardVerb => VERBS[v].data !== null);

/** Verbs that need no case: their buttons carry `data: {}` (and `{ verb }` in the fallback). */
export type CaselessVerb = { [V in CardVerb]: Specs[V]['data'] extends readonly [] ? V : never }[CardVerb];
export const CASELESS_VERBS = CARD_VERBS.filter((v): v is CaselessVerb => VERBS[v].data?.length === 0);

/** The keys a verb's buttons may carry besides their `data` keys. */
export const optionalDataKeysOf = (verb: Verb): readonly string[] => (VERBS[verb] as VerbSpec).optional ?? [];

/** The keys each card verb's buttons carry in their `data`. */
export const VERB_DATA_KEYS = Object.fromEntries(CARD_VERBS.map((v) => [v, VERBS[v].data])) as {
  readonly [V in CardVerb]: Specs[V]['data'];
};

/** Verbs a user can type. */
export type CommandVerb = { [V in Verb]: Specs[V] extends { command: CommandSpec } ? V : never }[Verb];
export const COMMAND_VERBS = VERB_NAMES.filter((v): v is CommandVerb => 'command' in VERBS[v]);
const commandOfVerb = (v: CommandVerb): CommandSpec => (VERBS[v] as { command: CommandSpec }).command;

/** The help card's (and the manifest's personal) list of commands, in the table's order. */
export const COMMANDS: readonly { verb: CommandVerb; command: string; description: string; team?: string }[] = COMMAND_VERBS.flatMap(
  (verb) => {
    const { words, description, team } = commandOfVerb(verb);
    return description === null ? [] : [{ verb, command: words[0], description, ...(team ? { team } : {}) }];
  },
);

/** Recognises a typed command: case-insensitive, punctuation and @mentions (`<at>…</at>`) removed. */
export function commandVerbOf(text: string | undefined): CommandVerb | null {
  if (!text) return null;
  const normalized = text
    .normalize('NFC')
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .toLowerCase()
    .replace(/[!?.,:;"'`´]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return COMMAND_VERBS.find((verb) => (commandOfVerb(verb).words as readonly string[]).includes(normalized)) ?? null;
}

/** The app manifest's `commandLists` (Teams' command menu): `appPackage/manifest.json` must hold exactly these. */
export function manifestCommandLists(): { scopes: string[]; commands: { title: string; description: string }[] }[] {
  return [
    { scopes: ['personal'], commands: COMMANDS.map((c) => ({ title: c.command, description: c.description })) },
    { scopes: ['team'], commands: COMMANDS.flatMap((c) => (c.team ? [{ title: c.command, description: c.team }] : [])) },
  ];
}
