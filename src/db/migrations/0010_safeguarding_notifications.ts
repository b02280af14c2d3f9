/**
 * The notification to the municipality (underretning) recorded on a safety case (issue 12): the
 * teacher who flagged the signs, or a leader of the case's school, presses "Jeg har underrettet" /
 * "Registrér underretning", and the date and who did it stand in the case's history for the owner
 * and the school's leaders. One row per case: the unique case_id makes a second press (or two at
 * once, on two instances) find the first record instead of writing another.
 */
import { sql } from 'kysely';
import { statements } from './statements.js';

export default statements(
  sql`
    create table safeguarding_notifications (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases (id) on delete cascade
        constraint safeguarding_notifications_case_key unique,
      notified_on date not null,
      recorded_by text not null,
      recorded_by_name text not null
        constraint safeguarding_notifications_name_check check (char_length(recorded_by_name) between 1 and 200),
      recorded_role text not null
        constraint safeguarding_notifications_role_check check (recorded_role in ('owner', 'leader')),
      recorded_at timestamptz not null default clock_timestamp()
    )`,
);
