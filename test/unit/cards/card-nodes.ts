/** Walking a card's JSON in the card tests: every object in it, its text blocks, its facts. */
import type { AdaptiveCardJson } from '../../../src/cards/index.js';

export type Node = { [key: string]: unknown };

/** Every object in `value`, depth first, `value` itself included. */
export function nodes(value: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(value)) value.forEach((v) => nodes(v, out));
  else if (typeof value === 'object' && value !== null) {
    out.push(value as Node);
    Object.values(value).forEach((v) => nodes(v, out));
  }
  return out;
}

/** The `text` of every element in the card's body. */
export const texts = (card: AdaptiveCardJson) => nodes(card.body).flatMap((n) => (typeof n.text === 'string' ? [n.text] : []));

/** Every fact in the card's body, title → value. */
export const facts = (card: AdaptiveCardJson) =>
  Object.fromEntries(
    nodes(card.body).flatMap((n) =>
      Array.isArray(n.facts) ? (n.facts as { title: string; value: string }[]).map((f) => [f.title, f.value]) : [],
    ),
  );
