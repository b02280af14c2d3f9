/**
 * Answering the intake's cards over the protocol, as a teacher clicks them: the protocol tests that
 * need a case at some step of the ladder get there the same way. The first card asks description,
 * scope and areas; safety has its own card; after the acute-danger answer the intake pauses on a
 * card with Fortsæt nu, which these helpers press.
 */
import type { RecordedActivity } from './connector.js';
import { actionByVerb, actionsOf, cardOf, inputIdsOf, type CardAction, type CardJson, type TeamsUser } from './teams.js';

export interface CardStep {
  card: CardJson | null;
  id: string;
}

/** The last card the bot sent in answer, and its activity id. */
export function lastCardOf(sent: RecordedActivity[]): CardStep {
  const activity = [...sent].reverse().find((a) => cardOf(a));
  return { id: activity?.id ?? '', card: cardOf(activity) };
}

/** A card's button that continues a paused intake (Fortsæt nu: intake.resume naming the case), or null. */
export function continueActionOf(card: CardJson): CardAction | null {
  return actionsOf(card).find((a) => a.verb === 'intake.resume' && a.data?.caseId !== undefined) ?? null;
}

/** The ids of a question card's inputs that are fields (a multi choice's folded part, `<field>More`, goes with its field). */
const fieldIdsOf = (card: CardJson) => inputIdsOf(card).filter((id) => !id.endsWith('More'));

/**
 * Answers the cards from `start` with `answers` (card input values) until a card without inputs,
 * the recommendation; on the safety pause it presses Fortsæt nu. `strict`: a question the answers do
 * not cover (other than the free text) fails the test, so the questions asked are part of what it
 * checks. Returns the card and the fields asked.
 */
export async function answerUntilRecommendation(
  user: TeamsUser,
  start: CardStep,
  answers: Readonly<Record<string, string>>,
  { strict = false }: { strict?: boolean } = {},
): Promise<{ card: CardJson; id: string; asked: string[] }> {
  let step = start;
  const asked: string[] = [];
  for (let i = 0; i < 25 && step.card; i++) {
    const resume = inputIdsOf(step.card).length === 0 ? continueActionOf(step.card) : null;
    if (resume) {
      step = lastCardOf((await user.execute(step.id, resume)).sent);
      continue;
    }
    if (inputIdsOf(step.card).length === 0) break;
    const fields = fieldIdsOf(step.card);
    asked.push(...fields);
    if (strict)
      for (const f of fields) if (!(f in answers) && f !== 'description') throw new Error(`asked ${f}, which the test does not answer`);
    const inputs = Object.fromEntries(fields.filter((f) => f in answers).map((f) => [f, answers[f]!]));
    step = lastCardOf((await user.execute(step.id, actionByVerb(step.card, 'intake.answer'), inputs)).sent);
  }
  if (!step.card) throw new Error('the intake ended without a card');
  return { card: step.card, id: step.id, asked };
}

/**
 * Types "ny bekymring" and returns the first card. While another concern is in progress the bot
 * asks first; this chooses "Start en ny bekymring".
 */
export async function startConcern(user: TeamsUser, command = 'ny bekymring'): Promise<CardStep> {
  const first = lastCardOf((await user.say(command)).sent);
  const anew = first.card && inputIdsOf(first.card).length === 0 ? actionsOf(first.card).find((a) => a.verb === 'intake.start') : undefined;
  return anew ? lastCardOf((await user.execute(first.id, anew)).sent) : first;
}

/**
 * Answers a concern's first card with `first`, the safety card with `safety` (signs of danger) and
 * acute danger with `acute`: the school's leaders are alerted then, and the intake pauses. Returns
 * the turn of the acute answer (its last card is the pause card with Fortsæt nu).
 */
export async function raiseSafety(
  user: TeamsUser,
  start: CardStep,
  first: Readonly<Record<string, string>>,
  safety: string,
  acute: 'true' | 'false' = 'false',
) {
  const safetyCard = lastCardOf((await user.execute(start.id, actionByVerb(start.card!, 'intake.answer'), { ...first })).sent);
  const acuteCard = lastCardOf((await user.execute(safetyCard.id, actionByVerb(safetyCard.card!, 'intake.answer'), { safety })).sent);
  return user.execute(acuteCard.id, actionByVerb(acuteCard.card!, 'intake.answer'), { acuteDanger: acute });
}

/**
 * A child in 4.B with everything a referral to PKU needs (ladder.md §5), as the cards' inputs:
 * `concernToRecommendation` with these answers ends at "Henvis til Pædagogisk Koordinationsudvalg".
 */
export const REFERRAL_CARD_ANSWERS: Readonly<Record<string, string>> = {
  team: 'fjordbakke/4b',
  scope: 'barn',
  areas: 'trivsel',
  safety: '',
  data: 'observationer,elevsamtale',
  teamDiscussed: 'true',
  plan: 'begge',
  parents: 'inddraget',
  tried: 'co-teaching',
  planEvaluated: 'delvist',
  advisers: 'plc,raadgivende-team',
  adviserEffect: 'virker-ikke',
  networkMeetingHeld: 'true',
  ppv: 'foreligger',
  leaderDecision: 'vidtgaaende',
  districtCouncil: 'true',
  consents: 'henvisning,ppv,distriktsraad',
  psychologistAgrees: 'true',
};
/** Starts a concern (see startConcern) and answers its cards until the recommendation. */
export async function concernToRecommendation(user: TeamsUser, answers: Readonly<Record<string, string>>, options?: { strict?: boolean }) {
  return answerUntilRecommendation(user, await startConcern(user), answers, options);
}
