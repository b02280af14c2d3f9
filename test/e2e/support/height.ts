/**
 * How tall the cards in a Playground are, measured as rendered (issue #12: "no card in the
 * Playground taller than 1,400 px at its default width with its sections folded").
 *
 * A card is a top-level `.ac-adaptiveCard` (see PlaygroundUI.cards()); the inner card of an
 * Action.ShowCard is also an `.ac-adaptiveCard`, but it is part of its card's height, so nested ones
 * are not measured on their own. The height is the element's bounding box at the page's current
 * width (the harness's default viewport, 1280 px), as the card is shown: sections behind
 * Action.ToggleVisibility or ShowCard are folded unless the user opened them. Measure before
 * opening any, or the measurement is not "folded by default". Hidden cards (no box) are skipped.
 */
import type { PlaygroundUI } from './playground.js';

/** The tallest a card may be at the Playground's default width with its sections folded. */
export const MAX_CARD_HEIGHT_PX = 1_400;

export interface CardHeight {
  /** Position among all `.ac-adaptiveCard` elements of the open conversation (ui.cards().nth(index)). */
  index: number;
  /** Rendered height in px, rounded up. */
  height: number;
  /** Rendered width in px, rounded (to show the width it was measured at). */
  width: number;
  /** The card's first line of text, to name it in a report. */
  title: string;
}

/** Measures every top-level card currently shown in the open conversation of `ui`, oldest first. */
export async function measureCardHeights(ui: PlaygroundUI): Promise<CardHeight[]> {
  return ui.cards().evaluateAll((elements) =>
    elements.flatMap((element, index) => {
      if (element.parentElement?.closest('.ac-adaptiveCard')) return [];
      const box = element.getBoundingClientRect();
      if (box.height === 0 && box.width === 0) return [];
      const firstLine = ((element as HTMLElement).innerText ?? '').split('\n').find((line) => line.trim() !== '') ?? '';
      return [{ index, height: Math.ceil(box.height), width: Math.round(box.width), title: firstLine.trim().slice(0, 80) }];
    }),
  );
}

/** The rendered height of one card (a `Card` from PlaygroundUI, or its index). */
export async function measureCardHeight(ui: PlaygroundUI, card: { index: number } | number): Promise<number> {
  const index = typeof card === 'number' ? card : card.index;
  const box = await ui.cards().nth(index).boundingBox();
  if (!box) throw new Error(`card ${index} is not rendered`);
  return Math.ceil(box.height);
}

/**
 * Measures every card shown and throws if any is taller than `maxPx` (default 1,400), naming each
 * such card with its height. Returns the measured heights so a test can report them.
 */
export async function assertCardsNotTallerThan(ui: PlaygroundUI, maxPx: number = MAX_CARD_HEIGHT_PX): Promise<CardHeight[]> {
  const heights = await measureCardHeights(ui);
  const tooTall = heights.filter((h) => h.height > maxPx);
  if (tooTall.length > 0) {
    throw new Error(
      `${tooTall.length} card(s) in ${ui.person.givenName}'s Playground are taller than ${maxPx} px: ` +
        tooTall.map((h) => `card ${h.index} "${h.title}" ${h.height} px (width ${h.width} px)`).join('; '),
    );
  }
  return heights;
}
