/**
 * The databases the tests run on: PGlite in memory always, and PostgreSQL when TEST_DATABASE_URL
 * is set (CI sets it: postgres://postgres@127.0.0.1:5432/test). Each PostgreSQL `open()` gets a
 * fresh schema of its own, which `cleanup()` drops, so concurrent test files and concurrent runs
 * never see each other's rows.
 *
 *   describe.each(databaseTargets())('$name', (target) => {
 *     let database: Database;
 *     beforeAll(async () => { database = await target.open(); });
 *     afterAll(() => target.cleanup());
 *     …
 *   });
 *
 * PGlite instances start from a migrated snapshot (about 1 s instead of 3–5 s for initdb and the
 * migrations). The snapshot is made once and cached in the temp directory under a name derived
 * from the migrations' source (the list and every file) and the PGlite version, so test processes (one per file) share it
 * and a change to the migrations makes a new one. PGlite is memory-hungry: open one per describe
 * block, not one per test, and isolate tests by using distinct tenant/owner ids.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createPgliteSnapshot, openDatabase, type Database } from '../../src/db/database.js';

export type TargetName = 'pglite' | 'postgres';

export interface DatabaseTarget {
  name: TargetName;
  /** Opens a new, migrated, empty database. May be called more than once. */
  open(): Promise<Database>;
  /** Closes everything `open()` returned (and, on PostgreSQL, drops its schemas). */
  cleanup(): Promise<void>;
}

let announced = false;
let snapshot: Promise<Blob> | undefined;

/** The PostgreSQL URL for tests, or undefined when TEST_DATABASE_URL is unset. */
export function testDatabaseUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL?.trim();
  return url ? url : undefined;
}

/** A schema name no other test or run uses. */
export function uniqueSchemaName(prefix = 'test'): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
}

/** Drops schemas (and all in them) on the test PostgreSQL. */
export async function dropSchemas(databaseUrl: string, schemas: string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const schema of schemas) {
      await client.query(`drop schema if exists "${schema.replace(/"/g, '""')}" cascade`);
    }
  } finally {
    await client.end();
  }
}

/** A new in-memory PGlite, migrated (from the cached snapshot). */
export async function openPgliteInMemory(opts: { schema?: string } = {}): Promise<Database> {
  snapshot ??= cachedSnapshot();
  try {
    return await openDatabase({ ...opts, inMemory: true, pgliteLoadDataDir: await snapshot });
  } catch (error) {
    // A damaged cache file must not fail the suite: drop it and start from a fresh snapshot.
    console.warn(`PGlite test snapshot unusable, making a new one: ${(error as Error).message}`);
    await rm(snapshotFile(), { force: true });
    snapshot = createPgliteSnapshot();
    return openDatabase({ ...opts, inMemory: true, pgliteLoadDataDir: await snapshot });
  }
}

function snapshotFile(): string {
  // Every migration's source counts (the list and each file in src/db/migrations/): a snapshot
  // made before one of them changed must not be reused.
  const hash = createHash('sha256');
  hash.update(readFileSync(new URL('../../src/db/migrations.ts', import.meta.url)));
  const dir = new URL('../../src/db/migrations/', import.meta.url);
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(new URL(name, dir)));
  hash.update(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url)));
  const digest = hash.digest('hex').slice(0, 16);
  return path.join(tmpdir(), `indsatsguiden-pglite-snapshot-${digest}.tar`);
}

async function cachedSnapshot(): Promise<Blob> {
  const file = snapshotFile();
  try {
    return new Blob([await readFile(file)]);
  } catch {
    // Not made yet (or unreadable): make it, and publish it atomically for the other processes.
    const blob = await createPgliteSnapshot();
    const partial = `${file}.${process.pid}.${randomUUID()}.partial`;
    await writeFile(partial, Buffer.from(await blob.arrayBuffer()));
    await rename(partial, file);
    return blob;
  }
}

export function databaseTargets(): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [pgliteTarget()];
  const url = testDatabaseUrl();
  if (url) {
    targets.push(postgresTarget(url));
  } else if (!announced) {
    announced = true;
    console.info('TEST_DATABASE_URL is not set: database tests run on PGlite only (CI sets it and runs PostgreSQL too).');
  }
  return targets;
}

function pgliteTarget(): DatabaseTarget {
  const opened: Database[] = [];
  return {
    name: 'pglite',
    async open() {
      const database = await openPgliteInMemory();
      opened.push(database);
      return database;
    },
    async cleanup() {
      const all = opened.splice(0);
      await Promise.all(all.map((d) => d.close()));
    },
  };
}

function postgresTarget(url: string): DatabaseTarget {
  const opened: Database[] = [];
  const schemas: string[] = [];
  return {
    name: 'postgres',
    async open() {
      const schema = uniqueSchemaName();
      schemas.push(schema);
      const database = await openDatabase({ databaseUrl: url, schema, poolMax: 5 });
      opened.push(database);
      return database;
    },
    async cleanup() {
      const all = opened.splice(0);
      await Promise.all(all.map((d) => d.close()));
      await dropSchemas(url, schemas.splice(0));
    },
  };
}
