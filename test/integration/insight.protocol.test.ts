/**
 * "indsigt <sags-id>" (issue 13, insight) over the Bot Framework protocol on both databases. A case
 * with two plans (versions, an evaluation), PKU's decision, a safeguarding notification, a sparring
 * request with its events and outbox rows is stored, next to another case that must not leak in.
 * An administrator (Jonas Brandt, the example directory's `admins`) exports it: the Markdown names
 * each kind of data, the adults by their directory names and the child only by pseudonym; the JSON
 * blocks, joined, parse and hold exactly the rows a direct query of every case table finds, every
 * column; every message is under Teams' size limit. A teacher and a school leader are refused; an
 * unknown id and an ambiguous prefix are answered plainly; a CPR number is refused and not echoed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startFakeConnector, type FakeConnector, type RecordedActivity } from '../support/connector.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import { TeamsUser, cardOf, textOf } from '../support/teams.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { containsIdentifier } from '../../src/domain/identifiers.js';
import { CASE_TABLE_NAMES, type CaseTable } from '../../src/insight/case-insight.service.js';
import { openSealedColumns } from '../../src/db/sealed-columns.js';
import { HANNE, JONAS, LONG_TEXT, METTE, TENANT, seedCase } from './insight/seed.js';

/** Teams refuses a message over about 28 KB. */
const TEAMS_LIMIT_BYTES = 28_000;

/** The JSON in the messages' fenced blocks, joined. */
function jsonOf(messages: string[]): unknown {
  const blocks = messages.flatMap((m) => [...m.matchAll(/```json\n([\s\S]*?)\n```/g)].map((x) => x[1]!));
  expect(blocks.length).toBeGreaterThan(1);
  return JSON.parse(blocks.join(''));
}

/** What a direct query of each case table finds for the case (the test's own conditions, not the service's). */
async function directRows(database: Database, caseId: string): Promise<Record<CaseTable, Record<string, unknown>[]>> {
  const rows = await sealedDirectRows(database, caseId);
  // Free text is sealed at rest (src/db/sealing.ts): the export shows it opened.
  return Object.fromEntries(
    Object.entries(rows).map(([table, list]) => [table, list.map((row) => openSealedColumns(database.keys, table, row))]),
  ) as Record<CaseTable, Record<string, unknown>[]>;
}

async function sealedDirectRows(database: Database, caseId: string): Promise<Record<CaseTable, Record<string, unknown>[]>> {
  const { db } = database;
  const plans = await db.selectFrom('plans').selectAll().where('case_id', '=', caseId).execute();
  const requests = await db.selectFrom('sparring_requests').selectAll().where('case_id', '=', caseId).execute();
  const decisions = await db.selectFrom('pku_decisions').selectAll().where('case_id', '=', caseId).execute();
  const planIds = plans.map((p) => p.id);
  const requestIds = requests.map((r) => r.id);
  const ids = [caseId, ...planIds, ...requestIds, ...decisions.map((d) => d.id)];
  const outbox = (await db.selectFrom('outbox').selectAll().execute()).filter((r) =>
    ids.some((id) => JSON.stringify(r.payload).includes(id) || r.idempotency_key.includes(id)),
  );
  return {
    cases: await db.selectFrom('cases').selectAll().where('id', '=', caseId).execute(),
    case_recommendations: await db.selectFrom('case_recommendations').selectAll().where('case_id', '=', caseId).execute(),
    plans,
    plan_versions: await db.selectFrom('plan_versions').selectAll().where('plan_id', 'in', planIds).execute(),
    plan_evaluations: await db.selectFrom('plan_evaluations').selectAll().where('plan_id', 'in', planIds).execute(),
    pku_decisions: decisions,
    safeguarding_notifications: await db.selectFrom('safeguarding_notifications').selectAll().where('case_id', '=', caseId).execute(),
    sparring_requests: requests,
    sparring_events: await db.selectFrom('sparring_events').selectAll().where('request_id', 'in', requestIds).execute(),
    outbox,
    access_log: await db
      .selectFrom('access_log')
      .selectAll()
      .where((eb) => eb.or([eb('case_id', '=', caseId), eb('plan_id', 'in', planIds), eb('request_id', 'in', requestIds)]))
      .execute(),
  };
}

/** A value read by the driver, as it should appear in the JSON (dates are compared by their instant or day). */
function expectSameValue(table: string, column: string, exported: unknown, direct: unknown) {
  const where = `${table}.${column}`;
  if (direct instanceof Date) {
    expect(typeof exported, where).toBe('string');
    const text = exported as string;
    if (/^\d{4}-\d{2}-\d{2}$/.test(text)) expect(Number.isNaN(Date.parse(text)), where).toBe(false);
    else expect(new Date(text).getTime(), where).toBe(direct.getTime());
    return;
  }
  if (typeof direct === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(direct.slice(0, 10)) && column.endsWith('_on')) {
    expect(exported, where).toBe(direct.slice(0, 10));
    return;
  }
  expect(exported, where).toEqual(direct);
}

const messagesOf = (sent: RecordedActivity[]) =>
  sent.filter((a) => a.activity.textFormat === 'markdown' && typeof a.activity.text === 'string').map((a) => a.activity.text as string);

describe.each(storeTargets())('indsigt: an administrator exports one case, on $name', ({ make }) => {
  let store: StoreTarget;
  let database: Database;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  let log: LogCapture;
  let subject: Awaited<ReturnType<typeof seedCase>>;
  let other: Awaited<ReturnType<typeof seedCase>>;
  const user = (who: { aadObjectId: string; name: string }) => new TeamsUser(url, connector, { ...who, tenantId: TENANT });

  beforeAll(async () => {
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url, log } = await startTestBot(store, {}, new LogCapture(), { database, startJobs: false }));
    subject = await seedCase(database, 'I.N., 4.B', 'sagen');
    other = await seedCase(database, 'A.N., 5.A', 'anden-sag');
    // A school's digest names no case: it is not about this one.
    await database.db
      .insertInto('outbox')
      .values({
        kind: 'weekly-digest',
        tenant_id: TENANT,
        recipient_key: `user:${TENANT}:${HANNE.aadObjectId}`,
        recipient_aad_id: HANNE.aadObjectId,
        payload: JSON.stringify({ schoolId: 'fjordbakke', week: '2027-03-15' }),
        idempotency_key: 'digest:fjordbakke:2027-03-15',
        due_at: new Date(),
        next_attempt_at: new Date(),
        updated_at: new Date(),
      })
      .execute();
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  it('answers with a readable Danish document and the complete JSON, every message under the size limit', async () => {
    const turn = await user(JONAS).say(`indsigt ${subject.caseId}`);
    expect(textOf(cardOf(turn.sent[0]))).toContain('Indsigt i sagen');
    const messages = messagesOf(turn.sent);
    for (const m of messages) expect(Buffer.byteLength(m, 'utf8')).toBeLessThan(TEAMS_LIMIT_BYTES);
    const document = messages.filter((m) => !m.includes('```json')).join('\n');
    // A section per kind of data, each with its rows.
    for (const heading of [
      '# Indsigt i sag I.N., 4.B',
      '## Historik på indsatstrappen (2)',
      '## Planer (2)',
      '## Planernes versioner (2)',
      '## Evalueringer (1)',
      "## PKU's afgørelser (1)",
      '## Underretning (1)',
      '## Anmodninger om sparring (1)',
      '## Anmodningernes hændelser (2)',
      '## Beskeder fra botten (udbakken) (3)',
      '## Adgangslog',
    ])
      expect(document).toContain(heading);
    expect(document).toContain('Mål- og indsatsplan sagen');
    expect(document).toContain('Leger oftere med andre sagen');
    expect(document).toContain('Underrettet 14. marts 2027');
    expect(document).toContain('Skole: Fjordbakkeskolen · team: 4.B');
    expect(document).toContain('Trivsel i frikvarteret sagen');
    expect(document).toContain('PKU ønsker mere om læsningen sagen');
    // The adults by their names from the directory; nothing of the other case.
    for (const name of ['Mette Kjær', 'Hanne Lykke', 'Lise Bruun']) expect(document).toContain(name);
    expect(document).not.toContain('anden-sag');
    expect(document).not.toContain('A.N., 5.A');
    expect(messages.join('\n')).not.toContain(other.caseId);
  });

  it('the JSON holds exactly every row of every case table for the case, with every column', async () => {
    // Read before the export: the export's own turn may add a row to the access log after it has read.
    const direct = await directRows(database, subject.caseId);
    const turn = await user(JONAS).say(`indsigt ${subject.caseId}`);
    const exported = jsonOf(messagesOf(turn.sent)) as { caseId: string; tables: Record<string, Record<string, unknown>[]> };
    expect(exported.caseId).toBe(subject.caseId);
    expect(Object.keys(exported.tables)).toEqual(CASE_TABLE_NAMES);
    for (const table of CASE_TABLE_NAMES) {
      const rows = exported.tables[table]!;
      const expected = direct[table];
      expect(expected.length, table).toBeGreaterThan(0);
      expect(rows.map((r) => String(r.id)).sort(), table).toEqual(expected.map((r) => String(r.id)).sort());
      const { rows: columns } = await sql<{ column_name: string }>`
        select column_name from information_schema.columns where table_schema = current_schema() and table_name = ${table}
      `.execute(database.db);
      for (const row of rows) {
        expect(Object.keys(row).sort(), table).toEqual(columns.map((c) => c.column_name).sort());
        const match = expected.find((r) => String(r.id) === String(row.id))!;
        for (const [column, value] of Object.entries(match)) expectSameValue(table, column, row[column], value);
      }
    }
    // The long free text survives the split whole, backticks and all.
    expect((exported.tables.cases![0]!.intake as { description: string }).description).toBe(LONG_TEXT);
    // Stored sealed, exported opened: no sealed value reaches the administrator.
    const stored = await sealedDirectRows(database, subject.caseId);
    expect(String(stored.sparring_requests[0]!.summary)).toMatch(/^enc:v1:/);
    expect(JSON.stringify(stored.cases)).not.toContain('frikvarteret');
    expect(messagesOf(turn.sent).join('\n')).not.toContain('enc:v1:');
  });

  it('accepts the start of the id, and says so plainly when no case or several cases match', async () => {
    // About one prefix in 50 is eight digits that read as a phone number: refused (never echoed); the whole id is needed then.
    const prefix = subject.caseId.slice(0, 8);
    const short = await user(JONAS).say(`indsigt ${prefix}`);
    if (containsIdentifier(prefix)) {
      expect(textOf(cardOf(short.sent[0]))).toContain('afvist');
      expect(JSON.stringify(short.sent)).not.toContain(prefix);
    } else {
      expect(messagesOf(short.sent)[0]).toContain('# Indsigt i sag I.N., 4.B');
    }
    await database.db
      .insertInto('cases')
      .values({
        id: 'c0ffee00-2345-4678-9123-45678901cafe',
        tenant_id: TENANT,
        owner_aad_id: METTE.aadObjectId,
        pseudonym: 'K.A., 4.B',
        updated_at: new Date(),
      })
      .execute();
    expect(messagesOf((await user(JONAS).say('indsigt C0FFEE00')).sent)[0]).toContain('# Indsigt i sag K.A., 4.B');
    const phoneLike = await user(JONAS).say('indsigt 48947752');
    expect(textOf(cardOf(phoneLike.sent[0]))).toContain('afvist');
    expect(JSON.stringify(phoneLike.sent)).not.toContain('48947752');

    const unknown = await user(JONAS).say('indsigt 00000000-0000-4000-8000-000000000000');
    expect(textOf(cardOf(unknown.sent[0]))).toContain('Ingen sag med det id');
    expect(messagesOf(unknown.sent)).toEqual([]);
    const nonsense = await user(JONAS).say('indsigt hvad-med-den-sag');
    expect(textOf(cardOf(nonsense.sent[0]))).toContain('Ingen sag med det id');
    expect(textOf(cardOf(nonsense.sent[0]))).not.toContain('hvad-med-den-sag');
    for (const n of [1, 2])
      await database.db
        .insertInto('cases')
        .values({
          id: `abcdef01-0000-4000-8000-00000000000${n}`,
          tenant_id: TENANT,
          owner_aad_id: METTE.aadObjectId,
          updated_at: new Date(),
        })
        .execute();
    const ambiguous = await user(JONAS).say('indsigt abcdef01');
    expect(textOf(cardOf(ambiguous.sent[0]))).toContain('2 sager har et id, der begynder sådan');
    expect(messagesOf(ambiguous.sent)).toEqual([]);
    // About one case id in 25 has digits that look like a CPR or phone number: a whole id is still taken, typed or in card data.
    const lookalike = '1a2b3c4d-0000-4000-8000-0102031234ab';
    await database.db
      .insertInto('cases')
      .values({ id: lookalike, tenant_id: TENANT, owner_aad_id: METTE.aadObjectId, pseudonym: 'L.A., 4.B', updated_at: new Date() })
      .execute();
    expect(messagesOf((await user(JONAS).say(`indsigt ${lookalike}`)).sent)[0]).toContain('# Indsigt i sag L.A., 4.B');
    const clicked = await user(JONAS).execute('card', { type: 'Action.Execute', verb: 'admin.insight', data: { caseRef: lookalike } });
    expect(messagesOf(clicked.sent)[0]).toContain('# Indsigt i sag L.A., 4.B');
    const alone = await user(JONAS).say('indsigt');
    expect(textOf(cardOf(alone.sent[0]))).toContain('Skriv "indsigt" og sagens id');
  });

  it('refuses a teacher and a school leader, even for their own case', async () => {
    for (const who of [METTE, HANNE]) {
      const turn = await user(who).say(`indsigt ${subject.caseId}`);
      expect(messagesOf(turn.sent)).toEqual([]);
      expect(textOf(cardOf(turn.sent[0]))).toContain('Du har ikke adgang til dette');
      expect(JSON.stringify(turn.sent)).not.toContain('I.N., 4.B');
    }
  });

  it('the export, and a refused attempt, are in the access log', async () => {
    const rows = () =>
      database.db
        .selectFrom('access_log')
        .select(['actor_aad_id', 'action', 'outcome'])
        .where('case_id', '=', other.caseId)
        .where('verb', '=', 'admin.insight')
        .execute();
    expect(await rows()).toEqual([]);
    await user(JONAS).say(`indsigt ${other.caseId}`);
    await user(METTE).say(`indsigt ${other.caseId}`);
    expect(await rows()).toEqual(
      expect.arrayContaining([
        { actor_aad_id: JONAS.aadObjectId, action: 'export', outcome: 'allowed' },
        { actor_aad_id: METTE.aadObjectId, action: 'export', outcome: 'denied' },
      ]),
    );
    expect(await rows()).toHaveLength(2);
  });

  it('refuses a CPR number typed in the command, or sent as the reference in card data, and never echoes it', async () => {
    for (const cpr of ['010203-1234', '0102031234']) {
      const typed = await user(JONAS).say(`indsigt ${cpr}`);
      expect(textOf(cardOf(typed.sent[0]))).toContain('Personoplysning afvist');
      expect(JSON.stringify(typed.sent)).not.toContain(cpr);
      const submitted = await user(JONAS).execute('card', { type: 'Action.Execute', verb: 'admin.insight', data: { caseRef: cpr } });
      expect(textOf(cardOf(submitted.sent[0]))).toContain('Personoplysning afvist');
      expect(JSON.stringify(submitted.sent)).not.toContain(cpr);
    }
    expect(log.text).not.toContain('010203');
  });
});
