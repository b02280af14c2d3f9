/**
 * Migration 0008_conversation_ref_names on every database target: conversation references stored
 * before the CPR guard read every separator and digit form keep Teams' display names as they came;
 * the migration cleans them by the rule used on every write (storableReference), and leaves the
 * ids the bot needs to reach the conversation, and references already clean, as they are.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { toJsonb } from '../../../src/db/json.js';
import { MIGRATIONS } from '../../../src/db/migrations.js';
import { databaseTargets, uniqueSchemaName } from '../../support/db.js';

const MIGRATION = '0008_conversation_ref_names';

/** A reference as an older version stored it: the names as Teams sent them. */
const RAW = {
  bot: { id: '28:bot', name: 'Indsatsguiden' },
  user: { id: '29:mette', aadObjectId: 'aad-mette', name: 'Mette 120512\u20131234\u200b' },
  conversation: { id: 'a:conv-1', conversationType: 'channel', name: 'AKT 1205\u00a012 1234', tenantId: 'tenant' },
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/emea/',
};

describe.each(databaseTargets())('migration 0008_conversation_ref_names on $name', (target) => {
  let database: Database;

  beforeAll(async () => {
    database = await target.open();
  });
  afterAll(() => target.cleanup());

  it('masks CPR numbers and strips control characters in stored names, and keeps everything else', async () => {
    // The migrations before 0008 in a schema of their own, two stored references, then 0008; all rolled back.
    const rollback = new Error('rollback');
    const checked = database.db.transaction().execute(async (trx) => {
      const schema = uniqueSchemaName('refs');
      await sql`create schema ${sql.id(schema)}`.execute(trx);
      await sql`set local search_path to ${sql.id(schema)}`.execute(trx);
      const before = Object.keys(MIGRATIONS)
        .sort()
        .filter((name) => name < MIGRATION);
      for (const name of before) await MIGRATIONS[name]!.up(trx);
      const clean = { ...RAW, user: { id: '29:lise', name: 'Lise Bruun' }, conversation: { id: 'a:conv-2', name: 'Indskoling' } };
      for (const [key, reference] of [
        ['conv:a:conv-1', RAW],
        ['conv:a:conv-2', clean],
      ] as const) {
        await sql`insert into conversation_refs (key, tenant_id, conversation_id, conversation_type, reference)
          values (${key}, 'tenant', ${reference.conversation.id}, 'channel', ${toJsonb(reference)})`.execute(trx);
      }
      const { rows: untouchedBefore } = await sql<{
        updated_at: Date;
      }>`select updated_at from conversation_refs where key = 'conv:a:conv-2'`.execute(trx);

      await MIGRATIONS[MIGRATION]!.up(trx);

      const { rows } = await sql<{ key: string; reference: typeof RAW; updated_at: Date }>`
        select key, reference, updated_at from conversation_refs order by key`.execute(trx);
      expect(rows[0]!.reference).toEqual({
        ...RAW,
        user: { id: '29:mette', aadObjectId: 'aad-mette', name: 'Mette [CPR fjernet]' },
        conversation: { id: 'a:conv-1', conversationType: 'channel', name: 'AKT [CPR fjernet]', tenantId: 'tenant' },
      });
      expect(JSON.stringify(rows)).not.toMatch(/1234/);
      expect(rows[1]!.reference).toEqual(clean);
      expect(rows[1]!.updated_at).toEqual(untouchedBefore[0]!.updated_at);
      throw rollback;
    });
    await expect(checked).rejects.toBe(rollback);
  });
});
