/** A migration made of SQL statements run in order, one statement per `sql` call (PGlite prepares each query as one statement). */
import type { Kysely, RawBuilder } from 'kysely';
import type { Migration } from 'kysely/migration';

export function statements(...list: RawBuilder<unknown>[]): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const statement of list) await statement.execute(db);
    },
  };
}
