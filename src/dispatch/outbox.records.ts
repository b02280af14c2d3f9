/**
 * The outbox's records: the message as the rest of the bot sees it, what `enqueue` takes (checked
 * with zod, since payloads come from every part of the bot), and the mapping from a database row.
 * Apart from the repository (outbox.repository.ts) so the reads (outbox.queries.ts) and the lease
 * transitions share one mapping and one set of guards.
 *
 * A payload is sealed at rest (src/db/sealing.ts): only the ids in OUTBOX_CLEAR (caseId, planId,
 * requestId, decisionId, and the same in a merged row's items) stay in clear, because retention
 * and insight find a case's rows by them in SQL; the rest (names, dates, texts) is sealed on write
 * (`sealPayload`) and opened in `toMessage`. Nothing else may read into a payload in SQL.
 */
import type { Kysely, Selectable } from 'kysely';
import { toDate } from '../cases/case.repository.js';
import { toJsonb } from '../db/json.js';
import { OUTBOX_CLEAR } from '../db/sealed-columns.js';
import { openJson, sealJson, type KeyRing } from '../db/sealing.js';
import { isPlainObject } from '../domain/values.js';
import { OUTBOX_KINDS, type OutboxKind, type OutboxState, type OutboxTable, type Tables } from '../db/schema.js';
import { z } from '../domain/zod.js';

/** The database or an open transaction (a Kysely Transaction is a Kysely). */
export type OutboxExecutor = Kysely<Tables>;

export interface OutboxMessage {
  id: string;
  kind: OutboxKind;
  tenantId: string;
  /** A conversation_refs key: `user:<tenant>:<aad>` or `conv:<conversationId>`. */
  recipientKey: string;
  recipientAadId: string | null;
  payload: Record<string, unknown>;
  idempotencyKey: string;
  dueAt: Date;
  expiresAt: Date | null;
  state: OutboxState;
  /** Send attempts made so far (sent, retried or failed; a lease take-over counts too). */
  attempts: number;
  nextAttemptAt: Date;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  /** Why the row last failed, was parked or cancelled (a short technical text, never the payload). */
  lastError: string | null;
  sentAt: Date | null;
  /** The id Teams gave the sent activity, and its conversation (to update the card later). */
  activityId: string | null;
  conversationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface EnqueueInput {
  kind: OutboxKind;
  tenantId: string;
  recipientKey: string;
  recipientAadId?: string | null;
  payload: Record<string, unknown>;
  /** Unique over the whole outbox: a second enqueue with the same key does nothing. */
  idempotencyKey: string;
  dueAt: Date;
  /** After this the message is no longer worth sending (it becomes `expired`). */
  expiresAt?: Date | null;
}

export interface SentInfo {
  activityId: string | null;
  conversationId: string | null;
}

export interface CancelPendingFilter {
  /** Rows whose idempotency key starts with this text (taken literally: `%` and `_` are not wildcards). */
  keyPrefix: string;
  /** Only this recipient's rows. */
  recipientKey?: string;
  /** Stored as last_error (default 'obsolete'). */
  reason?: string;
}

/** A recipient with messages parked for want of a usable conversation reference. */
export interface WaitingRecipient {
  recipientKey: string;
  recipientAadId: string | null;
  tenantId: string;
  count: number;
  oldestDueAt: Date;
}

const date = z.date().refine((d) => Number.isFinite(d.getTime()), { message: 'ugyldig dato' });

export const enqueueSchema = z.object({
  kind: z.enum(OUTBOX_KINDS),
  tenantId: z.string().min(1).max(200),
  recipientKey: z
    .string()
    .regex(/^(user:[^:]+:.+|conv:.+)$/)
    .max(1000),
  recipientAadId: z.string().min(1).max(200).nullish(),
  payload: z.record(z.string(), z.unknown()),
  idempotencyKey: z.string().min(1).max(500),
  dueAt: date,
  expiresAt: date.nullish(),
});

// Outbox ids are uuids; anything else is simply "no such row", not an SQL error.
export { UUID_PATTERN as UUID } from '../domain/values.js';

/** last_error is for people reading the admin view: keep it short. */
export const ERROR_MAX = 1000;

/** `like` pattern text matching `text` literally (backslash is the escape character). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A payload for the jsonb column: cleaned as toJsonb cleans (a NUL or a lone surrogate), then
 * sealed but for the ids in OUTBOX_CLEAR, so what is read back is what was read before sealing.
 */
export function sealPayload(keys: KeyRing, payload: Record<string, unknown>): string {
  return toJsonb(sealJson(keys, JSON.parse(toJsonb(payload)), OUTBOX_CLEAR));
}

/** Opens a stored payload (sealed, or clear from before sealing); anything but an object reads as empty. */
export function openPayload(keys: KeyRing, value: unknown): Record<string, unknown> {
  const payload = openJson(keys, value);
  return isPlainObject(payload) ? payload : {};
}

export function toMessage(row: Selectable<OutboxTable>, keys: KeyRing): OutboxMessage {
  return {
    id: row.id,
    kind: row.kind,
    tenantId: row.tenant_id,
    recipientKey: row.recipient_key,
    recipientAadId: row.recipient_aad_id,
    payload: openPayload(keys, row.payload),
    idempotencyKey: row.idempotency_key,
    dueAt: toDate(row.due_at),
    expiresAt: row.expires_at === null ? null : toDate(row.expires_at),
    state: row.state,
    attempts: Number(row.attempts),
    nextAttemptAt: toDate(row.next_attempt_at),
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until === null ? null : toDate(row.lease_until),
    lastError: row.last_error,
    sentAt: row.sent_at === null ? null : toDate(row.sent_at),
    activityId: row.activity_id,
    conversationId: row.conversation_id,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

export function checkOwner(owner: string): void {
  if (typeof owner !== 'string' || owner.length === 0) throw new RangeError('An outbox lease needs a non-empty owner (the instance id).');
}

export function checkDate(value: Date, name: string): void {
  if (!(value instanceof Date) || !Number.isFinite(value.getTime())) throw new RangeError(`${name} must be a valid Date.`);
}

export function clip(text: string): string {
  return text.length > ERROR_MAX ? `${text.slice(0, ERROR_MAX - 1)}…` : text;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
