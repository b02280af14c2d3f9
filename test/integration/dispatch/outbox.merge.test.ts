/**
 * OutboxRepository.mergeDue with the evaluation reminders' merge (issue 12: one card per person and
 * time): a person's rows due at the same moment become one row, in one transaction; other people's
 * rows, other moments and rows claimed meanwhile are left alone, so nothing is sent twice or lost;
 * more plans than one card holds make more than one row; merging again changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { openAny } from '../../../src/db/sealing.js';
import { OutboxRepository, type OutboxMessage } from '../../../src/dispatch/index.js';
import { mergeReminders, type EvaluationReminderPayload } from '../../../src/proactive/kinds/evaluation-reminder.js';
import { REMINDER_GROUP_MAX } from '../../../src/cards/index.js';
import { databaseTargets } from '../../support/db.js';

const TENANT = 'tenant-merge';
const T = new Date('2030-03-04T06:30:00.000Z');
const LATER = new Date('2030-03-05T06:30:00.000Z');

describe.each(databaseTargets())('merging evaluation reminders in the outbox on $name', (target) => {
  let database: Database;
  let outbox: OutboxRepository;

  beforeAll(async () => {
    database = await target.open();
    outbox = new OutboxRepository(database);
  });
  afterAll(() => target.cleanup());
  beforeEach(async () => {
    await database.db.deleteFrom('outbox').execute();
  });

  const reminder = async (who: string, dueAt: Date, planId = randomUUID()) => {
    const payload: EvaluationReminderPayload = { planId, evaluationDate: '2030-03-06', kind: 'due-soon', role: 'leder' };
    return (await outbox.enqueue({
      kind: 'evaluation-reminder',
      tenantId: TENANT,
      recipientKey: `user:${TENANT}:${who}`,
      recipientAadId: who,
      payload,
      idempotencyKey: `eval:${planId}:2030-03-06:due-soon:${who}`,
      dueAt,
      expiresAt: new Date(dueAt.getTime() + 86_400_000),
    }))!;
  };
  const merge = () => outbox.mergeDue({ kind: 'evaluation-reminder', tenantId: TENANT }, 'samlet på ét kort', mergeReminders);
  const live = async () =>
    (await database.db.selectFrom('outbox').select(['id', 'recipient_key', 'due_at', 'payload', 'state']).execute())
      .filter((r) => ['pending', 'waiting', 'sending'].includes(r.state))
      // The payload is sealed but for its ids (sealed-columns.ts): read it opened.
      .map((r) => ({ ...r, payload: openAny(database.keys, r.payload) }));
  const planIdsOf = (payload: unknown) => {
    const p = payload as { items?: { planId: string }[]; planId?: string };
    return p.items ? p.items.map((i) => i.planId) : [p.planId!];
  };

  it("merges one person's rows at one moment into one row; other people and other moments stay as they are", async () => {
    const a = await reminder('anne', T);
    const b = await reminder('anne', T);
    const later = await reminder('anne', LATER);
    const other = await reminder('bo', T);
    expect(await merge()).toBe(1);
    const rows = await live();
    // Three live rows: the other moment's, the other person's, and the merged one (a new id).
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining([later.id, other.id]));
    const merged = rows.find((r) => ![later.id, other.id].includes(r.id))!;
    expect(merged.recipient_key).toBe(`user:${TENANT}:anne`);
    expect(new Date(merged.due_at).getTime()).toBe(T.getTime());
    expect(planIdsOf(merged.payload).sort()).toEqual([a.payload.planId, b.payload.planId].sort());
    expect(await outbox.get(a.id)).toMatchObject({ state: 'cancelled', lastError: 'samlet på ét kort' });
    // Planning again under the plan's key plans nothing; merging again merges nothing.
    expect(await outbox.enqueue({ ...rowInput(a) })).toBeNull();
    expect(await merge()).toBe(0);
  });

  it('a plan added later joins the merged row while it waits', async () => {
    const first = await reminder('anne', T);
    const second = await reminder('anne', T);
    await merge();
    const third = await reminder('anne', T);
    expect(await merge()).toBe(1);
    const rows = await live();
    expect(rows).toHaveLength(1);
    expect(planIdsOf(rows[0]!.payload).sort()).toEqual([first, second, third].map((r) => r.payload.planId).sort());
  });

  it('leaves a row claimed meanwhile out: it is sent as it is, and is not on the merged card', async () => {
    await reminder('anne', T);
    await reminder('anne', T);
    await reminder('anne', T);
    const [claimed] = await outbox.claim('instance-1', 1, 60_000, T);
    expect(await merge()).toBe(1);
    const rows = await live();
    expect(rows).toHaveLength(2); // the claimed row, sending, and the merged row of the other two
    const merged = rows.find((r) => r.id !== claimed!.id)!;
    expect(planIdsOf(merged.payload)).toHaveLength(2);
    expect(planIdsOf(merged.payload)).not.toContain(claimed!.payload.planId);
  });

  it(`puts at most ${REMINDER_GROUP_MAX} plans on a row, so every plan keeps its buttons`, async () => {
    const all: OutboxMessage[] = [];
    for (let i = 0; i < REMINDER_GROUP_MAX + 2; i++) all.push(await reminder('anne', T));
    expect(await merge()).toBe(1);
    const rows = await live();
    expect(rows.map((r) => planIdsOf(r.payload).length).sort()).toEqual([2, REMINDER_GROUP_MAX]);
    expect(rows.flatMap((r) => planIdsOf(r.payload)).sort()).toEqual(all.map((r) => r.payload.planId).sort());
  });
});

function rowInput(row: OutboxMessage) {
  return {
    kind: row.kind,
    tenantId: row.tenantId,
    recipientKey: row.recipientKey,
    recipientAadId: row.recipientAadId,
    payload: row.payload,
    idempotencyKey: row.idempotencyKey,
    dueAt: row.dueAt,
  };
}
