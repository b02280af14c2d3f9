/**
 * A class teacher with a concern about one child: she clicks through the intake to "Udarbejd en
 * mål- og indsatsplan", presses "Lav udkast" (the community plan comes, one card) and "Næste udkast:
 * Mål- og indsatsplan for barnet", fills in the child's and the parents' perspective on the child's
 * plan, presses "Gem" and sees the saved plan ("Version 1", "Gemt – version 1" by the button) in
 * place of the draft. The cards are measured as rendered: the child's plan with its sections folded
 * as drawn, opened and folded again by its "Baggrund" title, and every card shown at the end
 * (none may be taller than 1,400 px at the Playground's default width).
 *
 * The path (test/fixtures/scenarios/ladder.json): a child, wellbeing, no signs of danger, observations
 * and pupil conversations (so the child has been heard: the bot does not ask), discussed in the
 * team, no plan yet, parents involved.
 */
import path from 'node:path';
import { REPO_ROOT } from '../support/env.js';
import { answerUntilRecommendation, readRecommendation, startIntake, type PlannedAnswer } from '../support/intake.js';
import { draftPlans, savePlan } from '../support/plans.js';
import { assertCardsNotTallerThan, measureCardHeight, measureCardHeights } from '../support/height.js';
import type { Scenario } from '../support/result.js';
import type { Card } from '../support/playground.js';

export const CHILD_NO_PLAN: readonly PlannedAnswer[] = [
  { label: 'Initialer og klasse', fill: 'A.B., 4.B' },
  { label: 'Beskriv kort bekymringen', fill: 'A.B. trives ikke og trækker sig i frikvartererne' },
  { label: 'Handler bekymringen om', choose: 'Et barn' },
  { label: 'Hvad drejer bekymringen sig om', choose: ['Trivsel'] },
  { label: 'tegn på, at barnet ikke er i sikkerhed', choose: [] },
  { label: 'Hvilke data', choose: ['Pædagogiske iagttagelser og observationer', 'Individuelle elevsamtaler'] },
  { label: 'drøftet bekymringen i teamet', choose: 'Ja' },
  { label: 'skriftlig mål- og indsatsplan', choose: 'Nej, der er ingen plan endnu' },
  { label: 'forældrene inddraget', choose: 'Forældrene er inddraget aktivt' },
];

export const COMMUNITY_PLAN = 'Mål- og indsatsplan for læringsfællesskabet';
export const CHILD_PLAN = 'Mål- og indsatsplan for barnet';
export const CHILD_VOICE = 'A.B. siger, at frikvartererne er svære, fordi ingen vil lege med hende.';
export const PARENTS_VOICE = 'Forældrene oplever, at A.B. er ked af det efter skole, og vil gerne hjælpe.';

const relative = (file: string) => path.relative(REPO_ROOT, file);

/** Presses a folding section's title on a card (Action.ToggleVisibility: the title is a button). */
const toggleSection = (card: Card, title: string) => card.locator.getByRole('button', { name: title, exact: true }).click();

const plan: Scenario = async (h) => {
  const ui = await h.step('open the Playground', () => h.openPlayground());
  const shots: Record<string, string> = {};

  const first = await h.step('type "ny bekymring"', () => startIntake(ui));
  const { questions, recommendation } = await h.step('answer the question cards', () =>
    answerUntilRecommendation(ui, first, CHILD_NO_PLAN),
  );
  const rec = readRecommendation(recommendation);
  shots.recommendation = relative(await ui.screenshot('recommendation', { card: recommendation }));

  const [community, child] = await h.step('press "Lav udkast" and "Næste udkast"', () =>
    draftPlans(ui, recommendation, [COMMUNITY_PLAN, CHILD_PLAN]),
  );
  // Measured as drawn: the folding sections folded (the perspectives open: the team must write them).
  const heights = await h.step('measure the drafts', async () => ({
    community: await measureCardHeight(ui, community!),
    child: await measureCardHeight(ui, child!),
    childLabelsVisible: await child!.locator.locator('label[id][for]:visible').allInnerTexts(),
  }));
  shots.draftFolded = relative(await ui.screenshot('child-plan-draft-folded', { card: child! }));
  // The "Baggrund" title opens its section (Action.ToggleVisibility) and folds it again.
  const toggled = await h.step('open and fold "Baggrund"', async () => {
    const title = child!.locator.getByRole('button', { name: 'Baggrund', exact: true });
    await title.click();
    await child!.locator.getByLabel('Bekymringen').first().waitFor({ state: 'visible' });
    const opened = await measureCardHeight(ui, child!);
    await title.click();
    await child!.locator.getByLabel('Bekymringen').first().waitFor({ state: 'hidden' });
    return { opened, folded: await measureCardHeight(ui, child!) };
  });
  const draftLabels = await ui.inputLabels(child!);
  // The prefilled background and follow-up, read as the teacher reads them: opened by their titles, then folded again.
  const draft = await h.step('read the folded sections', async () => {
    for (const title of ['Baggrund', 'Opfølgning']) await toggleSection(child!, title);
    const read = {
      text: child!.text,
      labels: draftLabels,
      concern: await ui.inputValueInCard('Bekymringen', child!),
      dataBasis: await ui.inputValueInCard('Datagrundlag', child!),
      tovholder: await ui.inputValueInCard('Tovholder', child!),
      goal1: await ui.inputValueInCard('Mål 1', child!),
    };
    for (const title of ['Baggrund', 'Opfølgning']) await toggleSection(child!, title);
    return read;
  });

  await h.step('fill the perspectives on the child plan', async () => {
    await ui.fillInCard('Barnets eget perspektiv', CHILD_VOICE, child!);
    await ui.fillInCard('Forældrenes perspektiv', PARENTS_VOICE, child!);
  });
  shots.draft = relative(await ui.screenshot('child-plan-draft', { card: child! }));

  const saved = await h.step('press "Gem"', () => savePlan(ui, child!));
  shots.saved = relative(await ui.screenshot('child-plan-saved', { card: saved.card }));
  shots.conversation = relative(await ui.screenshot('conversation'));
  // No card of the conversation is taller than 1,400 px (throws, naming the card, if one is).
  const all = await h.step('measure every card', async () => {
    const measured = await measureCardHeights(ui);
    await assertCardsNotTallerThan(ui);
    return measured;
  });
  const savedHeight = await measureCardHeight(ui, saved.card);
  // Saved and written, the perspectives fold with the rest: opened to read what was kept.
  await toggleSection(saved.card, 'Perspektiver');
  const childVoice = await ui.inputValueInCard('Barnets eget perspektiv', saved.card).catch(() => null);
  const parentsVoice = await ui.inputValueInCard('Forældrenes perspektiv', saved.card).catch(() => null);

  return {
    questions,
    recommendation: rec,
    communityDraftText: community!.text,
    draft,
    heights: { ...heights, toggled, saved: savedHeight, all },
    saved: {
      version: saved.version,
      replacedInPlace: saved.replacedInPlace,
      text: saved.card.text,
      childVoice,
      parentsVoice,
    },
    shots,
  };
};

export default plan;
