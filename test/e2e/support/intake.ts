/**
 * The intake as a teacher goes through it in Teams: start with "ny bekymring", answer each
 * question card by its visible labels, press "Svar", until the recommendation card arrives.
 *
 * Cards (the bot's templates in adaptive-cards/): every card of a case names it on its first line
 * ("Sag: A.B., 4.B …"; "Ny bekymring" on a first card without a pseudonym); a question card is
 * headed "Indsatsguiden · Spørgsmål N" and has the button "Svar"; once answered it is replaced in
 * place by a "✓ Spørgsmål N · …" card; the recommendation is headed "Indsatsguiden · Anbefalet
 * næste skridt", followed by the step title and the level. After the acute-danger answer the intake
 * pauses on a card with "Fortsæt nu" and "Fortsæt senere" (after "Ring 112 nu" and the duty to
 * notify); answerUntilRecommendation presses "Fortsæt nu". The tried-actions question folds the
 * actions that fit less behind "Vis flere" (a second input labelled "Flere indsatser").
 */
import type { Card, PlaygroundUI } from './playground.js';
import { waitUntil } from './processes.js';

/** How to answer one question, found by (part of) its visible label. */
export interface PlannedAnswer {
  label: string;
  /** Choice titles (or parts of them); [] leaves a multi choice empty. */
  choose?: string | readonly string[];
  /** Text for an Input.Text. */
  fill?: string;
}

export interface AskedQuestion {
  number: number;
  labels: string[];
  /** The clicked card was replaced in place by the "answered" card. */
  replacedInPlace: boolean;
  /** The first line of what replaced it. */
  replacedWith: string;
}

export interface Recommendation {
  title: string;
  level: string;
  text: string;
}

const QUESTION = /Indsatsguiden · Spørgsmål (\d+)/;
const RECOMMENDATION = /Indsatsguiden · Anbefalet næste skridt/;
/** The card the intake pauses on after the acute-danger answer. */
export const PAUSE = /Fortsæt senere/;
/** The label of a multi choice's folded part (behind "Vis flere"). */
const FOLDED = /^Flere indsatser/;
const REJECTED = /kunne ikke gemmes/;

const normalize = (s: string) => s.replace(/\s+/g, ' ').trim().toLocaleLowerCase('da');

export function questionNumber(card: Card): number {
  const match = QUESTION.exec(card.text);
  if (!match) throw new Error(`card ${card.index} is not a question card:\n${card.text}`);
  return Number(match[1]);
}

/** Types "ny bekymring" and returns the first question card. */
export async function startIntake(ui: PlaygroundUI, command = 'ny bekymring'): Promise<Card> {
  const since = await ui.cardCount();
  await ui.sendText(command);
  return ui.waitForCard(QUESTION, { since });
}

/** The choice titles (normalised) of the input labelled `label` on a card. */
async function choiceTitlesOf(card: Card, label: string): Promise<string[]> {
  const labels = card.locator.locator('label[id][for]');
  const texts = (await labels.allTextContents()).map(normalize);
  const index = texts.findIndex((t) => t.startsWith(normalize(label)));
  const forId = index < 0 ? null : await labels.nth(index).getAttribute('for');
  if (!forId) return [];
  return (await card.locator.locator(`[id="${forId}"] label[for]`).allTextContents()).map(normalize);
}

/**
 * Fills every input on a question card from the plan; an input the plan does not cover is an error.
 * A multi choice with a folded part ("Flere indsatser") takes its planned choices from both parts:
 * those not shown are chosen after pressing "Vis flere".
 */
export async function fillQuestion(ui: PlaygroundUI, card: Card, plan: readonly PlannedAnswer[]): Promise<string[]> {
  const labels = await ui.inputLabels(card);
  if (labels.length === 0) throw new Error(`question card ${card.index} has no inputs:\n${card.text}`);
  // While folded, the second input may not be rendered at all (or its label reads empty): the
  // button tells that it is there, and the card's one other input is the question it belongs to.
  const hasMore = (await card.locator.getByRole('button', { name: 'Vis flere', exact: true }).count()) > 0;
  const isFolded = (label: string) => FOLDED.test(label) || label.trim() === '';
  const main = hasMore ? labels.find((l) => !isFolded(l)) : undefined;
  for (const label of labels) {
    if (hasMore && isFolded(label)) continue;
    if (label === main) {
      const answer = plan.find((p) => normalize(label).includes(normalize(p.label)));
      if (!answer) throw new Error(`no planned answer for the question "${label}" (card ${card.index})`);
      const wanted = typeof answer.choose === 'string' ? [answer.choose] : [...(answer.choose ?? [])];
      const shown = await choiceTitlesOf(card, label);
      const here = wanted.filter((w) => shown.some((t) => t.includes(normalize(w))));
      const more = wanted.filter((w) => !here.includes(w));
      await ui.chooseInCard(label, here, card);
      if (more.length > 0) {
        await ui.clickCardButton('Vis flere', card);
        await ui.chooseInCard('Flere indsatser', more, card);
      }
      continue;
    }
    const matches = plan.filter((p) => normalize(label).includes(normalize(p.label)));
    if (matches.length !== 1) {
      throw new Error(
        matches.length === 0
          ? `no planned answer for the question "${label}" (card ${card.index})`
          : `several planned answers match the question "${label}": ${matches.map((m) => `"${m.label}"`).join(', ')}`,
      );
    }
    const answer = matches[0]!;
    if (answer.fill !== undefined) await ui.fillInCard(label, answer.fill, card);
    else if (answer.choose !== undefined) await ui.chooseInCard(label, answer.choose, card);
    else throw new Error(`the planned answer for "${answer.label}" has neither choose nor fill`);
  }
  return labels;
}

/**
 * Presses "Svar" on a question card and waits for what follows: the next question or the
 * recommendation (a card that arrived after the click). Fails with the card's text if the bot
 * rejected the answer.
 */
export async function submitQuestion(ui: PlaygroundUI, card: Card): Promise<{ next: Card; replacedWith: string }> {
  const since = await ui.cardCount();
  const asked = await ui.cardText(card);
  await ui.clickCardButton('Svar', card);
  const next = await ui.explainTimeout(
    waitUntil(
      `the card after question card ${card.index}`,
      async () => {
        const texts = await ui.cards().allInnerTexts();
        const clicked = texts[card.index] ?? '';
        if (REJECTED.test(clicked)) throw new Error(`the bot rejected the answer:\n${clicked}`);
        // The next card is sent during the turn, the clicked card's replacement is the turn's answer:
        // under load the page may show the first before the second. Wait for both.
        if (clicked === asked) return undefined;
        for (let i = texts.length - 1; i >= since; i--) {
          const text = texts[i]!;
          if (QUESTION.test(text) || RECOMMENDATION.test(text) || PAUSE.test(text)) return { index: i, locator: ui.cards().nth(i), text };
        }
        return undefined;
      },
      { timeoutMs: ui.cardTimeoutMs, child: ui.child, intervalMs: 150 },
    ),
  );
  const replacedWith = (await ui.cardText(card))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  return { next, replacedWith };
}

/** Presses "Fortsæt nu" on the safety pause and waits for the next question (or the recommendation). */
export async function continueNow(ui: PlaygroundUI, pause: Card): Promise<Card> {
  const since = await ui.cardCount();
  await ui.clickCardButton('Fortsæt nu', pause);
  return ui.waitForCard(new RegExp(`${QUESTION.source}|${RECOMMENDATION.source}`), { since });
}

export function isRecommendation(card: Card): boolean {
  return RECOMMENDATION.test(card.text);
}

export function readRecommendation(card: Card): Recommendation {
  const lines = card.text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const header = lines.findIndex((l) => RECOMMENDATION.test(l));
  if (header < 0) throw new Error(`card ${card.index} is not a recommendation:\n${card.text}`);
  return { title: lines[header + 1] ?? '', level: lines[header + 2] ?? '', text: card.text };
}

/**
 * Answers question cards from `first` on until the recommendation arrives. `onFilled` runs after a
 * card's inputs are filled and before "Svar" is pressed (for screenshots).
 */
export async function answerUntilRecommendation(
  ui: PlaygroundUI,
  first: Card,
  plan: readonly PlannedAnswer[],
  options: { onFilled?: (number: number, card: Card) => Promise<void>; maxQuestions?: number } = {},
): Promise<{ questions: AskedQuestion[]; recommendation: Card }> {
  const questions: AskedQuestion[] = [];
  let card = first;
  for (let asked = 0; asked < (options.maxQuestions ?? 25); asked++) {
    const number = questionNumber(card);
    const labels = await fillQuestion(ui, card, plan);
    await options.onFilled?.(number, card);
    const { next, replacedWith } = await submitQuestion(ui, card);
    questions.push({
      number,
      labels,
      // The answered card names the case on its first line, then "✓ Spørgsmål N · …".
      replacedInPlace: replacedWith.includes(`✓ Spørgsmål ${number} ·`),
      replacedWith,
    });
    if (isRecommendation(next)) return { questions, recommendation: next };
    card = PAUSE.test(next.text) ? await continueNow(ui, next) : next;
    if (isRecommendation(card)) return { questions, recommendation: card };
  }
  throw new Error(`no recommendation after ${questions.length} questions`);
}
