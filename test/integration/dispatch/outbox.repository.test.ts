/**
 * The outbox on both engines: idempotent enqueue, claiming with SKIP LOCKED and a lease, the
 * take-over of a run-out lease, every transition and its lease guard, releasing parked rows, and
 * the admin views.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { OutboxRepository, OUTBOX_STATES, escapeLike, type EnqueueInput, type OutboxMessage } from '../../../src/dispatch/index.js';
import { databaseTargets } from '../../support/db.js';

const T0 = new Date('2030-03-04T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const LEASE = 60_000;

function input(overrides: Partial<EnqueueInput> = {}): EnqueueInput {
  const aad = randomUUID();
  return {
    kind: 'message',
    tenantId: 'tenant-1',
    recipientKey: `user:tenant-1:${aad}`,
    recipientAadId: aad,
    payload: { text: 'Hej' },
    idempotencyKey: `test:${randomUUID()}`,
    dueAt: T0,
    ...overrides,
  };
}

describe.each(databaseTargets())('OutboxRepository on $name', (target) => {
  let database: Database;
  let outbox: OutboxRepository;

  beforeAll(async () => {
    database = await target.open();
    outbox = new OutboxRepository(database);
  });
  afterAll(() => target.cleanup());
  // claim() looks at the whole table: every test starts from an empty outbox.
  beforeEach(async () => {
    await database.db.deleteFrom('outbox').execute();
  });

  async function enqueue(overrides: Partial<EnqueueInput> = {}): Promise<OutboxMessage> {
    const row = await outbox.enqueue(input(overrides));
    if (!row) throw new Error('enqueue returned null');
    return row;
  }

  /** Claims exactly this one row for `owner` (it must be the only due row). */
  async function claimOne(owner: string, now = T0): Promise<OutboxMessage> {
    const claimed = await outbox.claim(owner, 10, LEASE, now);
    expect(claimed).toHaveLength(1);
    return claimed[0]!;
  }

  describe('enqueue', () => {
    it('stores a pending row, camelCase with Dates, due at dueAt', async () => {
      const expires = at(86_400_000);
      const row = await enqueue({ kind: 'evaluation-reminder', payload: { planId: 'p', n: 1 }, expiresAt: expires });
      expect(row).toMatchObject({
        kind: 'evaluation-reminder',
        tenantId: 'tenant-1',
        payload: { planId: 'p', n: 1 },
        state: 'pending',
        attempts: 0,
        leaseOwner: null,
        leaseUntil: null,
        lastError: null,
        sentAt: null,
        activityId: null,
        conversationId: null,
      });
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.dueAt).toEqual(T0);
      expect(row.nextAttemptAt).toEqual(T0);
      expect(row.expiresAt).toEqual(expires);
      expect(row.createdAt).toBeInstanceOf(Date);
      expect(row.updatedAt).toBeInstanceOf(Date);
      expect(await outbox.get(row.id)).toEqual(row);
      expect(await outbox.findByKey(row.idempotencyKey)).toEqual(row);
    });

    it('a second enqueue with the same idempotency key does nothing and answers null', async () => {
      const first = await enqueue({ payload: { text: 'first' } });
      const again = await outbox.enqueue(input({ idempotencyKey: first.idempotencyKey, payload: { text: 'second' }, dueAt: at(5000) }));
      expect(again).toBeNull();
      const stored = await outbox.findByKey(first.idempotencyKey);
      expect(stored?.payload).toEqual({ text: 'first' });
      expect(stored?.dueAt).toEqual(T0);
      // Concurrent duplicates: exactly one row.
      const key = `test:${randomUUID()}`;
      const results = await Promise.all(Array.from({ length: 6 }, () => outbox.enqueue(input({ idempotencyKey: key }))));
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      const rows = await database.db.selectFrom('outbox').select('id').where('idempotency_key', '=', key).execute();
      expect(rows).toHaveLength(1);
    });

    it('enqueues inside the caller’s transaction: gone on rollback, there on commit', async () => {
      const rolledBack = input();
      await expect(
        database.db.transaction().execute(async (trx) => {
          expect(await outbox.enqueue(rolledBack, trx)).not.toBeNull();
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(await outbox.findByKey(rolledBack.idempotencyKey)).toBeNull();

      const committed = input();
      await database.db.transaction().execute(async (trx) => {
        await outbox.enqueue(committed, trx);
      });
      expect(await outbox.findByKey(committed.idempotencyKey)).not.toBeNull();
    });

    it('refuses malformed input', async () => {
      await expect(outbox.enqueue(input({ kind: 'nonsense' as never }))).rejects.toThrow(RangeError);
      await expect(outbox.enqueue(input({ recipientKey: 'someone' }))).rejects.toThrow(RangeError);
      await expect(outbox.enqueue(input({ idempotencyKey: '' }))).rejects.toThrow(RangeError);
      await expect(outbox.enqueue(input({ dueAt: new Date(Number.NaN) }))).rejects.toThrow(RangeError);
      await expect(outbox.enqueue(input({ payload: [] as never }))).rejects.toThrow(RangeError);
    });
  });

  describe('claim', () => {
    it('leases the due pending rows, earliest first, up to the limit', async () => {
      const late = await enqueue({ dueAt: at(-1000) });
      const early = await enqueue({ dueAt: at(-5000) });
      const now = await enqueue({ dueAt: T0 });
      const future = await enqueue({ dueAt: at(1) });

      const first = await outbox.claim('A', 2, LEASE, T0);
      expect(first.map((r) => r.id)).toEqual([early.id, late.id]);
      for (const row of first) {
        expect(row).toMatchObject({ state: 'sending', leaseOwner: 'A', attempts: 0 });
        expect(row.leaseUntil).toEqual(at(LEASE));
      }
      const second = await outbox.claim('B', 10, LEASE, T0);
      expect(second.map((r) => r.id)).toEqual([now.id]);
      expect(await outbox.claim('C', 10, LEASE, T0)).toEqual([]);
      expect((await outbox.get(future.id))?.state).toBe('pending');
      expect((await outbox.claim('C', 10, LEASE, at(1))).map((r) => r.id)).toEqual([future.id]);
    });

    it('concurrent claimers never get the same row', async () => {
      const rows = await Promise.all(Array.from({ length: 40 }, (_, i) => enqueue({ dueAt: at(-i) })));
      const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => outbox.claim(`claimer-${i}`, 10, LEASE, T0)));
      const ids = claims.flat().map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const [i, claimed] of claims.entries()) for (const row of claimed) expect(row.leaseOwner).toBe(`claimer-${i}`);
      // Whatever a claimer skipped while others held it is claimed by the next round.
      const rest = await outbox.claim('late', 100, LEASE, T0);
      expect(new Set([...ids, ...rest.map((r) => r.id)])).toEqual(new Set(rows.map((r) => r.id)));
      const stored = await database.db.selectFrom('outbox').select(['id', 'lease_owner', 'state']).execute();
      expect(stored.every((r) => r.state === 'sending')).toBe(true);
    });

    if (target.name === 'postgres') {
      it('skips rows another transaction holds locked, without waiting for it (SKIP LOCKED)', async () => {
        const locked = await enqueue({ dueAt: at(-2000) });
        const free = await enqueue({ dueAt: at(-1000) });
        await database.db.transaction().execute(async (trx) => {
          await trx.selectFrom('outbox').select('id').where('id', '=', locked.id).forUpdate().execute();
          // The claim runs on another pooled connection while the lock is held.
          const started = Date.now();
          const claimed = await outbox.claim('B', 10, LEASE, T0);
          expect(claimed.map((r) => r.id)).toEqual([free.id]);
          expect(Date.now() - started).toBeLessThan(5000);
        });
        expect((await outbox.claim('C', 10, LEASE, T0)).map((r) => r.id)).toEqual([locked.id]);
      });
    }

    it('takes over a run-out lease (counting an attempt); the old owner’s transitions then fail', async () => {
      const row = await enqueue();
      await claimOne('dead-instance');
      expect(await outbox.claim('B', 10, LEASE, at(LEASE - 1))).toEqual([]);
      expect(await outbox.claim('B', 10, LEASE, at(LEASE))).toEqual([]);
      const taken = await claimOne('B', at(LEASE + 1));
      expect(taken).toMatchObject({ id: row.id, state: 'sending', leaseOwner: 'B', attempts: 1 });
      expect(taken.leaseUntil).toEqual(at(2 * LEASE + 1));

      expect(await outbox.markSent(row.id, 'dead-instance', { activityId: 'x', conversationId: 'y' })).toBe(false);
      expect(await outbox.release(row.id, 'dead-instance', T0)).toBe(false);
      expect(await outbox.markSent(row.id, 'B', { activityId: 'act-1', conversationId: 'conv-1' })).toBe(true);
      expect(await outbox.get(row.id)).toMatchObject({ state: 'sent', attempts: 2, activityId: 'act-1', conversationId: 'conv-1' });
    });

    it('rejects nonsense arguments', async () => {
      await expect(outbox.claim('', 10, LEASE, T0)).rejects.toThrow(RangeError);
      await expect(outbox.claim('A', 0, LEASE, T0)).rejects.toThrow(RangeError);
      await expect(outbox.claim('A', 10, 0, T0)).rejects.toThrow(RangeError);
      await expect(outbox.claim('A', 10, LEASE, new Date(Number.NaN))).rejects.toThrow(RangeError);
    });
  });

  describe('transitions', () => {
    it('markSent records the activity, counts the attempt and clears the lease', async () => {
      const row = await enqueue();
      await claimOne('A');
      expect(await outbox.markSent(row.id, 'A', { activityId: 'act-9', conversationId: 'a:conv' })).toBe(true);
      const sent = await outbox.get(row.id);
      expect(sent).toMatchObject({
        state: 'sent',
        attempts: 1,
        activityId: 'act-9',
        conversationId: 'a:conv',
        leaseOwner: null,
        leaseUntil: null,
      });
      expect(sent?.sentAt).toBeInstanceOf(Date);
      // Done: no second transition, from anyone.
      expect(await outbox.markSent(row.id, 'A', { activityId: 'again', conversationId: null })).toBe(false);
      expect(await outbox.retryLater(row.id, 'A', T0, 'x')).toBe(false);
    });

    it('retryLater: back to pending at the given time, one more attempt, the error kept', async () => {
      const row = await enqueue();
      await claimOne('A');
      expect(await outbox.retryLater(row.id, 'A', at(30_000), 'HTTP 429: slow down')).toBe(true);
      expect(await outbox.get(row.id)).toMatchObject({ state: 'pending', attempts: 1, lastError: 'HTTP 429: slow down', leaseOwner: null });
      expect((await outbox.get(row.id))?.nextAttemptAt).toEqual(at(30_000));
      expect(await outbox.claim('A', 10, LEASE, at(29_999))).toEqual([]);
      expect((await claimOne('A', at(30_000))).attempts).toBe(1);
    });

    it('markFailed counts the attempt (unless told not to)', async () => {
      const a = await enqueue();
      await claimOne('A');
      expect(await outbox.markFailed(a.id, 'A', 'HTTP 400: bad request')).toBe(true);
      expect(await outbox.get(a.id)).toMatchObject({ state: 'failed', attempts: 1, lastError: 'HTTP 400: bad request' });

      const b = await enqueue();
      await claimOne('A');
      expect(await outbox.markFailed(b.id, 'A', 'spent', { countAttempt: false })).toBe(true);
      expect(await outbox.get(b.id)).toMatchObject({ state: 'failed', attempts: 0 });
    });

    it('park, cancel, expire and release move the row without counting an attempt', async () => {
      const cases: [string, (id: string, owner: string) => Promise<boolean>, Partial<OutboxMessage>][] = [
        [
          'park',
          (id, owner) => outbox.park(id, owner, 'no usable conversation reference'),
          { state: 'waiting', lastError: 'no usable conversation reference' },
        ],
        ['cancel', (id, owner) => outbox.cancel(id, owner, 'plan evaluated'), { state: 'cancelled', lastError: 'plan evaluated' }],
        ['expire', (id, owner) => outbox.expire(id, owner), { state: 'expired' }],
        ['release', (id, owner) => outbox.release(id, owner, at(5000)), { state: 'pending', nextAttemptAt: at(5000) }],
      ];
      for (const [name, move, expected] of cases) {
        const row = await enqueue();
        await claimOne('A');
        // The guard: another owner, then the right one, then again (no longer sending).
        expect(await move(row.id, 'B'), `${name} by another owner`).toBe(false);
        expect((await outbox.get(row.id))?.state).toBe('sending');
        expect(await move(row.id, 'A'), name).toBe(true);
        expect(await outbox.get(row.id), name).toMatchObject({ ...expected, attempts: 0, leaseOwner: null, leaseUntil: null });
        expect(await move(row.id, 'A'), `${name} twice`).toBe(false);
        await database.db.deleteFrom('outbox').execute();
      }
    });

    it('no transition applies to a row that was never claimed, or to an unknown id', async () => {
      const row = await enqueue();
      expect(await outbox.markSent(row.id, 'A', { activityId: null, conversationId: null })).toBe(false);
      expect(await outbox.park(row.id, 'A', 'x')).toBe(false);
      expect(await outbox.release(randomUUID(), 'A', T0)).toBe(false);
      expect(await outbox.release('not-a-uuid', 'A', T0)).toBe(false);
      expect((await outbox.get(row.id))?.state).toBe('pending');
    });
  });

  describe('releaseWaiting', () => {
    it('makes the recipient’s waiting rows due now, and expires those past their expiry', async () => {
      const key = `user:tenant-1:${randomUUID()}`;
      const noExpiry = await enqueue({ recipientKey: key });
      const stillFresh = await enqueue({ recipientKey: key, expiresAt: at(3_600_000) });
      const stale = await enqueue({ recipientKey: key, expiresAt: at(60_000) });
      const pendingOfSameRecipient = await enqueue({ recipientKey: key, dueAt: at(10) });
      const otherRecipient = await enqueue();
      for (const row of await outbox.claim('A', 10, LEASE, T0)) await outbox.park(row.id, 'A', 'no usable conversation reference');

      const later = at(120_000);
      expect(await outbox.releaseWaiting(key, later)).toBe(2);
      for (const id of [noExpiry.id, stillFresh.id]) {
        const row = await outbox.get(id);
        expect(row).toMatchObject({ state: 'pending', attempts: 0 });
        expect(row?.nextAttemptAt).toEqual(later);
      }
      expect((await outbox.get(stale.id))?.state).toBe('expired');
      expect((await outbox.get(pendingOfSameRecipient.id))?.state).toBe('pending');
      expect((await outbox.get(pendingOfSameRecipient.id))?.nextAttemptAt).toEqual(at(10));
      expect((await outbox.get(otherRecipient.id))?.state).toBe('waiting');
      expect(await outbox.releaseWaiting(key, later)).toBe(0);
    });
  });

  describe('cancelPending', () => {
    it('cancels pending and waiting rows by key prefix (taken literally) and recipient', async () => {
      const plan = randomUUID();
      const recipient = `user:tenant-1:${randomUUID()}`;
      const pending = await enqueue({ idempotencyKey: `eval:${plan}:2030-03-10:due:a` });
      const waiting = await enqueue({ idempotencyKey: `eval:${plan}:2030-03-10:due:b`, dueAt: at(-10) });
      const otherDate = await enqueue({ idempotencyKey: `eval:${plan}:2030-03-17:due:a`, dueAt: at(1000) });
      const wildcardLookalike = await enqueue({ idempotencyKey: `eval:${plan}:2030X03-10:due:a`, dueAt: at(1000) });
      const percent = await enqueue({ idempotencyKey: `eval:${plan}:50%_off:x`, dueAt: at(1000) });
      const percentLookalike = await enqueue({ idempotencyKey: `eval:${plan}:50abcoff:x`, dueAt: at(1000) });
      const mine = await enqueue({ idempotencyKey: `snooze:${plan}:1`, recipientKey: recipient, dueAt: at(1000) });
      const notMine = await enqueue({ idempotencyKey: `snooze:${plan}:2`, dueAt: at(1000) });

      // waiting: parked; and a row being sent right now is left to its sender.
      const claimed = await outbox.claim('A', 10, LEASE, at(-10));
      expect(claimed.map((r) => r.id)).toEqual([waiting.id]);
      await outbox.park(waiting.id, 'A', 'no reference');
      const sending = await enqueue({ idempotencyKey: `eval:${plan}:2030-03-10:due:c`, dueAt: at(-5) });
      await outbox.claim('A', 10, LEASE, at(-5));

      expect(await outbox.cancelPending({ keyPrefix: `eval:${plan}:2030-03-10:` })).toBe(2);
      expect((await outbox.get(pending.id))?.state).toBe('cancelled');
      expect((await outbox.get(pending.id))?.lastError).toBe('obsolete');
      expect((await outbox.get(waiting.id))?.state).toBe('cancelled');
      expect((await outbox.get(sending.id))?.state).toBe('sending');
      expect((await outbox.get(otherDate.id))?.state).toBe('pending');
      expect((await outbox.get(wildcardLookalike.id))?.state).toBe('pending');

      expect(await outbox.cancelPending({ keyPrefix: `eval:${plan}:50%_`, reason: 'replaced' })).toBe(1);
      expect(await outbox.get(percent.id)).toMatchObject({ state: 'cancelled', lastError: 'replaced' });
      expect((await outbox.get(percentLookalike.id))?.state).toBe('pending');

      expect(await outbox.cancelPending({ keyPrefix: `snooze:${plan}:`, recipientKey: recipient })).toBe(1);
      expect((await outbox.get(mine.id))?.state).toBe('cancelled');
      expect((await outbox.get(notMine.id))?.state).toBe('pending');

      await expect(outbox.cancelPending({ keyPrefix: '' })).rejects.toThrow(RangeError);
    });

    it('escapeLike escapes the pattern characters', () => {
      expect(escapeLike('a%b_c\\d')).toBe('a\\%b\\_c\\\\d');
    });
  });

  describe('admin views', () => {
    it('failed rows newest first, waiting recipients with count and oldest due, counts by state', async () => {
      const first = await enqueue({ dueAt: at(-3000) });
      const second = await enqueue({ dueAt: at(-2000) });
      const aad = randomUUID();
      const key = `user:tenant-1:${aad}`;
      const w1 = await enqueue({ recipientKey: key, recipientAadId: aad, dueAt: at(-1500) });
      const w2 = await enqueue({ recipientKey: key, recipientAadId: aad, dueAt: at(-1000) });
      const channel = await enqueue({ recipientKey: 'conv:19:abc@thread.tacv2', recipientAadId: null, dueAt: at(-500) });
      await enqueue({ dueAt: at(5000) });

      await outbox.claim('A', 10, LEASE, T0);
      await outbox.markFailed(first.id, 'A', 'HTTP 400');
      // PGlite's clock_timestamp() can tick in whole milliseconds: make "newer" unambiguous.
      await new Promise((resolve) => setTimeout(resolve, 5));
      await outbox.markFailed(second.id, 'A', 'HTTP 413');
      for (const row of [w1, w2, channel]) await outbox.park(row.id, 'A', 'no reference');

      const failed = await outbox.failed(10);
      expect(failed.map((r) => r.id)).toEqual([second.id, first.id]);
      expect(await outbox.failed(1)).toHaveLength(1);

      expect(await outbox.waitingRecipients()).toEqual([
        { recipientKey: key, recipientAadId: aad, tenantId: 'tenant-1', count: 2, oldestDueAt: at(-1500) },
        { recipientKey: 'conv:19:abc@thread.tacv2', recipientAadId: null, tenantId: 'tenant-1', count: 1, oldestDueAt: at(-500) },
      ]);

      const counts = await outbox.countsByState();
      expect(Object.keys(counts).sort()).toEqual([...OUTBOX_STATES].sort());
      expect(counts).toEqual({ pending: 1, sending: 0, waiting: 3, sent: 0, failed: 2, cancelled: 0, expired: 0 });
      for (const n of Object.values(counts)) expect(typeof n).toBe('number');
    });

    it('get and findByKey answer null for unknown rows', async () => {
      expect(await outbox.get(randomUUID())).toBeNull();
      expect(await outbox.get('1; drop table outbox')).toBeNull();
      expect(await outbox.findByKey('no-such-key')).toBeNull();
    });
  });
});
