/**
 * The dispatcher's two ports to the bot layer: the renderer that turns a due row into an activity
 * (src/proactive/renderer.ts, through each kind) and the transport that sends it
 * (src/bot/proactive.ts). Apart from the dispatcher so the bot layer depends on these contracts,
 * not on the loop.
 *
 * The transport must not retry by itself (BotTransport turns the connector's retries off): every
 * attempt is counted by the dispatcher, Retry-After is honoured there, and a send never outlives
 * its lease.
 */
import type { OutboxMessage } from './outbox.repository.js';

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
