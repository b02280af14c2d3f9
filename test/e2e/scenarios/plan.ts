/**
 * A class teacher with a concern about one child: she clicks through the intake to "Udarbejd en
 * mål- og indsatsplan", presses "Lav udkast", fills in the child's and the parents' perspective on
 * the child's plan, presses "Gem" and sees the saved plan ("Version 1") in place of the draft.
 *
 * The path (test/fixtures/scenarios/ladder.json): a child, wellbeing, no signs of danger, observations
 * and pupil conversations (so the child has been heard: the bot does not ask), discussed in the
 * team, no plan yet, parents involved.
 */
import path from 'node:path';
import { REPO_ROOT } from '../support/env.js';
import { answerUntilRecommendation, readRecommendation, startIntake, type PlannedAnswer } from '../support/intake.js';
import { draftPlans, savePlan } from '../support/plans.js';
import type { Scenario } from '../support/result.js';

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

const plan: Scenario = async (h) => {
  const ui = await h.step('open the Playground', () => h.openPlayground());
  const shots: Record<string, string> = {};

  const first = await h.step('type "ny bekymring"', () => startIntake(ui));
  const { questions, recommendation } = await h.step('answer the question cards', () =>
    answerUntilRecommendation(ui, first, CHILD_NO_PLAN),
  );
  const rec = readRecommendation(recommendation);
  shots.recommendation = relative(await ui.screenshot('recommendation', { card: recommendation }));

  const [community, child] = await h.step('press "Lav udkast"', () => draftPlans(ui, recommendation, [COMMUNITY_PLAN, CHILD_PLAN]));
  const draftLabels = await ui.inputLabels(child!);
  const draft = {
    text: child!.text,
    labels: draftLabels,
    concern: await ui.inputValueInCard('Bekymringen', child!),
    dataBasis: await ui.inputValueInCard('Datagrundlag', child!),
    tovholder: await ui.inputValueInCard('Tovholder', child!),
    goal1: await ui.inputValueInCard('Mål 1', child!),
  };

  await h.step('fill the perspectives on the child plan', async () => {
    await ui.fillInCard('Barnets eget perspektiv', CHILD_VOICE, child!);
    await ui.fillInCard('Forældrenes perspektiv', PARENTS_VOICE, child!);
  });
  shots.draft = relative(await ui.screenshot('child-plan-draft', { card: child! }));

  const saved = await h.step('press "Gem"', () => savePlan(ui, child!));
  shots.saved = relative(await ui.screenshot('child-plan-saved', { card: saved.card }));
  shots.conversation = relative(await ui.screenshot('conversation'));

  return {
    questions,
    recommendation: rec,
    communityDraftText: community!.text,
    draft,
    saved: {
      version: saved.version,
      replacedInPlace: saved.replacedInPlace,
      text: saved.card.text,
      childVoice: await ui.inputValueInCard('Barnets eget perspektiv', saved.card).catch(() => null),
      parentsVoice: await ui.inputValueInCard('Forældrenes perspektiv', saved.card).catch(() => null),
    },
    shots,
  };
};

export default plan;
