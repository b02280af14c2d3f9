/**
 * One sparring request per send, whatever the card carries (issue 9): `send_key` is a digest of
 * the sender, the group and the content (src/sparring/sparring.repository.ts), unique per case
 * among open requests, so a repeated send (a form without its id, a double click) while the
 * first is new or taken finds the first. Requests sent before keep a null key (never a conflict).
 */
import { sql } from 'kysely';
import { statements } from './statements.js';

export default statements(
  sql`alter table sparring_requests add column send_key text`,
  sql`create unique index sparring_requests_open_send_key on sparring_requests (case_id, send_key) where state in ('ny', 'taget')`,
);
