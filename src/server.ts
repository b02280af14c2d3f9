/**
 * The HTTP edge: restify with the Bot Framework endpoint and health routes. One log line per turn.
 *
 * The server listens before the bot is composed, so a restart is visible at once: /healthz answers
 * (the process is up), /readyz and /api/messages answer 503 with Retry-After until the database is
 * open and the bot attached; the Bot Framework connector retries on 503.
 */
import restify from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Logger } from './log.js';
import { pseudonymousId } from './log.js';
import { OUTCOME_KEY } from './bot/outcome.js';

/** What the server needs once the bot is composed. */
export interface BotEndpoint {
  adapter: CloudAdapter;
  app: Application<TurnState>;
  /** Resolves when the database answers; throws otherwise. */
  ping: () => Promise<void>;
}

export interface BotServer {
  server: restify.Server;
  /** Makes /api/messages and /readyz live. */
  attach(endpoint: BotEndpoint): void;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024;

export function createServer(logger: Logger): BotServer {
  let deps: BotEndpoint | null = null;
  const server = restify.createServer({ name: 'indsatsguiden', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY, mapParams: false, rejectUnknown: true }));

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    const started = performance.now();
    if (!deps) {
      res.header('Retry-After', '1');
      res.send(503, { status: 'starting' });
      return;
    }
    const bot = deps;
    // The turn context is revoked when the turn ends: read what the log line needs inside the turn.
    let turn: Record<string, unknown> = { type: 'invalid' };
    try {
      await bot.adapter.process(req, res, async (context) => {
        try {
          await bot.app.run(context);
        } finally {
          turn = describeTurn(context);
        }
      });
    } catch (error) {
      logger.error({ err: error }, 'request failed');
      if (!res.headersSent) {
        res.status(500);
        res.end();
      }
    } finally {
      logger.info({ turn, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 }, 'turn');
    }
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: restify.Request, res: restify.Response) => {
    if (!deps) {
      res.header('Retry-After', '1');
      res.send(503, { status: 'starting', database: 'not yet open' });
      return;
    }
    try {
      await deps.ping();
      res.send(200, { status: 'ok', database: 'ok' });
    } catch (error) {
      logger.warn({ err: error }, 'database not reachable');
      res.send(503, { status: 'unavailable', database: 'unreachable' });
    }
  });

  return {
    server,
    attach(endpoint) {
      deps = endpoint;
    },
  };
}

/** What one log line says about a turn: its kind and outcome, never what the user wrote. */
function describeTurn(context: TurnContext): Record<string, unknown> {
  const activity = context.activity;
  const value = activity.value as { action?: { verb?: unknown }; verb?: unknown } | undefined;
  const verb = value?.action?.verb ?? value?.verb;
  return {
    type: activity.type,
    invoke: activity.name,
    verb: typeof verb === 'string' ? verb.slice(0, 40) : undefined,
    conversationType: activity.conversation?.conversationType,
    user: pseudonymousId(activity.from?.aadObjectId ?? activity.from?.id),
    outcome: context.turnState.get(OUTCOME_KEY),
  };
}

export function listen(server: restify.Server, port: number, host: string): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as { port: number };
      resolve({
        url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`,
        port: address.port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
