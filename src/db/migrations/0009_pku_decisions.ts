/**
 * PKU's decision on a referral (issue 11, src/domain/pku-decision.ts): one row per recorded
 * decision, with PKU's date and remarks, who recorded it and when; the newest row of a case is the
 * one in force (a returned referral may be referred and decided again). A decision re-assesses the
 * case, so a ladder-history row may now have the reason 'pku-decision' and point at its decision.
 * The thirteenth plan template, `sagsfremstilling` (the leader's case presentation with the party
 * hearing), joins the templates a plan may be drafted from.
 */
import { sql } from 'kysely';
import { statements } from './statements.js';

export default statements(
  sql`
    create table pku_decisions (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references cases (id) on delete cascade,
      decision text not null
        constraint pku_decisions_decision_check check (decision in ('afslag', 'returneret', 'enkeltintegreret', 'specialtilbud')),
      decided_on date not null,
      remarks text
        constraint pku_decisions_remarks_check check (remarks is null or char_length(remarks) between 1 and 1000),
      recorded_by text not null,
      recorded_at timestamptz not null default clock_timestamp()
    )`,
  sql`create index pku_decisions_case_idx on pku_decisions (case_id, recorded_at)`,
  sql`alter table case_recommendations drop constraint case_recommendations_reason_check`,
  sql`
    alter table case_recommendations add constraint case_recommendations_reason_check
      check (reason in ('intake', 'evaluation', 'pku-decision'))`,
  sql`alter table case_recommendations add column pku_decision_id uuid references pku_decisions (id) on delete set null`,
  sql`alter table plans drop constraint plans_template_check`,
  sql`
    alter table plans add constraint plans_template_check check (template_id in (
      'dataplan', 'dagsorden-teammoede', 'plan-faellesskab', 'plan-barn', 'smtte', 'evaluering',
      'sparringsanmodning', 'dagsorden-arbejdsmoede', 'dagsorden-netvaerksmoede', 'dagsorden-distriktsraad',
      'indstilling-ppv', 'sagsfremstilling', 'henvisning-pku'))`,
);
