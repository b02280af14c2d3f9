/**
 * Retention end to end, over the Bot Framework protocol and on both databases (issue 13): a case
 * closed on 1 March 2027 is announced to its owner and the school's leaders 30 days before its
 * deletion (the card offers Eksportér for its plan, which still works, and Åbn sagen), and is gone a
 * year and a day after closing, with nothing of it left in any table; an open case touched at the same
 * time is kept and not warned. The bot runs on its own clock; the planning round and the dispatcher
 * are driven by hand, as the instance's timers would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startFakeConnector, type FakeConnector, type RecordedActivity } from '../support/connector.js';
import { TeamsUser, actionByVerb, actionsOf, cardOf, inputValuesOf, invokeCard, textOf, type CardJson } from '../support/teams.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { concernToRecommendation } from '../support/intake-cards.js';
import { onlyCard } from './plans/drafts.js';
import { personalRefKey } from '../../src/conversations/conversation-ref.repository.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const person = (aadObjectId: string, name: string) => ({ aadObjectId, name });
const HANNE = person('236cee5c-70dc-43b6-beab-6914a28f3172', 'Hanne Lykke'); // leader, Fjordbakkeskolen
const PER = person('fdc3ec0d-7713-4dba-99d8-5d90c0da4a86', 'Per Damgaard'); // leader, Fjordbakkeskolen
const METTE = person('1153f4b6-99f1-4c0d-94fd-862b111a2ad1', 'Mette Kjær'); // teacher 4.B and 5.A
const ANDERS = person('9f8692bc-8bea-48d9-9a5c-9c7fc320ce73', 'Anders Skov'); // teacher 4.B, not the owner

const CHILD: Record<string, string> = {
  team: 'fjordbakke/4b',
  scope: 'barn',
  areas: 'trivsel',
  safety: '',
  data: 'observationer,elevsamtale',
  childPerspective: 'true',
  teamDiscussed: 'true',
  plan: 'ingen',
  parents: 'inddraget',
};

describe.each(storeTargets())('retention over the protocol on $name', ({ make }) => {
  let store: StoreTarget;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  let database: Database;
  let now = new Date('2027-03-01T09:00:00Z'); // Monday, 10:00 in Copenhagen
  const user = (who: { aadObjectId: string; name: string }) =>
    new TeamsUser(url, connector, { ...who, tenantId: TENANT }, `a:personal-${who.aadObjectId}`);
  const to = (who: { aadObjectId: string }, list: RecordedActivity[]) =>
    list.filter((a) => a.conversationId === `a:personal-${who.aadObjectId}`);

  beforeAll(async () => {
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, {}, new LogCapture(), { database, clock: () => now, startJobs: false }));
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  /** One planning round and one dispatch at `now`; what was sent. */
  async function runJobs(): Promise<RecordedActivity[]> {
    const before = connector.activities.length;
    await bot.jobs.planOnce();
    await bot.jobs.dispatcher.runOnce();
    return connector.activities.slice(before);
  }

  /** Mette's concern with one saved plan; its case and plan ids. */
  async function caseWithPlan(pseudonym: string): Promise<{ caseId: string; planId: string }> {
    const rec = await concernToRecommendation(user(METTE), { ...CHILD, pseudonym });
    const draft = onlyCard(await user(METTE).execute(rec.id, actionByVerb(rec.card, 'plan.draft')));
    const saved = invokeCard((await user(METTE).execute(draft.id, actionByVerb(draft.card, 'plan.save'), inputValuesOf(draft.card))).body)!;
    const save = actionByVerb(saved, 'plan.save');
    return { caseId: String(save.data!.caseId), planId: String(save.data!.planId) };
  }

  /** Every table of the schema, with how many of its rows mention `id` anywhere. */
  async function tablesMentioning(id: string): Promise<string[]> {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(
      database.db,
    );
    expect(tables.rows.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['cases', 'plans', 'plan_versions', 'outbox', 'sparring_requests']),
    );
    const found: string[] = [];
    for (const { table_name } of tables.rows) {
      const r = await sql<{
        n: string | number;
      }>`select count(*) as n from ${sql.table(table_name)} t where t::text like ${`%${id}%`}`.execute(database.db);
      if (Number(r.rows[0]!.n) > 0) found.push(table_name);
    }
    return found;
  }

  it('warns 30 days before, then deletes a closed case a year and a day after closing; keeps an open case', async () => {
    for (const who of [HANNE, PER, ANDERS]) await user(who).say('hjælp'); // they can be reached
    const closed = await caseWithPlan('R.E., 4.B');
    const kept = await caseWithPlan('K.P., 4.B');

    // Mette closes the first case now (1 March 2027).
    const list = cardOf((await user(METTE).say('mine sager')).sent.at(-1))!;
    const open = actionsOf(list).find((a) => a.verb === 'case.open' && a.data?.caseId === closed.caseId)!;
    const caseCard = cardOf((await user(METTE).execute('list', open)).sent.at(-1))!;
    const form = (
      await user(METTE).execute(
        'case',
        actionsOf(caseCard).find((a) => a.title === 'Afslut sag')!,
      )
    ).sent.at(-1)!;
    const done = invokeCard(
      (await user(METTE).execute(form.id!, actionByVerb(cardOf(form)!, 'case.close'), { reason: 'forebyggende', note: '' })).body,
    );
    expect(textOf(done)).toContain('Sagen er afsluttet');
    // Closed and untouched cases: nothing on the day (nor, below, until 30 days before).
    expect(await runJobs()).toEqual([]);

    // 31 days and a little before the year is up: nothing yet.
    now = new Date('2028-01-24T09:00:00Z'); // Monday
    await user(ANDERS).say('hjælp'); // the kept case is not Anders's: his turn changes nothing of it
    expect((await runJobs()).filter((a) => JSON.stringify(a.activity).includes(closed.caseId))).toEqual([]);

    // Saturday inside the warning period: the job waits for a school day.
    now = new Date('2028-02-05T10:00:00Z');
    expect(await runJobs()).toEqual([]);

    // 30 days before (Tuesday 1 February 2028, a school day in working hours): the owner and both leaders are warned.
    now = new Date('2028-02-01T09:00:00Z');
    const sent = await runJobs();
    const warnings = sent.filter((a) => textOf(cardOf(a)).includes('Sagen slettes'));
    expect(warnings).toHaveLength(3);
    for (const who of [METTE, HANNE, PER]) expect(to(who, warnings)).toHaveLength(1);
    expect(to(ANDERS, sent)).toEqual([]);
    const warning = cardOf(to(HANNE, warnings)[0])! as CardJson;
    expect(textOf(warning)).toContain('R.E., 4.B');
    expect(textOf(warning)).toContain('Sagen blev afsluttet 1. marts 2027');
    expect(textOf(warning)).toContain('Sagen slettes 2. marts 2028');
    expect(JSON.stringify(warnings)).not.toContain(kept.caseId);
    // Eksportér still works on the closed case (reading is allowed); Åbn sagen opens it.
    const exported = await user(HANNE).execute(to(HANNE, warnings)[0]!.id!, actionByVerb(warning, 'plan.export'));
    expect(exported.sent.some((a) => (a.activity as { textFormat?: string }).textFormat === 'markdown')).toBe(true);
    const opened = cardOf((await user(HANNE).execute('warning', actionByVerb(warning, 'case.open'))).sent.at(-1));
    expect(textOf(opened)).toContain('Afsluttet 1. marts 2027');
    // The next round warns nobody again.
    expect((await runJobs()).filter((a) => textOf(cardOf(a)).includes('Sagen slettes'))).toEqual([]);

    // A year after closing, but less than 30 days after the warning: kept.
    now = new Date('2028-03-01T09:00:00Z');
    await runJobs();
    expect(await tablesMentioning(closed.caseId)).toContain('cases');

    // A year and a day after closing: the case and everything of it are gone; the other case is kept.
    now = new Date('2028-03-02T09:00:00Z');
    await runJobs();
    // The access log (who read or changed what) is the one exception: it is kept for its own period
    // (ACCESS_LOG_RETENTION_MONTHS) as evidence, and holds ids, never content.
    for (const id of [closed.caseId, closed.planId]) expect((await tablesMentioning(id)).filter((t) => t !== 'access_log')).toEqual([]);
    expect(await tablesMentioning(kept.caseId)).toEqual(expect.arrayContaining(['cases', 'plans']));
    const keptRow = await database.db
      .selectFrom('cases')
      .select(['status', 'retention_warned_at'])
      .where('id', '=', kept.caseId)
      .executeTakeFirstOrThrow();
    expect(keptRow).toEqual({ status: 'aaben', retention_warned_at: null });

    // The old warning's buttons find nothing now.
    const gone =
      invokeCard((await user(HANNE).execute('warning', actionByVerb(warning, 'case.open'))).body) ??
      cardOf((await user(HANNE).execute('warning', actionByVerb(warning, 'case.open'))).sent.at(-1));
    expect(textOf(gone)).toContain('Sagen blev ikke fundet');
  }, 180_000);
});

describe.each(storeTargets())('people who left the directory, on $name', ({ make }) => {
  let store: StoreTarget;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  let database: Database;
  // The references' times are the database's: this clock starts at the real time.
  let now = new Date();
  const DAY = 24 * 60 * 60 * 1000;
  const user = (who: { aadObjectId: string; name: string }) =>
    new TeamsUser(url, connector, { ...who, tenantId: TENANT }, `a:personal-${who.aadObjectId}`);
  const refsOf = async (aad: string) =>
    (await database.db.selectFrom('conversation_refs').select('key').where('aad_object_id', '=', aad).execute()).length;

  beforeAll(async () => {
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, {}, new LogCapture(), { database, clock: () => now, startJobs: false }));
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  it("removes the reference and waiting messages of someone the directory no longer has, after 30 days; keeps the directory's people", async () => {
    const LEFT = person(crypto.randomUUID(), 'Tidligere Ansat');
    for (const who of [LEFT, HANNE]) await user(who).say('hjælp');
    expect(await refsOf(LEFT.aadObjectId)).toBe(1);
    expect(await refsOf(HANNE.aadObjectId)).toBe(1);
    await database.db
      .insertInto('outbox')
      .values({
        kind: 'message',
        tenant_id: TENANT,
        recipient_key: personalRefKey(TENANT, LEFT.aadObjectId),
        recipient_aad_id: LEFT.aadObjectId,
        payload: JSON.stringify({ text: 'Til en, der er stoppet' }),
        idempotency_key: `left:${LEFT.aadObjectId}`,
        due_at: new Date(now.getTime() + 365 * DAY),
        next_attempt_at: new Date(now.getTime() + 365 * DAY),
        updated_at: new Date(),
      })
      .execute();
    const waiting = () => database.db.selectFrom('outbox').select('id').where('recipient_aad_id', '=', LEFT.aadObjectId).execute();

    // 29 days later: still within the grace period.
    now = new Date(Date.now() + 29 * DAY);
    await bot.jobs.planOnce();
    expect(await refsOf(LEFT.aadObjectId)).toBe(1);
    expect(await waiting()).toHaveLength(1);

    // 31 days later: gone, with the message waiting for them; the leader (in the directory) is kept.
    now = new Date(Date.now() + 31 * DAY);
    await bot.jobs.planOnce();
    expect(await refsOf(LEFT.aadObjectId)).toBe(0);
    expect(await waiting()).toHaveLength(0);
    expect(await refsOf(HANNE.aadObjectId)).toBe(1);
  }, 120_000);
});
