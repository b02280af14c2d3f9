/**
 * Retention at scale and next to other cases, on both databases (src/retention/retention.job.ts):
 * - a leaver is found however many current staff have been idle (after a holiday more than a page
 *   of references is older than the grace period, and the leaver's key may sort after all of them);
 * - a case due for its warning is warned however many cases before it (by id) are waiting out their
 *   warning period;
 * - deleting a case deletes its own outbox rows, and takes its plans out of a merged evaluation
 *   reminder that holds other cases' plans too, instead of deleting the others' reminders with it.
 * The job is run directly, on the example directory (its `person` widened to 250 generated staff).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/db.js';
import type { Database } from '../../src/db/database.js';
import { EXAMPLE_DIRECTORY_FILE, loadDirectory } from '../../src/directory/load.js';
import { DirectoryLookup } from '../../src/directory/lookup.js';
import { OutboxRepository } from '../../src/dispatch/outbox.repository.js';
import { createLogger } from '../../src/log.js';
import { RetentionJob } from '../../src/retention/retention.job.js';
import { personalRefKey } from '../../src/conversations/conversation-ref.repository.js';

const DAY = 24 * 60 * 60 * 1000;
/** Tuesday 1 February 2028, 10:00 in Copenhagen: a school day in working hours. */
const NOW = new Date('2028-02-01T09:00:00Z');
const POLICY = { closedMonths: 12, untouchedMonths: 24, warningDays: 30 };
const STAFF = Array.from({ length: 250 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
const OWNER = '1153f4b6-99f1-4c0d-94fd-862b111a2ad1'; // Mette Kjær
const uuid = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe.each(databaseTargets())('retention pages through everything due, on $name', (target) => {
  let database: Database;
  let job: RetentionJob;
  let tenantId: string;

  beforeAll(async () => {
    database = await target.open();
    const lookup = new DirectoryLookup(loadDirectory(EXAMPLE_DIRECTORY_FILE));
    tenantId = lookup.directory.tenantId;
    const known = new Set(STAFF);
    const person = lookup.person.bind(lookup);
    lookup.person = (aad) => person(aad) ?? (known.has(aad) ? { ...person(OWNER)!, aadObjectId: aad } : undefined);
    job = new RetentionJob({
      database,
      outbox: new OutboxRepository(database),
      directory: () => lookup,
      policy: POLICY,
      leaverGraceDays: 30,
      logger: createLogger('silent'),
    });
  }, 60_000);
  afterAll(() => target.cleanup());

  const outboxRow = (key: string, payload: object, state: 'pending' | 'cancelled' = 'pending') => ({
    kind: 'evaluation-reminder' as const,
    tenant_id: tenantId,
    recipient_key: personalRefKey(tenantId, OWNER),
    recipient_aad_id: OWNER,
    payload: JSON.stringify(payload),
    idempotency_key: key,
    state,
    due_at: NOW,
    next_attempt_at: NOW,
    updated_at: NOW,
  });

  it('removes a leaver whose key sorts after more than a page of idle current staff', async () => {
    const LEFT = 'ffffffff-0000-4000-8000-000000000001';
    const old = new Date(NOW.getTime() - 60 * DAY);
    await database.db
      .insertInto('conversation_refs')
      .values(
        [...STAFF, LEFT].map((aad) => ({
          key: personalRefKey(tenantId, aad),
          tenant_id: tenantId,
          aad_object_id: aad,
          conversation_id: `a:personal-${aad}`,
          conversation_type: 'personal',
          reference: JSON.stringify({}),
          updated_at: old,
        })),
      )
      .execute();
    await job.run(NOW);
    const left = await database.db.selectFrom('conversation_refs').select('aad_object_id').execute();
    expect(left.map((r) => r.aad_object_id)).not.toContain(LEFT);
    expect(left).toHaveLength(STAFF.length);
  });

  it('warns a case due for its warning behind more than a page of cases waiting out theirs', async () => {
    const closedAt = new Date(NOW.getTime() - 350 * DAY); // due in about 15 days: inside the warning period
    const waiting = Array.from({ length: 210 }, (_, i) => ({
      id: uuid('0000aaaa', i),
      tenant_id: tenantId,
      owner_aad_id: OWNER,
      status: 'afsluttet' as const,
      closed_at: closedAt,
      closed_by: OWNER,
      closed_reason: 'forebyggende' as const,
      retention_warned_at: new Date(NOW.getTime() - DAY),
      updated_at: closedAt,
    }));
    const due = { ...waiting[0]!, id: uuid('ffffaaaa', 1), retention_warned_at: null };
    await database.db
      .insertInto('cases')
      .values([...waiting, due])
      .execute();
    await job.run(NOW);
    const row = await database.db.selectFrom('cases').select('retention_warned_at').where('id', '=', due.id).executeTakeFirstOrThrow();
    expect(row.retention_warned_at).not.toBeNull();
    const warnings = await database.db.selectFrom('outbox').select('id').where('kind', '=', 'retention-warning').execute();
    expect(warnings).toHaveLength(1);
  });

  it("deletes a case's own outbox rows and takes its plans out of merged reminders, keeping the other cases'", async () => {
    const closedAt = new Date(NOW.getTime() - 400 * DAY);
    const gone = uuid('eeee0001', 1);
    const kept = uuid('eeee0002', 2);
    await database.db
      .insertInto('cases')
      .values([
        {
          id: gone,
          tenant_id: tenantId,
          owner_aad_id: OWNER,
          status: 'afsluttet',
          closed_at: closedAt,
          closed_by: OWNER,
          closed_reason: 'flyttet',
          retention_warned_at: new Date(NOW.getTime() - 31 * DAY),
          updated_at: closedAt,
        },
        { id: kept, tenant_id: tenantId, owner_aad_id: OWNER, updated_at: NOW },
      ])
      .execute();
    const plan = (id: string, caseId: string) => ({
      id,
      case_id: caseId,
      template_id: 'plan-barn',
      title: 'Plan',
      created_by: OWNER,
      updated_at: closedAt,
    });
    const [goneA, keptB, keptC] = [uuid('eeee1001', 1), uuid('eeee1002', 2), uuid('eeee1003', 3)];
    await database.db
      .insertInto('plans')
      .values([plan(goneA, gone), plan(keptB, kept), plan(keptC, kept)])
      .execute();
    const item = (planId: string) => ({ planId, evaluationDate: '2028-02-01', kind: 'due', role: 'tovholder' });
    await database.db
      .insertInto('outbox')
      .values([
        outboxRow(`eval:${goneA}:x`, item(goneA), 'cancelled'),
        outboxRow(`eval:${keptB}:x`, item(keptB), 'cancelled'),
        outboxRow(`eval:${keptC}:x`, item(keptC), 'cancelled'),
        outboxRow('eval-group:two', { items: [item(goneA), item(keptB)] }),
        outboxRow('eval-group:three', { items: [item(goneA), item(keptB), item(keptC)] }),
        outboxRow('eval-group:others', { items: [item(keptB), item(keptC)] }),
      ])
      .execute();
    await job.run(NOW);
    expect(await database.db.selectFrom('cases').select('id').where('id', '=', gone).execute()).toEqual([]);
    const rows = await database.db
      .selectFrom('outbox')
      .select(['idempotency_key', 'payload'])
      .where('kind', '=', 'evaluation-reminder')
      .execute();
    rows.sort((a, b) => (a.idempotency_key < b.idempotency_key ? -1 : 1));
    const payload = (p: unknown) => (typeof p === 'string' ? (JSON.parse(p) as unknown) : p);
    expect(rows.map((r) => [r.idempotency_key, payload(r.payload)])).toEqual([
      ['eval-group:others', { items: [item(keptB), item(keptC)] }],
      ['eval-group:three', { items: [item(keptB), item(keptC)] }],
      ['eval-group:two', item(keptB)],
      [`eval:${keptB}:x`, item(keptB)],
      [`eval:${keptC}:x`, item(keptC)],
    ]);
    expect(JSON.stringify(rows)).not.toContain(goneA);
  });
});
