/**
 * The database connection: one SQL dialect (PostgreSQL) on two engines.
 *
 * - `databaseUrl` set: a real PostgreSQL through a `pg` Pool. Several bot instances may share it;
 *   it is the only shared state.
 * - otherwise: PGlite (PostgreSQL compiled to WASM) in this process, file-backed under
 *   `${dataDir}/pglite`, or in memory (`inMemory`, tests). A PGlite data directory belongs to ONE
 *   process at a time: opening takes an exclusive lock on `dataDir` (data-dir-lock.ts), held until
 *   close() or the process's exit, and a second process is refused with DataDirLockedError.
 *
 * Migrations run at open (see migrations.ts), inside one transaction that first takes a
 * transaction-scoped advisory lock for the schema, so several processes opening the same
 * PostgreSQL at once apply each migration exactly once and the losers just find them done.
 *
 * Value types are the same on both engines: timestamptz → Date, jsonb → parsed value, and int8
 * (bigint, count(*)) → JS number. `pg` would return int8 as a string, so the pool gets its own type
 * parser (not the process-global one) that does what PGlite does: a number when it is a safe
 * integer, a BigInt beyond that.
 *
 * Concurrent transactions on PGlite. PGlite has ONE connection. kysely-pglite-dialect's driver
 * hands that connection to one Kysely consumer at a time: `acquireConnection()` queues callers
 * until the previous holder calls `releaseConnection()`, and Kysely holds the connection from
 * BEGIN to COMMIT/ROLLBACK. So two overlapping `db.transaction()` calls run one after the other,
 * never interleaved (test/integration/db/concurrency.test.ts proves it, and that no increment is
 * lost). Two consequences for every caller, on both engines:
 * - inside a transaction callback, use only the transaction object. A query on the outer `db`
 *   from inside a transaction waits for the connection the transaction itself holds: on PGlite
 *   that is a deadlock, on PostgreSQL it blocks on the row locks the transaction holds.
 * - keep transactions short (no network calls inside them): on PGlite every other query of the
 *   process waits for them.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { MIGRATIONS } from './migrations.js';
import { KeyRing } from './sealing.js';
import type { Tables } from './schema.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  db: Kysely<Tables>;
  kind: DatabaseKind;
  /**
   * The keys free text is sealed with before it is written and opened with after it is read
   * (sealing.ts; which columns, sealed-columns.ts). The repositories use it; SQL never sees clear text.
   */
  keys: KeyRing;
  /** Runs a trivial query; rejects when the database cannot answer (used by the health route). */
  ping(): Promise<void>;
  /** Closes the pool or the PGlite instance. Safe to call more than once. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL connection URL (postgres://user:password@host:port/database?…). Wins over the rest. */
  databaseUrl?: string;
  /** PGlite keeps its files in `${dataDir}/pglite` (created when missing). */
  dataDir?: string;
  /** PGlite in memory: nothing survives close (tests). */
  inMemory?: boolean;
  /**
   * A schema of its own (lower-case letters, digits, `_`), created when missing and put first on
   * the search_path of every connection. Tests use it so concurrent runs never see each other's
   * rows. Without it the connection's own search_path decides (normally `public`).
   */
  schema?: string;
  /** PGlite in memory only: start from a dump (see createPgliteSnapshot) instead of running initdb. */
  pgliteLoadDataDir?: Blob;
  /** PostgreSQL only: the most connections the pool opens (default 10). */
  poolMax?: number;
  /** PostgreSQL only: called when an idle pooled connection fails (default: one line on stderr). */
  onPoolError?: (error: Error) => void;
  /**
   * PGlite with dataDir only: a Danish line worth logging about the data directory's lock (a stale
   * lock of a process that died was taken over; default: one line on stderr).
   */
  onLockNote?: (note: string) => void;
  /** The keys for free text (config.ts: ENCRYPTION_KEY); default the development key (local mode and tests). */
  keys?: KeyRing;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** First key of the two-key advisory lock taken while migrating; the second is hashtext(schema). */
const MIGRATION_LOCK_CLASS = 748_213;
const INT8_OID = 20;
const CONNECT_TIMEOUT_MS = 10_000;

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) {
    throw new Error(`Invalid schema name "${opts.schema}": use lower-case letters, digits and _ (at most 63).`);
  }
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts);
  if (opts.inMemory || opts.dataDir) return openPglite(opts);
  throw new Error('openDatabase needs databaseUrl, dataDir or inMemory.');
}

/**
 * Applies every pending migration; returns the names it applied (empty when already up to date).
 * Safe to run concurrently from several processes against the same database and schema.
 */
export async function migrateToLatest(db: Kysely<Tables>, schema?: string): Promise<string[]> {
  // Kysely's migrator looks for its tables in every schema of the database, naming each schema in
  // has_schema_privilege(): a schema that another session drops meanwhile (another application, or
  // a parallel test run cleaning up) fails that read with 3F000. Nothing of ours was wrong, and the
  // transaction rolled back whole, so the same migration is tried again (up to ten times).
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateOnce(db, schema);
    } catch (error) {
      if (attempt >= 10 || !droppedMeanwhile(error, schema)) throw error;
    }
  }
}

/** Whether a migration failed only because some other schema vanished while the catalogue was read. */
function droppedMeanwhile(error: unknown, schema: string | undefined): boolean {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (cause?.code !== '3F000' || typeof cause.message !== 'string') return false;
  return schema === undefined || !cause.message.includes(`"${schema}"`);
}

async function migrateOnce(db: Kysely<Tables>, schema?: string): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const target = schema ?? (await currentSchema(trx));
    await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK_CLASS)}, hashtext(${target}))`.execute(trx);
    // CREATE SCHEMA IF NOT EXISTS checks the CREATE privilege before existence, so only issue it
    // when the schema is really missing (an app user on a managed server may lack that privilege).
    const exists = await sql<{ found: number }>`select 1 as found from pg_namespace where nspname = ${target}`.execute(trx);
    if (exists.rows.length === 0) await sql`create schema ${sql.id(target)}`.execute(trx);

    const recorder = recordingProvider();
    const migrator = new Migrator({ db: trx, provider: recorder.provider, migrationTableSchema: target });
    const { error, results } = await migrator.migrateToLatest();
    if (error !== undefined) {
      // Kysely's own lock release can fail in the aborted transaction and replace the real error:
      // report the migration's own failure when there is one.
      const cause = recorder.failure() ?? error;
      throw new Error(`Database migration failed: ${describeError(cause)}`, { cause });
    }
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  });
}

/**
 * A migrated, empty PGlite database as a tarball, for `pgliteLoadDataDir`. Starting a PGlite from
 * it skips initdb (about 0.5 s instead of 2–4 s), which the test suite relies on.
 */
export async function createPgliteSnapshot(): Promise<Blob> {
  const client = await PGlite.create();
  const db = new Kysely<Tables>({ dialect: new PGliteDialect(client) });
  try {
    await migrateToLatest(db);
    return await client.dumpDataDir('none');
  } finally {
    await db.destroy();
  }
}

async function openPostgres(databaseUrl: string, opts: OpenDatabaseOptions): Promise<Database> {
  const where = describeUrl(databaseUrl);
  const connectionString = opts.schema ? withSearchPath(databaseUrl, opts.schema) : databaseUrl;
  const pool = new pg.Pool({
    connectionString,
    max: opts.poolMax ?? 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    application_name: 'indsatsguiden',
    types: PG_TYPES,
  });
  const onPoolError = opts.onPoolError ?? ((error: Error) => console.error(`[db] PostgreSQL pool error: ${describeError(error)}`));
  pool.on('error', onPoolError);
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new Error(`Cannot reach PostgreSQL at ${where}: ${describeError(error)}`, { cause: error });
  }
  await migrateOrClose(db, opts.schema);
  return wrap(db, 'postgres', opts.keys);
}

async function openPglite(opts: OpenDatabaseOptions): Promise<Database> {
  const options: PGliteOptions = {};
  let where = 'in memory';
  let lock: DataDirLock | undefined;
  if (!opts.inMemory && opts.dataDir) {
    const dir = path.resolve(opts.dataDir, 'pglite');
    where = `at ${dir}`;
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new Error(`Cannot create the PGlite data directory ${dir}: ${describeError(error)}`, { cause: error });
    }
    // Throws DataDirLockedError (a Danish message for the administrator) when another process has it.
    lock = lockDataDir(path.dirname(dir), opts.onLockNote ? { onNote: opts.onLockNote } : {});
    options.dataDir = dir;
  } else if (opts.pgliteLoadDataDir) {
    options.loadDataDir = opts.pgliteLoadDataDir;
  }
  let client: PGlite;
  try {
    client = await PGlite.create(options);
  } catch (error) {
    lock?.release();
    throw new Error(`Cannot open the embedded PGlite database ${where}: ${describeError(error)}`, { cause: error });
  }
  const db = new Kysely<Tables>({ dialect: new PGliteDialect(client) });
  try {
    await migrateOrClose(db, opts.schema, async () => {
      // One connection, one session: setting the search_path once holds for the instance's life.
      if (opts.schema) await sql`set search_path to ${sql.id(opts.schema)}`.execute(db);
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  return wrap(db, 'pglite', opts.keys, lock);
}

async function migrateOrClose(db: Kysely<Tables>, schema: string | undefined, before?: () => Promise<void>): Promise<void> {
  try {
    await before?.();
    await migrateToLatest(db, schema);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw error;
  }
}

/** `lock` (PGlite on a data directory) is released once the instance is closed, even if closing failed. */
function wrap(db: Kysely<Tables>, kind: DatabaseKind, keys: KeyRing | undefined, lock?: DataDirLock): Database {
  let closing: Promise<void> | undefined;
  return {
    db,
    kind,
    keys: keys ?? KeyRing.development(),
    async ping() {
      await sql`select 1`.execute(db);
    },
    close() {
      closing ??= db.destroy().finally(() => lock?.release());
      return closing;
    },
  };
}

async function currentSchema(db: Kysely<Tables>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('The connection has no current schema: its search_path names no existing schema.');
  return schema;
}

/** Wraps each migration so its own error is kept, whatever Kysely reports afterwards. */
function recordingProvider(): { provider: MigrationProvider; failure(): unknown } {
  let failure: unknown;
  const provider: MigrationProvider = {
    async getMigrations() {
      const wrapped: Record<string, Migration> = {};
      for (const [name, migration] of Object.entries(MIGRATIONS)) {
        wrapped[name] = {
          async up(db) {
            try {
              await migration.up(db);
            } catch (error) {
              failure ??= new Error(`migration ${name}: ${describeError(error)}`, { cause: error });
              throw error;
            }
          },
        };
      }
      return wrapped;
    },
  };
  return { provider, failure: () => failure };
}

function parseInt8(text: string): number | bigint {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

const PG_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** Adds `-c search_path=<schema>` to the URL's `options` (the URL's parameters win over pool config). */
function withSearchPath(databaseUrl: string, schema: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch (error) {
    throw new Error(`The schema option needs a URL-form database address (postgres://…): ${describeError(error)}`, { cause: error });
  }
  const existing = url.searchParams.get('options');
  const option = `-c search_path=${schema}`;
  url.searchParams.set('options', existing ? `${existing} ${option}` : option);
  return url.toString();
}

/** host:port/database, never the password. */
function describeUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    const host = url.hostname || url.searchParams.get('host') || 'localhost';
    return `${host}:${url.port || '5432'}/${decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default database)'}`;
  } catch {
    return 'the configured database URL';
  }
}

/** A readable message: Node reports a refused connection to several addresses as an AggregateError with no message. */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map(describeError))].join('; ');
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (error.message) return typeof code === 'string' && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
    if (typeof code === 'string') return code;
    return error.name;
  }
  return String(error);
}
