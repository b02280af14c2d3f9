/**
 * Requests for sparring as a teacher and an adviser handle them in Teams, and the scenario
 * `sparring` (scenarios/sparring.ts runs it): Mette Kjær, class teacher in 4.B and Fjordbakkeskolen's
 * AKT adviser, clicks through a concern about one child, writes "mine sager", opens the case,
 * presses "Anmod om sparring", picks "AKT – Fjordbakkeskolen", writes a summary and presses "Send
 * anmodning". Then she opens the AKT group's channel (the directory's channel for the pool, which
 * is the Playground's team channel), finds the request posted there by the bot, presses "Jeg tager
 * den" and sees the card change to hers ("Du har taget anmodningen", "Afslut").
 *
 * Cards (adaptive-cards/): "mine sager" answers with a list whose cases have "Åbn"; the case card
 * ("Indsatsguiden · Sag") has "Anmod om sparring"; the form ("Indsatsguiden · Sparring") has
 * "Send anmodning" and is replaced in place by "Anmodningen om sparring er sendt"; the request
 * ("Indsatsguiden · Anmodning om sparring") has "Jeg tager den" while nobody has taken it.
 */
import path from 'node:path';
import { PLAYGROUND_PEOPLE, playgroundTeam } from '../../../src/cli/playground.js';
import { EXAMPLE_DIRECTORY_FILE, loadDirectory } from '../../../src/directory/load.js';
import { CHILD_NO_PLAN } from '../scenarios/plan.js';
import { REPO_ROOT } from './env.js';
import { answerUntilRecommendation, readRecommendation, startIntake, type PlannedAnswer } from './intake.js';
import type { Card, E2EHarness, PlaygroundUI } from './playground.js';
import { waitUntil } from './processes.js';
import type { Scenario } from './result.js';

/** The plan scenario's child concern, from a teacher with two teams: the case is 4.B's. */
export const CHILD_IN_4B: readonly PlannedAnswer[] = [...CHILD_NO_PLAN, { label: 'Hvilket team', choose: '4.B' }];

export const AKT_GROUP = 'AKT – Fjordbakkeskolen';
export const SPARRING_SUMMARY = 'A.B. trækker sig i frikvartererne. Vi vil gerne have hjælp til at se på fællesskabet i klassen.';
export const WISHED_TIME = 'uge 50, gerne tirsdag';

const CASE_LIST = /Mine sager/;
const CASE = /Indsatsguiden · Sag/;
const FORM = /Indsatsguiden · Sparring/;
const REQUEST = /Indsatsguiden · Anmodning om sparring/;
const SENT = /Anmodningen om sparring er sendt/;
/** What a claimant's card says after "Jeg tager den". */
const CLAIMED = /Du har taget anmodningen/;

const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();
const relative = (file: string) => path.relative(REPO_ROOT, file);

/** The Playground person who is an AKT adviser of Fjordbakkeskolen and a teacher there (Mette Kjær). */
export function aktAdviserIndex(): number {
  const directory = loadDirectory(EXAMPLE_DIRECTORY_FILE);
  const school = directory.schools.find((s) => s.id === 'fjordbakke');
  const akt = new Set((school?.akt.members ?? []).map((id) => id.toLowerCase()));
  const teachers = new Set((school?.teams ?? []).flatMap((t) => t.members.map((id) => id.toLowerCase())));
  const index = PLAYGROUND_PEOPLE.findIndex((p) => akt.has(p.aadObjectId) && teachers.has(p.aadObjectId));
  if (index < 0) throw new Error('no Playground person is both a teacher and an AKT adviser at Fjordbakkeskolen');
  return index;
}

/** Sends a command and waits for a new card matching `match` (a refusal card is shown in the error). */
async function command(ui: PlaygroundUI, text: string, match: RegExp): Promise<Card> {
  const since = await ui.cardCount();
  await ui.sendText(text);
  return ui.waitForCard(match, { since });
}

/** Presses a button that posts a new card and waits for it. */
async function pressForNewCard(ui: PlaygroundUI, card: Card, button: string, match: RegExp): Promise<Card> {
  const since = await ui.cardCount();
  await ui.clickCardButton(button, card);
  return ui.waitForCard(match, { since });
}

/** Presses a button on a card and waits until the card itself changed to match (replaced in place). */
/**
 * `replacedInPlace`: the clicked card itself (same place in the conversation) changed to match.
 * `newCards`: how many cards arrived besides (sending a request also brings the teacher her own
 * copy of it).
 */
async function pressForReplacement(
  ui: PlaygroundUI,
  card: Card,
  button: string,
  match: RegExp,
  what: string,
): Promise<{ card: Card; replacedInPlace: boolean; newCards: number }> {
  const before = normalize(await ui.cardText(card));
  const count = await ui.cardCount();
  await ui.clickCardButton(button, card);
  const text = await ui.explainTimeout(
    waitUntil(
      what,
      async () => {
        const now = await ui.cardText(card);
        return normalize(now) !== before && match.test(now) ? now : undefined;
      },
      { timeoutMs: ui.cardTimeoutMs, child: ui.child, intervalMs: 150 },
    ),
  );
  const replacedInPlace = match.test(await ui.cardText(card));
  return {
    card: { index: card.index, locator: ui.cards().nth(card.index), text },
    replacedInPlace,
    newCards: (await ui.cardCount()) - count,
  };
}

/**
 * Waits until the Playground pushed a new post by the bot to the channel (`createMessage` on its web
 * socket, conversation = the channel id) with a request card; returns the post's conversation id,
 * who posted it and the card's fallback text.
 */
async function channelPost(ui: PlaygroundUI, channelId: string): Promise<{ conversationId: string; from: string; fallbackText: string }> {
  return waitUntil(
    `the bot's post to the channel ${channelId}`,
    async () => {
      for (const frame of ui.transcript) {
        if (!frame.includes('"createMessage"') || !frame.includes('Anmodning om sparring')) continue;
        let parsed: {
          action?: string;
          actionConversationId?: string;
          message?: { from?: { id?: string }; attachments?: { content?: { fallbackText?: string } }[] };
        };
        try {
          parsed = JSON.parse(frame) as typeof parsed;
        } catch {
          continue; // a frame cut at 20,000 characters by the transcript
        }
        if (parsed.action !== 'createMessage' || parsed.actionConversationId !== channelId) continue;
        return {
          conversationId: parsed.actionConversationId,
          from: parsed.message?.from?.id ?? '',
          fallbackText: parsed.message?.attachments?.[0]?.content?.fallbackText ?? '',
        };
      }
      return undefined;
    },
    { timeoutMs: ui.cardTimeoutMs, child: ui.child, intervalMs: 150 },
  );
}

/** The visible button titles of a card. */
async function buttons(card: Card): Promise<string[]> {
  return (await card.locator.getByRole('button').allInnerTexts()).map(normalize).filter(Boolean);
}

export const sparringScenario: Scenario = async (h: E2EHarness) => {
  const user = aktAdviserIndex();
  const person = PLAYGROUND_PEOPLE[user]!;
  const { channel } = playgroundTeam(loadDirectory(EXAMPLE_DIRECTORY_FILE), person.aadObjectId);
  const ui = await h.step('open the Playground', () => h.openPlayground({ user }));
  const shots: Record<string, string> = {};

  const first = await h.step('type "ny bekymring"', () => startIntake(ui));
  const { questions, recommendation } = await h.step('answer the question cards', () => answerUntilRecommendation(ui, first, CHILD_IN_4B));

  const list = await h.step('type "mine sager"', () => command(ui, 'mine sager', CASE_LIST));
  const caseCard = await h.step('open the case', () => pressForNewCard(ui, list, 'Åbn', CASE));
  shots.case = relative(await ui.screenshot('case', { card: caseCard }));

  const form = await h.step('press "Anmod om sparring"', () => pressForNewCard(ui, caseCard, 'Anmod om sparring', FORM));
  const formLabels = await ui.inputLabels(form);
  await h.step('fill the request', async () => {
    await ui.chooseInCard('Hvem skal anmodningen gå til', AKT_GROUP, form);
    await ui.chooseInCard('Hvilken slags hjælp', ['Observation'], form);
    await ui.fillInCard('Ønsket tidspunkt', WISHED_TIME, form);
    await ui.fillInCard('Kort resumé', SPARRING_SUMMARY, form);
  });
  shots.form = relative(await ui.screenshot('request-form', { card: form }));
  const sent = await h.step('press "Send anmodning"', () =>
    pressForReplacement(ui, form, 'Send anmodning', SENT, `the form ${form.index} to be replaced by "Anmodningen om sparring er sendt"`),
  );
  shots.sent = relative(await ui.screenshot('request-sent', { card: sent.card }));

  // The bot posts to the channel on its own (the person has not opened it): the Playground pushes the post to the page.
  const pushed = await h.step('the bot posts the request to the channel', () => channelPost(ui, channel.id));
  await h.step(`open the channel "${channel.name}"`, () => ui.openChannel(channel.name));
  // Opening the channel installs the app there (installationUpdate, conversationUpdate), and the bot
  // greets the channel with its welcome card: wait for it, so that no post arrives between finding
  // the request card and pressing its button (the cards are addressed by their place).
  await h.step('the bot greets the channel', () => ui.waitForCard(/Har du en bekymring/, { timeoutMs: 30_000 }));
  const posted = await h.step('see the request in the channel', () => ui.waitForCard(REQUEST, { timeoutMs: 30_000 }));
  // Teams may refresh the card for its viewer (Universal Actions): read it once it has settled.
  const open = await h.step('wait for "Jeg tager den"', () => ui.lastCardWithButton('Jeg tager den'));
  shots.channel = relative(await ui.screenshot('channel-request', { card: open }));
  const openButtons = await buttons(open);

  const claimed = await h.step('press "Jeg tager den"', () =>
    pressForReplacement(ui, open, 'Jeg tager den', CLAIMED, `the request card ${open.index} to show that she took it`),
  );
  shots.claimed = relative(await ui.screenshot('channel-claimed', { card: claimed.card }));
  shots.conversation = relative(await ui.screenshot('channel'));

  return {
    user: { index: user, name: `${person.givenName} ${person.surname}` },
    channel,
    questions,
    recommendation: readRecommendation(recommendation),
    caseText: caseCard.text,
    formText: form.text,
    formLabels,
    sent: { text: sent.card.text, replacedInPlace: sent.replacedInPlace, newCards: sent.newCards },
    pushed,
    posted: { text: posted.text, index: posted.index },
    open: { text: open.text, buttons: openButtons },
    claimed: {
      text: claimed.card.text,
      replacedInPlace: claimed.replacedInPlace,
      newCards: claimed.newCards,
      buttons: await buttons(claimed.card),
    },
    shots,
  };
};
