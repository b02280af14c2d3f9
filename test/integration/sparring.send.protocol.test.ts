/**
 * A sparring send is one request whatever the card carries (issue 9), over the Bot Framework
 * protocol on both databases: twenty `sparring.send` without a form id (an older card, or a client
 * that leaves it out), one after the other and at once, post one request to the group's channel;
 * another request, deliberately, is a new one. Mette Kjær (teacher, 4.B, Fjordbakkeskolen) asks
 * Det rådgivende team – Distrikt Nord, which has a channel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import { actionByVerb, cardOf, invokeCard, textOf, TeamsUser, type CardAction } from '../support/teams.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { SparringRepository } from '../../src/sparring/sparring.repository.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const METTE = { aadObjectId: '1153f4b6-99f1-4c0d-94fd-862b111a2ad1', name: 'Mette Kjær' };
const CHANNEL = '19:nord-raadgivende-team@thread.tacv2';

describe.each(storeTargets())('sparring.send without a form id on $name', ({ make }) => {
  let store: StoreTarget;
  let database: Database;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  const mette = () => new TeamsUser(url, connector, { ...METTE, tenantId: TENANT }, `a:personal-${METTE.aadObjectId}`);

  beforeAll(async () => {
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, {}, new LogCapture(), { database, startJobs: false }));
    await mette().install();
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  it('twenty sends, one after the other and at once, post one request; another request is a new one', async () => {
    const start = (await mette().say('ny bekymring')).sent
      .map((a) => ({ id: a.id, card: cardOf(a) }))
      .reverse()
      .find((c) => c.card)!;
    const answer = actionByVerb(start.card!, 'intake.answer');
    const caseId = (answer.data as { caseId: string }).caseId;
    await mette().execute(start.id, answer, {
      pseudonym: 'X.Y., 4.B',
      scope: 'faellesskab',
      areas: 'socialt',
      safety: '',
      team: 'fjordbakke/4b',
    });

    const send: CardAction = { type: 'Action.Execute', verb: 'sparring.send', data: { caseId } }; // no formId
    const inputs = (summary: string) => ({ pool: 'raadgivende-team', helpKinds: 'kvalificering', wishedTime: 'snarest', summary });
    const values = inputs('Klassen 4.B har brug for hjælp til overgangene.');
    const oneByOne: string[] = [];
    for (let i = 0; i < 20; i++) oneByOne.push(textOf(invokeCard((await mette().execute('form', send, values)).body)));
    const atOnce = await Promise.all(Array.from({ length: 20 }, () => mette().execute('form', send, values)));
    for (const text of [...oneByOne, ...atOnce.map((a) => textOf(invokeCard(a.body)))]) expect(text).toContain('sendt');
    const requests = new SparringRepository(database);
    expect(await requests.listForCase(caseId)).toHaveLength(1);
    const before = connector.activities.length;
    await bot.jobs.dispatcher.runOnce();
    const posted = connector.activities
      .slice(before)
      .filter((a) => a.conversationId === CHANNEL && textOf(cardOf(a)).includes('X.Y., 4.B'));
    expect(posted).toHaveLength(1);

    // Another request, deliberately (another text), is a new one.
    const other = await mette().execute('form', send, inputs('Klassen 4.B har også brug for hjælp om morgenen.'));
    expect(textOf(invokeCard(other.body))).toContain('sendt');
    expect(await requests.listForCase(caseId)).toHaveLength(2);
  });
});
