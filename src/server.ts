/**
 * The HTTP edge: restify with the Bot Framework endpoint and health routes. One log line per turn.
 *
 * The server listens before the bot is composed, so a restart is visible at once: /healthz answers
 * (the process is up) and /readyz answers 503 with Retry-After until the database is open and the
 * bot attached. A message that arrives meanwhile waits for the bot (at most START_WAIT_SECONDS)
 * and is then answered: Teams does not resend what was refused, so a teacher who wrote during a
 * restart would otherwise get nothing. Only a start that fails, or one slower than the wait,
 * answers 503.
 *
 * /api/messages parses the body itself: JSON (keys that would reach an object's prototype
 * dropped) holding an object with a string `type`; anything else is a 400 that names the problem
 * but never echoes the input. The token is then checked (bot/adapter.ts): every rejection is a 401
 * with no detail.
 *
 * The turn's log line holds only fixed words: the activity type, invoke name, card verb and
 * conversation type when they are ones the Bot Framework, Teams or this bot define ("unknown"
 * otherwise: the fields come from the request and may hold any text), the user as a hash, and how
 * the turn ended.
 *
 * Loaded before the bot's modules (for a fast start): no value imports of botbuilder or the app.
 */
import restify from 'restify';
import type { Activity, TurnContext } from 'botbuilder';
import type { Application, TurnState } from '@microsoft/teams-ai';
import type { Logger } from './log.js';
import { pseudonymousId } from './log.js';
import { describeIssues, z } from './domain/zod.js';
import { OUTCOME_KEY } from './bot/outcome.js';
import type { BotAdapter } from './bot/adapter.js';
import { ACTIVITY_TYPES, CONVERSATION_TYPES, INVOKE_NAMES, knownOrUnknown } from './bot/vocabulary.js';
import { isPlainObject } from './domain/values.js';

/** What the server needs once the bot is composed. */
export interface BotEndpoint {
  adapter: BotAdapter;
  app: Application<TurnState>;
  /** Resolves when the database answers; throws otherwise. */
  ping: () => Promise<void>;
  /** The card verbs the bot knows: only these are logged by name. */
  verbs: ReadonlySet<string>;
}

export interface BotServer {
  server: restify.Server;
  /** Makes /api/messages and /readyz live; requests waiting for the start are answered. */
  attach(endpoint: BotEndpoint): void;
  /** The start failed: requests waiting for it are answered 503. */
  fail(): void;
}

export interface ServerOptions {
  /** How long a request that arrives during the start waits for it (default 10 s). */
  startWaitMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY = 256 * 1024;
const DEFAULT_START_WAIT_MS = 10_000;

/**
 * What the endpoint requires of a body before anything else reads it: every activity Teams sends
 * names its channel, its conversation and its sender, and the adapter cannot answer one that does
 * not (it would fail inside the turn instead of being refused here).
 */
const InboundActivity = z.looseObject({
  type: z.string().min(1).max(100),
  channelId: z.string({ message: 'channelId mangler' }).min(1).max(100),
  conversation: z.looseObject({ id: z.string({ message: 'conversation.id mangler' }).min(1) }, { message: 'conversation mangler' }),
  from: z.looseObject({ id: z.string({ message: 'from.id mangler' }).min(1) }, { message: 'from mangler' }),
});

/** Keys that would reach an object's prototype when code copies the activity with assignment. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

type Parsed = { ok: true; activity: Activity } | { ok: false; status: 400 | 415; problems: string[] };

function parseBody(req: restify.Request): Parsed {
  const contentType = req.getContentType().trim();
  if (contentType !== 'application/json' && !/^application\/[\w.+-]*\+json$/.test(contentType)) {
    return { ok: false, status: 415, problems: ['Indholdet skal være JSON (Content-Type: application/json)'] };
  }
  const body: unknown = req.body;
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : '';
  let json: unknown;
  try {
    json = JSON.parse(text, (key, value: unknown) => (PROTOTYPE_KEYS.has(key) ? undefined : value));
  } catch {
    // JSON.parse's message quotes the input: say only that it is not JSON.
    return { ok: false, status: 400, problems: ['Indholdet er ikke gyldig JSON'] };
  }
  const parsed = InboundActivity.safeParse(json);
  if (!parsed.success) return { ok: false, status: 400, problems: describeIssues(parsed.error) };
  return { ok: true, activity: parsed.data as unknown as Activity };
}

export function createServer(logger: Logger, options: ServerOptions = {}): BotServer {
  const startWaitMs = options.startWaitMs ?? DEFAULT_START_WAIT_MS;
  let state: 'starting' | 'ready' | 'failed' = 'starting';
  let deps: BotEndpoint | null = null;
  let settle = () => {};
  const settled = new Promise<void>((resolve) => (settle = resolve));

  /** The bot, once attached; waits for the start (bounded) when it is still under way. */
  async function bot(): Promise<BotEndpoint | null> {
    if (state === 'starting') {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, startWaitMs)))]);
      clearTimeout(timer);
    }
    return deps;
  }

  const server = restify.createServer({ name: 'indsatsguiden', handleUncaughtExceptions: false });

  server.post(
    '/api/messages',
    restify.plugins.bodyReader({ maxBodySize: MAX_BODY }),
    async (req: restify.Request, res: restify.Response) => {
      const started = performance.now();
      let turn: Record<string, unknown> = { type: 'invalid' };
      let waitedMs: number | undefined;
      try {
        const parsed = parseBody(req);
        if (!parsed.ok) {
          res.send(parsed.status, { status: parsed.status === 415 ? 'unsupported-media-type' : 'bad-request', problems: parsed.problems });
          return;
        }
        const activity = parsed.activity;
        if (state === 'starting') {
          await bot();
          waitedMs = Math.round(performance.now() - started);
        }
        turn = describeActivity(activity, deps?.verbs ?? new Set());
        if (!deps) {
          res.header('Retry-After', state === 'failed' ? '5' : '1');
          // A failed start ends the process: let the connection go with the answer.
          if (state === 'failed') res.header('Connection', 'close');
          res.send(503, { status: state === 'failed' ? 'unavailable' : 'starting' });
          return;
        }
        const endpoint = deps;
        const header = req.headers.authorization;
        const handled = await endpoint.adapter.handle(typeof header === 'string' ? header : '', activity, async (context: TurnContext) => {
          try {
            await endpoint.app.run(context);
          } finally {
            // The turn context is revoked when the turn ends: read the outcome inside the turn.
            turn.outcome = context.turnState.get(OUTCOME_KEY);
          }
        });
        switch (handled.kind) {
          case 'unauthorized':
            turn.auth = handled.reason;
            res.send(401, { status: 'unauthorized' });
            return;
          case 'auth-unavailable':
            logger.warn('the Bot Framework signing keys could not be fetched: requests cannot be authenticated');
            res.header('Retry-After', '5');
            res.send(503, { status: 'unavailable' });
            return;
          case 'ignored':
            turn.outcome = 'ignored';
            res.send(200);
            return;
          case 'done':
            if (handled.body === undefined) res.send(handled.status);
            else res.send(handled.status, handled.body);
            return;
        }
      } catch (error) {
        logger.error({ err: error }, 'request failed');
        if (!res.headersSent) res.send(500, { status: 'error' });
      } finally {
        logger.info({ turn, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10, waitedMs }, 'turn');
      }
    },
  );

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: 'ok' });
  });

  server.get('/readyz', async (_req: restify.Request, res: restify.Response) => {
    if (!deps) {
      res.header('Retry-After', '1');
      res.send(
        503,
        state === 'failed' ? { status: 'unavailable', database: 'failed to open' } : { status: 'starting', database: 'not yet open' },
      );
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
      state = 'ready';
      settle();
    },
    fail() {
      if (state !== 'starting') return;
      state = 'failed';
      settle();
    },
  };
}

/** What one log line says about an activity: only fixed words and a hash (see the module comment). */
function describeActivity(activity: Activity, verbs: ReadonlySet<string>): Record<string, unknown> {
  const a = activity as unknown as Record<string, unknown>;
  const value = objectOr(a.value);
  const from = objectOr(a.from);
  return {
    type: knownOrUnknown(a.type, ACTIVITY_TYPES),
    invoke: knownOrUnknown(a.name, INVOKE_NAMES),
    verb: knownOrUnknown(objectOr(value?.action)?.verb ?? value?.verb, verbs),
    conversationType: knownOrUnknown(objectOr(a.conversation)?.conversationType, CONVERSATION_TYPES),
    user: pseudonymousId(from?.aadObjectId ?? from?.id),
  };
}

function objectOr(value: unknown): Record<string, unknown> | undefined {
  return isPlainObject(value) ? value : undefined;
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
