/** The first schema: cases with their intake, the recommendations given for them, the conversation references of proactive messages, and the Teams AI turn state. */
import { sql } from 'kysely';
import { statements } from './statements.js';

export default statements(
  // gen_random_uuid() is built in since PostgreSQL 13 (PGlite is 17+); no extension needed.
  sql`
    create table cases (
      id uuid primary key default gen_random_uuid(),
      tenant_id text not null,
      owner_aad_id text not null,
      status text not null default 'aaben'
        constraint cases_status_check check (status in ('aaben', 'annulleret', 'afsluttet')),
      intake jsonb not null default '{}'::jsonb
        constraint cases_intake_object check (jsonb_typeof(intake) = 'object'),
      answer_order jsonb not null default '[]'::jsonb
        constraint cases_answer_order_array check (jsonb_typeof(answer_order) = 'array'),
      pending_field text,
      seq integer not null default 0,
      school_id text,
      team_id text,
      pseudonym text,
      created_at timestamptz not null default clock_timestamp(),
      updated_at timestamptz not null default clock_timestamp()
    )`,
  sql`create index cases_owner_status_updated_idx on cases (tenant_id, owner_aad_id, status, updated_at)`,
  sql`
    create table case_recommendations (
      id bigint generated always as identity primary key,
      case_id uuid not null references cases (id) on delete cascade,
      created_at timestamptz not null default clock_timestamp(),
      level text not null,
      step text not null,
      recommendation jsonb not null,
      intake jsonb not null
    )`,
  sql`create index case_recommendations_case_created_idx on case_recommendations (case_id, created_at)`,
  sql`
    create table conversation_refs (
      key text primary key,
      tenant_id text not null,
      aad_object_id text,
      conversation_id text not null,
      conversation_type text,
      reference jsonb not null,
      usable boolean not null default true,
      created_at timestamptz not null default clock_timestamp(),
      updated_at timestamptz not null default clock_timestamp()
    )`,
  sql`create index conversation_refs_tenant_user_idx on conversation_refs (tenant_id, aad_object_id)`,
  sql`
    create table bot_state (
      key text primary key,
      data jsonb not null,
      etag text not null,
      updated_at timestamptz not null default clock_timestamp()
    )`,
);
