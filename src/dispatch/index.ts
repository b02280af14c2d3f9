/**
 * Proactive messages: the outbox (durable, shared by every instance), the shared rate limits, and
 * the dispatcher that sends due rows through a transport (src/bot/proactive.ts in the bot).
 */
export {
  OutboxRepository,
  OUTBOX_KINDS,
  OUTBOX_STATES,
  escapeLike,
  type CancelPendingFilter,
  type EnqueueInput,
  type OutboxExecutor,
  type OutboxKind,
  type OutboxMessage,
  type OutboxState,
  type SentInfo,
  type WaitingRecipient,
} from './outbox.repository.js';
export {
  CLOCK_SET_BACK_MS,
  RateLimiter,
  perHourBucket,
  perSecondBucket,
  type AcquireResult,
  type BucketSpec,
  type RateLimiterLike,
  type RateLimits,
} from './rate-limiter.js';
export {
  DISPATCH_OUTCOMES,
  Dispatcher,
  SendFailure,
  type BackoffOptions,
  type DispatchOutcome,
  type DispatcherOptions,
  type OutcomeCounts,
  type RenderFn,
  type Rendered,
  type Renderer,
  type SendResult,
  type Transport,
} from './dispatcher.js';
