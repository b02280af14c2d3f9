/**
 * Outbox payloads at rest (issue #13), on every database target: everything but the ids in
 * OUTBOX_CLEAR (caseId, planId, requestId, decisionId, and the same in a merged row's items) is
 * sealed; SQL still finds a case's rows by those ids (retention, insight); every read of the
 * repository (get, findByKey, claim, the admin's failed list, sentWithPrefix) opens the payload;
 * a merged reminder stays sealed per item, so the retention's rewrite of it without a deleted
 * case's plans (`{ ...payload, items: kept }`, or `kept[0]`, src/retention/case-deletion.ts) still
 * opens to the right payload; payloads written in clear before encryption still read.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { toJsonb } from '../../../src/db/json.js';
import { OUTBOX_CLEAR } from '../../../src/db/sealed-columns.js';
import { isSealed, jsonNeedsSealing } from '../../../src/db/sealing.js';
import { OutboxRepository, type EnqueueInput } from '../../../src/dispatch/index.js';
import { EvaluationReminderPayload, mergeReminders } from '../../../src/proactive/kinds/evaluation-reminder.js';
import { databaseTargets } from '../../support/db.js';

const TENANT = 'tenant-sealed';
const T = new Date('2030-03-04T06:30:00.000Z');
const REPORTER = 'Camilla Kirkegaard Friis';
const TEXT = 'Bekymring om Anton i frikvarteret';

function input(payload: Record<string, unknown>, extra: Partial<EnqueueInput> = {}): EnqueueInput {
  const aad = randomUUID();
  return {
    kind: 'safeguarding-alert',
    tenantId: TENANT,
    recipientKey: `user:${TENANT}:${aad}`,
    recipientAadId: aad,
    payload,
    idempotencyKey: `sealed:${randomUUID()}`,
    dueAt: T,
    ...extra,
  };
}

/** A raw value holds nothing of the clear text: not the sentence, not one longer word of it. */
function expectNoClearText(raw: unknown, ...clear: string[]) {
  const stored = JSON.stringify(raw);
  for (const text of clear) {
    expect(stored).not.toContain(text);
    for (const word of text.split(/[\s,.;]+/).filter((w) => w.length >= 5)) expect(stored).not.toContain(word);
  }
}

describe.each(databaseTargets())('Sealed outbox payloads on $name', (target) => {
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

  const raw = async (id: string) =>
    (await database.db.selectFrom('outbox').select('payload').where('id', '=', id).executeTakeFirstOrThrow()).payload as Record<
      string,
      unknown
    >;

  it('seals all but the ids, which SQL still finds rows by; every read opens the payload', async () => {
    const caseId = randomUUID();
    const payload = { caseId, acute: true, at: '2030-03-04T06:00:00.000Z', reportedBy: REPORTER, text: TEXT, line: 'før\u0000efter' };
    const row = (await outbox.enqueue(input(payload)))!;
    const opened = { ...payload, line: 'førefter' }; // cleaned as toJsonb cleans, before sealing
    expect(row.payload).toEqual(opened);

    const stored = await raw(row.id);
    expect(Object.keys(stored).sort()).toEqual(['$sealed', 'caseId']);
    expect(stored.caseId).toBe(caseId);
    expect(stored.$sealed).toMatch(/^enc:v1:/);
    expectNoClearText(stored, REPORTER, TEXT, '2030-03-04T06:00');
    expect(jsonNeedsSealing(database.keys, stored, OUTBOX_CLEAR)).toBe(false);
    const found = await database.db
      .selectFrom('outbox')
      .select('id')
      .where(sql<boolean>`payload->>'caseId' = ${caseId}`)
      .execute();
    expect(found.map((r) => r.id)).toEqual([row.id]);

    expect((await outbox.get(row.id))?.payload).toEqual(opened);
    expect((await outbox.findByKey(row.idempotencyKey))?.payload).toEqual(opened);
    const [claimed] = await outbox.claim('instance-1', 10, 60_000, T);
    expect(claimed?.payload).toEqual(opened);
    expect(await outbox.markFailed(row.id, 'instance-1', 'HTTP 403')).toBe(true);
    expect((await outbox.failed()).map((m) => m.payload)).toEqual([opened]);
  });

  it('a card sent is found by its key with its payload opened, also inside a transaction (to update it in place)', async () => {
    const requestId = randomUUID();
    const payload = { requestId, version: 2, audience: 'channel' };
    const row = (await outbox.enqueue(input(payload, { kind: 'sparring-request', idempotencyKey: `spar:${requestId}:1` })))!;
    await outbox.claim('instance-1', 10, 60_000, T);
    await outbox.markSent(row.id, 'instance-1', { activityId: 'a-1', conversationId: 'c-1' });
    expect(Object.keys(await raw(row.id)).sort()).toEqual(['$sealed', 'requestId']);
    expect((await outbox.sentWithPrefix(`spar:${requestId}:`)).map((m) => m.payload)).toEqual([payload]);
    // The sparring change's transaction reads its delivered copies (sparring-update.ts): their audience is sealed.
    const inside = await database.db.transaction().execute((trx) => outbox.sentWithPrefix(`spar:${requestId}:`, 200, trx));
    expect(inside.map((m) => [m.activityId, m.payload.audience])).toEqual([['a-1', 'channel']]);
  });

  it('a merged reminder is sealed per item; rewritten without some plans as retention does, it still opens right', async () => {
    const who = randomUUID();
    const plans = [randomUUID(), randomUUID(), randomUUID()];
    const item = (planId: string) => ({ planId, evaluationDate: '2030-03-06', kind: 'due-soon', role: 'tovholder' });
    for (const planId of plans) {
      await outbox.enqueue(
        input(item(planId), {
          kind: 'evaluation-reminder',
          recipientKey: `user:${TENANT}:${who}`,
          recipientAadId: who,
          idempotencyKey: `eval:${planId}:2030-03-06:due-soon:${who}`,
        }),
      );
    }
    expect(await outbox.mergeDue({ kind: 'evaluation-reminder', tenantId: TENANT }, 'samlet på ét kort', mergeReminders)).toBe(1);
    const [merged] = await database.db.selectFrom('outbox').select(['id', 'payload']).where('state', '=', 'pending').execute();
    const stored = merged!.payload as { items: Record<string, unknown>[] };
    // Only the items' plan ids in clear; each item's rest sealed on its own.
    expect(Object.keys(stored)).toEqual(['items']);
    for (const i of stored.items) {
      expect(Object.keys(i).sort()).toEqual(['$sealed', 'planId']);
      expect(isSealed(i.$sealed)).toBe(true);
    }
    expectNoClearText(stored, '2030-03-06', 'tovholder', 'due-soon');
    const sorted = (items: { planId: string }[]) => [...items].sort((a, b) => a.planId.localeCompare(b.planId));
    const opened = (await outbox.get(merged!.id))!.payload as { items: { planId: string }[] };
    expect(sorted(opened.items)).toEqual(sorted(plans.map(item)));
    // Retention and insight find the merged row by an item's plan id in SQL.
    const holding = await database.db
      .selectFrom('outbox')
      .select('id')
      .where(sql<boolean>`exists (select 1 from jsonb_array_elements(payload->'items') i where i->>'planId' = ${plans[0]})`)
      .execute();
    expect(holding.map((r) => r.id)).toEqual([merged!.id]);

    // What retention's dropFromMerged writes for a deleted case's plans (src/retention/case-deletion.ts): the raw
    // payload with the other items kept, or the one item left on its own; no key is needed for either.
    const rewrite = async (gone: string[]) => {
      const payload = (await raw(merged!.id)) as { items: { planId?: unknown }[] };
      const kept = payload.items.filter((i) => !gone.includes(String(i.planId)));
      const next = kept.length === 1 ? kept[0] : { ...payload, items: kept };
      await database.db
        .updateTable('outbox')
        .set({ payload: toJsonb(next) })
        .where('id', '=', merged!.id)
        .execute();
    };
    await rewrite([plans[0]!]);
    const two = (await outbox.get(merged!.id))!.payload as { items: { planId: string }[] };
    expect(sorted(two.items)).toEqual(sorted(plans.slice(1).map(item)));
    expect(jsonNeedsSealing(database.keys, await raw(merged!.id), OUTBOX_CLEAR)).toBe(false);
    await rewrite([plans[1]!]);
    const one = (await outbox.get(merged!.id))!.payload;
    expect(one).toEqual(item(plans[2]!));
    // The single plan's payload, as mergeReminders writes it: the reminder's schema reads it.
    expect(EvaluationReminderPayload.safeParse(one).success).toBe(true);
    expect(Object.keys(await raw(merged!.id)).sort()).toEqual(['$sealed', 'planId']);
    expect(jsonNeedsSealing(database.keys, await raw(merged!.id), OUTBOX_CLEAR)).toBe(false);
  });

  it('still reads a payload written in clear before encryption', async () => {
    const caseId = randomUUID();
    const legacy = { caseId, reportedBy: REPORTER, text: TEXT };
    const { id } = await database.db
      .insertInto('outbox')
      .values({
        kind: 'safeguarding-alert',
        tenant_id: TENANT,
        recipient_key: `user:${TENANT}:${randomUUID()}`,
        payload: JSON.stringify(legacy),
        idempotency_key: `legacy:${caseId}`,
        due_at: T,
        next_attempt_at: T,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await raw(id)).toEqual(legacy);
    expect(jsonNeedsSealing(database.keys, await raw(id), OUTBOX_CLEAR)).toBe(true);
    expect((await outbox.get(id))?.payload).toEqual(legacy);
    expect((await outbox.claim('instance-1', 10, 60_000, T)).map((m) => m.payload)).toEqual([legacy]);
  });
});
