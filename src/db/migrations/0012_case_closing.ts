/**
 * Closing a case (issue 13): when it was closed, by whom (AAD object id) and why, and an optional
 * short note. The status 'afsluttet' has been allowed since 0001; these columns say what closed it,
 * and `closed_at` is what the retention job counts from (a closed case is deleted some months after).
 * A closed case must name its moment, its closer and its reason: the check holds the three together.
 *
 * Retention (src/retention/): `retention_warned_at` is when the owner and the school's leaders were
 * warned that the case will be deleted; a case is deleted only a full warning period after it. The
 * warning is a new outbox kind, `retention-warning`.
 */
import { sql } from 'kysely';
import { statements } from './statements.js';

export default statements(
  sql`alter table cases add column closed_at timestamptz`,
  sql`alter table cases add column closed_by text`,
  sql`alter table cases add column closed_reason text
        constraint cases_closed_reason_check check (closed_reason in ('forebyggende', 'andet-tilbud', 'flyttet', 'andet'))`,
  sql`alter table cases add column closed_note text
        constraint cases_closed_note_check check (char_length(closed_note) between 1 and 300)`,
  sql`alter table cases add column retention_warned_at timestamptz`,
  sql`alter table outbox drop constraint outbox_kind_check`,
  sql`
    alter table outbox add constraint outbox_kind_check check (kind in (
      'evaluation-reminder', 'safeguarding-alert', 'weekly-digest', 'revisitation-reminder', 'message',
      'sparring-request', 'sparring-update', 'sparring-reminder', 'retention-warning'))`,
  sql`alter table cases add constraint cases_closed_check check (closed_at is null or (closed_by is not null and closed_reason is not null))`,
);
