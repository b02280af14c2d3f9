/**
 * The insight's outbox rows are the case's own, on both databases (src/insight/case-insight.service.ts):
 * a merged evaluation reminder holding plans of two cases is in each case's export with that case's
 * items only, never the other case's plan ids; a merged reminder of other cases only is in neither.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { CaseInsightService } from '../../../src/insight/case-insight.service.js';
import { databaseTargets } from '../../support/db.js';
import { HANNE, JONAS, TENANT, seedCase } from './seed.js';

describe.each(databaseTargets())('the insight of a case in a merged reminder, on $name', (target) => {
  let database: Database;

  beforeAll(async () => {
    database = await target.open();
  }, 60_000);
  afterAll(() => target.cleanup());

  it("lists the merged row with the case's own items only", async () => {
    const a = await seedCase(database, 'A.A., 4.B', 'a');
    const b = await seedCase(database, 'B.B., 4.B', 'b');
    const c = await seedCase(database, 'C.C., 4.B', 'c');
    const item = (planId: string) => ({ planId, evaluationDate: '2027-04-12', kind: 'due', role: 'leader' });
    const row = (key: string, items: object[]) => ({
      kind: 'evaluation-reminder' as const,
      tenant_id: TENANT,
      recipient_key: `user:${TENANT}:${HANNE.aadObjectId}`,
      recipient_aad_id: HANNE.aadObjectId,
      payload: JSON.stringify({ items }),
      idempotency_key: key,
      due_at: new Date(),
      next_attempt_at: new Date(),
      updated_at: new Date(),
    });
    await database.db
      .insertInto('outbox')
      .values([row('eval-group:ab', [item(a.planId), item(b.planId)]), row('eval-group:bc', [item(b.planId), item(c.planId)])])
      .execute();
    const service = new CaseInsightService({ database, isAdmin: () => true });
    const outcome = await service.export({ tenantId: TENANT, userId: JONAS.aadObjectId }, a.caseId);
    if (outcome.kind !== 'found') throw new Error(outcome.kind);
    const merged = outcome.insight.tables.outbox.filter((r) => String(r.idempotency_key).startsWith('eval-group:'));
    expect(merged.map((r) => [r.idempotency_key, r.payload])).toEqual([['eval-group:ab', { items: [item(a.planId)] }]]);
    const text = JSON.stringify(outcome.insight);
    for (const other of [b, c]) for (const id of [other.caseId, other.planId, other.requestId]) expect(text).not.toContain(id);
  });
});
