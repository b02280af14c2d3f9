/**
 * Opening a database while another session drops an unrelated schema (another application on the
 * same server, or a parallel test run cleaning up). Kysely's migrator reads the whole catalogue and
 * names every schema in has_schema_privilege(), so a schema dropped during that read failed the
 * migration with 3F000 "schema … does not exist"; migrateToLatest now tries again.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/database.js';
import { dropSchemas, testDatabaseUrl, uniqueSchemaName } from '../../support/db.js';

const url = testDatabaseUrl();

describe.skipIf(!url)('migrating while other schemas are dropped (PostgreSQL; needs TEST_DATABASE_URL)', () => {
  it('opens every database although schemas with tables vanish meanwhile', async () => {
    const churn = new pg.Client({ connectionString: url! });
    await churn.connect();
    let stop = false;
    let churned = 0;
    // Schemas with a table (the migrator's catalogue read sees only schemas holding tables),
    // created and dropped in a bounded loop until the opens below are done.
    const churning = (async () => {
      for (let i = 0; i < 5_000 && !stop; i++) {
        const name = uniqueSchemaName('churn');
        await churn.query(`create schema "${name}"; create table "${name}".t (a int, b text, c int, d text)`);
        await churn.query(`drop schema "${name}" cascade`);
        churned++;
      }
    })();
    const schemas: string[] = [];
    const failures: string[] = [];
    try {
      for (let i = 0; i < 12; i++) {
        const schema = uniqueSchemaName();
        schemas.push(schema);
        try {
          const database = await openDatabase({ databaseUrl: url!, schema, poolMax: 2 });
          await database.close();
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    } finally {
      stop = true;
      await churning;
      await churn.end();
      await dropSchemas(url!, schemas);
    }
    expect(churned).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  }, 120_000);
});
