/**
 * The leader's view of a safety case (issue 12, "Safety first, really"), with two people in two
 * Playgrounds against one bot. Hanne Lykke (leader of Fjordbakkeskolen) has the app open. Lise Bruun
 * (teacher at Fjordbakkeskolen) starts a concern, ticks "Vold" and answers that the child is in
 * acute danger: she sees the safeguarding card with how to notify the municipality and "Jeg har
 * underrettet". Hanne gets the safety alert with "Åbn sagen", types "sager på skolen" (the case is
 * marked "Sikkerhed"), opens the case (the signs, the acute answer, who flagged it and when, the
 * alert, "Ikke registreret", and a leader's buttons), and presses "Registrér underretning": the card
 * is replaced by the confirmation with the date. Every card is screenshotted and its height measured.
 */
import path from 'node:path';
import { PLAYGROUND_PEOPLE } from '../../../src/cli/playground.js';
import { REPO_ROOT } from '../support/env.js';
import { measureCardHeight } from '../support/height.js';
import { fillQuestion, startIntake, type PlannedAnswer } from '../support/intake.js';
import type { Card, PlaygroundUI } from '../support/playground.js';
import { waitUntil } from '../support/processes.js';
import type { Scenario } from '../support/result.js';

export const PSEUDONYM = 'S.K., 1.A';
const FLAGGED: readonly PlannedAnswer[] = [
  { label: 'Initialer og klasse', fill: PSEUDONYM },
  { label: 'Beskriv kort bekymringen', fill: 'S.K. har blå mærker på armene og siger, at det gør ondt at sidde ned' },
  { label: 'Handler bekymringen om', choose: 'Et barn' },
  { label: 'Hvad drejer bekymringen sig om', choose: ['Trivsel'] },
  { label: 'ikke er i sikkerhed', choose: ['Vold'] },
  { label: 'akut fare', choose: 'Ja' },
  { label: 'barnets hjem', choose: 'Nej' },
];
const SAFEGUARDING = /Sådan underretter du kommunen/;
const QUESTION = /Indsatsguiden · Spørgsmål \d+/;

const relative = (file: string) => path.relative(REPO_ROOT, file);
const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();
/** A card's buttons: its Action.Execute buttons and its links (an Action.OpenUrl is rendered as a link). */
const buttons = async (card: Card) =>
  [...(await card.locator.getByRole('button').allInnerTexts()), ...(await card.locator.getByRole('link').allInnerTexts())]
    .map(normalize)
    .filter(Boolean);
const personIndex = (givenName: string) => {
  const index = PLAYGROUND_PEOPLE.findIndex((p) => p.givenName === givenName);
  if (index < 0) throw new Error(`${givenName} is not among the Playground's people`);
  return index;
};

/** Answers question cards until the safeguarding card arrives; returns it. */
async function flag(ui: PlaygroundUI, first: Card): Promise<Card> {
  let card = first;
  for (let i = 0; i < 6; i++) {
    await fillQuestion(ui, card, FLAGGED);
    const since = await ui.cardCount();
    await ui.clickCardButton('Svar', card);
    const next = await ui.waitForCard(new RegExp(`${QUESTION.source}|${SAFEGUARDING.source}`), { since });
    if (SAFEGUARDING.test(next.text)) return next;
    card = next;
  }
  throw new Error('no safeguarding card after six questions');
}

const sikkerhedLeder: Scenario = async (h) => {
  const shots: Record<string, string> = {};
  const heights: Record<string, number> = {};
  const leader = await h.step("open Hanne's Playground (the leader)", () => h.openPlayground({ user: personIndex('Hanne') }));
  const teacher = await h.step("open Lise's Playground (the teacher)", () => h.openPlayground({ user: personIndex('Lise') }));

  const first = await h.step('the teacher types "ny bekymring"', () => startIntake(teacher));
  const safeguarding = await h.step('the teacher flags violence and acute danger', () => flag(teacher, first));
  shots.teacherSafeguarding = relative(await teacher.screenshot('teacher-safeguarding', { card: safeguarding }));
  heights.teacherSafeguarding = await measureCardHeight(teacher, safeguarding);

  const alert = await h.step('the leader gets the safety alert', () =>
    leader.waitForCard(/Bekymring for et barns sikkerhed/, { timeoutMs: 30_000 }),
  );
  shots.alert = relative(await leader.screenshot('leader-alert', { card: alert }));

  const list = await h.step('the leader types "sager på skolen"', async () => {
    const since = await leader.cardCount();
    await leader.sendText('sager på skolen');
    return leader.waitForCard(/Sager på Fjordbakkeskolen/, { since });
  });
  shots.list = relative(await leader.screenshot('leader-case-list', { card: list }));

  const caseCard = await h.step('the leader opens the case', async () => {
    const since = await leader.cardCount();
    await leader.clickCardButton('Åbn', list);
    return leader.waitForCard(/Sikkerhed først/, { since });
  });
  shots.caseCard = relative(await leader.screenshot('leader-case', { card: caseCard }));
  heights.caseCard = await measureCardHeight(leader, caseCard);
  const caseButtons = await buttons(caseCard);

  const recorded = await h.step('the leader presses "Registrér underretning"', async () => {
    await leader.clickCardButton('Registrér underretning', caseCard);
    return waitUntil(
      'the case card replaced by the confirmation',
      async () => {
        const text = await leader.cardText(caseCard);
        return /Underretningen er registreret/.test(text) ? text : undefined;
      },
      { timeoutMs: leader.cardTimeoutMs, child: leader.child },
    );
  });
  shots.recorded = relative(await leader.screenshot('leader-recorded', { card: caseCard }));
  shots.leaderConversation = relative(await leader.screenshot('leader-conversation'));

  return {
    safeguarding: { text: safeguarding.text, buttons: await buttons(safeguarding) },
    alert: { text: alert.text, buttons: await buttons(alert) },
    list: { text: list.text },
    caseCard: { text: caseCard.text, buttons: caseButtons },
    recorded: { text: recorded },
    heights,
    shots,
  };
};

export default sikkerhedLeder;
