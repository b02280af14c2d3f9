/**
 * The dispatcher: sends the outbox's due messages, in every bot instance at once.
 *
 * Each round it claims a batch of due rows (outbox.repository.ts: SKIP LOCKED and a lease, so no
 * two instances get the same row) and handles them, at most `concurrency` at a time; rows for one
 * recipient are handled one after the other, in order. For each row:
 *
 *   expired (expires_at passed)                → expire
 *   no conversation reference, or unusable     → park (waiting: released when the person writes
 *                                                or installs the app; see OutboxRepository.releaseWaiting)
 *   the renderer finds it obsolete             → cancel (e.g. the plan was evaluated meanwhile)
 *   rate tokens (rate-limiter.ts)              → wait for them in memory; if the lease would run out
 *                                                first → release (pending again, no attempt counted)
 *   the lease has run out (checked just before sending) → not sent: release, or lost to another instance
 *   send succeeded                             → markSent (Teams' activity id and conversation)
 *   429 Too Many Requests                      → retry at Retry-After, or back-off without it
 *   5xx, 408, 401, network error               → retry after an exponential back-off with full jitter
 *                                                (at Retry-After when one came, e.g. with a 503)
 *   403 / 404 (blocked, uninstalled, gone)     → reference marked unusable, row parked
 *   any other 4xx                              → failed (retrying cannot help)
 *   the maxAttempts-th failed attempt          → failed
 *
 * Rate tokens are asked for one at a time per tenant in each instance (`oneAtATime`): the workers
 * waiting for the same tenant queue here rather than on the tenant's bucket row in the database,
 * where every instance's every worker would otherwise hold a transaction open on one row lock
 * (3 instances × 16 workers kept the tenant below 90 % of its rate; see
 * test/integration/dispatch/dispatcher-limiter.test.ts). One request takes a few milliseconds, so
 * an instance can still ask a few hundred times a second.
 *
 * 401 is retried rather than failed: it says the bot's own token was refused (a credentials or
 * clock problem of the bot, not of the message), and the messages should survive its repair.
 *
 * The transport must not retry by itself (BotTransport turns the connector's retries off): every
 * attempt is counted here, Retry-After is honoured here, and a send never outlives its lease.
 * Delivery is at least once (see outbox.repository.ts).
 *
 * Logging: one line per outcome, at debug; failures (retry, failed, lease lost, errors) at warn.
 * Only the row's id, kind and attempt count, the HTTP status and a short error text: never the
 * payload, never the recipient.
 */
import type { ConversationRefRepository } from '../conversations/conversation-ref.repository.js';
import type { Logger } from '../log.js';
import type { OutboxMessage, OutboxRepository } from './outbox.repository.js';
import type { RateLimiterLike } from './rate-limiter.js';

/** A send that did not succeed. `status`: the HTTP status, null for a network error or timeout. */
export class SendFailure extends Error {
  readonly status: number | null;
  /** The Retry-After the service asked for, in milliseconds from now; null when none was given. */
  readonly retryAfterMs: number | null;

  constructor(message: string, init: { status: number | null; retryAfterMs?: number | null; cause?: unknown }) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'SendFailure';
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }
}

export interface SendResult {
  activityId: string | null;
  conversationId: string | null;
}

/** Sends one activity into the conversation of a stored reference; throws SendFailure. */
export interface Transport {
  send(reference: unknown, activity: Record<string, unknown>): Promise<SendResult>;
}

export type Rendered = { kind: 'send'; activity: Record<string, unknown> } | { kind: 'obsolete'; reason: string };
export type RenderFn = (message: OutboxMessage) => Promise<Rendered>;
/** Builds the activity for a row when it is sent (the bot layer); a function or an object with `render`. */
export type Renderer = RenderFn | { render: RenderFn };

export const DISPATCH_OUTCOMES = ['sent', 'retry', 'failed', 'parked', 'cancelled', 'expired', 'released', 'lease-lost', 'skipped', 'error'] as const;
/**
 * - released: back to pending without an attempt (rate limited until the lease's end, stopping);
 * - lease-lost: the lease was taken over by another instance, the row is left to it;
 * - skipped: claimed again while this instance is still handling it (its own lease ran out);
 * - error: the handling itself failed (e.g. the database); the lease's end makes the row due again.
 */
export type DispatchOutcome = (typeof DISPATCH_OUTCOMES)[number];
export type OutcomeCounts = Record<DispatchOutcome, number>;

export interface BackoffOptions {
  /** The first retry waits up to this (default 2 s); each further one up to twice as long. */
  baseMs?: number;
  /** The longest back-off (default 15 min). */
  maxMs?: number;
}

export interface DispatcherOptions {
  outbox: OutboxRepository;
  refs: Pick<ConversationRefRepository, 'get' | 'markUnusable'>;
  limiter: RateLimiterLike;
  renderer: Renderer;
  transport: Transport;
  logger: Logger;
  /** This instance's id: the lease owner of the rows it claims. */
  owner: string;
  clock?: () => Date;
  /** Rows claimed per round (default 50). */
  batchSize?: number;
  /** How long a claim lasts (default 60 s). */
  leaseMs?: number;
  /** The pause when nothing was due (default 1 s); `wake()` cuts it short. */
  pollMs?: number;
  /** Attempts before a row is failed (default 8). */
  maxAttempts?: number;
  /** Rows handled at once (default 16). */
  concurrency?: number;
  backoff?: BackoffOptions;
  /**
   * A send starts only while at least this much of the lease is left (default: a quarter of the
   * lease, at most 15 s), so it ends before anyone can take the row over. Keep the transport's
   * timeout below it.
   */
  sendMarginMs?: number;
  /** Waits `ms` (the clock's milliseconds) for rate tokens; tests pass one that moves their clock. */
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1): the jitter of the back-off (tests make it fixed). */
  random?: () => number;
}

const ERROR_TEXT_MAX = 300;

export class Dispatcher {
  private readonly outbox: OutboxRepository;
  private readonly refs: Pick<ConversationRefRepository, 'get' | 'markUnusable'>;
  private readonly limiter: RateLimiterLike;
  private readonly render: RenderFn;
  private readonly transport: Transport;
  private readonly logger: Logger;
  readonly owner: string;
  private readonly clock: () => Date;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly maxAttempts: number;
  private readonly concurrency: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly sendMarginMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  /** Rows this instance is handling right now (never handled twice at once). */
  private readonly inFlight = new Set<string>();
  /** Per tenant, the end of this instance's latest request to the limiter (see `oneAtATime`). */
  private readonly limiterQueues = new Map<string, Promise<void>>();
  private loop: Promise<void> | undefined;
  private stopping = false;
  /** Resolves when stop() is called: cuts waits for rate tokens short. */
  private stopped: Promise<void> = new Promise(() => undefined);
  private signalStop: () => void = () => undefined;
  private wakeRequested = false;
  private wakeUp: (() => void) | undefined;

  constructor(options: DispatcherOptions) {
    this.outbox = options.outbox;
    this.refs = options.refs;
    this.limiter = options.limiter;
    const renderer = options.renderer;
    this.render = typeof renderer === 'function' ? renderer : (message) => renderer.render(message);
    this.transport = options.transport;
    this.logger = options.logger;
    if (!options.owner) throw new RangeError('Dispatcher needs an owner (the instance id).');
    this.owner = options.owner;
    this.clock = options.clock ?? (() => new Date());
    this.batchSize = positiveInt(options.batchSize ?? 50, 'batchSize');
    this.leaseMs = positiveInt(options.leaseMs ?? 60_000, 'leaseMs');
    this.pollMs = positiveInt(options.pollMs ?? 1_000, 'pollMs');
    this.maxAttempts = positiveInt(options.maxAttempts ?? 8, 'maxAttempts');
    this.concurrency = positiveInt(options.concurrency ?? 16, 'concurrency');
    this.backoffBaseMs = positiveInt(options.backoff?.baseMs ?? 2_000, 'backoff.baseMs');
    this.backoffMaxMs = Math.max(this.backoffBaseMs, positiveInt(options.backoff?.maxMs ?? 15 * 60_000, 'backoff.maxMs'));
    this.sendMarginMs = options.sendMarginMs ?? Math.min(15_000, Math.floor(this.leaseMs / 4));
    if (!Number.isFinite(this.sendMarginMs) || this.sendMarginMs < 0 || this.sendMarginMs >= this.leaseMs) {
      throw new RangeError(`Dispatcher: sendMarginMs must be at least 0 and less than leaseMs, got ${this.sendMarginMs}.`);
    }
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.resetStopSignal();
  }

  /** Starts the loop: claim, handle, and pause `pollMs` when nothing was due. Idempotent. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.resetStopSignal();
    this.loop = this.run();
  }

  /** Something was enqueued: claim now rather than at the end of the pause. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeUp?.();
  }

  /**
   * Stops claiming, waits for the sends in flight, and releases the claimed rows not yet started
   * (and those waiting for rate tokens), so another instance can take them at once.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.signalStop();
    this.wakeUp?.();
    const loop = this.loop;
    this.loop = undefined;
    await loop;
  }

  /** Claims one batch and handles it (tests, and the loop). Returns how many rows ended how. */
  async runOnce(): Promise<OutcomeCounts> {
    const rows = await this.outbox.claim(this.owner, this.batchSize, this.leaseMs, this.clock());
    return this.handleBatch(rows);
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let claimed = 0;
      try {
        const rows = await this.outbox.claim(this.owner, this.batchSize, this.leaseMs, this.clock());
        claimed = rows.length;
        if (claimed > 0) await this.handleBatch(rows);
      } catch (error) {
        this.logger.warn({ err: error }, 'dispatcher: claiming or handling a batch failed');
        claimed = 0;
      }
      if (claimed === 0 && !this.stopping) await this.pause(this.pollMs);
    }
  }

  /** Waits `ms`, or less when woken or stopped. */
  private pause(ms: number): Promise<void> {
    if (this.wakeRequested) {
      this.wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.wakeRequested = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wakeUp = done;
    });
  }

  private resetStopSignal(): void {
    this.stopped = new Promise((resolve) => {
      this.signalStop = resolve;
    });
  }

  private async handleBatch(rows: OutboxMessage[]): Promise<OutcomeCounts> {
    const counts = Object.fromEntries(DISPATCH_OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;
    // One queue per recipient, in claim order: a person's messages arrive in order.
    const groups = new Map<string, OutboxMessage[]>();
    for (const row of rows) {
      if (this.inFlight.has(row.id)) {
        counts.skipped += 1;
        this.logger.debug({ outboxId: row.id, kind: row.kind }, 'outbox message still in flight here: skipped');
        continue;
      }
      const group = groups.get(row.recipientKey);
      if (group) group.push(row);
      else groups.set(row.recipientKey, [row]);
    }
    const queue = [...groups.values()];
    const worker = async () => {
      for (let group = queue.shift(); group; group = queue.shift()) {
        for (const row of group) counts[await this.handle(row)] += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
    return counts;
  }

  /** Handles one claimed row; never throws. */
  private async handle(row: OutboxMessage): Promise<DispatchOutcome> {
    this.inFlight.add(row.id);
    try {
      const outcome = this.stopping ? await this.releaseRow(row, row.nextAttemptAt, 'stopping') : await this.process(row);
      return outcome;
    } catch (error) {
      this.logger.warn({ outboxId: row.id, kind: row.kind, error: errorText(error) }, 'outbox message could not be handled');
      // Best effort: back to pending after a pause; otherwise the lease's end makes it due again.
      await this.outbox.release(row.id, this.owner, new Date(this.clock().getTime() + this.backoffBaseMs)).catch(() => undefined);
      return 'error';
    } finally {
      this.inFlight.delete(row.id);
    }
  }

  private async process(row: OutboxMessage): Promise<DispatchOutcome> {
    const leaseUntil = row.leaseUntil?.getTime() ?? this.clock().getTime() + this.leaseMs;

    if (row.attempts >= this.maxAttempts) {
      // Taken over from an instance that died while sending, attempts spent.
      const error = `gave up after ${row.attempts} attempts (the last one did not finish)`;
      return this.finish(row, await this.outbox.markFailed(row.id, this.owner, error, { countAttempt: false }), 'failed', { error });
    }
    if (row.expiresAt && row.expiresAt.getTime() <= this.clock().getTime()) {
      return this.finish(row, await this.outbox.expire(row.id, this.owner), 'expired');
    }

    const ref = await this.refs.get(row.recipientKey);
    if (!ref || !ref.usable) {
      const reason = ref ? 'conversation reference unusable' : 'no conversation reference';
      return this.finish(row, await this.outbox.park(row.id, this.owner, reason), 'parked', { reason });
    }

    let rendered: Rendered;
    try {
      rendered = await this.render(row);
    } catch (error) {
      return this.retryOrFail(row, `rendering failed: ${errorText(error)}`, null, null);
    }
    if (rendered.kind === 'obsolete') {
      return this.finish(row, await this.outbox.cancel(row.id, this.owner, rendered.reason), 'cancelled', { reason: rendered.reason });
    }

    // Rate tokens: wait for them here, as long as the lease allows. Time waited has passed even if
    // the clock says otherwise (a test's clock standing still): `waitedUntil` carries it.
    let waitedUntil = Number.NEGATIVE_INFINITY;
    const time = () => Math.max(this.clock().getTime(), waitedUntil);
    for (;;) {
      if (this.stopping) return this.releaseRow(row, new Date(time()), 'stopping');
      const { now, acquired } = await this.oneAtATime(row.tenantId, async () => {
        const at = time();
        return { now: at, acquired: await this.limiter.tryAcquire(row.tenantId, row.recipientKey, at) };
      });
      if (acquired.ok) break;
      if (now + acquired.waitMs > leaseUntil - this.sendMarginMs) {
        return this.releaseRow(row, new Date(now + acquired.waitMs), 'rate limited until the lease ends');
      }
      await Promise.race([this.sleep(acquired.waitMs), this.stopped]);
      waitedUntil = now + acquired.waitMs;
    }

    // Never send a row whose lease has run out (another instance may own it now), nor one whose
    // lease would run out during the send.
    const now = time();
    if (now >= leaseUntil - this.sendMarginMs) {
      return this.releaseRow(row, new Date(now), now >= leaseUntil ? 'lease ran out before sending' : 'lease about to run out');
    }

    let sent: SendResult;
    try {
      sent = await this.transport.send(ref.reference, rendered.activity);
    } catch (error) {
      return this.onSendError(row, error);
    }
    const recorded = await this.outbox.markSent(row.id, this.owner, {
      activityId: sent.activityId ?? null,
      conversationId: sent.conversationId ?? null,
    });
    if (!recorded) {
      this.logger.warn({ outboxId: row.id, kind: row.kind }, 'outbox message sent, but its lease was lost meanwhile: it may be sent again');
    } else {
      this.logger.debug({ outboxId: row.id, kind: row.kind, attempts: row.attempts + 1, outcome: 'sent' }, 'outbox message sent');
    }
    return 'sent';
  }

  private async onSendError(row: OutboxMessage, error: unknown): Promise<DispatchOutcome> {
    const failure = error instanceof SendFailure ? error : null;
    const status = failure ? failure.status : null;
    const text = `${status === null ? 'network error' : `HTTP ${status}`}: ${errorText(error)}`;
    if (status === 403 || status === 404) {
      // Blocked, uninstalled or deleted: the reference is no good; the message waits for the
      // person to come back (a new reference releases it).
      await this.refs.markUnusable(row.recipientKey);
      return this.finish(row, await this.outbox.park(row.id, this.owner, text), 'parked', { status, reason: 'recipient unreachable' });
    }
    if (status === null || status === 429 || status >= 500 || status === 408 || status === 401) {
      // Retry-After when the service gave one (429, also 503), otherwise the back-off.
      const retryAfter = failure?.retryAfterMs ?? null;
      return this.retryOrFail(row, text, status, retryAfter === null ? null : Math.max(0, retryAfter));
    }
    return this.finish(row, await this.outbox.markFailed(row.id, this.owner, text), 'failed', { status, error: text });
  }

  /**
   * Runs `fn` (a request to the rate limiter) once this instance's previous request for the same
   * tenant has ended: one request per tenant at a time, whatever the concurrency.
   */
  private oneAtATime<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.limiterQueues.get(tenantId) ?? Promise.resolve();
    const result = previous.then(fn);
    const done = result.then(
      () => undefined,
      () => undefined,
    );
    this.limiterQueues.set(tenantId, done);
    void done.then(() => {
      if (this.limiterQueues.get(tenantId) === done) this.limiterQueues.delete(tenantId);
    });
    return result;
  }

  /** A failed attempt: again later (at `delayMs`, or after a back-off), or failed when attempts are spent. */
  private async retryOrFail(row: OutboxMessage, error: string, status: number | null, delayMs: number | null): Promise<DispatchOutcome> {
    const attempts = row.attempts + 1;
    if (attempts >= this.maxAttempts) {
      const text = `${error} (gave up after ${attempts} attempts)`;
      return this.finish(row, await this.outbox.markFailed(row.id, this.owner, text), 'failed', { status, error: text });
    }
    const wait = delayMs ?? this.backoffMs(row.attempts);
    const at = new Date(this.clock().getTime() + wait);
    return this.finish(row, await this.outbox.retryLater(row.id, this.owner, at, error), 'retry', { status, error, retryInMs: wait });
  }

  /** Full jitter: uniformly between 0 and min(max, base · 2^attempts). */
  backoffMs(previousAttempts: number): number {
    const ceiling = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** Math.min(previousAttempts, 30));
    return Math.floor(this.random() * ceiling);
  }

  private async releaseRow(row: OutboxMessage, at: Date, reason: string): Promise<DispatchOutcome> {
    return this.finish(row, await this.outbox.release(row.id, this.owner, at), 'released', { reason });
  }

  /** Logs the outcome; a transition refused by the lease guard becomes 'lease-lost'. */
  private finish(row: OutboxMessage, moved: boolean, outcome: DispatchOutcome, details: Record<string, unknown> = {}): DispatchOutcome {
    const fields = { outboxId: row.id, kind: row.kind, attempts: row.attempts, outcome, ...details };
    if (!moved) {
      this.logger.warn({ ...fields, outcome: 'lease-lost', intended: outcome }, 'outbox message left alone: its lease was taken over');
      return 'lease-lost';
    }
    if (outcome === 'failed' || outcome === 'retry') this.logger.warn(fields, `outbox message ${outcome === 'failed' ? 'failed' : 'will be retried'}`);
    else this.logger.debug(fields, `outbox message ${outcome}`);
    return outcome;
  }
}

function positiveInt(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`Dispatcher: ${name} must be a positive integer, got ${value}.`);
  return value;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.length > ERROR_TEXT_MAX ? `${text.slice(0, ERROR_TEXT_MAX - 1)}…` : text;
}
