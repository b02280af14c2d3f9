import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase, type Database } from '../../../src/db/database.js';
import { MIGRATIONS } from '../../../src/db/migrations.js';
import { databaseTargets, dropSchemas, openPgliteInMemory, testDatabaseUrl, uniqueSchemaName } from '../../support/db.js';

const TABLES = [
  'access_log',
  'bot_state',
  'case_recommendations',
  'cases',
  'conversation_refs',
  'plan_evaluations',
  'plan_versions',
  'plans',
  'outbox',
  'pku_decisions',
  'rate_buckets',
  'safeguarding_notifications',
  'sparring_events',
  'sparring_requests',
];

async function tablesIn(database: Database): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(database.db);
  return rows.map((r) => r.name);
}

async function appliedMigrations(database: Database): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db);
  return rows.map((r) => r.name);
}

describe.each(databaseTargets())('migrations on $name', (target) => {
  let database: Database;

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => target.cleanup());

  it('creates every table at open and records each migration once', async () => {
    expect(database.kind).toBe(target.name);
    expect(await tablesIn(database)).toEqual([...TABLES, 'kysely_migration', 'kysely_migration_lock'].sort());
    expect(await appliedMigrations(database)).toEqual(Object.keys(MIGRATIONS).sort());
  });

  it('is idempotent: migrating an up-to-date database applies nothing and changes nothing', async () => {
    await database.db.insertInto('cases').values({ tenant_id: 't', owner_aad_id: 'o' }).execute();
    expect(await migrateToLatest(database.db)).toEqual([]);
    expect(await migrateToLatest(database.db)).toEqual([]);
    expect(await appliedMigrations(database)).toEqual(Object.keys(MIGRATIONS).sort());
    const count = await database.db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  it('0005 gives plans and evaluations made before it their revisions, so the one-evaluation-per-revision key holds', async () => {
    // The migrations up to 0004 in a schema of their own, some history, then 0005; all rolled back.
    const rollback = new Error('rollback');
    const checked = database.db.transaction().execute(async (trx) => {
      const schema = uniqueSchemaName('rev');
      await sql`create schema ${sql.id(schema)}`.execute(trx);
      await sql`set local search_path to ${sql.id(schema)}`.execute(trx);
      for (const name of ['0001_initial', '0002_plans', '0003_outbox', '0004_sparring']) await MIGRATIONS[name]!.up(trx);
      const {
        rows: [c],
      } = await sql<{ id: string }>`insert into cases (tenant_id, owner_aad_id) values ('t', 'o') returning id`.execute(trx);
      const plan = async (version: number) =>
        (
          await sql<{ id: string }>`insert into plans (case_id, template_id, title, status, current_version, created_by)
          values (${c!.id}, 'plan-barn', 'Plan', 'gemt', ${version}, 'o') returning id`.execute(trx)
        ).rows[0]!.id;
      const [evaluated, untouched] = [await plan(2), await plan(1)];
      // Saved version 1, evaluated and continued; saved version 2, evaluated twice (continued, then ended).
      for (const [version, at] of [
        [2, '2031-03-01'],
        [1, '2031-01-01'],
        [2, '2031-05-01'],
      ] as const) {
        await sql`insert into plan_evaluations (plan_id, plan_version, content, evaluated_at) values (${evaluated}, ${version}, '{}', ${at}::timestamptz)`.execute(
          trx,
        );
      }
      await MIGRATIONS['0005_plan_revision']!.up(trx);
      const { rows: plans } = await sql<{ id: string; revision: number }>`select id, revision from plans`.execute(trx);
      expect(Object.fromEntries(plans.map((p) => [p.id, p.revision]))).toEqual({ [evaluated]: 5, [untouched]: 1 });
      const { rows: evaluations } = await sql<{ plan_version: number; plan_revision: number }>`
        select plan_version, plan_revision from plan_evaluations order by evaluated_at`.execute(trx);
      expect(evaluations).toEqual([
        { plan_version: 1, plan_revision: 1 },
        { plan_version: 2, plan_revision: 3 },
        { plan_version: 2, plan_revision: 4 },
      ]);
      throw rollback;
    });
    await expect(checked).rejects.toBe(rollback);
  });

  it('ping answers while open and fails after close; close twice is harmless', async () => {
    const extra = await target.open();
    await expect(extra.ping()).resolves.toBeUndefined();
    await extra.close();
    await extra.close();
    await expect(extra.ping()).rejects.toThrow();
  });

  it('uses gen_random_uuid() ids and timestamptz that come back as Date', async () => {
    const row = await database.db
      .insertInto('cases')
      .values({ tenant_id: 't', owner_aad_id: 'o2' })
      .returning(['id', 'created_at', 'updated_at', 'intake', 'answer_order', 'seq'])
      .executeTakeFirstOrThrow();
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(row.created_at).toBeInstanceOf(Date);
    expect(row.updated_at).toBeInstanceOf(Date);
    expect(row).toMatchObject({ intake: {}, answer_order: [], seq: 0 });
  });
});

const url = testDatabaseUrl();

describe.skipIf(!url)('migrations on a shared PostgreSQL (needs TEST_DATABASE_URL)', () => {
  const schemas: string[] = [];
  const opened: Database[] = [];
  afterAll(async () => {
    await Promise.all(opened.splice(0).map((d) => d.close()));
    await dropSchemas(url!, schemas);
  });

  it('several processes opening the same new schema at once migrate it exactly once', async () => {
    const schema = uniqueSchemaName('mig');
    schemas.push(schema);
    const all = await Promise.all(Array.from({ length: 4 }, () => openDatabase({ databaseUrl: url!, schema, poolMax: 2 })));
    opened.push(...all);
    for (const database of all) expect(await appliedMigrations(database)).toEqual(Object.keys(MIGRATIONS).sort());
    // Reopening later finds everything done.
    const again = await openDatabase({ databaseUrl: url!, schema, poolMax: 1 });
    opened.push(again);
    expect(await migrateToLatest(again.db, schema)).toEqual([]);
    expect(await tablesIn(again)).toEqual([...TABLES, 'kysely_migration', 'kysely_migration_lock'].sort());
  });

  it('keeps schemas apart: rows written in one schema are not seen from another', async () => {
    const [a, b] = [uniqueSchemaName('iso'), uniqueSchemaName('iso')];
    schemas.push(a, b);
    const [da, db] = await Promise.all([
      openDatabase({ databaseUrl: url!, schema: a, poolMax: 2 }),
      openDatabase({ databaseUrl: url!, schema: b, poolMax: 2 }),
    ]);
    opened.push(da, db);
    await da.db.insertInto('cases').values({ tenant_id: 'iso', owner_aad_id: 'o' }).execute();
    expect(await da.db.selectFrom('cases').select('id').execute()).toHaveLength(1);
    expect(await db.db.selectFrom('cases').select('id').execute()).toHaveLength(0);
  });
});

describe('the schema option on PGlite', () => {
  it('migrates into the named schema and works there', async () => {
    const database = await openPgliteInMemory({ schema: 'eget_skema' });
    try {
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
      expect(rows[0]?.schema).toBe('eget_skema');
      expect(await tablesIn(database)).toEqual([...TABLES, 'kysely_migration', 'kysely_migration_lock'].sort());
      await database.db.insertInto('bot_state').values({ key: 'k', data: '{}', etag: 'e' }).execute();
      const { rows: inSchema } = await sql<{ n: number }>`select count(*) as n from eget_skema.bot_state`.execute(database.db);
      expect(inSchema[0]?.n).toBe(1);
    } finally {
      await database.close();
    }
  });
});

describe('openDatabase errors', () => {
  it('says clearly, with the cause, when PostgreSQL cannot be reached (and does not leak the password)', async () => {
    // Port 1 on loopback: nothing listens there.
    const error = await openDatabase({ databaseUrl: 'postgres://app:hemmeligt@127.0.0.1:1/indsats' }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/^Cannot reach PostgreSQL at 127\.0\.0\.1:1\/indsats: .*ECONNREFUSED/);
    expect(error!.message).not.toContain('hemmeligt');
    expect(error!.cause).toBeDefined();
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openDatabase({ inMemory: true, schema: 'x"; drop table cases; --' })).rejects.toThrow(/Invalid schema name/);
  });

  it('refuses to guess where the data goes', async () => {
    await expect(openDatabase({})).rejects.toThrow(/databaseUrl, dataDir or inMemory/);
  });
});
