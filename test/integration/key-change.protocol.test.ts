/**
 * A key change as the IT administrator does it, with the real bot restarted in the middle of a
 * teacher's intake, on both engines (issue 13, free text at rest): the bot on key test-2 stores the
 * concern; restarted with test-1 current and test-2 in ENCRYPTION_PREVIOUS_KEYS it resumes the same
 * question and an old card still answers; after the rotation (src/db/key-rotation.ts, the code of
 * `npm run keys -- rotate`) the bot runs on test-1 alone and the concern reads as written. A double
 * click on the old card changes nothing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import { TeamsUser, actionByVerb, cardOf, inputIdsOf, invokeCard, textOf, type TurnResult } from '../support/teams.js';
import { TEST_KEY, TEST_KEY_2 } from '../support/keys.js';
import { keyStatus, rotateKeys } from '../../src/db/key-rotation.js';
import { KeyRing, keyIdOf, sealedStrings } from '../../src/db/sealing.js';
import type { Bot } from '../../src/main.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const TEACHER = 'a1b2c3d4-0000-4000-8000-00000000c0de';
/** A colleague whose concern nobody touches after the key change: only the rotation moves it to the new key. */
const COLLEAGUE = 'a1b2c3d4-0000-4000-8000-00000000c0df';
const DESCRIPTION = 'Pigen i 4.B græder i frikvarteret og siger, at ingen vil lege med hende.';

const lastCard = (r: TurnResult) => ({ card: cardOf(r.sent.at(-1)), id: r.sent.at(-1)?.id ?? '' });

describe.each(storeTargets())('changing the encryption key with the bot restarted, on $name', ({ make }) => {
  let connector: FakeConnector;
  let store: StoreTarget;
  let bot: Bot | undefined;
  let url: string;
  const log = new LogCapture();

  const stop = async () => {
    await bot?.stop();
    bot = undefined;
  };
  const start = async (env: Record<string, string>) => {
    await stop();
    ({ bot, url } = await startTestBot(store, env, log, { startJobs: false }));
  };
  const teacher = (aad = TEACHER) => new TeamsUser(url, connector, { aadObjectId: aad, tenantId: TENANT }, `a:personal-${aad}`);
  const keyIdsOfTheCase = async () => {
    const database = await store.open(KeyRing.fromSpecs(TEST_KEY, [TEST_KEY_2]));
    try {
      const { rows } = await sql<{ intake: unknown }>`select intake from cases where owner_aad_id in (${TEACHER}, ${COLLEAGUE})`.execute(
        database.db,
      );
      return { raw: JSON.stringify(rows), ids: [...new Set(rows.flatMap((r) => sealedStrings(r.intake).map(keyIdOf)))] };
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    connector = await startFakeConnector();
    store = make();
  });
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  it('resumes the concern under a new key, answers an old card once, and needs no old key after the rotation', async () => {
    await start({ ENCRYPTION_KEY: TEST_KEY_2 });
    const first = lastCard(await teacher().say('ny bekymring'));
    expect(inputIdsOf(first.card!)).toEqual(expect.arrayContaining(['description', 'scope', 'areas']));
    const second = lastCard(
      await teacher().execute(first.id, actionByVerb(first.card!, 'intake.answer'), {
        description: DESCRIPTION,
        scope: 'barn',
        areas: 'trivsel',
      }),
    );
    expect(inputIdsOf(second.card!)).toEqual(['safety']);
    const colleague = lastCard(await teacher(COLLEAGUE).say('ny bekymring'));
    await teacher(COLLEAGUE).execute(colleague.id, actionByVerb(colleague.card!, 'intake.answer'), {
      description: 'Drengen kommer ofte for sent.',
      scope: 'barn',
      areas: 'fravaer',
    });
    // Read with the bot stopped: a PGlite data directory belongs to one opener at a time.
    await stop();
    const stored = await keyIdsOfTheCase();
    expect(stored.ids).toEqual(['test-2']);
    expect(stored.raw).not.toContain('græder');

    // A new key, the old one still readable: the same question, and the card drawn before the restart answers.
    await start({ ENCRYPTION_KEY: TEST_KEY, ENCRYPTION_PREVIOUS_KEYS: TEST_KEY_2 });
    const resumed = lastCard(await teacher().say('fortsæt'));
    expect(inputIdsOf(resumed.card!)).toEqual(['safety']);
    const action = actionByVerb(second.card!, 'intake.answer');
    const [a, b] = await Promise.all([
      teacher().execute(second.id, action, { safety: '' }),
      teacher().execute(second.id, action, { safety: '' }),
    ]);
    expect([a, b].filter((r) => r.sent.length > 0)).toHaveLength(1);
    expect(textOf(invokeCard([a, b].find((r) => r.sent.length === 0)!.body))).toMatch(/Allerede besvaret|allerede brugt/);
    const third = lastCard([a, b].find((r) => r.sent.length > 0)!);
    expect(inputIdsOf(third.card!)).not.toContain('safety');

    // The rotation, with the bot stopped (PGlite has one process), then the new key alone.
    await stop();
    const database = await store.open(KeyRing.fromSpecs(TEST_KEY, [TEST_KEY_2]));
    try {
      const rotated = await rotateKeys(database);
      expect(rotated.reduce((n, r) => n + r.resealed, 0)).toBeGreaterThan(0);
      expect((await keyStatus(database)).every((c) => c.clear === 0 && Object.keys(c.byKey).every((id) => id === 'test-1'))).toBe(true);
    } finally {
      await database.close();
    }
    expect((await keyIdsOfTheCase()).ids).toEqual(['test-1']);
    await start({ ENCRYPTION_KEY: TEST_KEY });
    const after = lastCard(await teacher().say('fortsæt'));
    expect(inputIdsOf(after.card!)).toEqual(inputIdsOf(third.card!));
    expect(inputIdsOf(lastCard(await teacher(COLLEAGUE).say('fortsæt')).card!)).toEqual(['safety']);
    // The description the teacher wrote on the first card, under the key it has now.
    const answered = lastCard(await teacher().say('mine sager'));
    expect(textOf(answered.card)).toContain('4.B');
    expect(log.text).not.toMatch(/SealedValueError|kan ikke åbnes/);
  });
});
