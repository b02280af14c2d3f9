/**
 * Sends the dispatcher's messages (src/dispatch) through the Bot Framework: `BotTransport` opens
 * the stored conversation with `CloudAdapter.continueConversationAsync` and sends one activity,
 * turning every error of the connector into a `SendFailure` (HTTP status, Retry-After).
 *
 * The connector's own retries are switched off. botframework-connector's ConnectorClient is built
 * on @azure/core-client, whose pipeline has a `defaultRetryPolicy` (@typespec/ts-http-runtime):
 * up to 3 retries of a 429/503 after its Retry-After, of 5xx/408 after an exponential back-off
 * (1 s doubling, up to 64 s), and of network errors. Left on, one send could take minutes (and
 * outlive the dispatcher's lease, so another instance would send it too), go out up to four times
 * past our rate limiter, and hide the 429 and its Retry-After from the dispatcher. There is no
 * option for it (ServiceClientContext ignores `noRetryPolicy`), so for each send we remove the
 * retry policies from the pipeline of the connector client the adapter made for this turn (one
 * client per continueConversationAsync, so nothing else is affected) and give the request a
 * timeout instead. test/integration/dispatch/bot-transport.test.ts proves a 429 and a 500 come
 * back after one request. Should a botbuilder update move the pipeline, a warning is logged once
 * and sends go on with the connector's retries (the dispatcher still counts and backs off, only
 * less precisely).
 *
 * Errors inside the turn would be swallowed by `adapter.onTurnError` (botbuilder calls it instead
 * of rethrowing), so the send's own error is caught inside the turn and rethrown afterwards.
 *
 * Local anonymous mode (no BOT_ID): the app id is '' and the adapter's credentials are empty;
 * continueConversationAsync works the same (no token is fetched or sent).
 */
import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { SendFailure, type SendResult, type Transport } from '../dispatch/index.js';
import { z } from '../domain/zod.js';
import type { Logger } from '../log.js';

export interface BotTransportOptions {
  /** One HTTP request's time limit (default 10 s); keep it below the dispatcher's sendMarginMs. */
  timeoutMs?: number;
  /** Where the warning goes if the connector's retries cannot be switched off. */
  logger?: Logger;
}

/** What a stored reference needs for a proactive send (the rest is passed through as stored). */
const StoredReference = z.looseObject({
  channelId: z.string().min(1),
  serviceUrl: z.string().regex(/^https?:\/\//i),
  conversation: z.looseObject({ id: z.string().min(1) }),
});

/** The parts of a connector error we read: core-rest-pipeline's RestError, or anything like it. */
const ConnectorError = z.looseObject({
  statusCode: z.number().int().min(100).max(599).optional(),
  code: z.string().optional(),
  name: z.string().optional(),
});

/** The part of @azure/core-rest-pipeline's Pipeline used here (it is not a dependency of ours). */
interface PipelineLike {
  addPolicy(policy: {
    name: string;
    sendRequest(request: { timeout: number }, next: (request: unknown) => Promise<unknown>): Promise<unknown>;
  }): void;
  removePolicy(options: { name: string }): unknown[];
  getOrderedPolicies(): { name: string }[];
}

const TIMEOUT_POLICY = 'indsatsguidenSendTimeout';

export class BotTransport implements Transport {
  private readonly timeoutMs: number;
  private readonly logger: Logger | undefined;
  private warned = false;

  /** `appId`: the bot's app id, '' in local anonymous mode. */
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    options: BotTransportOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    if (!Number.isSafeInteger(this.timeoutMs) || this.timeoutMs < 1)
      throw new RangeError(`BotTransport: timeoutMs must be a positive integer, got ${this.timeoutMs}.`);
    this.logger = options.logger;
  }

  async send(reference: unknown, activity: Record<string, unknown>): Promise<SendResult> {
    const parsed = StoredReference.safeParse(reference);
    if (!parsed.success) {
      // Nothing can be sent with it: like a conversation Teams no longer knows (the dispatcher
      // marks the reference unusable and keeps the message until a new reference arrives).
      throw new SendFailure('the stored conversation reference is not usable', { status: 404 });
    }
    let result: SendResult | undefined;
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(
        this.appId,
        reference as Partial<ConversationReference>,
        async (context: TurnContext) => {
          try {
            this.controlRequests(context);
            // An activity with an id replaces that earlier message (a card updated in place).
            if (typeof activity.id === 'string' && activity.id) {
              await context.updateActivity(activity as Partial<Activity>);
              result = { activityId: activity.id, conversationId: context.activity.conversation?.id ?? null };
            } else {
              const response = await context.sendActivity(activity as Partial<Activity>);
              result = { activityId: response?.id ?? null, conversationId: context.activity.conversation?.id ?? null };
            }
          } catch (error) {
            failure = error;
          }
        },
      );
    } catch (error) {
      failure ??= error;
    }
    if (failure !== undefined) throw toSendFailure(failure, this.timeoutMs);
    if (!result) throw new SendFailure('the adapter ended the turn without sending', { status: null });
    return result;
  }

  /** Removes the connector client's retry policies and sets the request timeout (see the module comment). */
  private controlRequests(context: TurnContext): void {
    const client: unknown = context.turnState.get(this.adapter.ConnectorClientKey);
    const pipeline = (client as { client?: { pipeline?: unknown } } | undefined)?.client?.pipeline;
    if (!isPipeline(pipeline)) {
      this.warnOnce('the connector client has no pipeline where expected: its own retries stay on');
      return;
    }
    for (const policy of pipeline.getOrderedPolicies()) {
      if (/retry/i.test(policy.name)) pipeline.removePolicy({ name: policy.name });
    }
    if (!pipeline.getOrderedPolicies().some((p) => p.name === TIMEOUT_POLICY)) {
      const timeoutMs = this.timeoutMs;
      pipeline.addPolicy({
        name: TIMEOUT_POLICY,
        sendRequest(request, next) {
          request.timeout = timeoutMs;
          return next(request);
        },
      });
    }
  }

  private warnOnce(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.logger?.warn(message);
  }
}

function isPipeline(value: unknown): value is PipelineLike {
  const p = value as Partial<Record<keyof PipelineLike, unknown>> | null | undefined;
  return typeof p?.addPolicy === 'function' && typeof p.removePolicy === 'function' && typeof p.getOrderedPolicies === 'function';
}

/** The connector's error as a SendFailure: its HTTP status (null: no answer) and Retry-After. */
export function toSendFailure(error: unknown, timeoutMs: number, nowMs = Date.now()): SendFailure {
  if (error instanceof SendFailure) return error;
  const parsed = ConnectorError.safeParse(error);
  const fields = parsed.success ? parsed.data : {};
  const status = fields.statusCode ?? null;
  const headers = (error as { response?: { headers?: { get?: unknown } } } | null)?.response?.headers;
  const header = (name: string): string | null => {
    if (typeof headers?.get !== 'function') return null;
    const value: unknown = (headers.get as (n: string) => unknown).call(headers, name);
    return typeof value === 'string' ? value : null;
  };
  const retryAfterMs = status === null ? null : retryAfterFromHeaders(header, nowMs);
  let message: string;
  if (status === null && fields.name === 'AbortError') message = `no answer within ${timeoutMs} ms`;
  else message = `${status === null ? 'no answer' : `Teams answered ${status}`}${fields.code ? ` (${fields.code})` : ''}`;
  const detail = error instanceof Error && error.message ? `: ${error.message.slice(0, 200)}` : '';
  return new SendFailure(`${message}${detail}`, { status, retryAfterMs, cause: error });
}

/** Retry-After in milliseconds from the headers Azure services use, or null when none is usable. */
function retryAfterFromHeaders(header: (name: string) => string | null, nowMs: number): number | null {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(header(name) ?? Number.NaN);
    if (Number.isFinite(ms) && ms >= 0) return Math.round(ms);
  }
  return parseRetryAfter(header('retry-after'), nowMs);
}

const DELAY_SECONDS = /^\s*(\d+(?:\.\d+)?)\s*$/;

/** An HTTP Retry-After value (delay in seconds, or an HTTP date) as milliseconds from `nowMs`; null when unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | null {
  if (!value) return null;
  const seconds = DELAY_SECONDS.exec(value);
  if (seconds) return Math.round(Number(seconds[1]) * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : null;
}
