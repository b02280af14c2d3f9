/**
 * "slet sag <sags-id>" (issue 13, erasure) over the Bot Framework protocol on both databases. A case
 * with a row in every case table (test/integration/insight/seed.ts: two plans with versions and an
 * evaluation, PKU's decision, the notification, a sparring request with its events, outbox rows) is
 * stored next to another case, and a merged evaluation reminder holds a plan of each.
 *
 * - The administrator (Jonas Brandt) asks: a card names the case (pseudonym, school, status, plans,
 *   requests) with "Slet sagen permanent" and "Annullér"; Annullér deletes nothing.
 * - A teacher and a school leader typing the command, or pressing the administrator's button, are
 *   refused; nothing is deleted, and the access log has their attempts as denied.
 * - A card drawn before the case changed deletes nothing: the case is shown again.
 * - The confirmation deletes the case and everything of it: no table but the access log mentions
 *   any of its ids; the other case keeps all its rows, and the merged reminder keeps its plan only.
 *   Pressing it again says the case is already deleted, when and by whom.
 * - The access log has the request (read) and the erasure (change); the status card's Adgangslog
 *   button shows them, and its "Slet sag …" asks as the command does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type RawBuilder } from 'kysely';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import { TeamsUser, actionByVerb, actionsOf, cardOf, invokeCard, textOf, type CardJson, type TurnResult } from '../support/teams.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { HANNE, JONAS, METTE, TENANT, seedCase } from './insight/seed.js';

/** The card a turn answered with: the invoke's (a click) or the last one sent (a typed command). */
const answer = (turn: TurnResult): CardJson | null => invokeCard(turn.body) ?? cardOf(turn.sent.at(-1));

describe.each(storeTargets())('slet sag: an administrator erases one case, on $name', ({ make }) => {
  let store: StoreTarget;
  let database: Database;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  let subject: Awaited<ReturnType<typeof seedCase>>;
  let other: Awaited<ReturnType<typeof seedCase>>;
  /** Every id of a row about the subject case (uuids), read before it is erased. */
  let subjectIds: string[];
  let confirmCard: CardJson;
  const user = (who: { aadObjectId: string; name: string }) => new TeamsUser(url, connector, { ...who, tenantId: TENANT });

  /** The tables (all of the schema) whose rows mention `id` anywhere. */
  async function tablesMentioning(id: string): Promise<string[]> {
    const { rows } = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(
      database.db,
    );
    expect(rows.map((t) => t.table_name)).toEqual(expect.arrayContaining(['cases', 'plans', 'outbox', 'access_log']));
    const found: string[] = [];
    for (const { table_name } of rows) {
      const r = await sql<{
        n: string | number;
      }>`select count(*) as n from ${sql.table(table_name)} t where t::text like ${`%${id}%`}`.execute(database.db);
      if (Number(r.rows[0]!.n) > 0) found.push(table_name);
    }
    return found;
  }

  /** How many rows each case table holds about the case (by its own conditions). */
  async function rowsOf(caseId: string): Promise<Record<string, number>> {
    const count = async (q: RawBuilder<unknown>) => Number(((await q.execute(database.db)).rows[0] as { n: string | number }).n);
    return {
      cases: await count(sql`select count(*) as n from cases where id = ${caseId}`),
      case_recommendations: await count(sql`select count(*) as n from case_recommendations where case_id = ${caseId}`),
      plans: await count(sql`select count(*) as n from plans where case_id = ${caseId}`),
      plan_versions: await count(
        sql`select count(*) as n from plan_versions where plan_id in (select id from plans where case_id = ${caseId})`,
      ),
      plan_evaluations: await count(
        sql`select count(*) as n from plan_evaluations where plan_id in (select id from plans where case_id = ${caseId})`,
      ),
      pku_decisions: await count(sql`select count(*) as n from pku_decisions where case_id = ${caseId}`),
      safeguarding_notifications: await count(sql`select count(*) as n from safeguarding_notifications where case_id = ${caseId}`),
      sparring_requests: await count(sql`select count(*) as n from sparring_requests where case_id = ${caseId}`),
      sparring_events: await count(
        sql`select count(*) as n from sparring_events where request_id in (select id from sparring_requests where case_id = ${caseId})`,
      ),
    };
  }

  const logRows = (caseId: string) =>
    database.db
      .selectFrom('access_log')
      .select(['actor_aad_id', 'action', 'outcome', 'verb'])
      .where('case_id', '=', caseId)
      .where('verb', 'like', 'admin.erase%')
      .orderBy('id')
      .execute();

  beforeAll(async () => {
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, {}, new LogCapture(), { database, startJobs: false }));
    subject = await seedCase(database, 'I.N., 4.B', 'sagen');
    other = await seedCase(database, 'A.N., 5.A', 'anden-sag');
    // A merged evaluation reminder holding a plan of each case.
    const item = (planId: string) => ({ planId, evaluationDate: '2027-04-12', kind: 'due', role: 'leader' });
    await database.db
      .insertInto('outbox')
      .values({
        kind: 'evaluation-reminder',
        tenant_id: TENANT,
        recipient_key: `user:${TENANT}:${HANNE.aadObjectId}`,
        recipient_aad_id: HANNE.aadObjectId,
        payload: JSON.stringify({ items: [item(subject.planId), item(other.planId)] }),
        idempotency_key: 'eval-group:both',
        due_at: new Date(),
        next_attempt_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
    const ids = async (table: 'plans' | 'sparring_requests' | 'pku_decisions' | 'safeguarding_notifications') =>
      (await database.db.selectFrom(table).select('id').where('case_id', '=', subject.caseId).execute()).map((r) => r.id);
    subjectIds = [
      subject.caseId,
      ...(await ids('plans')),
      ...(await ids('sparring_requests')),
      ...(await ids('pku_decisions')),
      ...(await ids('safeguarding_notifications')),
    ];
    expect(subjectIds.length).toBe(6);
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  it('asks first: the card names the case, and Annullér deletes nothing', async () => {
    const before = await rowsOf(subject.caseId);
    const asked = await user(JONAS).say(`slet sag ${subject.caseId}`);
    confirmCard = answer(asked)!;
    const text = textOf(confirmCard);
    expect(text).toContain('Slet sag I.N., 4.B permanent?');
    expect(text).toContain('Fjordbakkeskolen');
    expect(text).toContain('Åben');
    expect(text).toContain('2 planer med 2 versioner og 1 evaluering');
    expect(text).toContain('1 anmodning om sparring med 2 hændelser');
    expect(text).toContain('Adgangsloggen beholder');
    const confirm = actionByVerb(confirmCard, 'admin.erase.confirm');
    expect(confirm.title).toBe('Slet sagen permanent');
    expect((confirm as { style?: string }).style).toBe('destructive');
    expect(confirm.data).toEqual({ caseId: subject.caseId, seq: expect.any(Number) });
    expect(actionByVerb(confirmCard, 'admin.erase.cancel').title).toBe('Annullér');
    expect(textOf(cardOf(asked.sent[0]))).not.toContain(other.caseId);

    const cancelled = await user(JONAS).execute(asked.sent.at(-1)!.id!, actionByVerb(confirmCard, 'admin.erase.cancel'));
    expect(textOf(invokeCard(cancelled.body))).toContain('Intet er slettet');
    expect(await rowsOf(subject.caseId)).toEqual(before);
    expect(before.cases).toBe(1);

    // The start of the id is enough when one case matches; an unknown id is answered plainly; alone, the command says how.
    expect(textOf(answer(await user(JONAS).say(`slet sag ${subject.caseId.slice(0, 13)}`)))).toMatch(
      /Slet sag I.N., 4.B permanent\?|Personoplysning afvist/,
    );
    expect(textOf(answer(await user(JONAS).say('slet sag 00000000-0000-4000-8000-000000000000')))).toContain('Ingen sag med det id');
    expect(textOf(answer(await user(JONAS).say('slet sag')))).toContain('Skriv »slet sag« og sagens id');
  });

  it('refuses a teacher and a school leader, typed or with the button; nothing is deleted, and the attempts are logged as denied', async () => {
    const before = await rowsOf(subject.caseId);
    for (const who of [METTE, HANNE]) {
      const typed = await user(who).say(`slet sag ${subject.caseId}`);
      expect(textOf(answer(typed))).toContain('Du har ikke adgang til dette');
      expect(JSON.stringify(typed.sent)).not.toContain('I.N., 4.B');
      const clicked = await user(who).execute('card', actionByVerb(confirmCard, 'admin.erase.confirm'));
      expect(textOf(invokeCard(clicked.body))).toContain('Du har ikke adgang til dette');
    }
    expect(await rowsOf(subject.caseId)).toEqual(before);
    const denied = (await logRows(subject.caseId)).filter((r) => r.outcome === 'denied');
    expect(denied).toEqual(
      expect.arrayContaining([
        { actor_aad_id: METTE.aadObjectId, action: 'read', outcome: 'denied', verb: 'admin.erase' },
        { actor_aad_id: HANNE.aadObjectId, action: 'read', outcome: 'denied', verb: 'admin.erase' },
        { actor_aad_id: METTE.aadObjectId, action: 'erase', outcome: 'denied', verb: 'admin.erase.confirm' },
        { actor_aad_id: HANNE.aadObjectId, action: 'erase', outcome: 'denied', verb: 'admin.erase.confirm' },
      ]),
    );
    expect(denied).toHaveLength(4);
  });

  it('a card drawn before the case changed deletes nothing, and shows the case again', async () => {
    await database.db
      .updateTable('cases')
      .set((eb) => ({ seq: eb('seq', '+', 1) }))
      .where('id', '=', subject.caseId)
      .execute();
    const stale = await user(JONAS).execute('card', actionByVerb(confirmCard, 'admin.erase.confirm'));
    const again = invokeCard(stale.body)!;
    expect(textOf(again)).toContain('Sagen er ændret, siden kortet blev vist');
    expect((await rowsOf(subject.caseId)).cases).toBe(1);
    const seq = actionByVerb(again, 'admin.erase.confirm').data!.seq;
    expect(seq).toBe(Number(actionByVerb(confirmCard, 'admin.erase.confirm').data!.seq) + 1);
    confirmCard = again;
    // A change of a plan or a sparring request alone (the case's own row untouched) makes the card stale too.
    for (const table of ['plans', 'sparring_requests'] as const) {
      if (table === 'plans')
        await database.db
          .updateTable('plans')
          .set((eb) => ({ revision: eb('revision', '+', 1) }))
          .where('case_id', '=', subject.caseId)
          .execute();
      else
        await database.db
          .updateTable('sparring_requests')
          .set((eb) => ({ version: eb('version', '+', 1) }))
          .where('case_id', '=', subject.caseId)
          .execute();
      const changed = invokeCard((await user(JONAS).execute('card', actionByVerb(confirmCard, 'admin.erase.confirm'))).body)!;
      expect(textOf(changed), table).toContain('Sagen er ændret, siden kortet blev vist');
      expect((await rowsOf(subject.caseId)).cases).toBe(1);
      confirmCard = changed;
    }
  });

  it('deletes the case and everything of it; only the access log keeps its ids; the other case is untouched', async () => {
    const otherBefore = await rowsOf(other.caseId);
    const erased = await user(JONAS).execute('card', actionByVerb(confirmCard, 'admin.erase.confirm'));
    const notice = textOf(invokeCard(erased.body));
    expect(notice).toContain('Sagen er slettet');
    expect(notice).toContain(subject.caseId);
    expect(notice).not.toContain('I.N., 4.B');
    for (const line of [
      '1 sag',
      '2 planer med 2 versioner og 1 evaluering',
      '1 anmodning om sparring med 2 hændelser',
      '1 afgørelse fra PKU',
    ])
      expect(notice).toContain(line);
    expect(notice).toContain('1 registreret underretning');
    expect(notice).toContain('3 beskeder i udbakken');
    expect(notice).toContain('1 samlet påmindelse med andre sagers planer (rettet)');

    // The access log (who read, changed or erased it) is the one exception: ids only, kept for its own period.
    for (const id of subjectIds)
      expect(
        (await tablesMentioning(id)).filter((t) => t !== 'access_log'),
        id,
      ).toEqual([]);
    expect(await tablesMentioning(subject.caseId)).toEqual(['access_log']);
    expect(Object.values(await rowsOf(subject.caseId)).every((n) => n === 0)).toBe(true);
    expect(await rowsOf(other.caseId)).toEqual(otherBefore);
    expect(await tablesMentioning(other.caseId)).toEqual(expect.arrayContaining(['cases', 'outbox']));
    // The merged reminder keeps the other case's plan only (written as a single plan's payload).
    const merged = await database.db
      .selectFrom('outbox')
      .select('payload')
      .where('idempotency_key', '=', 'eval-group:both')
      .executeTakeFirst();
    expect(merged?.payload).toEqual({ planId: other.planId, evaluationDate: '2027-04-12', kind: 'due', role: 'leader' });

    // Pressed again: already gone, when and by whom.
    const twice = await user(JONAS).execute('card', actionByVerb(confirmCard, 'admin.erase.confirm'));
    const gone = textOf(invokeCard(twice.body));
    expect(gone).toContain('Sagen er allerede slettet');
    expect(gone).toContain('Jonas Brandt');
  });

  it('the access log has the request and the erasure, and the status card leads to them', async () => {
    const allowed = (await logRows(subject.caseId)).filter((r) => r.outcome === 'allowed');
    expect(allowed).toEqual(
      expect.arrayContaining([
        { actor_aad_id: JONAS.aadObjectId, action: 'read', outcome: 'allowed', verb: 'admin.erase' },
        { actor_aad_id: JONAS.aadObjectId, action: 'erase', outcome: 'allowed', verb: 'admin.erase.confirm' },
      ]),
    );
    // One erasure: the stale click and the second click changed nothing and are no erasure.
    expect(allowed.filter((r) => r.verb === 'admin.erase.confirm')).toHaveLength(1);

    const status = await user(JONAS).say('status');
    const card = cardOf(status.sent.at(-1))!;
    expect(actionsOf(card).map((a) => a.title)).toEqual(expect.arrayContaining(['Adgangslog', 'Indsigt eller sletning']));
    const log = await user(JONAS).execute(status.sent.at(-1)!.id!, actionByVerb(card, 'admin.access-log'), { query: subject.caseId });
    const logText = log.sent.map((a) => textOf(cardOf(a))).join('\n');
    expect(logText).toContain(`Sag ${subject.caseId}`);
    expect(logText).toContain('admin.erase.confirm');
    expect(logText).toContain('Slettet: afvist');
    expect(logText).toMatch(/Slettet(?!:)/);
    // "Slet sag …" on the status card asks as the command does.
    const asked = await user(JONAS).execute(status.sent.at(-1)!.id!, actionByVerb(card, 'admin.erase'), { caseRef: other.caseId });
    expect(textOf(answer(asked))).toContain('Slet sag A.N., 5.A permanent?');
    // A teacher pressing it is refused.
    const refused = await user(METTE).execute('card', actionByVerb(card, 'admin.erase'), { caseRef: other.caseId });
    expect(textOf(answer(refused))).toContain('Du har ikke adgang til dette');
    expect((await rowsOf(other.caseId)).cases).toBe(1);
  });
});
