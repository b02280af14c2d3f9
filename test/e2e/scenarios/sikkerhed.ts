/**
 * Safety first (issue 12): Lise Bruun, teacher in Indskoling at Fjordbakkeskolen, starts a concern
 * about a child. The first card asks description, scope and areas; the safety question comes alone
 * on the next card. She ticks "Vold", answers "Ja" to acute danger, and the intake pauses: "Ring 112
 * nu" first, then the duty to notify, then a card naming the school's leaders who were alerted
 * (Hanne Lykke and Per Damgaard), with "Fortsæt nu" and "Fortsæt senere", and no next question.
 * "Fortsæt nu" then asks the next question of the case. Every card is measured as rendered.
 */
import path from 'node:path';
import { REPO_ROOT } from '../support/env.js';
import { measureCardHeights, type CardHeight } from '../support/height.js';
import { PAUSE, continueNow, fillQuestion, startIntake, submitQuestion, type PlannedAnswer } from '../support/intake.js';
import type { Scenario } from '../support/result.js';

export const ACUTE_PATH: readonly PlannedAnswer[] = [
  { label: 'Initialer og klasse', fill: 'A.B., 2.A' },
  { label: 'Beskriv kort bekymringen', fill: 'A.B. har blå mærker på armene og siger, at hun ikke tør gå hjem.' },
  { label: 'Handler bekymringen om', choose: 'Et barn' },
  { label: 'Hvad drejer bekymringen sig om', choose: ['Trivsel'] },
  { label: 'tegn på, at barnet ikke er i sikkerhed', choose: ['Vold'] },
  { label: 'Er barnet i akut fare', choose: 'Ja' },
];

const relative = (file: string) => path.relative(REPO_ROOT, file);
const firstLine = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '') ?? '';
const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const sikkerhed: Scenario = async (h) => {
  const ui = await h.step('open the Playground', () => h.openPlayground());
  const shots: Record<string, string> = {};

  const first = await h.step('type "ny bekymring"', () => startIntake(ui));
  const firstLabels = await h.step('fill the first card', () => fillQuestion(ui, first, ACUTE_PATH));
  shots.first = relative(await ui.screenshot('first-card', { card: first }));
  const firstHeading = firstLine(await ui.cardText(first));

  const safety = (await h.step('answer the first card', () => submitQuestion(ui, first))).next;
  const safetyLabels = await h.step('tick "Vold" on the safety card', () => fillQuestion(ui, safety, ACUTE_PATH));
  shots.safety = relative(await ui.screenshot('safety-card', { card: safety }));

  const acute = (await h.step('answer the safety card', () => submitQuestion(ui, safety))).next;
  const acuteText = await ui.cardText(acute);
  const acuteLabels = await h.step('answer "Ja" to acute danger', () => fillQuestion(ui, acute, ACUTE_PATH));
  const since = await ui.cardCount();
  const { next: pause } = await h.step('answer the acute-danger card', () => submitQuestion(ui, acute));
  if (!PAUSE.test(pause.text)) throw new Error(`expected the pause card after the acute answer, got:\n${pause.text}`);
  // What arrived in this turn, in order (the clicked card is replaced in place, before `since`).
  const arrived: string[] = [];
  for (let i = since; i < (await ui.cardCount()); i++) arrived.push(await ui.cardText(i));
  shots.call112 = relative(
    await ui.screenshot('ring-112', { card: { index: since, locator: ui.cards().nth(since), text: arrived[0] ?? '' } }),
  );
  shots.pause = relative(await ui.screenshot('pause', { card: pause }));
  shots.conversation = relative(await ui.screenshot('conversation'));
  const heights: CardHeight[] = await h.step('measure every card', () => measureCardHeights(ui));

  const next = await h.step('press "Fortsæt nu"', () => continueNow(ui, pause));
  shots.next = relative(await ui.screenshot('next-question', { card: next }));

  return {
    first: { heading: firstHeading, labels: firstLabels },
    safety: { heading: firstLine(safety.text), labels: safetyLabels },
    acute: { heading: firstLine(acuteText), labels: acuteLabels, text: acuteText },
    arrived: arrived.map((text) => ({ heading: firstLine(text), lines: lines(text) })),
    pause: { text: await ui.cardText(pause) },
    next: { heading: firstLine(next.text), labels: await ui.inputLabels(next) },
    heights,
    shots,
  };
};

export default sikkerhed;
