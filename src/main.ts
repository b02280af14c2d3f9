/**
 * Starts the bot. `npm start` runs this file.
 *
 * Start-up order: parse the configuration and read the organisation directory (refuse to start on
 * an invalid value or a bad entry), listen (so /healthz answers at once, and messages are taken
 * and wait), then open the database and load the bot's modules in parallel, attach the bot (from
 * then on /readyz answers and the waiting messages are answered) and start the background jobs
 * (reminder planner, dispatcher). A start that fails answers the waiting messages 503.
 *
 * SIGHUP reloads the directory without a restart (a bad file keeps the one in use).
 */
import { loadConfig, ConfigError, type Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { createServer, listen, type RunningServer } from './server.js';
import type { Database } from './db/database.js';
import { DirectoryError, DirectoryStore } from './directory/load.js';
import { reloadDirectory } from './admin/admin.service.js';
import type { BackgroundJobs, ComposeOptions } from './compose.js';
import { invokedDirectly } from './cli/invoked.js';

export interface Bot {
  server: RunningServer;
  directory: DirectoryStore;
  jobs: BackgroundJobs;
  /** Reloads the directory file (what SIGHUP does). */
  reloadDirectory(): ReturnType<typeof reloadDirectory>;
  stop(): Promise<void>;
}

export interface StartOptions extends ComposeOptions {
  /** Start the planner and the dispatcher (default true; protocol tests drive them by hand). */
  startJobs?: boolean;
}

/** Starts the whole bot for a parsed configuration. Used by main and by the protocol tests. */
export async function startBot(config: Readonly<Config>, logger: Logger, opened?: Database, options: StartOptions = {}): Promise<Bot> {
  // Throws DirectoryError, naming every bad entry: the bot does not start on a bad directory.
  const directory = new DirectoryStore(config.directoryFile);
  const http = createServer(logger, { startWaitMs: config.startWaitMs });
  const server = await listen(http.server, config.port, config.host);
  // Messages are taken from here on: they wait for the start (server.ts).
  logger.info({ url: server.url }, 'listening');
  let database: Database | undefined = opened;
  let jobs: BackgroundJobs;
  try {
    const [{ composeBot }, db] = await Promise.all([
      import('./compose.js'),
      opened ??
        import('./db/database.js').then(({ openDatabase }) =>
          openDatabase(
            config.databaseUrl
              ? { databaseUrl: config.databaseUrl, keys: config.keys }
              : { dataDir: config.dataDir, keys: config.keys, onLockNote: (note) => logger.warn({ dataDir: config.dataDir }, note) },
          ),
        ),
    ]);
    database = db;
    const composed = composeBot(config, logger, db, directory, options);
    jobs = composed.jobs;
    http.attach(composed.endpoint);
    if (options.startJobs !== false) jobs.start();
    logger.info(
      {
        url: server.url,
        mode: config.bot ? 'bot-registration' : 'local-anonymous',
        ...(config.playground ? { playground: true } : {}),
        ...(config.clockStart ? { clockStartsAt: config.clockStart.toISOString() } : {}),
        database: db.kind,
        encryptionKey: db.keys.currentId,
        directory: { file: directory.path, schools: directory.current().schools.length, people: directory.current().people.length },
      },
      'Indsatsguiden is ready',
    );
    if (db.keys.usesDevelopmentKey()) {
      logger.warn('Free text is encrypted with the development key: local test data only. Set ENCRYPTION_KEY (npm run keys -- new).');
    }
  } catch (error) {
    // Requests waiting for the start are answered 503 before the server closes.
    http.fail();
    await server.close();
    await database?.close();
    throw error;
  }
  let stopped = false;
  return {
    server,
    directory,
    jobs,
    reloadDirectory: () => reloadDirectory(directory, logger, (at) => jobs.directoryReloaded(at)),
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      await jobs.stop();
      await database?.close();
    },
  };
}

async function main() {
  let config: Readonly<Config>;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nRet variablerne (se .env.example) og start igen.\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let bot: Bot;
  try {
    bot = await startBot(config, logger);
  } catch (error) {
    if (error instanceof DirectoryError) {
      process.stderr.write(`${error.message}\nRet organisationsfilen (DIRECTORY_FILE) og start igen.\n`);
      process.exit(2);
    }
    logger.fatal({ err: error }, 'Indsatsguiden could not start');
    process.stderr.write(`Indsatsguiden kunne ikke starte: ${(error as Error).message}\n`);
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await bot.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void bot.reloadDirectory());
}

if (invokedDirectly(import.meta.url)) {
  void main();
}
