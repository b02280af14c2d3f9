/**
 * DatabaseStorage must behave like botbuilder's MemoryStorage (the reference for eTag semantics),
 * so the same scenario is run on both and compared, plus what only a database can show.
 */
import { randomUUID } from 'node:crypto';
import { MemoryStorage } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { DatabaseStorage } from '../../../src/db/state-storage.js';
import { databaseTargets } from '../../support/db.js';

type Storage = Pick<DatabaseStorage, 'read' | 'write' | 'delete'>;

/** Runs the eTag scenario and records what happened, without the eTag values themselves. */
async function scenario(storage: Storage, key: string): Promise<unknown[]> {
  const log: unknown[] = [];
  const outcome = async (label: string, p: Promise<unknown>) => {
    try {
      await p;
      log.push([label, 'ok']);
    } catch (error) {
      log.push([label, (error as Error).message.replace(key, '<key>')]);
    }
  };
  const readOne = async () => (await storage.read([key]))[key] as { eTag?: string; [k: string]: unknown } | undefined;
  const strip = (item: { eTag?: string } | undefined) => {
    if (!item) return item;
    const { eTag, ...rest } = item;
    return { ...rest, hasETag: typeof eTag === 'string' && eTag.length > 0 };
  };

  log.push(['read missing', await storage.read([key])]);
  await outcome('write with an eTag, nothing stored yet', storage.write({ [key]: { n: 1, eTag: 'does-not-exist' } }));
  const first = await readOne();
  log.push(['after first', strip(first)]);

  await outcome('write with the current eTag', storage.write({ [key]: { ...first, n: 2 } }));
  const second = await readOne();
  log.push(['eTag changed on write', second?.eTag !== first?.eTag]);

  await outcome('write with a stale eTag', storage.write({ [key]: { ...first, n: 3 } }));
  log.push(['after stale', strip(await readOne())]);

  await outcome('write with *', storage.write({ [key]: { ...first, n: 4, eTag: '*' } }));
  log.push(['after *', strip(await readOne())]);

  await outcome('write without an eTag', storage.write({ [key]: { n: 5, list: [1, 'to'], nested: { ok: true } } }));
  log.push(['after no eTag', strip(await readOne())]);

  await storage.delete([key]);
  log.push(['after delete', await storage.read([key])]);
  await outcome('write with an old eTag after delete', storage.write({ [key]: { ...second, n: 6 } }));
  log.push(['after delete+write', strip(await readOne())]);
  return log;
}

describe.each(databaseTargets())('DatabaseStorage on $name', (target) => {
  let database: Database;
  let storage: DatabaseStorage;

  beforeAll(async () => {
    database = await target.open();
    storage = new DatabaseStorage(database);
  });
  afterAll(() => target.cleanup());

  it('follows MemoryStorage eTag semantics step by step', async () => {
    const key = `msteams/conversations/${randomUUID()}`;
    const expected = await scenario(new MemoryStorage(), key);
    const actual = await scenario(storage, key);
    expect(actual).toEqual(expected);
    // And the scenario did exercise a conflict.
    expect(expected).toContainEqual(['write with a stale eTag', 'Storage: error writing "<key>" due to eTag conflict.']);
  });

  it('reads several keys at once, leaving missing ones out, and does not write eTag into the data', async () => {
    const [a, b, missing] = [randomUUID(), randomUUID(), randomUUID()];
    const item = { conversation: { step: 'areas' }, eTag: '*' };
    await storage.write({ [a]: item, [b]: { user: { locale: 'da-DK' } } });
    expect(item.eTag).toBe('*'); // the caller's object is not changed
    const read = await storage.read([a, b, missing, a]);
    expect(Object.keys(read).sort()).toEqual([a, b].sort());
    expect(read[a]).toEqual({ conversation: { step: 'areas' }, eTag: expect.any(String) });
    const row = await database.db.selectFrom('bot_state').select('data').where('key', '=', a).executeTakeFirstOrThrow();
    expect(row.data).toEqual({ conversation: { step: 'areas' } });
  });

  it('writes several items atomically: one conflict and none is written', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await storage.write({ [a]: { v: 1 }, [b]: { v: 1 } });
    const current = await storage.read([a, b]);
    await expect(storage.write({ [a]: { ...current[a], v: 2 }, [b]: { v: 2, eTag: 'stale' } })).rejects.toThrow(/eTag conflict/);
    const after = await storage.read([a, b]);
    expect(after[a]).toEqual(current[a]);
    expect(after[b]).toEqual(current[b]);
  });

  it('of two concurrent writers holding the same eTag, exactly one wins', async () => {
    const key = randomUUID();
    await storage.write({ [key]: { v: 0 } });
    const seen = (await storage.read([key]))[key];
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => storage.write({ [key]: { ...seen, v: i + 1 } })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(5);
  });

  it('empty reads, writes and deletes are no-ops; missing arguments are refused like MemoryStorage', async () => {
    expect(await storage.read([])).toEqual({});
    await storage.write({});
    await storage.delete([]);
    await storage.delete([randomUUID()]);
    await expect(storage.read(undefined as never)).rejects.toThrow(ReferenceError);
    await expect(storage.write(undefined as never)).rejects.toThrow(ReferenceError);
  });

  it('stores state holding text PostgreSQL jsonb would reject (NUL, lone surrogate)', async () => {
    const key = randomUUID();
    await storage.write({ [key]: { text: 'a\u0000b\udc00c', ['k\u0000ey']: 1 } });
    expect((await storage.read([key]))[key]).toEqual({ text: 'ab\ufffdc', key: 1, eTag: expect.any(String) });
  });
});
