/**
 * Consent per purpose (issue 11): the intake's one `parentsConsent` becomes `consents`, a list of
 * what the parents agreed to. The old answer was asked first for the work meeting about the child,
 * so true becomes ["arbejdsmoede"] and false []; the bot asks again when a rule needs another
 * purpose. Stored cases and the answers kept with their recommendations are rewritten, the field
 * is renamed in each case's answer order, and a case waiting for that answer now waits for
 * `consents` with a new seq (a card still asking the old question is then recognised as stale).
 */
import { sql } from 'kysely';
import { statements } from './statements.js';

export default statements(
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
);
