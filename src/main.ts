/**
 * Starts the bot. `npm start` runs this file.
 *
 * Start-up order: parse the configuration (refuse to start on an invalid value), listen (so
 * /healthz answers at once), then open the database and load the bot's modules in parallel, and
 * attach the bot (from then on /readyz and /api/messages answer).
 */
import { loadConfig, ConfigError, type Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { createServer, listen, type RunningServer } from './server.js';
import type { Database } from './db/database.js';
import { invokedDirectly } from './cli/invoked.js';

export interface Bot {
  server: RunningServer;
  stop(): Promise<void>;
}

/** Starts the whole bot for a parsed configuration. Used by main and by the protocol tests. */
export async function startBot(config: Readonly<Config>, logger: Logger, opened?: Database): Promise<Bot> {
  const http = createServer(logger);
  const server = await listen(http.server, config.port, config.host);
  let database: Database | undefined = opened;
  try {
    const [{ composeBot }, db] = await Promise.all([
      import('./compose.js'),
      opened ??
        import('./db/database.js').then(({ openDatabase }) =>
          openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }),
        ),
    ]);
    database = db;
    http.attach(composeBot(config, logger, db));
    logger.info(
      { url: server.url, mode: config.bot ? 'bot-registration' : 'local-anonymous', database: db.kind },
      'Indsatsguiden is ready',
    );
  } catch (error) {
    await server.close();
    await database?.close();
    throw error;
  }
  return {
    server,
    async stop() {
      await server.close();
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
}

if (invokedDirectly(import.meta.url)) {
  void main();
}
