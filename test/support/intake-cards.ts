/**
 * Answering the intake's cards over the protocol, as a teacher clicks them: the protocol tests that
 * need a case at some step of the ladder get there the same way.
 */
import type { RecordedActivity } from './connector.js';
import { actionByVerb, cardOf, inputIdsOf, type CardJson, type TeamsUser } from './teams.js';

export interface CardStep {
  card: CardJson | null;
  id: string;
}

/** The last card the bot sent in answer, and its activity id. */
export function lastCardOf(sent: RecordedActivity[]): CardStep {
  const activity = [...sent].reverse().find((a) => cardOf(a));
  return { id: activity?.id ?? '', card: cardOf(activity) };
}

/**
 * Answers the cards from `start` with `answers` (card input values) until a card without inputs,
 * the recommendation. `strict`: a question the answers do not cover (other than the free text) fails
 * the test, so the questions asked are part of what it checks. Returns the card and the fields asked.
 */
export async function answerUntilRecommendation(
  user: TeamsUser,
  start: CardStep,
  answers: Readonly<Record<string, string>>,
  { strict = false }: { strict?: boolean } = {},
): Promise<{ card: CardJson; id: string; asked: string[] }> {
  let step = start;
  const asked: string[] = [];
  for (let i = 0; i < 25 && step.card && inputIdsOf(step.card).length > 0; i++) {
    const fields = inputIdsOf(step.card);
    asked.push(...fields);
    if (strict)
      for (const f of fields) if (!(f in answers) && f !== 'description') throw new Error(`asked ${f}, which the test does not answer`);
    const inputs = Object.fromEntries(fields.filter((f) => f in answers).map((f) => [f, answers[f]!]));
    step = lastCardOf((await user.execute(step.id, actionByVerb(step.card, 'intake.answer'), inputs)).sent);
  }
  if (!step.card) throw new Error('the intake ended without a card');
  return { card: step.card, id: step.id, asked };
}

/** Starts a concern ("ny bekymring") and answers its cards until the recommendation. */
export async function concernToRecommendation(user: TeamsUser, answers: Readonly<Record<string, string>>, options?: { strict?: boolean }) {
  return answerUntilRecommendation(user, lastCardOf((await user.say('ny bekymring')).sent), answers, options);
}
