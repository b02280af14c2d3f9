/**
 * Bot Framework `Storage` on the database, so conversation state is shared by every bot instance.
 * It matches botbuilder's `Storage` interface structurally (read/write/delete) without importing
 * botbuilder, which only src/bot may do.
 *
 * eTag semantics follow botbuilder-core's MemoryStorage:
 * - read returns each found item with its current `eTag`; missing keys are absent from the result;
 * - write stores unconditionally when the item has no eTag or `'*'`, or when nothing is stored
 *   under the key yet; otherwise only when the eTag equals the stored one, else it throws
 *   `Storage: error writing "<key>" due to eTag conflict.`;
 * - every write gives the item a new eTag (not written back into the caller's object).
 * Unlike MemoryStorage, a write of several items is atomic: on a conflict none of them is written.
 * The compare-and-set is one statement (INSERT … ON CONFLICT DO UPDATE … WHERE etag = …), so it
 * holds across processes on PostgreSQL too.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from './database.js';
import { toJsonb } from './json.js';

// botbuilder's StoreItem/StoreItems, restated structurally.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StoreItem = { eTag?: string; [key: string]: any };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type StoreItems = Record<string, any>;

export class DatabaseStorage {
  constructor(private readonly database: Database) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    const result: StoreItems = {};
    if (keys.length === 0) return result;
    const rows = await this.database.db
      .selectFrom('bot_state')
      .select(['key', 'data', 'etag'])
      .where('key', 'in', [...new Set(keys)])
      .execute();
    for (const row of rows) result[row.key] = { ...row.data, eTag: row.etag };
    return result;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    // Sorted, so two concurrent multi-item writes take their row locks in the same order.
    const entries = Object.entries(changes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length === 0) return;
    await this.database.db.transaction().execute(async (trx) => {
      for (const [key, item] of entries) {
        const { eTag, ...data } = (item ?? {}) as StoreItem;
        const values = { data: toJsonb(data), etag: randomUUID(), updated_at: sql<Date>`clock_timestamp()` };
        const unconditional = eTag === undefined || eTag === null || eTag === '' || eTag === '*';
        const written = await trx
          .insertInto('bot_state')
          .values({ key, ...values })
          .onConflict((oc) => {
            const update = oc.column('key').doUpdateSet(values);
            return unconditional ? update : update.where('bot_state.etag', '=', String(eTag));
          })
          .returning('key')
          .execute();
        if (written.length === 0) throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      }
    });
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    if (keys.length === 0) return;
    await this.database.db
      .deleteFrom('bot_state')
      .where('key', 'in', [...new Set(keys)])
      .execute();
  }
}
