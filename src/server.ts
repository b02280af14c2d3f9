/**
 * The HTTP edge: restify with the Bot Framework endpoint and health routes. One log line per turn.
 */
import restify from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Logger } from './log.js';
import { pseudonymousId } from './log.js';
import { OUTCOME_KEY } from './bot/app.js';

export interface ServerDeps {
  adapter: CloudAdapter;
  app: Application<TurnState>;
  /** Resolves when the database answers; throws otherwise. */
  ping: () => Promise<void>;
  logger: Logger;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024;

export function createServer(deps: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'indsatsguiden', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY, mapParams: false, rejectUnknown: true }));

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    const started = performance.now();
    // The turn context is revoked when the turn ends: read what the log line needs inside the turn.
    let turn: Record<string, unknown> = { type: 'invalid' };
    try {
      await deps.adapter.process(req, res, async (context) => {
        try {
          await deps.app.run(context);
        } finally {
          turn = describeTurn(context);
        }
      });
    } catch (error) {
      deps.logger.error({ err: error }, 'request failed');
      if (!res.headersSent) {
        res.status(500);
        res.end();
      }
    } finally {
      deps.logger.info({ turn, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 }, 'turn');
    }
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: restify.Request, res: restify.Response) => {
    try {
      await deps.ping();
      res.send(200, { status: 'ok', database: 'ok' });
    } catch (error) {
      deps.logger.warn({ err: error }, 'database not reachable');
      res.send(503, { status: 'unavailable', database: 'unreachable' });
    }
  });

  return server;
}

/** What one log line says about a turn: its kind and outcome, never what the user wrote. */
function describeTurn(context: TurnContext): Record<string, unknown> {
  const activity = context.activity;
  const value = activity.value as { action?: { verb?: unknown }; verb?: unknown } | undefined;
  const verb = value?.action?.verb ?? value?.verb;
  return {
    type: activity.type,
    name: activity.name,
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
