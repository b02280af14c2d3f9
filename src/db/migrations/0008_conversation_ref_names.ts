/**
 * The display names Teams sends (user, bot, conversation) are stored cleaned since the CPR guard
 * reads every separator and digit form: CPR-like numbers masked, control and format characters
 * removed (storableReference). References stored before that are cleaned here by the same rule,
 * in code (the rule is Unicode normalisation, not SQL); a reference already clean is left alone.
 */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { storableReference } from '../../conversations/storable-reference.js';
import { toJsonb } from '../json.js';
import type { Migration } from 'kysely/migration';

const migration: Migration = {
  async up(db: Kysely<unknown>) {
    const { rows } = await sql<{ key: string; reference: unknown }>`select key, reference from conversation_refs`.execute(db);
    for (const row of rows) {
      const cleaned = storableReference(row.reference);
      if (JSON.stringify(cleaned) === JSON.stringify(row.reference)) continue;
      await sql`update conversation_refs set reference = ${toJsonb(cleaned)} where key = ${row.key}`.execute(db);
    }
  },
};
export default migration;
