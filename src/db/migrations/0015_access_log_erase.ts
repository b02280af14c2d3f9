/**
 * The access log names an erasure as what it is (issue 13): an administrator's "slet sag" deletes a
 * case now (src/insight/case-erasure.service.ts), and the DPO reading the log must see `erase`, not a
 * `change` told apart only by its verb. The retention job's deletions are not in the log: no person
 * did them (docs/databeskyttelse.md).
 */
import { sql } from 'kysely';
import { statements } from './statements.js';

export default statements(
  sql`alter table access_log drop constraint access_log_action_check`,
  sql`alter table access_log add constraint access_log_action_check check (action in ('read', 'change', 'export', 'erase'))`,
);
