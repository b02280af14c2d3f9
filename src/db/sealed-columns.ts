/**
 * Every database column that holds free text (and what is derived from it), written once: the
 * repositories seal and open these columns (sealing.ts), `npm run keys -- rotate` re-seals them
 * under the current key, `keys status` counts them, insight opens them. test/unit/docs/
 * databeskyttelse.test.ts checks this list against docs/databeskyttelse.md (every column it marks
 * *fritekst* is here, every column here is marked *fritekst* or *krypteret*), and the fuzz test
 * (test/integration/fuzz.protocol.test.ts) that a run of the bot leaves no clear text in them.
 *
 * A JSON column names the keys that stay in clear because SQL reads them (sealing.ts, ClearSpec);
 * a column with nothing in clear is sealed whole.
 */
import { openJson, type ClearSpec, type KeyRing } from './sealing.js';
import type { Tables } from './schema.js';

/** A concern's answers: the leaders' list of cases finds safety cases in SQL (safeguarding-notification.repository.ts). */
export const INTAKE_CLEAR: ClearSpec = Object.freeze({ safety: true, acuteDanger: true });

/** The ids an outbox row is found by when its case is deleted or shown (retention, insight); a merged reminder's items likewise. */
const OUTBOX_IDS: ClearSpec = Object.freeze({ caseId: true, planId: true, requestId: true, decisionId: true });
export const OUTBOX_CLEAR: ClearSpec = Object.freeze({ ...OUTBOX_IDS, items: [OUTBOX_IDS] as const });

export interface SealedColumn {
  readonly table: keyof Tables;
  readonly column: string;
  /** The table's primary key, by which the rotation rewrites one row. */
  readonly key: string;
  /** `text`: the column holds one sealed string; `json`: sealJson with `clear`. */
  readonly kind: 'text' | 'json';
  readonly clear?: ClearSpec;
}

export const SEALED_COLUMNS: readonly SealedColumn[] = Object.freeze([
  { table: 'cases', column: 'intake', key: 'id', kind: 'json', clear: INTAKE_CLEAR },
  { table: 'cases', column: 'closed_note', key: 'id', kind: 'text' },
  { table: 'case_recommendations', column: 'recommendation', key: 'id', kind: 'json' },
  { table: 'case_recommendations', column: 'intake', key: 'id', kind: 'json' },
  { table: 'plans', column: 'tovholder_name', key: 'id', kind: 'text' },
  { table: 'plan_versions', column: 'content', key: 'id', kind: 'json' },
  { table: 'plan_evaluations', column: 'content', key: 'id', kind: 'json' },
  { table: 'pku_decisions', column: 'remarks', key: 'id', kind: 'text' },
  { table: 'sparring_requests', column: 'wished_time', key: 'id', kind: 'text' },
  { table: 'sparring_requests', column: 'summary', key: 'id', kind: 'text' },
  { table: 'sparring_requests', column: 'closing_note', key: 'id', kind: 'text' },
  { table: 'sparring_requests', column: 'rejection_reason', key: 'id', kind: 'text' },
  { table: 'sparring_events', column: 'detail', key: 'id', kind: 'json' },
  { table: 'outbox', column: 'payload', key: 'id', kind: 'json', clear: OUTBOX_CLEAR },
] satisfies SealedColumn[]);

/** A row of `table` read generically (e.g. `to_jsonb(t)` for insight) with its sealed columns opened. */
export function openSealedColumns<T extends Record<string, unknown>>(keys: KeyRing, table: string, row: T): T {
  const out: Record<string, unknown> = { ...row };
  for (const column of SEALED_COLUMNS) {
    if (column.table !== table || !(column.column in out)) continue;
    const value = out[column.column];
    if (value === null || value === undefined) continue;
    out[column.column] = column.kind === 'text' ? keys.open(String(value)) : openJson(keys, value);
  }
  return out as T;
}
