/**
 * What the view models of the Adaptive Card templates in `adaptive-cards/` share: the bounds, the
 * zod building blocks, and how a case is named. Each feature's folder holds one zod schema per
 * template (registry.ts lists them). `renderCard` parses every view model with its schema before binding it, so a template never sees
 * a value it does not expect. An invalid view model is a programming error (the lead's mapping code
 * builds them), not a user error: the messages are for developers.
 *
 * The bounds below are what keeps every card under Teams' 28 KB: the `*.max.json` fixtures sit at
 * these limits, and the card tests check their size.
 */
import { z } from '../domain/zod.js';
import { isCalendarDate } from '../domain/plans/index.js';
import { clip } from './format.js';

/** JSON as a card holds it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** An Adaptive Card as sent to Teams (the attachment's `content`). */
export interface AdaptiveCardJson {
  type: 'AdaptiveCard';
  version: string;
  $schema?: string;
  body: { [key: string]: JsonValue }[];
  actions?: { [key: string]: JsonValue }[];
  [key: string]: JsonValue | undefined;
}

/** A card as the view builders return it. */
export type Card = AdaptiveCardJson;

export const LIMITS = {
  /** Headings, labels, a choice's title, a meeting's title. */
  title: 200,
  /** A question as asked. */
  question: 300,
  /** One line of a list (a reminder, a reason, a prerequisite, an error). */
  item: 300,
  /** A paragraph (why we ask, a notice's text, the consent note). */
  text: 1000,
  /** An answer as summarised (the first card joins four answers, the description among them). */
  answer: 2000,
  /** Lines in a list. */
  list: 12,
  /** Choices of one input (the playbook's pedagogical actions are the longest list). */
  choices: 40,
  /** Choices of each of the three inputs of the first card (the intake's enums: 2, 7 and 6 values). */
  startChoices: 12,
  /** A choice's value: an enum value or a playbook id, never with a comma (multi-select joins with commas). */
  choiceValue: 64,
  /** The free-text description's length bound that the card may announce. */
  description: 2000,
  /** Teams offered on the first card (a teacher's own teams). */
  teams: 20,
} as const;

export const title = z.string().trim().min(1).max(LIMITS.title);
export const item = z.string().trim().min(1).max(LIMITS.item);
export const list = (max: number = LIMITS.list) => z.array(item).max(max);

export const CaseRefSchema = z.strictObject({
  caseId: z.string().min(1).max(100),
  /** The case's version when the card was drawn: a card with an older seq is stale. */
  seq: z.number().int().nonnegative(),
});

export const ChoiceSchema = z.strictObject({
  title: z.string().trim().min(1).max(120),
  value: z
    .string()
    .min(1)
    .max(LIMITS.choiceValue)
    .regex(/^[^,\s]+$/, 'A choice value may hold neither commas nor white space'),
});
export type Choice = z.infer<typeof ChoiceSchema>;

export const choices = (min: number, max: number = LIMITS.choices) =>
  z
    .array(ChoiceSchema)
    .min(min)
    .max(max)
    .refine((cs) => new Set(cs.map((c) => c.value)).size === cs.length, { message: 'Choice values must be unique' });

/** Lines that may quote what a user sent (validation messages): blank lines dropped, each clipped, at most LIMITS.list. */
export const messageLines = z.array(z.string()).transform((xs) =>
  xs
    .map((x) => x.trim())
    .filter((x) => x !== '')
    .map((x) => clip(x, LIMITS.item))
    .slice(0, LIMITS.list),
);

export const errors = messageLines;

/** A short line: a title, a name, a date as Danish text. */
export const short = z.string().trim().min(1).max(120);

// The proactive, admin and sparring cards name a case by its pseudonym, never a child's name.

export const ref = z.string().min(1).max(100);
export const planRef = z.string().min(1).max(64);
export const personName = z.string().trim().min(1).max(80);
export const count = z.number().int().nonnegative();
export const isoDate = z.string().refine(isCalendarDate, { message: 'Expected a calendar date YYYY-MM-DD' });
/** The case's pseudonym, e.g. "A.B., 4.B"; null when the case has none. */
export const pseudonym = z.string().trim().min(1).max(60).nullable();
export type Fact = { title: string; value: string };

/** How a case without a pseudonym is named on these cards. */
export const NO_PSEUDONYM = '(uden kaldenavn)';
export const caseName = (p: string | null) => p ?? NO_PSEUDONYM;
/**
 * The line at the top of every card of a case, so the user always knows which child it is about:
 * "Sag: A.B., 4.B" (the pseudonym holds initials and class), with the team when known
 * ("Sag: A.B., 4.B · 4.B – Fjordbakkeskolen"). Bound by LIMITS.title.
 */
export function caseHeading(pseudonym: string | null, team: string | null = null): string {
  const line = team ? `Sag: ${caseName(pseudonym)} · ${team}` : `Sag: ${caseName(pseudonym)}`;
  return line.length > LIMITS.title ? `${line.slice(0, LIMITS.title - 1)}…` : line;
}
/** The facts whose value is known, in order. */
export const facts = (pairs: [string, string | null][]): Fact[] => pairs.flatMap(([title, value]) => (value ? [{ title, value }] : []));
