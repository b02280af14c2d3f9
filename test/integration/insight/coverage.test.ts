/**
 * "Everything stored about one case" follows the schema (src/insight/case-insight.service.ts): the
 * database is migrated to the latest schema on each engine, and every base table, every `case_id`
 * column and every foreign key is read from information_schema. The test fails when a table holds a
 * `case_id`, or refers to a table of a case, and is not in CASE_TABLES; when a table is in neither
 * CASE_TABLES nor NOT_CASE_DATA (say which, and why); and when either list names a table that does
 * not exist.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../support/db.js';
import type { Database } from '../../../src/db/database.js';
import { CASE_TABLE_NAMES, NOT_CASE_DATA } from '../../../src/insight/case-insight.service.js';

describe.each(databaseTargets())('the insight covers every table about a case, on $name', (target) => {
  let database: Database;
  let tables: string[];
  let withCaseId: string[];
  let foreignKeys: { table: string; references: string }[];
  const covered = new Set<string>(CASE_TABLE_NAMES);

  beforeAll(async () => {
    database = await target.open();
    const db = database.db;
    tables = (
      await sql<{ table_name: string }>`
        select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'
      `.execute(db)
    ).rows.map((r) => r.table_name);
    withCaseId = (
      await sql<{ table_name: string }>`
        select c.table_name from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
        where c.table_schema = current_schema() and c.column_name = 'case_id'
      `.execute(db)
    ).rows.map((r) => r.table_name);
    foreignKeys = (
      await sql<{ table: string; references: string }>`
        select distinct tc.table_name as "table", ccu.table_name as "references"
        from information_schema.table_constraints tc
        join information_schema.constraint_column_usage ccu
          on ccu.constraint_schema = tc.constraint_schema and ccu.constraint_name = tc.constraint_name
        where tc.table_schema = current_schema() and tc.constraint_type = 'FOREIGN KEY'
      `.execute(db)
    ).rows;
  }, 60_000);
  afterAll(() => target.cleanup());

  it('reads the schema (the queries find what they should)', () => {
    expect(tables).toContain('cases');
    expect(withCaseId).toEqual(expect.arrayContaining(['plans', 'sparring_requests', 'pku_decisions']));
    expect(foreignKeys).toEqual(expect.arrayContaining([{ table: 'plan_versions', references: 'plans' }]));
  });

  it('every table with a case_id column is in the insight', () => {
    const missing = withCaseId.filter((t) => !covered.has(t));
    expect(missing, `add these tables to CASE_TABLES in src/insight/case-insight.service.ts: ${missing.join(', ')}`).toEqual([]);
  });

  it('every table that refers to a table of a case (a plan, a request, …) is in the insight', () => {
    const missing = foreignKeys.filter((fk) => covered.has(fk.references) && !covered.has(fk.table)).map((fk) => fk.table);
    expect(missing, `these tables refer to rows of a case; add them to CASE_TABLES: ${missing.join(', ')}`).toEqual([]);
  });

  it('every table is either about a case or said not to be, and both lists name only tables that exist', () => {
    const unclassified = tables.filter((t) => !covered.has(t) && !Object.hasOwn(NOT_CASE_DATA, t));
    expect(
      unclassified,
      `say in src/insight/case-insight.service.ts whether these tables hold data about a case (CASE_TABLES) or not (NOT_CASE_DATA, with why): ${unclassified.join(', ')}`,
    ).toEqual([]);
    expect([...covered, ...Object.keys(NOT_CASE_DATA)].filter((t) => !tables.includes(t))).toEqual([]);
  });
});
