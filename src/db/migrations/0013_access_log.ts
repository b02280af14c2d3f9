/**
 * The access log (issue 13): one row for every case, plan, evaluation or sparring request a person
 * read, changed or exported, or was refused, through which verb and when. It answers the
 * data-protection officer's "who has seen this child's case?". Written by src/access/access-log.ts
 * at the end of each turn; read by administrators ("adgangslog"); deleted after
 * ACCESS_LOG_RETENTION_MONTHS by the planning loop, and by nothing else.
 *
 * Append-only: a trigger refuses every UPDATE (on both engines: PGlite is PostgreSQL), so not even
 * a bug in the bot can rewrite what someone did. DELETE stays possible for the retention purge.
 * The ids have no foreign keys: the log must outlive a case that is deleted (closing, erasure)
 * until its own retention ends, and holds ids only, never names or free text.
 */
import { sql } from 'kysely';
import { statements } from './statements.js';

export default statements(
  sql`
    create table access_log (
      id bigint generated always as identity primary key,
      tenant_id text not null,
      actor_aad_id text not null,
      action text not null constraint access_log_action_check check (action in ('read', 'change', 'export')),
      outcome text not null constraint access_log_outcome_check check (outcome in ('allowed', 'denied')),
      verb text not null constraint access_log_verb_check check (char_length(verb) between 1 and 60),
      case_id uuid,
      plan_id uuid,
      request_id uuid,
      at timestamptz not null,
      constraint access_log_subject_check check (case_id is not null or plan_id is not null or request_id is not null)
    )`,
  sql`create index access_log_case_idx on access_log (case_id, at desc)`,
  sql`create index access_log_actor_idx on access_log (actor_aad_id, at desc)`,
  sql`create index access_log_at_idx on access_log (at)`,
  sql`
    create function access_log_refuse_update() returns trigger language plpgsql as $$
    begin
      raise exception 'access_log is append-only: rows are never changed';
    end
    $$`,
  sql`create trigger access_log_append_only before update on access_log for each row execute function access_log_refuse_update()`,
);
