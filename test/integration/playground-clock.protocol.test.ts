/**
 * `npm run playground -- --at 2027-01-14T07:25` (issue 12): the real bot, started with the
 * environment the playground gives it (PLAYGROUND=on, PLAYGROUND_CLOCK_START) and no test clock,
 * runs on a clock that starts at that Copenhagen time: what is due by then is sent, what is due
 * later waits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import { TeamsUser } from '../support/teams.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { OutboxRepository } from '../../src/dispatch/outbox.repository.js';
import { personalRefKey } from '../../src/conversations/conversation-ref.repository.js';
import { playgroundBotEnv } from '../../src/cli/playground.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const HANNE = { aadObjectId: '236cee5c-70dc-43b6-beab-6914a28f3172', name: 'Hanne Lykke' };

describe.each(storeTargets())('the playground clock on $name', ({ make }) => {
  let store: StoreTarget;
  let database: Database;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;

  beforeAll(async () => {
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    const env = playgroundBotEnv({}, { as: null, at: '2027-01-14T07:25' }) as Record<string, string>;
    ({ bot, url } = await startTestBot(store, env, new LogCapture(), { database, startJobs: false }));
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  it('starts the bot at the given time, and the clock runs on from there', async () => {
    await new TeamsUser(url, connector, { ...HANNE, tenantId: TENANT }, `a:personal-${HANNE.aadObjectId}`).install();
    const outbox = new OutboxRepository(database);
    const message = (text: string, dueAt: string) =>
      outbox.enqueue({
        kind: 'message',
        tenantId: TENANT,
        recipientKey: personalRefKey(TENANT, HANNE.aadObjectId),
        recipientAadId: HANNE.aadObjectId,
        payload: { text },
        idempotencyKey: `playground-clock:${text}`,
        dueAt: new Date(dueAt),
      });
    await message('Før 07.25', '2027-01-14T06:24:00Z'); // 07:24 in Copenhagen
    await message('Efter 08.25', '2027-01-14T07:25:00Z'); // an hour after the clock's start
    const before = connector.activities.length;
    await bot.jobs.dispatcher.runOnce();
    const texts = connector.activities.slice(before).map((a) => a.activity.text);
    expect(texts).toEqual(['Før 07.25']);
  });
});
