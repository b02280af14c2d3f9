/**
 * What became of a claimed row, recorded in the outbox and logged: the dispatcher (dispatcher.ts)
 * decides when a row is done with; this decides what a failed send means and moves the row.
 *
 *   403 / 404 (blocked, uninstalled, gone)     → reference marked unusable, row parked
 *   429 Too Many Requests                      → retry at Retry-After, or back-off without it
 *   5xx, 408, 401, network error               → retry after an exponential back-off with full jitter
 *                                                (at Retry-After when one came, e.g. with a 503)
 *   any other 4xx                              → failed (retrying cannot help)
 *   the maxAttempts-th failed attempt          → failed
 *
 * 401 is retried rather than failed: it says the bot's own token was refused (a credentials or
 * clock problem of the bot, not of the message), and the messages should survive its repair.
 *
 * Every move is guarded by the row's lease (outbox.repository.ts): a move refused by the guard is
 * `lease-lost` — another instance owns the row now, and this one leaves it alone.
 *
 * Logging: one line per outcome, at debug; failures (retry, failed, lease lost, errors) at warn.
 * Only the row's id, kind and attempt count, the HTTP status and a short error text: never the
 * payload, never the recipient.
 */
import type { ConversationRefRepository } from '../conversations/conversation-ref.repository.js';
import type { Logger } from '../log.js';
import type { OutboxMessage, OutboxRepository } from './outbox.repository.js';
import { SendFailure, type SendResult } from './transport.js';

export const DISPATCH_OUTCOMES = [
  'sent',
  'retry',
  'failed',
  'parked',
  'cancelled',
  'expired',
  'released',
  'lease-lost',
  'skipped',
  'error',
] as const;
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

export interface OutcomesOptions {
  outbox: OutboxRepository;
  refs: Pick<ConversationRefRepository, 'markUnusable'>;
  logger: Logger;
  /** The lease owner the moves are guarded by. */
  owner: string;
  clock: () => Date;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** [0, 1): the jitter of the back-off. */
  random: () => number;
}

const ERROR_TEXT_MAX = 300;

export function zeroCounts(): OutcomeCounts {
  return Object.fromEntries(DISPATCH_OUTCOMES.map((o) => [o, 0])) as OutcomeCounts;
}

/** Moves claimed rows out of `sending` and logs how; each method answers the outcome it recorded. */
export class Outcomes {
  constructor(private readonly o: OutcomesOptions) {}

  /** Sent: Teams' activity id and conversation recorded (a lost lease is logged; the send happened). */
  async sent(row: OutboxMessage, sent: SendResult): Promise<DispatchOutcome> {
    const recorded = await this.o.outbox.markSent(row.id, this.o.owner, {
      activityId: sent.activityId ?? null,
      conversationId: sent.conversationId ?? null,
    });
    if (!recorded) {
      this.o.logger.warn(
        { outboxId: row.id, kind: row.kind },
        'outbox message sent, but its lease was lost meanwhile: it may be sent again',
      );
    } else {
      this.o.logger.debug({ outboxId: row.id, kind: row.kind, attempts: row.attempts + 1, outcome: 'sent' }, 'outbox message sent');
    }
    return 'sent';
  }

  /** Taken over from an instance that died while sending, attempts spent. */
  async exhausted(row: OutboxMessage): Promise<DispatchOutcome> {
    const error = `gave up after ${row.attempts} attempts (the last one did not finish)`;
    return this.finish(row, await this.o.outbox.markFailed(row.id, this.o.owner, error, { countAttempt: false }), 'failed', { error });
  }

  async expired(row: OutboxMessage): Promise<DispatchOutcome> {
    return this.finish(row, await this.o.outbox.expire(row.id, this.o.owner), 'expired');
  }

  /** No usable conversation reference: waits until the person can be reached. */
  async parked(row: OutboxMessage, reason: string): Promise<DispatchOutcome> {
    return this.finish(row, await this.o.outbox.park(row.id, this.o.owner, reason), 'parked', { reason });
  }

  /** The renderer found the row obsolete. */
  async cancelled(row: OutboxMessage, reason: string): Promise<DispatchOutcome> {
    return this.finish(row, await this.o.outbox.cancel(row.id, this.o.owner, reason), 'cancelled', { reason });
  }

  /** Back to pending at `at` without an attempt (nothing was sent). */
  async released(row: OutboxMessage, at: Date, reason: string): Promise<DispatchOutcome> {
    return this.finish(row, await this.o.outbox.release(row.id, this.o.owner, at), 'released', { reason });
  }

  /** A send that threw: parked, retried or failed, by the table in the module comment. */
  async sendFailed(row: OutboxMessage, error: unknown): Promise<DispatchOutcome> {
    const failure = error instanceof SendFailure ? error : null;
    const status = failure ? failure.status : null;
    const text = `${status === null ? 'network error' : `HTTP ${status}`}: ${errorText(error)}`;
    if (status === 403 || status === 404) {
      // Blocked, uninstalled or deleted: the reference is no good; the message waits for the
      // person to come back (a new reference releases it).
      await this.o.refs.markUnusable(row.recipientKey);
      return this.finish(row, await this.o.outbox.park(row.id, this.o.owner, text), 'parked', { status, reason: 'recipient unreachable' });
    }
    if (status === null || status === 429 || status >= 500 || status === 408 || status === 401) {
      // Retry-After when the service gave one (429, also 503), otherwise the back-off.
      const retryAfter = failure?.retryAfterMs ?? null;
      return this.retryOrFail(row, text, status, retryAfter === null ? null : Math.max(0, retryAfter));
    }
    return this.finish(row, await this.o.outbox.markFailed(row.id, this.o.owner, text), 'failed', { status, error: text });
  }

  /** A failed attempt: again later (at `delayMs`, or after a back-off), or failed when attempts are spent. */
  async retryOrFail(row: OutboxMessage, error: string, status: number | null, delayMs: number | null): Promise<DispatchOutcome> {
    const attempts = row.attempts + 1;
    if (attempts >= this.o.maxAttempts) {
      const text = `${error} (gave up after ${attempts} attempts)`;
      return this.finish(row, await this.o.outbox.markFailed(row.id, this.o.owner, text), 'failed', { status, error: text });
    }
    const wait = delayMs ?? this.backoffMs(row.attempts);
    const at = new Date(this.o.clock().getTime() + wait);
    return this.finish(row, await this.o.outbox.retryLater(row.id, this.o.owner, at, error), 'retry', { status, error, retryInMs: wait });
  }

  /** Full jitter: uniformly between 0 and min(max, base · 2^attempts). */
  backoffMs(previousAttempts: number): number {
    const ceiling = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** Math.min(previousAttempts, 30));
    return Math.floor(this.o.random() * ceiling);
  }

  /** Logs the outcome; a transition refused by the lease guard becomes 'lease-lost'. */
  private finish(row: OutboxMessage, moved: boolean, outcome: DispatchOutcome, details: Record<string, unknown> = {}): DispatchOutcome {
    const fields = { outboxId: row.id, kind: row.kind, attempts: row.attempts, outcome, ...details };
    if (!moved) {
      this.o.logger.warn({ ...fields, outcome: 'lease-lost', intended: outcome }, 'outbox message left alone: its lease was taken over');
      return 'lease-lost';
    }
    if (outcome === 'failed' || outcome === 'retry')
      this.o.logger.warn(fields, `outbox message ${outcome === 'failed' ? 'failed' : 'will be retried'}`);
    else this.o.logger.debug(fields, `outbox message ${outcome}`);
    return outcome;
  }
}

/** A short error text for the row's last_error and the log (never the payload). */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.length > ERROR_TEXT_MAX ? `${text.slice(0, ERROR_TEXT_MAX - 1)}…` : text;
}
