/**
 * Plans as a teacher handles them in Teams: "Lav udkast" on the recommendation card posts one
 * prefilled plan card, the first template the step calls for, with the next offered as a button
 * ("Næste udkast: <titel>"); the teacher edits the fields and presses "Gem"; the card is replaced in
 * place by the saved plan ("Version N", and "Gemt – version N" by the button) or by the same plan
 * with errors under the fields ("Planen er ikke gemt").
 */
import type { Card, PlaygroundUI } from './playground.js';
import { waitUntil } from './processes.js';

const SAVED = /Version (\d+)/;
const REJECTED = /Planen er ikke gemt/;
/** The bot's notice when a case or plan is not the user's, or gone. */
const NOT_FOUND = /Sagen blev ikke fundet/;

const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();

export interface SaveOutcome {
  /** The card after the click (same position in the conversation). */
  card: Card;
  /** The saved version shown, or null when the bot answered with errors. */
  version: number | null;
  /** The card was replaced in place: no new card arrived and the clicked card changed. */
  replacedInPlace: boolean;
}

/**
 * Presses "Lav udkast" on the recommendation card, then "Næste udkast: <titel>" on each new plan
 * card, until one plan card per title has arrived (one card per press). Returns the plan cards in
 * the order of `titles`.
 */
export async function draftPlans(ui: PlaygroundUI, recommendation: Card, titles: readonly string[]): Promise<Card[]> {
  const found: Card[] = [];
  let from = recommendation;
  let button = 'Lav udkast';
  for (const title of titles) {
    const card = await draftOne(ui, from, button, title);
    found.push(card);
    from = card;
    button = `Næste udkast: ${titles[found.length] ?? ''}`;
  }
  return found;
}

/** Presses the button and waits for the one new plan card with the title. */
async function draftOne(ui: PlaygroundUI, from: Card, button: string, title: string): Promise<Card> {
  const since = await ui.cardCount();
  await ui.clickCardButton(button, from);
  return ui.explainTimeout(
    waitUntil(
      `the plan draft "${title}" after "${button}"`,
      async () => {
        const texts = await ui.cards().allInnerTexts();
        const fresh = texts.slice(since).map(normalize);
        if (fresh.some((t) => NOT_FOUND.test(t))) throw new Error(`the bot refused the draft:\n${fresh.join('\n')}`);
        // A plan card names its template in its heading; the "Næste udkast" button names the next one.
        const hits = fresh.flatMap((t, i) => (t.replace(/Næste udkast: .*$/, '').includes(title) ? [since + i] : []));
        if (hits.length > 1) throw new Error(`${hits.length} new cards contain "${title}"`);
        if (hits.length === 0) return undefined;
        const index = hits[0]!;
        return { index, locator: ui.cards().nth(index), text: texts[index]! };
      },
      { timeoutMs: ui.cardTimeoutMs, child: ui.child, intervalMs: 150 },
    ),
  );
}

/**
 * Presses "Gem" on a plan card and waits until the card is replaced: by the saved plan (a new
 * "Version N") or by the plan with errors. A refusal (no access, not found) is an error.
 */
export async function savePlan(ui: PlaygroundUI, card: Card): Promise<SaveOutcome> {
  const before = normalize(await ui.cardText(card));
  const versionBefore = SAVED.exec(before)?.[1] ?? null;
  const countBefore = await ui.cardCount();
  await ui.clickCardButton('Gem', card);
  const text = await ui.explainTimeout(
    waitUntil(
      `plan card ${card.index} to be replaced after "Gem"`,
      async () => {
        const now = await ui.cardText(card);
        const flat = normalize(now);
        if (flat === before) return undefined;
        if (NOT_FOUND.test(flat) && !SAVED.test(flat)) throw new Error(`the bot refused the save:\n${now}`);
        if (REJECTED.test(flat)) return now;
        const version = SAVED.exec(flat)?.[1];
        if (version !== undefined && version !== versionBefore) return now;
        return undefined;
      },
      { timeoutMs: ui.cardTimeoutMs, child: ui.child, intervalMs: 150 },
    ),
  );
  const flat = normalize(text);
  const version = REJECTED.test(flat) ? null : Number(SAVED.exec(flat)![1]);
  return {
    card: { index: card.index, locator: ui.cards().nth(card.index), text },
    version,
    replacedInPlace: (await ui.cardCount()) === countBefore,
  };
}
