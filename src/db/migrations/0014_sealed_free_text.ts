/**
 * Free text is sealed (issue 13; src/db/sealing.ts): the columns listed in sealed-columns.ts hold
 * `enc:v1:…` strings, some three times longer than the text they seal, so the length checks of the
 * clear text move to the domain (which already enforced them with a Danish message) and the
 * database keeps only a generous bound against runaway values. Values written before this
 * migration stay readable in clear until `npm run keys -- rotate` seals them.
 */
import { sql } from 'kysely';
import { statements } from './statements.js';

const BOUND = 12_000;

export default statements(
  sql`alter table cases drop constraint cases_closed_note_check`,
  sql`alter table cases add constraint cases_closed_note_check check (char_length(closed_note) <= ${sql.lit(BOUND)})`,
  sql`alter table pku_decisions drop constraint pku_decisions_remarks_check`,
  sql`alter table pku_decisions add constraint pku_decisions_remarks_check check (char_length(remarks) <= ${sql.lit(BOUND)})`,
  sql`alter table sparring_requests drop constraint sparring_requests_wished_time_check`,
  sql`alter table sparring_requests add constraint sparring_requests_wished_time_check check (char_length(wished_time) <= ${sql.lit(BOUND)})`,
  sql`alter table sparring_requests drop constraint sparring_requests_summary_check`,
  sql`alter table sparring_requests add constraint sparring_requests_summary_check check (char_length(summary) <= ${sql.lit(BOUND)})`,
  sql`alter table sparring_requests drop constraint sparring_requests_closing_note_check`,
  sql`alter table sparring_requests add constraint sparring_requests_closing_note_check check (char_length(closing_note) <= ${sql.lit(BOUND)})`,
  sql`alter table sparring_requests drop constraint sparring_requests_rejection_reason_check`,
  sql`alter table sparring_requests add constraint sparring_requests_rejection_reason_check check (char_length(rejection_reason) <= ${sql.lit(BOUND)})`,
);
