/**
 * "Lav udkast" as a teacher presses it over the protocol: one plan at a time, the next one the step
 * calls for offered on the card as "Næste udkast: <titel>" (a `plan.draft` button with `templateId`).
 * `draftUntil` presses the button that drafts on a card (the recommendation's "Lav udkast") and then
 * each "Næste udkast" until the plan with the title is drafted, and returns the cards drawn in order.
 */
import { actionByVerb, actionsOf, cardOf, type CardJson, type TeamsUser, type TurnResult } from '../../support/teams.js';

export interface SentCard {
  card: CardJson;
  id: string;
}

/** The heading of a plan card: its title (the template's, the playbook's). */
export function planTitleOf(card: CardJson | null): string | null {
  let found: string | null = null;
  const walk = (node: unknown) => {
    if (found !== null || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as Record<string, unknown>;
    if (n.type === 'TextBlock' && n.style === 'heading' && typeof n.text === 'string') found = n.text;
    else Object.values(n).forEach(walk);
  };
  walk(card);
  return found;
}

/** The one card a turn sent. */
export function onlyCard(turn: TurnResult): SentCard {
  if (turn.sent.length !== 1) throw new Error(`expected one card, got ${turn.sent.length}`);
  return { card: cardOf(turn.sent[0])!, id: turn.sent[0]!.id };
}

/** The "Næste udkast" button of a plan card, if it has one. */
export const nextDraftOf = (card: CardJson) =>
  actionsOf(card).find((a) => a.verb === 'plan.draft' && typeof a.title === 'string' && a.title.startsWith('Næste udkast: '));

export async function draftUntil(user: TeamsUser, from: SentCard, title: string): Promise<SentCard[]> {
  const drawn = [onlyCard(await user.execute(from.id, actionByVerb(from.card, 'plan.draft')))];
  while (planTitleOf(drawn.at(-1)!.card) !== title) {
    const last = drawn.at(-1)!;
    const next = nextDraftOf(last.card);
    if (!next) throw new Error(`no draft titled "${title}"; drawn: ${drawn.map((d) => planTitleOf(d.card)).join(', ')}`);
    drawn.push(onlyCard(await user.execute(last.id, next)));
  }
  return drawn;
}
