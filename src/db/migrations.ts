/**
 * The database migrations, in code (no dynamic file imports, so a bundled or compiled build runs
 * the same list). One SQL dialect: these statements run unchanged on PGlite and on PostgreSQL.
 *
 * Rules for adding a migration:
 * - append a new entry with a name that sorts after the last one (`0002_plans`, `0003_outbox`, …);
 *   never edit or reorder a migration that has shipped;
 * - one statement per `sql` call (PGlite runs each query as a single prepared statement);
 * - no schema-qualified names: the schema comes from the connection's search_path, which is how
 *   tests isolate themselves in a schema of their own.
 *
 * Planned later migrations (not built yet): sparring requests.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

function statements(...list: RawBuilder<unknown>[]): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const statement of list) await statement.execute(db);
    },
  };
}

export const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_initial': statements(
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
  ),
  // Goal-and-action plans (ladder.md §7): a plan row per drafted template, immutable versions,
  // evaluations; and the reason for each row of the case's ladder history.
  // The template ids are the twelve of TEMPLATES in src/domain/recommendation.ts as of this
  // migration; a new template needs a new migration that replaces plans_template_check.
  '0002_plans': statements(
    sql`
      create table plans (
        id uuid primary key default gen_random_uuid(),
        case_id uuid not null references cases (id) on delete cascade,
        template_id text not null
          constraint plans_template_check check (template_id in (
            'dataplan', 'dagsorden-teammoede', 'plan-faellesskab', 'plan-barn', 'smtte', 'evaluering',
            'sparringsanmodning', 'dagsorden-arbejdsmoede', 'dagsorden-netvaerksmoede', 'dagsorden-distriktsraad',
            'indstilling-ppv', 'henvisning-pku')),
        title text not null
          constraint plans_title_check check (char_length(title) between 1 and 200),
        status text not null default 'kladde'
          constraint plans_status_check check (status in ('kladde', 'gemt', 'evalueret', 'arkiveret')),
        current_version integer not null default 0
          constraint plans_current_version_check check (current_version >= 0),
        evaluation_date date,
        tovholder_aad_id text,
        tovholder_name text,
        created_by text not null,
        created_at timestamptz not null default clock_timestamp(),
        updated_at timestamptz not null default clock_timestamp()
      )`,
    sql`create index plans_case_created_idx on plans (case_id, created_at)`,
    sql`create index plans_due_idx on plans (evaluation_date) where status in ('gemt')`,
    sql`
      create table plan_versions (
        id bigint generated always as identity primary key,
        plan_id uuid not null references plans (id) on delete cascade,
        version integer not null
          constraint plan_versions_version_check check (version >= 1),
        content jsonb not null
          constraint plan_versions_content_object check (jsonb_typeof(content) = 'object'),
        saved_by text not null,
        saved_at timestamptz not null default clock_timestamp(),
        constraint plan_versions_plan_version_key unique (plan_id, version)
      )`,
    sql`
      create table plan_evaluations (
        id bigint generated always as identity primary key,
        plan_id uuid not null references plans (id) on delete cascade,
        plan_version integer not null,
        evaluation_date date,
        content jsonb not null
          constraint plan_evaluations_content_object check (jsonb_typeof(content) = 'object'),
        evaluated_by text,
        evaluated_at timestamptz not null default clock_timestamp()
      )`,
    sql`create index plan_evaluations_plan_idx on plan_evaluations (plan_id, evaluated_at)`,
    sql`
      alter table case_recommendations add column reason text not null default 'intake'
        constraint case_recommendations_reason_check check (reason in ('intake', 'evaluation'))`,
    sql`alter table case_recommendations add column plan_id uuid references plans (id) on delete set null`,
  ),
  '0003_outbox': statements(
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
  ),
});

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return { ...MIGRATIONS };
  },
};
