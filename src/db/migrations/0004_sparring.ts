/**
 * Sparring requests (issue #5, src/domain/sparring.ts): a request per case and adviser group,
 * its lifecycle in `state` with a `version` bumped on every transition, and one event per
 * transition (who, when, what). The pool and help-kind ids are those of src/domain/sparring.ts
 * and src/domain/plan-forms.ts as of this migration.
 */
import { sql } from 'kysely';
import { statements } from './statements.js';

export default statements(
  sql`
    create table sparring_requests (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases (id) on delete cascade,
      tenant_id text not null,
      school_id text not null,
      pool text not null
        constraint sparring_requests_pool_check check (pool in ('plc', 'akt', 'praksisvejleder', 'raadgivende-team', 'familieraadgivning')),
      pool_owner text not null
        constraint sparring_requests_pool_owner_check check (char_length(pool_owner) between 1 and 200),
      help_kinds jsonb not null
        constraint sparring_requests_help_kinds_check check (
          case when jsonb_typeof(help_kinds) = 'array'
            then jsonb_array_length(help_kinds) between 1 and 4
              and help_kinds <@ '["observation", "teammoede", "kvalificering", "arbejdsmoede"]'::jsonb
            else false end),
      wished_time text not null default ''
        constraint sparring_requests_wished_time_check check (char_length(wished_time) <= 100),
      summary text not null
        constraint sparring_requests_summary_check check (char_length(summary) between 1 and 1000),
      child_specific boolean not null,
      parents_consent boolean,
      requested_by text not null,
      requested_by_name text not null,
      state text not null default 'ny'
        constraint sparring_requests_state_check check (state in ('ny', 'taget', 'afsluttet', 'afvist')),
      claimed_by text,
      claimed_by_name text,
      claimed_at timestamptz,
      closing_note text
        constraint sparring_requests_closing_note_check check (char_length(closing_note) <= 1000),
      rejection_reason text
        constraint sparring_requests_rejection_reason_check check (char_length(rejection_reason) between 1 and 500),
      version integer not null default 1
        constraint sparring_requests_version_check check (version >= 1),
      form_id uuid,
      routed_at timestamptz not null default clock_timestamp(),
      created_at timestamptz not null default clock_timestamp(),
      updated_at timestamptz not null default clock_timestamp(),
      constraint sparring_requests_claim_check check (
        (claimed_by is null) = (claimed_by_name is null)
        and (claimed_by is null) = (claimed_at is null)
        and (state <> 'ny' or claimed_by is null)
        and (state not in ('taget', 'afsluttet') or claimed_by is not null)),
      constraint sparring_requests_closing_check check (closing_note is null or state = 'afsluttet'),
      constraint sparring_requests_rejection_check check ((rejection_reason is not null) = (state = 'afvist')),
      constraint sparring_requests_consent_check check (
        not child_specific or pool in ('plc', 'akt') or coalesce(parents_consent, false)),
      constraint sparring_requests_case_form_key unique (case_id, form_id)
    )`,
  sql`create index sparring_requests_case_idx on sparring_requests (case_id, created_at)`,
  sql`create index sparring_requests_open_idx on sparring_requests (tenant_id, pool, pool_owner, routed_at) where state = 'ny'`,
  sql`create index sparring_requests_claimed_idx on sparring_requests (tenant_id, claimed_by, state)`,
  sql`create index sparring_requests_unclaimed_idx on sparring_requests (routed_at) where state = 'ny'`,
  sql`
    create table sparring_events (
      id bigint generated always as identity primary key,
      request_id uuid not null references sparring_requests (id) on delete cascade,
      action text not null
        constraint sparring_events_action_check check (action in (
          'oprettet', 'taget', 'givet-fra-sig', 'videresendt', 'afsluttet', 'afvist')),
      actor_aad_id text not null,
      actor_name text not null,
      version integer not null
        constraint sparring_events_version_check check (version >= 1),
      detail jsonb not null default '{}'::jsonb
        constraint sparring_events_detail_object check (jsonb_typeof(detail) = 'object'),
      at timestamptz not null default clock_timestamp(),
      constraint sparring_events_request_version_key unique (request_id, version)
    )`,
  // New outbox kinds: a request posted to its group, an update to the requesting teacher, the SLA reminder.
  sql`alter table outbox drop constraint outbox_kind_check`,
  sql`
    alter table outbox add constraint outbox_kind_check check (kind in (
      'evaluation-reminder', 'safeguarding-alert', 'weekly-digest', 'revisitation-reminder', 'message',
      'sparring-request', 'sparring-update', 'sparring-reminder'))`,
);
