/**
 * Starts the real bot (restify + CloudAdapter + Teams AI app + database) on a loopback port for
 * protocol tests, on PGlite (file-backed, so a restart keeps the data) or on PostgreSQL in a
 * schema of its own (when TEST_DATABASE_URL is set).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { dropSchemas, testDatabaseUrl, uniqueSchemaName } from './db.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import type { KeyRing } from '../../src/db/sealing.js';
import { startBot, type Bot, type StartOptions } from '../../src/main.js';

export interface StoreTarget {
  name: 'pglite' | 'postgres';
  /** Opens the store's database; `keys` as the bot's settings give them (default: the development key). */
  open(keys?: KeyRing): Promise<Database>;
  cleanup(): Promise<void>;
}

/** The stores the protocol tests run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function storeTargets(): { name: 'pglite' | 'postgres'; make: () => StoreTarget }[] {
  const targets: { name: 'pglite' | 'postgres'; make: () => StoreTarget }[] = [
    {
      name: 'pglite',
      make: () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'indsatsguiden-test-'));
        return {
          name: 'pglite',
          open: (keys) => openDatabase({ dataDir: dir, ...(keys && { keys }) }),
          cleanup: async () => rmSync(dir, { recursive: true, force: true }),
        };
      },
    },
  ];
  const url = testDatabaseUrl();
  if (url) {
    targets.push({
      name: 'postgres',
      make: () => {
        // One schema per store: a restart reopens the same schema, and runs never see each other.
        const schema = uniqueSchemaName('bot');
        return {
          name: 'postgres',
          open: (keys) => openDatabase({ databaseUrl: url, schema, ...(keys && { keys }) }),
          cleanup: () => dropSchemas(url, [schema]),
        };
      },
    });
  } else {
    console.info('TEST_DATABASE_URL er ikke sat: protokoltestene kører kun på PGlite (CI sætter den og kører også PostgreSQL).');
  }
  return targets;
}

/** Captures the bot's log lines, so tests can check what is (not) logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void) {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text() {
    return this.lines.join('\n');
  }
}

/**
 * Starts the real bot on loopback. `options.startJobs: false` leaves the reminder planner and the
 * dispatcher to the test (`bot.jobs.planner.tick(now)`, `bot.jobs.dispatcher.runOnce()`), with
 * `options.clock` as the simulated time.
 */
export async function startTestBot(
  store: StoreTarget,
  env: Record<string, string> = {},
  log = new LogCapture(),
  options: StartOptions & { database?: Database } = {},
): Promise<{ bot: Bot; url: string; log: LogCapture }> {
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'info', ...env });
  const bot = await startBot(config, createLogger(config.logLevel, log), options.database ?? (await store.open(config.keys)), options);
  return { bot, url: bot.server.url, log };
}
