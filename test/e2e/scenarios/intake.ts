/**
 * A class teacher in her personal chat with the bot: the welcome card on install, "ny bekymring",
 * the question cards answered by clicking, and the recommendation card.
 *
 * The short path (test/fixtures/scenarios/ladder.json): a learning community, social relations, no signs
 * of danger, no data yet → "Indsaml data om læringsfællesskabet og barnet" (Forebyggende indsats).
 */
import path from 'node:path';
import { REPO_ROOT } from '../support/env.js';
import { answerUntilRecommendation, readRecommendation, startIntake, type PlannedAnswer } from '../support/intake.js';
import type { Scenario } from '../support/result.js';

export const SHORT_PATH: readonly PlannedAnswer[] = [
  { label: 'Initialer og klasse', fill: '4.B' },
  { label: 'Beskriv kort bekymringen', fill: '4.B: mange konflikter i frikvartererne' },
  { label: 'Handler bekymringen om', choose: 'Et læringsfællesskab' },
  { label: 'Hvad drejer bekymringen sig om', choose: ['Sociale relationer'] },
  { label: 'tegn på, at barnet ikke er i sikkerhed', choose: [] },
  { label: 'Hvilke data', choose: [] },
];

const relative = (file: string) => path.relative(REPO_ROOT, file);

const intake: Scenario = async (h) => {
  const ui = await h.step('open the Playground', () => h.openPlayground());

  // The Playground installs the bot when the personal chat opens; the bot says hello once.
  const welcome = await h.step('welcome card on install', async () => {
    try {
      return await ui.waitForCard('Ny bekymring', { timeoutMs: 15_000 });
    } catch {
      return null;
    }
  });
  if (welcome) await ui.screenshot('welcome', { card: welcome });

  const first = await h.step('type "ny bekymring"', () => startIntake(ui));
  const firstLabels = await ui.inputLabels(first);
  const shots: Record<string, string> = {};

  const { questions, recommendation } = await h.step('answer the question cards', () =>
    answerUntilRecommendation(ui, first, SHORT_PATH, {
      // Each shot shows the card as the teacher filled it in, just before she presses "Svar".
      onFilled: async (number, card) => {
        if (number === 1) shots.firstQuestion = relative(await ui.screenshot('first-question', { card }));
        if (number === 2) shots.midQuestion = relative(await ui.screenshot('mid-question', { card }));
      },
    }),
  );
  shots.recommendation = relative(await ui.screenshot('recommendation', { card: recommendation }));
  shots.conversation = relative(await ui.screenshot('conversation'));

  return {
    welcomeOnInstall: welcome !== null,
    welcomeText: welcome?.text ?? null,
    firstQuestion: { labels: firstLabels },
    questions,
    recommendation: readRecommendation(recommendation),
    shots,
  };
};

export default intake;
