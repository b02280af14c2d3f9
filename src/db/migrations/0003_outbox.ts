/** The outbox of proactive messages (reminders, alerts, digests) and the per-conversation rate buckets its dispatcher sends within. */
import { sql } from 'kysely';
import { statements } from './statements.js';

export default statements(
  // Every proactive message is a row: reminders, alerts, digests. Claimed by any bot instance
  // with FOR UPDATE SKIP LOCKED and a lease (src/dispatch/outbox.repository.ts).
  sql`
    create table outbox (
      id uuid primary key default gen_random_uuid(),
      kind text not null
        constraint outbox_kind_check check (kind in (
          'evaluation-reminder', 'safeguarding-alert', 'weekly-digest', 'revisitation-reminder', 'message')),
      tenant_id text not null,
      recipient_key text not null,
      recipient_aad_id text,
      payload jsonb not null
        constraint outbox_payload_object check (jsonb_typeof(payload) = 'object'),
      idempotency_key text not null
        constraint outbox_idempotency_key unique,
      due_at timestamptz not null,
      expires_at timestamptz,
      state text not null default 'pending'
        constraint outbox_state_check check (state in ('pending', 'sending', 'waiting', 'sent', 'failed', 'cancelled', 'expired')),
      attempts integer not null default 0
        constraint outbox_attempts_check check (attempts >= 0),
      next_attempt_at timestamptz not null,
      lease_owner text,
      lease_until timestamptz,
      last_error text,
      sent_at timestamptz,
      activity_id text,
      conversation_id text,
      created_at timestamptz not null default clock_timestamp(),
      updated_at timestamptz not null default clock_timestamp()
    )`,
  sql`create index outbox_ready_idx on outbox (next_attempt_at) where state in ('pending', 'sending')`,
  sql`create index outbox_waiting_idx on outbox (recipient_key) where state = 'waiting'`,
  sql`create index outbox_recipient_idx on outbox (recipient_aad_id, state)`,
  // Token buckets shared by every instance: one per tenant, two per conversation (second, hour).
  sql`
    create table rate_buckets (
      key text primary key,
      tokens double precision not null,
      refilled_ms double precision not null
    )`,
);
