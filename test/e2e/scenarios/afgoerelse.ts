/**
 * A class teacher whose case about one child has gone the whole way to the PPV: plans for the
 * community and the child evaluated as helping only partly, sparring from PLC and the advisory team
 * that did not help enough, a network meeting held, and the PPV received. She clicks through the
 * intake to the leader's decision ("Udarbejd sagsfremstilling med partshøring, og træf afgørelse"),
 * presses "Lav udkast", writes the PPV's recommendations and both perspectives into the
 * sagsfremstilling, presses "Gem" and sees "Version 1" in place of the draft.
 */
import path from 'node:path';
import { REPO_ROOT } from '../support/env.js';
import { answerUntilRecommendation, readRecommendation, startIntake, type PlannedAnswer } from '../support/intake.js';
import { draftPlans, savePlan } from '../support/plans.js';
import type { Scenario } from '../support/result.js';

export const CHILD_AT_DECISION: readonly PlannedAnswer[] = [
  { label: 'Initialer og klasse', fill: 'E.F., 5.A' },
  { label: 'Beskriv kort bekymringen', fill: 'E.F. har svært ved at deltage i undervisningen og er ofte ude af klassen' },
  { label: 'Handler bekymringen om', choose: 'Et barn' },
  { label: 'Hvad drejer bekymringen sig om', choose: ['Trivsel'] },
  { label: 'tegn på, at barnet ikke er i sikkerhed', choose: [] },
  { label: 'Hvilke data', choose: ['Pædagogiske iagttagelser og observationer', 'Individuelle elevsamtaler'] },
  { label: 'drøftet bekymringen i teamet', choose: 'Ja' },
  { label: 'skriftlig mål- og indsatsplan', choose: 'Ja, både for læringsfællesskabet og for barnet' },
  { label: 'forældrene inddraget', choose: 'Forældrene er inddraget aktivt' },
  { label: 'Hvilke pædagogiske indsatser har I afprøvet', choose: ['Co-teaching'] },
  { label: 'Er planen fulgt op og evalueret', choose: 'Planen virker delvist' },
  { label: 'Hvem har I allerede fået sparring', choose: ['Vejleder fra PLC', 'Det rådgivende team (psykolog eller rådgiver)'] },
  { label: 'Hvad har sparringen og de nye indsatser givet', choose: 'Det virker ikke' },
  { label: 'Har der været holdt netværksmøde', choose: 'Ja' },
  { label: 'pædagogisk-psykologisk vurdering (PPV)', choose: 'Der foreligger en PPV' },
  { label: 'Hvad har skoleledelsen besluttet', choose: 'Der er ikke truffet en afgørelse endnu' },
];

export const SAGSFREMSTILLING = 'Sagsfremstilling med partshøring';
export const PPV_RECOMMENDATIONS = 'PPV’en anbefaler et mindre læringsfællesskab med faste voksne og tæt samarbejde med hjemmet.';
export const CHILD_VOICE = 'E.F. siger, at det er for larmende i klassen, og at han gerne vil have en fast voksen.';
export const PARENTS_VOICE = 'Forældrene ønsker et tilbud med ro og tydelige rammer.';

const relative = (file: string) => path.relative(REPO_ROOT, file);

const afgoerelse: Scenario = async (h) => {
  const ui = await h.step('open the Playground', () => h.openPlayground());
  const shots: Record<string, string> = {};

  const first = await h.step('type "ny bekymring"', () => startIntake(ui));
  const { questions, recommendation } = await h.step('answer the question cards', () =>
    answerUntilRecommendation(ui, first, CHILD_AT_DECISION),
  );
  const rec = readRecommendation(recommendation);
  shots.recommendation = relative(await ui.screenshot('recommendation', { card: recommendation }));

  const [draft] = await h.step('press "Lav udkast"', () => draftPlans(ui, recommendation, [SAGSFREMSTILLING]));
  const labels = await ui.inputLabels(draft!);
  const summary = await ui.inputValueInCard('Resumé', draft!);
  await h.step("fill the PPV's recommendations and the perspectives", async () => {
    await ui.fillInCard("PPV'ens anbefalinger", PPV_RECOMMENDATIONS, draft!);
    await ui.fillInCard('Barnets eget perspektiv', CHILD_VOICE, draft!);
    await ui.fillInCard('Forældrenes perspektiv', PARENTS_VOICE, draft!);
  });
  shots.draft = relative(await ui.screenshot('sagsfremstilling-draft', { card: draft! }));

  const saved = await h.step('press "Gem"', () => savePlan(ui, draft!));
  shots.saved = relative(await ui.screenshot('sagsfremstilling-saved', { card: saved.card }));

  return {
    questions,
    recommendation: rec,
    draft: { text: draft!.text, labels, summary },
    saved: {
      version: saved.version,
      replacedInPlace: saved.replacedInPlace,
      text: saved.card.text,
      ppvRecommendations: await ui.inputValueInCard("PPV'ens anbefalinger", saved.card).catch(() => null),
    },
    shots,
  };
};

export default afgoerelse;
