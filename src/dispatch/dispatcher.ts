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
 *   send failed                                → retry, park or fail by the HTTP status (outcomes.ts,
 *                                                which records and logs every outcome)
 *
 * Rate tokens are asked for one at a time per tenant in each instance (`oneAtATime`): the workers
 * waiting for the same tenant queue here rather than on the tenant's bucket row in the database,
 * where every instance's every worker would otherwise hold a transaction open on one row lock
 * (3 instances × 16 workers kept the tenant below 90 % of its rate; see
 * test/integration/dispatch/dispatcher-limiter.test.ts). One request takes a few milliseconds, so
 * an instance can still ask a few hundred times a second.
 *
 * The transport must not retry by itself (BotTransport turns the connector's retries off): every
 * attempt is counted here, Retry-After is honoured here, and a send never outlives its lease.
 * Delivery is at least once (see outbox.repository.ts).
 */
import type { ConversationRefRepository } from '../conversations/conversation-ref.repository.js';
import type { Logger } from '../log.js';
import type { OutboxMessage, OutboxRepository } from './outbox.repository.js';
import type { RateLimiterLike } from './rate-limiter.js';
import { Outcomes, errorText, zeroCounts, type BackoffOptions, type DispatchOutcome, type OutcomeCounts } from './outcomes.js';
import type { RenderFn, Rendered, Renderer, SendResult, Transport } from './transport.js';

export { SendFailure, type RenderFn, type Rendered, type Renderer, type SendResult, type Transport } from './transport.js';
export { DISPATCH_OUTCOMES, type BackoffOptions, type DispatchOutcome, type OutcomeCounts } from './outcomes.js';

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
  private readonly sendMarginMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Records and logs what became of each row. */
  private readonly outcomes: Outcomes;

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
    const backoffMaxMs = Math.max(this.backoffBaseMs, positiveInt(options.backoff?.maxMs ?? 15 * 60_000, 'backoff.maxMs'));
    this.sendMarginMs = options.sendMarginMs ?? Math.min(15_000, Math.floor(this.leaseMs / 4));
    if (!Number.isFinite(this.sendMarginMs) || this.sendMarginMs < 0 || this.sendMarginMs >= this.leaseMs) {
      throw new RangeError(`Dispatcher: sendMarginMs must be at least 0 and less than leaseMs, got ${this.sendMarginMs}.`);
    }
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.outcomes = new Outcomes({
      outbox: this.outbox,
      refs: this.refs,
      logger: this.logger,
      owner: this.owner,
      clock: this.clock,
      maxAttempts: this.maxAttempts,
      backoffBaseMs: this.backoffBaseMs,
      backoffMaxMs,
      random: options.random ?? Math.random,
    });
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
    const counts = zeroCounts();
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
      const outcome = this.stopping ? await this.outcomes.released(row, row.nextAttemptAt, 'stopping') : await this.process(row);
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
      return this.outcomes.exhausted(row);
    }
    if (row.expiresAt && row.expiresAt.getTime() <= this.clock().getTime()) {
      return this.outcomes.expired(row);
    }

    const ref = await this.refs.get(row.recipientKey);
    if (!ref || !ref.usable) {
      const reason = ref ? 'conversation reference unusable' : 'no conversation reference';
      return this.outcomes.parked(row, reason);
    }

    let rendered: Rendered;
    try {
      rendered = await this.render(row);
    } catch (error) {
      return this.outcomes.retryOrFail(row, `rendering failed: ${errorText(error)}`, null, null);
    }
    if (rendered.kind === 'obsolete') {
      return this.outcomes.cancelled(row, rendered.reason);
    }

    // Rate tokens: wait for them here, as long as the lease allows. Time waited has passed even if
    // the clock says otherwise (a test's clock standing still): `waitedUntil` carries it.
    let waitedUntil = Number.NEGATIVE_INFINITY;
    const time = () => Math.max(this.clock().getTime(), waitedUntil);
    for (;;) {
      if (this.stopping) return this.outcomes.released(row, new Date(time()), 'stopping');
      const { now, acquired } = await this.oneAtATime(row.tenantId, async () => {
        const at = time();
        return { now: at, acquired: await this.limiter.tryAcquire(row.tenantId, row.recipientKey, at) };
      });
      if (acquired.ok) break;
      if (now + acquired.waitMs > leaseUntil - this.sendMarginMs) {
        return this.outcomes.released(row, new Date(now + acquired.waitMs), 'rate limited until the lease ends');
      }
      await Promise.race([this.sleep(acquired.waitMs), this.stopped]);
      waitedUntil = now + acquired.waitMs;
    }

    // Never send a row whose lease has run out (another instance may own it now), nor one whose
    // lease would run out during the send.
    const now = time();
    if (now >= leaseUntil - this.sendMarginMs) {
      return this.outcomes.released(row, new Date(now), now >= leaseUntil ? 'lease ran out before sending' : 'lease about to run out');
    }

    let sent: SendResult;
    try {
      sent = await this.transport.send(ref.reference, rendered.activity);
    } catch (error) {
      return this.outcomes.sendFailed(row, error);
    }
    return this.outcomes.sent(row, sent);
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

  /** Full jitter: uniformly between 0 and min(max, base · 2^attempts). */
  backoffMs(previousAttempts: number): number {
    return this.outcomes.backoffMs(previousAttempts);
  }
}

function positiveInt(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`Dispatcher: ${name} must be a positive integer, got ${value}.`);
  return value;
}
