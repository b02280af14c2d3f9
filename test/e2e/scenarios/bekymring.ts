/**
 * Always know which child (issue 12), as a teacher sees it in her personal chat: "ny bekymring for
 * A.B. i 4.B" opens the first card with "A.B., 4.B" filled in; after the first answer, another
 * "ny bekymring" asks whether to continue A.B. ("Fortsæt med A.B., 4.B"); "annullér" asks first and
 * names the case, "Ja, annullér" cancels, and "Fortryd" opens it again at the same question. Every
 * card shown is measured (support/height.ts: at most 1,400 px at the default width).
 */
import path from 'node:path';
import { REPO_ROOT } from '../support/env.js';
import { measureCardHeights } from '../support/height.js';
import { questionNumber, startIntake } from '../support/intake.js';
import type { Scenario } from '../support/result.js';

const relative = (file: string) => path.relative(REPO_ROOT, file);

const bekymring: Scenario = async (h) => {
  const ui = await h.step('open the Playground', () => h.openPlayground());
  const shots: Record<string, string> = {};

  const first = await h.step('type "ny bekymring for A.B. i 4.B"', () => startIntake(ui, 'ny bekymring for A.B. i 4.B'));
  const pseudonym = await ui.inputValueInCard('Initialer og klasse', first);
  shots.firstCard = relative(await ui.screenshot('first-card-with-pseudonym', { card: first }));

  // The first card answered: the concern has answers now.
  const second = await h.step('answer the first card', async () => {
    const since = await ui.cardCount();
    const labels = await ui.inputLabels(first);
    if (labels.some((l) => l.includes('Beskriv kort bekymringen')))
      await ui.fillInCard('Beskriv kort bekymringen', 'Trækker sig i frikvartererne', first);
    await ui.chooseInCard('Handler bekymringen om', 'Et barn', first);
    await ui.chooseInCard('Hvad drejer bekymringen sig om', ['Trivsel'], first);
    if (labels.some((l) => l.includes('ikke er i sikkerhed'))) await ui.chooseInCard('ikke er i sikkerhed', [], first);
    await ui.clickCardButton('Svar', first);
    return ui.waitForCard(/Spørgsmål 2/, { since });
  });

  const prompt = await h.step('"ny bekymring" again asks first', async () => {
    const since = await ui.cardCount();
    await ui.sendText('ny bekymring');
    return ui.waitForCard('Du har en bekymring i gang for A.B., 4.B', { since });
  });
  shots.prompt = relative(await ui.screenshot('open-concern-prompt', { card: prompt }));

  const resumed = await h.step('"Fortsæt med A.B., 4.B"', async () => {
    const since = await ui.cardCount();
    await ui.clickCardButton('Fortsæt med A.B., 4.B', prompt);
    return ui.waitForCard(/Spørgsmål 2/, { since });
  });

  const confirm = await h.step('"annullér" asks first', async () => {
    const since = await ui.cardCount();
    await ui.sendText('annullér');
    return ui.waitForCard('Vil du annullere bekymringen for A.B., 4.B?', { since });
  });
  shots.confirm = relative(await ui.screenshot('cancel-confirm', { card: confirm }));

  const cancelledText = await h.step('"Ja, annullér"', async () => {
    await ui.clickCardButton('Ja, annullér', confirm);
    return (await ui.waitForCard('Bekymringen er annulleret', { since: confirm.index })).text;
  });
  const cancelled = await ui.lastCardWithButton('Fortryd');
  shots.cancelled = relative(await ui.screenshot('cancelled', { card: cancelled }));

  const restored = await h.step('"Fortryd"', async () => {
    const since = await ui.cardCount();
    await ui.clickCardButton('Fortryd', cancelled);
    return ui.waitForCard(/Spørgsmål 2/, { since });
  });
  shots.restored = relative(await ui.screenshot('restored-question', { card: restored }));
  shots.conversation = relative(await ui.screenshot('conversation'));
  const heights = await measureCardHeights(ui);

  return {
    pseudonym,
    firstCardText: first.text,
    secondNumber: questionNumber(second),
    promptText: prompt.text,
    resumedNumber: questionNumber(resumed),
    confirmText: confirm.text,
    cancelledText,
    restoredNumber: questionNumber(restored),
    heights,
    shots,
  };
};

export default bekymring;
