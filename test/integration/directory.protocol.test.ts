/**
 * Protocol tests of the organisation directory in the bot (issue 4, items 1 and 2): teams on the
 * first card, who sees which case, "sager på skolen", the administrators' status (who cannot be
 * reached, failed messages) and reloading the directory without a restart, and uninstall (the
 * revisitation reminder to the leaders is in pku.protocol.test.ts). The bot runs on a copy of the example directory that the tests rewrite.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector, type RecordedActivity } from '../support/connector.js';
import { actionByVerb, cardOf, inputIdsOf, invokeCard, textOf, TeamsUser, type CardJson } from '../support/teams.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import { startConcern } from '../support/intake-cards.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { CaseRepository } from '../../src/cases/case.repository.js';
import { OutboxRepository } from '../../src/dispatch/outbox.repository.js';
import { ConversationRefRepository, personalRefKey } from '../../src/conversations/conversation-ref.repository.js';
import { EXAMPLE_DIRECTORY_FILE } from '../../src/directory/load.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const person = (aadObjectId: string, name: string) => ({ aadObjectId, name });
const HANNE = person('236cee5c-70dc-43b6-beab-6914a28f3172', 'Hanne Lykke'); // leader, Fjordbakkeskolen
const METTE = person('1153f4b6-99f1-4c0d-94fd-862b111a2ad1', 'Mette Kjær'); // teacher 4.B and 5.A, Fjordbakkeskolen
const ANDERS = person('9f8692bc-8bea-48d9-9a5c-9c7fc320ce73', 'Anders Skov'); // teacher 4.B, Fjordbakkeskolen
const KAREN = person('77107fff-989a-4c47-90ee-7aeac992bca0', 'Karen Winther'); // leader, Nørre Strand Skole
const JONAS = person('a000a46c-1e6b-4df4-9bc9-55ad120f5724', 'Jonas Brandt'); // administrator
const TORBEN = person('e2a5d145-a426-4206-bf99-22ef27a382e4', 'Torben Vestergaard'); // forvaltning, never installs

const lastCard = (sent: RecordedActivity[]) => {
  const activity = [...sent].reverse().find((a) => cardOf(a));
  return { id: activity?.id ?? '', card: cardOf(activity) as CardJson };
};

describe.each(storeTargets())('the directory in the bot on $name', ({ make }) => {
  let store: StoreTarget;
  let database: Database;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  let directoryFile: string;
  const now = new Date('2027-03-01T09:00:00Z');
  const log = new LogCapture();
  const user = (who: { aadObjectId: string; name: string }) =>
    new TeamsUser(url, connector, { ...who, tenantId: TENANT }, `a:personal-${who.aadObjectId}`);

  beforeAll(async () => {
    directoryFile = path.join(mkdtempSync(path.join(tmpdir(), 'directory-')), 'kommune.yaml');
    copyFileSync(EXAMPLE_DIRECTORY_FILE, directoryFile);
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, { DIRECTORY_FILE: directoryFile }, log, { database, clock: () => now, startJobs: false }));
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  /** Mette starts a concern and answers the first card with these values; returns the case id. */
  async function concern(values: Record<string, string>): Promise<{ caseId: string }> {
    // While another of her concerns is in progress the bot asks first: startConcern starts a new one.
    const start = await startConcern(user(METTE));
    const result = await user(METTE).execute(start.id, actionByVerb(start.card!, 'intake.answer'), {
      pseudonym: 'E.F., 5.A',
      scope: 'barn',
      areas: 'trivsel',
      safety: '',
      ...values,
    });
    expect(result.status).toBe(200);
    return { caseId: (actionByVerb(start.card!, 'intake.answer').data as { caseId: string }).caseId };
  }

  it('asks a teacher with several teams which team the concern is about, and ties the case to that team and school', async () => {
    const start = await startConcern(user(METTE));
    expect(inputIdsOf(start.card!)).toContain('team');
    expect(JSON.stringify(start.card)).toContain('4.B – Fjordbakkeskolen');
    expect(JSON.stringify(start.card)).toContain('5.A – Fjordbakkeskolen');
    const { caseId } = await concern({ team: 'fjordbakke/5a' });
    const c = await new CaseRepository(database).get(caseId);
    expect(c).toMatchObject({ schoolId: 'fjordbakke', teamId: '5a', ownerAadId: METTE.aadObjectId });

    // A team that is not hers is refused, whatever the card says.
    const again = await startConcern(user(METTE));
    const refused = await user(METTE).execute(again.id, actionByVerb(again.card!, 'intake.answer'), {
      pseudonym: 'G.H., 3.A',
      scope: 'barn',
      areas: 'trivsel',
      safety: '',
      team: 'sydhavn/3a',
    });
    expect(textOf(invokeCard(refused.body))).toContain('Vælg et af dine egne teams.');
  });

  it('shows a leader every case of the school ("sager på skolen"), the team its case, and nobody else', async () => {
    const { caseId } = await concern({ team: 'fjordbakke/4b', pseudonym: 'I.J., 4.B' });
    const list = lastCard((await user(HANNE).say('sager på skolen')).sent).card;
    expect(textOf(list)).toContain('Sager på Fjordbakkeskolen');
    expect(textOf(list)).toContain('I.J., 4.B');
    expect(textOf(list)).toContain('Mette Kjær');

    const open = (who: typeof HANNE) =>
      user(who)
        .say('x')
        .then(() => user(who).execute('x', { type: 'Action.Execute', verb: 'case.open', data: { caseId } }));
    expect(textOf(cardOf((await open(HANNE)).sent[0]))).toContain('I.J., 4.B'); // leader of the school
    expect(textOf(cardOf((await open(ANDERS)).sent[0]))).toContain('I.J., 4.B'); // member of 4.B
    expect(textOf(cardOf((await open(KAREN)).sent[0]))).toContain('ikke adgang'); // another school's leader

    expect(textOf(lastCard((await user(KAREN).say('sager på skolen')).sent).card)).not.toContain('I.J., 4.B');
    expect(textOf(lastCard((await user(METTE).say('sager på skolen')).sent).card)).toContain('Kun skolens ledelse');
  });

  it('shows administrators who cannot be reached and which messages failed; refuses everyone else', async () => {
    await user(HANNE).install();
    const outbox = new OutboxRepository(database);
    await outbox.enqueue({
      kind: 'message',
      tenantId: TENANT,
      recipientKey: personalRefKey(TENANT, HANNE.aadObjectId),
      recipientAadId: HANNE.aadObjectId,
      payload: { text: 'Denne besked afvises' },
      idempotencyKey: 'admin-test-400',
      dueAt: now,
    });
    connector.failNext(1, 400);
    await bot.jobs.dispatcher.runOnce();
    expect((await outbox.findByKey('admin-test-400'))?.state).toBe('failed');

    const status = textOf(lastCard((await user(JONAS).say('status')).sent).card);
    const unreachable = status.slice(status.indexOf('Kan ikke nås endnu'), status.indexOf('Beskeder, der ikke kunne sendes'));
    const failed = status.slice(status.indexOf('Beskeder, der ikke kunne sendes'), status.indexOf('Udbakken'));
    expect(unreachable).toContain('Torben Vestergaard'); // never installed
    expect(unreachable).not.toContain('Hanne Lykke'); // installed
    expect(failed).toContain('Besked til Hanne Lykke');
    expect(failed).toContain('400');

    expect(textOf(lastCard((await user(HANNE).say('status')).sent).card)).toContain('Du har ikke adgang til dette');
    expect(textOf(lastCard((await user(TORBEN).say('genindlæs')).sent).card)).toContain('Du har ikke adgang til dette');
  });

  it('reloads the directory without a restart, and keeps the one in use when the new file is bad', async () => {
    // Karen becomes a leader of Fjordbakkeskolen too.
    const text = readFileSync(directoryFile, 'utf8');
    writeFileSync(directoryFile, text.replace('skoleledelse: [*hanne, *per]', 'skoleledelse: [*hanne, *per, *karen]'));
    expect(textOf(cardOf((await user(JONAS).say('genindlæs')).sent[0]))).toContain('Organisationsfilen er genindlæst');
    expect(textOf(lastCard((await user(KAREN).say('sager på skolen')).sent).card)).toContain('Fjordbakkeskolen');

    writeFileSync(directoryFile, text.replace('district: nord', 'district: findes-ikke'));
    const refused = textOf(cardOf((await user(JONAS).say('genindlæs')).sent[0]));
    expect(refused).toContain('beholdt');
    expect(refused).toContain('findes-ikke');
    // Still the reloaded directory (Karen still leads Fjordbakkeskolen), and the bot still answers.
    expect(textOf(lastCard((await user(KAREN).say('sager på skolen')).sent).card)).toContain('Fjordbakkeskolen');

    writeFileSync(directoryFile, text);
    expect(bot.reloadDirectory()).toMatchObject({ ok: true }); // what SIGHUP does
    expect(textOf(lastCard((await user(KAREN).say('sager på skolen')).sent).card)).not.toContain('Fjordbakkeskolen');
  });

  it('removes the conversation reference on uninstall, so the person is listed as unreachable again', async () => {
    await user(ANDERS).install();
    const refs = new ConversationRefRepository(database);
    expect(await refs.get(personalRefKey(TENANT, ANDERS.aadObjectId))).not.toBeNull();
    const anders = user(ANDERS);
    await anders.post({
      type: 'installationUpdate',
      action: 'remove',
      id: 'in-remove',
      serviceUrl: connector.url,
      channelId: 'msteams',
      from: { id: `29:${ANDERS.aadObjectId}`, aadObjectId: ANDERS.aadObjectId },
      recipient: { id: '28:indsatsguiden-bot' },
      conversation: { id: anders.conversationId, conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
    });
    expect(await refs.get(personalRefKey(TENANT, ANDERS.aadObjectId))).toBeNull();
    const status = textOf(lastCard((await user(JONAS).say('status')).sent).card);
    expect(status.slice(status.indexOf('Kan ikke nås endnu'), status.indexOf('Beskeder, der ikke kunne sendes'))).toContain('Anders Skov');
  });
});
