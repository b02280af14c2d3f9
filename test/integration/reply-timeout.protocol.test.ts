/**
 * Protocol test of a Bot Connector that never answers (issue 9, point 8): the turn's replies are
 * bounded by REPLY_TIMEOUT_SECONDS (default 8 s), so the turn ends well within the 15 s Teams
 * waits, and what the turn saved before replying stays saved. The real bot with its default
 * configuration; the teacher's answer is posted with a service URL whose connector accepts the
 * connection and never answers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import { startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import { TeamsUser, actionByVerb, cardOf, inputIdsOf } from '../support/teams.js';
import type { Bot } from '../../src/main.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
/** Teams gives up on the bot's answer after 15 s. */
const TEAMS_TIMEOUT_MS = 15_000;

/** A connector that takes every request and never answers; counts what it was sent. */
async function startSilentConnector(): Promise<FakeConnector & { requests: () => number }> {
  let requests = 0;
  const server = http.createServer(() => {
    requests++;
  });
  // Node's own limits would end the request after a minute or more; the connector just stays silent.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    activities: [],
    requests: () => requests,
    failNext: () => {
      throw new Error('the silent connector answers nothing');
    },
    clear: () => {},
    waitFor: () => Promise.reject(new Error('the silent connector records nothing')),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.each(storeTargets())('a Bot Connector that never answers, on $name', ({ make }) => {
  let store: StoreTarget;
  let connector: FakeConnector;
  let silent: Awaited<ReturnType<typeof startSilentConnector>>;
  let bot: Bot;
  let url: string;

  beforeAll(async () => {
    connector = await startFakeConnector();
    silent = await startSilentConnector();
    store = make();
    ({ bot, url } = await startTestBot(store));
  });
  afterAll(async () => {
    await bot?.stop();
    await silent?.close();
    await connector?.close();
    await store?.cleanup();
  });

  it('ends the turn well within 15 s, and the answer given in it is saved', async () => {
    const aad = crypto.randomUUID();
    const teacher = new TeamsUser(url, connector, { aadObjectId: aad, tenantId: TENANT });
    const start = await teacher.say('ny bekymring');
    const first = start.sent.at(-1)!;
    const firstCard = cardOf(first)!;
    const firstQuestions = inputIdsOf(firstCard);
    expect(firstQuestions).toContain('scope');

    // The same teacher in the same chat, but the connector of this turn never answers.
    const unheard = new TeamsUser(url, silent, { aadObjectId: aad, tenantId: TENANT }, teacher.conversationId);
    const began = Date.now();
    await Promise.race([
      unheard.execute(first.id, actionByVerb(firstCard, 'intake.answer'), {
        pseudonym: 'A.B., 4.B',
        scope: 'barn',
        areas: 'trivsel',
        safety: '',
      }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the turn was still running after 20 s')), 20_000)),
    ]);
    const took = Date.now() - began;
    expect(silent.requests()).toBeGreaterThan(0);
    // Teams needs the answer (for this invoke: the card that replaces the clicked one) within 15 s.
    expect(took).toBeLessThan(TEAMS_TIMEOUT_MS);

    // The answer was saved before the reply was attempted: resuming shows the next question.
    const resumed = await teacher.say('fortsæt');
    const card = cardOf(resumed.sent.at(-1));
    expect(card).not.toBeNull();
    expect(inputIdsOf(card!)).not.toContain('scope');
  }, 40_000);
});
