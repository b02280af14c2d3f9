/**
 * The database migrations, in code (no dynamic file imports, so a bundled or compiled build runs
 * the same list). One SQL dialect: these statements run unchanged on PGlite and on PostgreSQL.
 *
 * Rules for adding a migration:
 * - add a file `src/db/migrations/NNNN_name.ts` whose name sorts after the last one, with a comment
 *   saying why, and list it below; never edit or reorder a migration that has shipped;
 * - one statement per `sql` call (PGlite runs each query as a single prepared statement);
 * - no schema-qualified names: the schema comes from the connection's search_path, which is how
 *   tests isolate themselves in a schema of their own.
 *
 */
import type { Migration, MigrationProvider } from 'kysely/migration';
import m0001 from './migrations/0001_initial.js';
import m0002 from './migrations/0002_plans.js';
import m0003 from './migrations/0003_outbox.js';
import m0004 from './migrations/0004_sparring.js';
import m0005 from './migrations/0005_plan_revision.js';
import m0006 from './migrations/0006_sparring_send_key.js';
import m0007 from './migrations/0007_intake_consents.js';
import m0008 from './migrations/0008_conversation_ref_names.js';
import m0009 from './migrations/0009_pku_decisions.js';
import m0010 from './migrations/0010_safeguarding_notifications.js';
import m0011 from './migrations/0011_case_cancelled_at.js';
import m0012 from './migrations/0012_case_closing.js';
import m0013 from './migrations/0013_access_log.js';
import m0014 from './migrations/0014_sealed_free_text.js';
import m0015 from './migrations/0015_access_log_erase.js';

export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_initial': m0001,
  '0002_plans': m0002,
  '0003_outbox': m0003,
  '0004_sparring': m0004,
  '0005_plan_revision': m0005,
  '0006_sparring_send_key': m0006,
  '0007_intake_consents': m0007,
  '0008_conversation_ref_names': m0008,
  '0009_pku_decisions': m0009,
  '0010_safeguarding_notifications': m0010,
  '0011_case_cancelled_at': m0011,
  '0012_case_closing': m0012,
  '0013_access_log': m0013,
  '0014_sealed_free_text': m0014,
  '0015_access_log_erase': m0015,
});

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return { ...MIGRATIONS };
  },
};
