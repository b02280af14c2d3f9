/**
 * Protocol tests of the access log (issue 13), through the real server on both engines: a case
 * read by its owner, a member of its team and the school's leader is three rows with who, what,
 * which action and which verb; another school's leader's attempt is a denied row; a plan's save
 * and export name the plan; an administrator's "adgangslog" returns them as a card and as CSV
 * messages, a non-admin is refused; the database refuses to change a row; the planning round
 * deletes rows older than ACCESS_LOG_RETENTION_MONTHS by the bot's clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startFakeConnector, type FakeConnector, type RecordedActivity } from '../support/connector.js';
import { actionByVerb, cardOf, inputValuesOf, invokeCard, textOf, TeamsUser, type CardJson } from '../support/teams.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import { concernToRecommendation } from '../support/intake-cards.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const person = (aadObjectId: string, name: string) => ({ aadObjectId, name });
const HANNE = person('236cee5c-70dc-43b6-beab-6914a28f3172', 'Hanne Lykke'); // leader, Fjordbakkeskolen
const METTE = person('1153f4b6-99f1-4c0d-94fd-862b111a2ad1', 'Mette Kjær'); // teacher 4.B and 5.A: the owner
const ANDERS = person('9f8692bc-8bea-48d9-9a5c-9c7fc320ce73', 'Anders Skov'); // teacher 4.B: the team
const KAREN = person('77107fff-989a-4c47-90ee-7aeac992bca0', 'Karen Winther'); // leader, Nørre Strand Skole: a stranger here
const JONAS = person('a000a46c-1e6b-4df4-9bc9-55ad120f5724', 'Jonas Brandt'); // administrator

const lastCard = (sent: RecordedActivity[]) => cardOf([...sent].reverse().find((a) => cardOf(a))) as CardJson;
const texts = (sent: RecordedActivity[]) => sent.map((a) => (a.activity as { text?: unknown }).text).filter((t) => typeof t === 'string');

describe.each(storeTargets())('the access log on $name', ({ make }) => {
  let store: StoreTarget;
  let database: Database;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  let now = new Date('2027-03-01T09:00:00Z');
  let caseId: string;
  let recommendation: { card: CardJson; id: string };
  const log = new LogCapture();
  const user = (who: { aadObjectId: string; name: string }) =>
    new TeamsUser(url, connector, { ...who, tenantId: TENANT }, `a:personal-${who.aadObjectId}`);
  const rows = () => database.db.selectFrom('access_log').selectAll().where('case_id', '=', caseId).orderBy('id').execute();
  const open = (who: typeof HANNE) => user(who).execute('x', { type: 'Action.Execute', verb: 'case.open', data: { caseId } });

  beforeAll(async () => {
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, { ACCESS_LOG_RETENTION_MONTHS: '6' }, log, {
      database,
      clock: () => now,
      startJobs: false,
    }));
    recommendation = await concernToRecommendation(user(METTE), {
      team: 'fjordbakke/4b',
      pseudonym: 'I.J., 4.B',
      scope: 'barn',
      areas: 'trivsel',
      safety: '',
      data: 'observationer,elevsamtale',
      childPerspective: 'true',
      teamDiscussed: 'true',
      plan: 'ingen',
      parents: 'inddraget',
    });
    caseId = actionByVerb(recommendation.card, 'plan.draft').data!.caseId as string;
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  it('writes a row for each read by the owner, the team and the leader, and a denied row for another school’s leader', async () => {
    // Starting the concern made the case (a change, intake.start); the owner's answer on the first
    // card is a change of her case, through intake.answer.
    expect(await rows()).toContainEqual(
      expect.objectContaining({ actor_aad_id: METTE.aadObjectId, action: 'change', verb: 'intake.start', outcome: 'allowed' }),
    );
    expect(await rows()).toContainEqual(
      expect.objectContaining({ actor_aad_id: METTE.aadObjectId, action: 'change', verb: 'intake.answer', outcome: 'allowed' }),
    );
    now = new Date('2027-03-01T09:10:00Z');
    for (const who of [METTE, ANDERS, HANNE]) expect(textOf(cardOf((await open(who)).sent[0]))).toContain('I.J., 4.B');
    expect(textOf(cardOf((await open(KAREN)).sent[0]))).toContain('ikke adgang');

    const reads = (await rows()).filter((r) => r.verb === 'case.open');
    expect(
      reads.map((r) => ({ who: r.actor_aad_id, action: r.action, outcome: r.outcome, plan: r.plan_id, request: r.request_id })),
    ).toEqual(
      [METTE, ANDERS, HANNE, KAREN].map((who) => ({
        who: who.aadObjectId,
        action: 'read',
        outcome: who === KAREN ? 'denied' : 'allowed',
        plan: null,
        request: null,
      })),
    );
    for (const r of reads) {
      expect(r.tenant_id).toBe(TENANT);
      expect(r.at.toISOString()).toBe('2027-03-01T09:10:00.000Z');
    }
  });

  it('writes a read for each case a list shows: the owner’s "mine sager", the leader’s "sager på skolen"', async () => {
    await user(METTE).say('mine sager');
    await user(HANNE).say('sager på skolen');
    await user(KAREN).say('sager på skolen'); // another school: the case is not listed, so not read
    const listed = (await rows()).filter((r) => r.verb === 'cases.list' || r.verb === 'cases.school');
    expect(listed.map((r) => [r.actor_aad_id, r.verb, r.action, r.outcome])).toEqual([
      [METTE.aadObjectId, 'cases.list', 'read', 'allowed'],
      [HANNE.aadObjectId, 'cases.school', 'read', 'allowed'],
    ]);
  });

  it('names the plan when a plan is drafted, saved and exported', async () => {
    const drafted = await user(METTE).execute(recommendation.id, actionByVerb(recommendation.card, 'plan.draft'));
    const planCard = cardOf(drafted.sent[0])!;
    const save = actionByVerb(planCard, 'plan.save');
    const planId = save.data!.planId as string;
    expect(textOf(invokeCard((await user(ANDERS).execute(drafted.sent[0]!.id, save, inputValuesOf(planCard))).body))).toContain(
      'Version 1',
    );
    const exported = await user(HANNE).execute('x', { type: 'Action.Execute', verb: 'plan.export', data: { caseId, planId } });
    expect(texts(exported.sent).length).toBeGreaterThan(0);
    // The draft is made in the case (its row names the case); saving and exporting name the plan.
    expect(await rows()).toContainEqual(
      expect.objectContaining({ actor_aad_id: METTE.aadObjectId, action: 'change', verb: 'plan.draft', plan_id: null, outcome: 'allowed' }),
    );
    const planRows = (await rows()).filter((r) => r.plan_id === planId);
    expect(planRows.map((r) => [r.actor_aad_id, r.action, r.verb, r.outcome])).toEqual(
      expect.arrayContaining([
        [ANDERS.aadObjectId, 'change', 'plan.save', 'allowed'],
        [HANNE.aadObjectId, 'export', 'plan.export', 'allowed'],
      ]),
    );
  });

  it('gives an administrator the log of a case and of a person as a card and as CSV; refuses anyone else', async () => {
    const asked = await user(JONAS).say(`adgangslog ${caseId}`);
    const card = textOf(lastCard(asked.sent));
    expect(card).toContain(`Sag ${caseId}`);
    for (const name of ['Mette Kjær', 'Anders Skov', 'Hanne Lykke', 'Karen Winther']) expect(card).toContain(name);
    expect(card).toContain('Læst: afvist · case.open');
    expect(card).not.toContain('I.J.'); // the log names no child
    // Newest first: the export came last.
    expect(card.indexOf('Eksporteret')).toBeLessThan(card.indexOf('Læst: afvist'));
    const csv = texts(asked.sent).join('\n');
    expect(csv).toContain('```csv\ntidspunkt,person,aad_id,handling,udfald,verb,sag,plan,anmodning\n');
    expect(csv).toContain(`2027-03-01T09:10:00.000Z,Karen Winther,${KAREN.aadObjectId},read,denied,case.open,${caseId},,`);

    const byName = textOf(lastCard((await user(JONAS).say('adgangslog Karen Winther')).sent));
    expect(byName).toContain('Karen Winther');
    expect(byName).toContain('1 række');
    expect(textOf(lastCard((await user(JONAS).say('adgangslog Ingen Sådan')).sent))).toContain('Ingen sag eller person');
    // An id whose digits look like a phone number is still an id (no case has it: no rows).
    const digits = textOf(lastCard((await user(JONAS).say('adgangslog bd47c0e7-946a-4301-9901-d466a7779000')).sent));
    expect(digits).toContain('Sag bd47c0e7-946a-4301-9901-d466a7779000');
    expect(digits).toContain('Ingen rækker');
    // A CPR number after the command is refused like anywhere else, before anything is looked up.
    expect(textOf(lastCard((await user(JONAS).say('adgangslog 010203-1234')).sent))).toContain('Den er ikke gemt');

    const refused = await user(HANNE).say(`adgangslog ${caseId}`);
    expect(textOf(lastCard(refused.sent))).toContain('Du har ikke adgang til dette');
    expect(texts(refused.sent)).toEqual([]);
  });

  it('refuses to change a row: the log is append-only', async () => {
    await expect(sql`update access_log set outcome = 'allowed' where outcome = 'denied'`.execute(database.db)).rejects.toThrow(
      /append-only/,
    );
    expect((await rows()).filter((r) => r.outcome === 'denied')).toHaveLength(1);
  });

  it('deletes the rows older than the retention period in the planning round, by the bot’s clock', async () => {
    // The intake's rows are of 09:00, the reads of 09:10 (and what followed), all on 1 March.
    const march = await rows();
    expect(march.some((r) => r.at.toISOString() === '2027-03-01T09:00:00.000Z')).toBe(true);
    now = new Date('2027-08-31T09:00:00Z'); // not six months after anything yet
    await open(HANNE);
    await bot.jobs.planOnce();
    expect(await rows()).toHaveLength(march.length + 1);

    now = new Date('2027-09-01T09:05:00Z'); // six months after 09:05: the intake's rows go, the reads of 09:10 stay
    await bot.jobs.planOnce();
    expect((await rows()).map((r) => r.id)).toEqual(
      [...march.filter((r) => r.at.getTime() >= Date.parse('2027-03-01T09:05:00Z')), ...(await rows()).slice(-1)].map((r) => r.id),
    );
    expect((await rows()).filter((r) => r.verb === 'case.open')).toHaveLength(5);

    now = new Date('2027-09-01T09:15:00Z'); // six months after 09:15: everything of 1 March is gone
    await bot.jobs.planOnce();
    const left = await rows();
    expect(left.map((r) => [r.actor_aad_id, r.verb, r.at.toISOString()])).toEqual([
      [HANNE.aadObjectId, 'case.open', '2027-08-31T09:00:00.000Z'],
    ]);
  });
  it('answers the turn when the log cannot be written, and logs that without ids or names', async () => {
    await sql`alter table access_log rename to access_log_away`.execute(database.db);
    try {
      const before = log.lines.length;
      expect(textOf(cardOf((await open(HANNE)).sent[0]))).toContain('I.J., 4.B');
      const failed = log.lines.slice(before).filter((l) => l.includes('access log: rows not written'));
      expect(failed).toHaveLength(1);
      expect(JSON.parse(failed[0]!)).toMatchObject({ level: 50, verb: 'case.open', rows: 1 });
      for (const secret of [caseId, 'I.J.', HANNE.aadObjectId, 'Hanne']) expect(failed[0]).not.toContain(secret);
    } finally {
      await sql`alter table access_log_away rename to access_log`.execute(database.db);
    }
  });
});
