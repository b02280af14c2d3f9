/**
 * The Bot Framework CloudAdapter. With a bot registration every request's token is validated; in
 * local anonymous mode (no BOT_ID) it accepts unauthenticated requests, which is why the server
 * then listens on loopback only.
 *
 * `BotAdapter.handle` replaces CloudAdapter.process, which answers a rejected token with a 500 and
 * the library's error text whenever the rejection is not botbuilder's own AuthenticationError (a
 * token with `alg: none`, signed with HS256, signed by another key, or not yet valid is rejected by
 * jsonwebtoken, whose errors are not), writes that text to stderr, and answers a body without
 * `type` with a 500 before authenticating. Here the token is checked first and every rejection is
 * one typed outcome (the server answers 401 with no detail); a failure to fetch the signing keys is
 * ours, not the caller's, and is told apart (503). An activity of a type the Bot Framework does not
 * define is acknowledged without a turn (see vocabulary.ts).
 *
 * A turn's replies go through the Bot Connector; its client retries (429, 5xx, network errors) and
 * has no time limit, so a connector that never answers held the turn until the socket gave up,
 * long after Teams (15 s) had. Each turn's connector requests share one deadline
 * (REPLY_TIMEOUT_SECONDS): a pipeline policy gives every request, its retries and their back-off
 * the turn's abort signal and races the whole send (the token fetch included) against it. A send
 * past the deadline fails like any failed send; what the turn had saved before it stays saved
 * (the services save first, then reply).
 *
 * BOT_OPENID_METADATA_URL replaces the public cloud's OpenID metadata (where the channel's signing
 * keys are published): tests serve their own keys on loopback. botbuilder then needs every
 * endpoint of the cloud spelled out (one parameterized setting switches off all its defaults), so
 * the public Azure cloud's values (botframework-connector's AuthenticationConstants) are given.
 */
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { ACTIVITY_TYPES } from './vocabulary.js';

/** The public Azure cloud (botframework-connector's AuthenticationConstants), for when one endpoint is replaced. */
const PUBLIC_CLOUD = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
  CallerId: 'urn:botframework:azure',
} as const;

/** Why a request's token was refused (for the log line; the caller learns nothing but 401). */
export type Rejection = 'missing' | 'expired' | 'not-yet-valid' | 'invalid-token' | 'not-for-this-bot';

/** How `handle` ended. */
export type Handled =
  | { kind: 'unauthorized'; reason: Rejection }
  /** The signing keys could not be fetched (the metadata server is down or unreachable). */
  | { kind: 'auth-unavailable' }
  /** Not a type the Bot Framework defines: acknowledged, no turn. */
  | { kind: 'ignored' }
  /** The turn ran; for an invoke, `status` and `body` are its invoke response. */
  | { kind: 'done'; status: number; body: unknown };

type AuthResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/** A reply that the Bot Connector had not answered by the turn's deadline. */
export class ReplyTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`the Bot Connector did not answer the turn's replies within ${timeoutMs} ms`);
    this.name = 'ReplyTimeoutError';
  }
}

export class BotAdapter extends CloudAdapter {
  private warned = false;

  constructor(
    authentication: ConfigurationBotFrameworkAuthentication,
    private readonly replyTimeoutMs: number,
    private readonly logger?: Logger,
  ) {
    super(authentication);
  }

  /** Authenticates the request, then runs the turn (see the module comment). Throws only for errors of the turn's machinery. */
  async handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<Handled> {
    let auth: AuthResult;
    try {
      auth = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (error) {
      const reason = rejectionOf(error);
      return reason ? { kind: 'unauthorized', reason } : { kind: 'auth-unavailable' };
    }
    if (!ACTIVITY_TYPES.has(activity.type)) return { kind: 'ignored' };
    fixTimestamps(activity);
    const deadline = AbortSignal.timeout(this.replyTimeoutMs);
    const response = await this.processActivity(auth, activity, async (context) => {
      this.boundReplies(context, deadline);
      await logic(context);
    });
    return { kind: 'done', status: response?.status ?? 200, body: response?.body };
  }

  /** Gives the turn's connector client the turn's deadline (see the module comment). */
  private boundReplies(context: TurnContext, deadline: AbortSignal): void {
    const client: unknown = context.turnState.get(this.ConnectorClientKey);
    const pipeline = (client as { client?: { pipeline?: unknown } } | undefined)?.client?.pipeline;
    if (!isPipeline(pipeline)) {
      if (!this.warned) this.logger?.warn('the connector client has no pipeline where expected: replies are not time-limited');
      this.warned = true;
      return;
    }
    const timeoutMs = this.replyTimeoutMs;
    pipeline.removePolicy({ name: DEADLINE_POLICY });
    pipeline.addPolicy(
      {
        name: DEADLINE_POLICY,
        sendRequest(request, next) {
          request.abortSignal = request.abortSignal ? AbortSignal.any([request.abortSignal, deadline]) : deadline;
          return untilAborted(next(request), deadline, timeoutMs);
        },
      },
      { phase: 'Serialize' },
    );
  }
}

const DEADLINE_POLICY = 'indsatsguidenReplyDeadline';

/** The part of @azure/core-rest-pipeline's Pipeline used here (it is not a dependency of ours). */
interface PipelineLike {
  addPolicy(
    policy: {
      name: string;
      sendRequest(request: { abortSignal?: AbortSignal }, next: (request: unknown) => Promise<unknown>): Promise<unknown>;
    },
    options?: { phase?: 'Serialize' },
  ): void;
  removePolicy(options: { name: string }): unknown[];
}

function isPipeline(value: unknown): value is PipelineLike {
  const p = value as Partial<Record<keyof PipelineLike, unknown>> | null | undefined;
  return typeof p?.addPolicy === 'function' && typeof p.removePolicy === 'function';
}

/** `work`, or a ReplyTimeoutError as soon as `signal` aborts (the work itself is aborted by the same signal). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ReplyTimeoutError(timeoutMs));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Whether an authentication error rejects the caller's token (and why), or null when it is ours:
 * the signing keys could not be fetched. botframework-connector throws its AuthenticationError
 * with a status (401: the token; 500: the metadata), jsonwebtoken its JsonWebTokenError,
 * NotBeforeError and TokenExpiredError; node-fetch a FetchError when the metadata is unreachable.
 */
function rejectionOf(error: unknown): Rejection | null {
  const e = error as { name?: unknown; message?: unknown; statusCode?: unknown } | null;
  const name = typeof e?.name === 'string' ? e.name : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  if (name === 'TokenExpiredError' || /token has expired/i.test(message)) return 'expired';
  if (name === 'NotBeforeError') return 'not-yet-valid';
  if (name === 'JsonWebTokenError') return 'invalid-token';
  if (typeof e?.statusCode === 'number' && e.statusCode !== 401) return null;
  if (name === 'FetchError' || error instanceof SyntaxError) return null;
  if (/request is not authorized/i.test(message) && !/claims/i.test(message)) return 'missing';
  if (/appid|audience|issuer|serviceurl|endorsement/i.test(message)) return 'not-for-this-bot';
  return 'invalid-token';
}

/** What CloudAdapter.process did before a turn (botbuilder's validateAndFixActivity): timestamps become Dates. */
function fixTimestamps(activity: Activity): void {
  const a = activity as unknown as Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    if (typeof a[field] === 'string') {
      a[raw] = a[field];
      a[field] = new Date(a[field]);
    }
  }
}

/** The default of REPLY_TIMEOUT_SECONDS (config.ts), for callers that pass no configuration of it. */
const DEFAULT_REPLY_TIMEOUT_MS = 8_000;

export function createAdapter(
  config: Pick<Config, 'bot'> & Partial<Pick<Config, 'openIdMetadataUrl' | 'replyTimeoutMs'>>,
  logger?: Logger,
): BotAdapter {
  const bot = config.bot;
  const settings: ConfigurationBotFrameworkAuthenticationOptions = bot
    ? {
        MicrosoftAppId: bot.appId,
        MicrosoftAppPassword: bot.password,
        MicrosoftAppType: bot.tenantId ? 'SingleTenant' : 'MultiTenant',
        MicrosoftAppTenantId: bot.tenantId ?? undefined,
        ...(config.openIdMetadataUrl ? { ...PUBLIC_CLOUD, ToBotFromChannelOpenIdMetadataUrl: config.openIdMetadataUrl } : {}),
      }
    : {};
  const credentials = new ConfigurationServiceClientCredentialFactory(settings);
  return new BotAdapter(
    new ConfigurationBotFrameworkAuthentication(settings, credentials),
    config.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS,
    logger,
  );
}
