/**
 * Goal-and-action plans (ladder.md §7): a plan row per drafted template, immutable versions,
 * evaluations; and the reason for each row of the case's ladder history.
 * The template ids are the twelve of TEMPLATES in src/domain/recommendation.ts as of this
 * migration; a new template needs a new migration that replaces plans_template_check.
 */
import { sql } from 'kysely';
import { statements } from './statements.js';

export default statements(
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
);
