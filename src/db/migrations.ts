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
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import { storableReference } from '../conversations/storable-reference.js';
import { toJsonb } from './json.js';

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
  // Sparring requests (issue #5, src/domain/sparring.ts): a request per case and adviser group,
  // its lifecycle in `state` with a `version` bumped on every transition, and one event per
  // transition (who, when, what). The pool and help-kind ids are those of src/domain/sparring.ts
  // and src/domain/plan-forms.ts as of this migration.
  '0004_sparring': statements(
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
  ),
  // One evaluation card, one evaluation (issue 9). An evaluation that continues a plan keeps its
  // version, so the version an evaluation card carries cannot tell its second click from the next
  // evaluation. A plan's `revision` moves on with every saved version and every evaluation; the
  // evaluation card carries it, and each evaluation records the revision it was made at, once.
  // Existing plans: the versions saved plus the evaluations recorded. Existing evaluations: the
  // version evaluated plus the evaluations before it (what the revision was then), so the key holds.
  '0005_plan_revision': statements(
    sql`alter table plans add column revision integer not null default 0 constraint plans_revision_check check (revision >= 0)`,
    sql`update plans set revision = current_version + (select count(*) from plan_evaluations e where e.plan_id = plans.id)`,
    sql`alter table plan_evaluations add column plan_revision integer`,
    sql`
      update plan_evaluations set plan_revision = earlier.revision
      from (
        select id, plan_version + row_number() over (partition by plan_id order by evaluated_at, id) - 1 as revision
        from plan_evaluations
      ) earlier
      where earlier.id = plan_evaluations.id`,
    sql`alter table plan_evaluations alter column plan_revision set not null`,
    sql`alter table plan_evaluations add constraint plan_evaluations_plan_revision_key unique (plan_id, plan_revision)`,
  ),
  // One sparring request per send, whatever the card carries (issue 9): `send_key` is a digest of
  // the sender, the group and the content (src/sparring/sparring.repository.ts), unique per case
  // among open requests, so a repeated send (a form without its id, a double click) while the
  // first is new or taken finds the first. Requests sent before keep a null key (never a conflict).
  '0006_sparring_send_key': statements(
    sql`alter table sparring_requests add column send_key text`,
    sql`create unique index sparring_requests_open_send_key on sparring_requests (case_id, send_key) where state in ('ny', 'taget')`,
  ),
  // Consent per purpose (issue 11): the intake's one `parentsConsent` becomes `consents`, a list of
  // what the parents agreed to. The old answer was asked first for the work meeting about the child,
  // so true becomes ["arbejdsmoede"] and false []; the bot asks again when a rule needs another
  // purpose. Stored cases and the answers kept with their recommendations are rewritten, the field
  // is renamed in each case's answer order, and a case waiting for that answer now waits for
  // `consents` with a new seq (a card still asking the old question is then recognised as stale).
  '0007_intake_consents': statements(
    sql`
      update cases
      set intake = (intake - 'parentsConsent') || jsonb_build_object('consents',
        case when intake -> 'parentsConsent' = 'true'::jsonb then '["arbejdsmoede"]'::jsonb else '[]'::jsonb end)
      where intake -> 'parentsConsent' is not null`,
    sql`
      update case_recommendations
      set intake = (intake - 'parentsConsent') || jsonb_build_object('consents',
        case when intake -> 'parentsConsent' = 'true'::jsonb then '["arbejdsmoede"]'::jsonb else '[]'::jsonb end)
      where jsonb_typeof(intake) = 'object' and intake -> 'parentsConsent' is not null`,
    sql`
      update cases
      set answer_order = (
        select jsonb_agg(case when field = '"parentsConsent"'::jsonb then '"consents"'::jsonb else field end order by position)
        from jsonb_array_elements(answer_order) with ordinality as listed (field, position)
      )
      where answer_order @> '["parentsConsent"]'::jsonb`,
    sql`update cases set pending_field = 'consents', seq = seq + 1 where pending_field = 'parentsConsent'`,
  ),
  // The display names Teams sends (user, bot, conversation) are stored cleaned since the CPR guard
  // reads every separator and digit form: CPR-like numbers masked, control and format characters
  // removed (storableReference). References stored before that are cleaned here by the same rule,
  // in code (the rule is Unicode normalisation, not SQL); a reference already clean is left alone.
  '0008_conversation_ref_names': {
    async up(db: Kysely<unknown>) {
      const { rows } = await sql<{ key: string; reference: unknown }>`select key, reference from conversation_refs`.execute(db);
      for (const row of rows) {
        const cleaned = storableReference(row.reference);
        if (JSON.stringify(cleaned) === JSON.stringify(row.reference)) continue;
        await sql`update conversation_refs set reference = ${toJsonb(cleaned)} where key = ${row.key}`.execute(db);
      }
    },
  },
});

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return { ...MIGRATIONS };
  },
};
