/**
 * Access to sparring requests follows the directory as it is now (issue 9), over the Bot
 * Framework protocol on both databases: an adviser who took a request and was then taken out of
 * its group (the directory reloaded) no longer opens the case, sees the request as theirs or acts
 * on it; a colleague still in the group does all of that with hers.
 * People of the example directory: Mette Kjær (teacher, 4.B, Fjordbakkeskolen); Niels Thorsen and
 * Signe Mortensen (Det rådgivende team – Distrikt Nord, which has a channel).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DIRECTORY_FILE } from '../../src/directory/load.js';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import { actionByVerb, cardOf, invokeCard, textOf, TeamsUser, type CardAction } from '../support/teams.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import { startConcern } from '../support/intake-cards.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { SparringRepository } from '../../src/sparring/sparring.repository.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const person = (aadObjectId: string, name: string) => ({ aadObjectId, name });
const METTE = person('1153f4b6-99f1-4c0d-94fd-862b111a2ad1', 'Mette Kjær');
const NIELS = person('37800acf-e69f-4223-aec6-86408370bebf', 'Niels Thorsen');
const SIGNE = person('e7471253-169b-4358-9af4-aa130470b115', 'Signe Mortensen');

const execute = (verb: string, data: Record<string, unknown>): CardAction => ({ type: 'Action.Execute', verb, data });

describe.each(storeTargets())('sparring access after a directory reload on $name', ({ make }) => {
  let store: StoreTarget;
  let database: Database;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  let directoryFile = '';
  const dm = (who: { aadObjectId: string; name: string }) =>
    new TeamsUser(url, connector, { ...who, tenantId: TENANT }, `a:personal-${who.aadObjectId}`);

  beforeAll(async () => {
    directoryFile = path.join(mkdtempSync(path.join(tmpdir(), 'directory-')), 'kommune.yaml');
    writeFileSync(directoryFile, readFileSync(EXAMPLE_DIRECTORY_FILE, 'utf8'));
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, { DIRECTORY_FILE: directoryFile }, new LogCapture(), { database, startJobs: false }));
    for (const who of [METTE, NIELS, SIGNE]) await dm(who).install();
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  /** Mette's new concern about her class 4.B; returns the case id. */
  async function newCase(pseudonym: string): Promise<string> {
    // While another of her concerns is in progress the bot asks first: startConcern starts a new one.
    const start = await startConcern(dm(METTE));
    const answer = actionByVerb(start.card!, 'intake.answer');
    const caseId = (answer.data as { caseId: string }).caseId;
    await dm(METTE).execute(start.id, answer, { pseudonym, scope: 'faellesskab', areas: 'socialt', safety: '', team: 'fjordbakke/4b' });
    return caseId;
  }

  const inputs = (summary: string) => ({ pool: 'raadgivende-team', helpKinds: 'kvalificering', wishedTime: 'snarest', summary });

  /** Mette sends the advisory team a request from the form's own card; returns the request's id. */
  async function sendRequest(caseId: string, summary: string): Promise<string> {
    const drafted = await dm(METTE).execute('x', execute('sparring.draft', { caseId }));
    const sent = await dm(METTE).execute(drafted.sent[0]!.id, actionByVerb(cardOf(drafted.sent[0])!, 'sparring.send'), inputs(summary));
    expect(textOf(invokeCard(sent.body))).toContain('sendt');
    return (await new SparringRepository(database).listForCase(caseId)).find((r) => r.summary === summary)!.id;
  }

  const opens = async (who: typeof NIELS, caseId: string) =>
    textOf(cardOf((await dm(who).execute('x', execute('case.open', { caseId }))).sent[0]));

  it('an adviser taken out of the group no longer opens the case or acts on the request; one still in it does', async () => {
    const nielsCase = await newCase('S.T., 4.B');
    const signeCase = await newCase('U.V., 4.B');
    const nielsRequest = await sendRequest(nielsCase, 'Klassen 4.B har svært ved at arbejde sammen.');
    const signeRequest = await sendRequest(signeCase, 'Klassen 4.B er urolig efter frikvarteret.');
    for (const [who, id] of [
      [NIELS, nielsRequest],
      [SIGNE, signeRequest],
    ] as const) {
      const taken = await dm(who).execute('x', execute('sparring.claim', { requestId: id, version: 1 }));
      expect(textOf(invokeCard(taken.body))).toContain('Du har taget anmodningen');
    }
    expect(await opens(NIELS, nielsCase)).toContain('S.T., 4.B');

    // Niels leaves the advisory team; the directory is reloaded (what SIGHUP and "genindlæs" do).
    const text = readFileSync(directoryFile, 'utf8');
    const without = text.replace('members: [*niels, *signe]', 'members: [*signe]');
    expect(without).not.toBe(text);
    writeFileSync(directoryFile, without);
    expect(bot.reloadDirectory()).toMatchObject({ ok: true });

    expect(await opens(NIELS, nielsCase)).toContain('ikke adgang');
    const refresh = await dm(NIELS).execute('x', execute('sparring.refresh', { requestId: nielsRequest }));
    expect(textOf(invokeCard(refresh.body))).toContain('ikke adgang');
    expect(textOf(cardOf((await dm(NIELS).say('mine anmodninger')).sent.at(-1)))).not.toContain('S.T., 4.B');
    for (const [verb, values] of [
      ['sparring.close', { note: 'Afsluttet efter at jeg er gået.' }],
      ['sparring.release', {}],
      ['sparring.reject', { reason: 'Ikke min længere.' }],
    ] as const) {
      const answer = await dm(NIELS).execute('x', execute(verb, { requestId: nielsRequest, version: 2 }), values);
      expect(textOf(invokeCard(answer.body))).toContain('ikke adgang');
    }
    const repo = new SparringRepository(database);
    expect(await repo.get(nielsRequest)).toMatchObject({ state: 'taget', version: 2 });
    expect((await repo.events(nielsRequest)).map((e) => e.action)).toEqual(['oprettet', 'taget']);

    // Signe, still in the group, opens her case and closes her request.
    expect(await opens(SIGNE, signeCase)).toContain('U.V., 4.B');
    const closed = await dm(SIGNE).execute('x', execute('sparring.close', { requestId: signeRequest, version: 2 }), {
      note: 'Teammøde holdt.',
    });
    expect(textOf(invokeCard(closed.body))).toContain('afsluttet');
    expect(await repo.get(signeRequest)).toMatchObject({ state: 'afsluttet' });
    expect(await opens(SIGNE, signeCase)).toContain('U.V., 4.B');

    // Back in the group, Niels reads and acts again: access is the directory as it is now.
    writeFileSync(directoryFile, text);
    expect(bot.reloadDirectory()).toMatchObject({ ok: true });
    expect(await opens(NIELS, nielsCase)).toContain('S.T., 4.B');
  });
});
