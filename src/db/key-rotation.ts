/**
 * Key status and rotation for the sealed columns (sealed-columns.ts), behind `npm run keys`.
 *
 * Rotation re-seals every value that is not sealed under the current key: values sealed with a
 * previous key, and values written in clear before encryption existed. It walks each column by
 * primary key in pages, one short transaction per page, and writes a value only if it is still the
 * one it read (compare-and-set), so it can run while the bot runs on PostgreSQL: a row the bot
 * changed meanwhile was sealed by the bot under the current key already. `updated_at` is not
 * touched: re-sealing is not a change a user made (retention counts from it).
 *
 * When `status` shows no value under a key any more, that key can be removed from
 * ENCRYPTION_PREVIOUS_KEYS.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Database } from './database.js';
import { toJsonb } from './json.js';
import { SEALED_COLUMNS, type SealedColumn } from './sealed-columns.js';
import {
  jsonHasClearPart,
  jsonNeedsSealing,
  keyIdOf,
  openJson,
  sealJson,
  sealedStrings,
  textNeedsSealing,
  type KeyRing,
} from './sealing.js';

/** What a column holds: how many values, how many in clear, and how many under each key id. */
export interface ColumnStatus {
  table: string;
  column: string;
  values: number;
  clear: number;
  byKey: Record<string, number>;
}

const PAGE = 200;

/** The counts per sealed column (null values are not counted). */
export async function keyStatus(database: Database): Promise<ColumnStatus[]> {
  const result: ColumnStatus[] = [];
  for (const column of SEALED_COLUMNS) {
    const status: ColumnStatus = { table: column.table, column: column.column, values: 0, clear: 0, byKey: {} };
    for await (const rows of pages(database, column)) {
      for (const { v } of rows) {
        if (v === null) continue;
        status.values++;
        const id = holder(database.keys, column, v);
        if (id === null) status.clear++;
        else status.byKey[id] = (status.byKey[id] ?? 0) + 1;
      }
    }
    result.push(status);
  }
  return result;
}

/** Which key a value is sealed under (an older one when it is mixed); null when it is (partly) in clear. */
function holder(keys: KeyRing, column: SealedColumn, value: unknown): string | null {
  if (column.kind === 'text') return keyIdOf(value);
  if (jsonHasClearPart(value, column.clear)) return null;
  const ids = [...new Set(sealedStrings(value).map((s) => keyIdOf(s) as string))];
  // Nothing sealed and nothing in clear to seal (e.g. `{}`): as good as the current key.
  return ids.find((id) => id !== keys.currentId) ?? keys.currentId;
}

function openAndReseal(keys: KeyRing, column: SealedColumn, value: unknown): unknown {
  return sealJson(keys, openJson(keys, value), column.clear);
}

export interface RotationResult {
  table: string;
  column: string;
  resealed: number;
  /** Values another writer changed between the read and the write (they were written under the current key). */
  skipped: number;
}

/** Re-seals every value not under the current key; the counts per column. */
export async function rotateKeys(database: Database): Promise<RotationResult[]> {
  const keys = database.keys;
  const results: RotationResult[] = [];
  for (const column of SEALED_COLUMNS) {
    const result: RotationResult = { table: column.table, column: column.column, resealed: 0, skipped: 0 };
    for await (const rows of pages(database, column)) {
      const stale = rows.filter(({ v }) =>
        column.kind === 'text' ? textNeedsSealing(keys, v as string | null) : jsonNeedsSealing(keys, v, column.clear),
      );
      if (stale.length === 0) continue;
      await database.db.transaction().execute(async (trx) => {
        for (const { k, v } of stale) {
          let next: string;
          try {
            next = column.kind === 'text' ? keys.seal(keys.open(v as string)) : toJsonb(openAndReseal(keys, column, v));
          } catch (error) {
            // Which value (never what it holds), so it can be looked at.
            throw new Error(`${column.table}.${column.column}, ${column.key} ${k}: ${(error as Error).message}`, { cause: error });
          }
          const previous = column.kind === 'text' ? (v as string) : toJsonb(v);
          const cast = column.kind === 'json' ? sql`::jsonb` : sql``;
          const updated = await sql`update ${sql.table(column.table)} set ${sql.ref(column.column)} = ${next}${cast}
            where ${sql.ref(column.key)} = ${k} and ${sql.ref(column.column)} = ${previous}${cast}`.execute(trx);
          if (Number(updated.numAffectedRows ?? 0) > 0) result.resealed++;
          else result.skipped++;
        }
      });
    }
    results.push(result);
  }
  return results;
}

/** The column's values in pages, by primary key. */
async function* pages(database: Database, column: SealedColumn): AsyncGenerator<{ k: string | number; v: unknown }[]> {
  let last: string | number | null = null;
  for (;;) {
    const after: RawBuilder<unknown> = last === null ? sql`` : sql`where ${sql.ref(column.key)} > ${last}`;
    const { rows }: { rows: { k: string | number; v: unknown }[] } = await sql<{
      k: string | number;
      v: unknown;
    }>`select ${sql.ref(column.key)} as k, ${sql.ref(column.column)} as v
      from ${sql.table(column.table)} ${after} order by ${sql.ref(column.key)} limit ${PAGE}`.execute(database.db);
    if (rows.length === 0) return;
    yield rows.map((row: { k: string | number; v: unknown }) => ({
      k: row.k,
      v: typeof row.v === 'string' && column.kind === 'json' ? (JSON.parse(row.v) as unknown) : row.v,
    }));
    last = (rows.at(-1) as { k: string | number }).k;
    if (rows.length < PAGE) return;
  }
}
