/**
 * Composes everything from the configuration and starts the bot. `npm start` runs this file.
 */
import { pathToFileURL } from 'node:url';
import { loadConfig, ConfigError, type Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { loadPlaybook, defaultPlaybook } from './playbook/load.js';
import { openDatabase, type Database } from './db/database.js';
import { DatabaseStorage } from './db/state-storage.js';
import { CaseRepository } from './cases/case.repository.js';
import { ConversationRefRepository } from './conversations/conversation-ref.repository.js';
import { IntakeService } from './cases/intake.service.js';
import { createAdapter } from './bot/adapter.js';
import { createBotApp } from './bot/app.js';
import { createServer, listen, type RunningServer } from './server.js';

export interface Bot {
  server: RunningServer;
  stop(): Promise<void>;
}

/** Starts the whole bot for a parsed configuration. Used by main and by the protocol tests. */
export async function startBot(config: Readonly<Config>, logger: Logger, opened?: Database): Promise<Bot> {
  const playbook = config.playbookFile ? loadPlaybook(config.playbookFile) : defaultPlaybook();
  const database =
    opened ?? (await openDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir }));
  const cases = new CaseRepository(database);
  const refs = new ConversationRefRepository(database);
  const intake = new IntakeService(cases, playbook);
  const app = createBotApp({
    intake,
    cases,
    refs,
    playbook,
    logger,
    anonymous: config.bot === null,
    allowedTenants: config.allowedTenants,
    storage: new DatabaseStorage(database),
  });
  const adapter = createAdapter(config);
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type }, 'unhandled turn error');
  };
  const server = await listen(createServer({ adapter, app, ping: () => database.ping(), logger }), config.port, config.host);
  logger.info(
    { url: server.url, mode: config.bot ? 'bot-registration' : 'local-anonymous', database: database.kind },
    'Indsatsguiden is listening',
  );
  return {
    server,
    async stop() {
      await server.close();
      await database.close();
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
