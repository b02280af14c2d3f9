/**
 * Overlapping transactions must never lose an update: two Teams turns for one case (a double
 * click) run their read-modify-write one after the other.
 *
 * PGlite has one connection; kysely-pglite-dialect's driver queues `acquireConnection()` until the
 * current holder releases it, and Kysely holds it from BEGIN to COMMIT, so transactions on PGlite
 * are serialised whole (the "never interleave" test below shows it). On PostgreSQL transactions
 * do overlap, and the row lock taken by `withLockedCase` (SELECT … FOR UPDATE) serialises those
 * touching the same case.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseRepository } from '../../../src/cases/case.repository.js';
import type { Database } from '../../../src/db/database.js';
import { databaseTargets } from '../../support/db.js';

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.each(databaseTargets())('concurrent transactions on $name', (target) => {
  let database: Database;
  let cases: CaseRepository;

  beforeAll(async () => {
    database = await target.open();
    cases = new CaseRepository(database);
  });
  afterAll(() => target.cleanup());

  it('20 concurrent read-modify-write turns on one case lose no update', async () => {
    const created = await cases.create({ tenantId: 't', ownerAadId: randomUUID() });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        cases.withLockedCase(created.id, async (record, tx) => {
          // Read, yield to the event loop (as a real turn does), then write what was read + 1.
          await pause(2);
          const answered = [...record.answerOrder, `field-${i}`];
          return tx.update(record.id, { seq: record.seq + 1, answerOrder: answered });
        }),
      ),
    );
    const final = await cases.get(created.id);
    expect(final?.seq).toBe(20);
    // Every turn's answer is kept, each turn saw the previous one's write.
    expect(final?.answerOrder).toHaveLength(20);
    expect(new Set(final?.answerOrder)).toEqual(new Set(Array.from({ length: 20 }, (_, i) => `field-${i}`)));
    expect(results.map((r) => r?.seq).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('a failing turn among concurrent ones neither blocks nor loses the others', async () => {
    const created = await cases.create({ tenantId: 't', ownerAadId: randomUUID() });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        cases.withLockedCase(created.id, async (record, tx) => {
          await tx.update(record.id, { seq: record.seq + 1 });
          if (i % 3 === 0) throw new Error(`turn ${i} failed`);
          return i;
        }),
      ),
    );
    const failed = outcomes.filter((o) => o.status === 'rejected').length;
    expect(failed).toBe(4); // i = 0, 3, 6, 9
    expect((await cases.get(created.id))?.seq).toBe(10 - failed);
  });

  it('turns on different cases all complete', async () => {
    const a = await cases.create({ tenantId: 't', ownerAadId: randomUUID() });
    const b = await cases.create({ tenantId: 't', ownerAadId: randomUUID() });
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        cases.withLockedCase((i % 2 ? a : b).id, async (record, tx) => {
          await pause(1);
          return tx.update(record.id, { seq: record.seq + 1 });
        }),
      ),
    );
    expect((await cases.get(a.id))?.seq).toBe(5);
    expect((await cases.get(b.id))?.seq).toBe(5);
  });

  if (target.name === 'pglite') {
    it('PGlite runs overlapping transactions one after the other, never interleaved', async () => {
      const events: string[] = [];
      const run = (name: string) =>
        database.db.transaction().execute(async (trx) => {
          events.push(`${name}:begin`);
          await trx.selectFrom('cases').select('id').limit(1).execute();
          await pause(15);
          await trx.selectFrom('cases').select('id').limit(1).execute();
          events.push(`${name}:end`);
        });
      await Promise.all([run('A'), run('B'), run('C')]);
      expect(events).toEqual(['A:begin', 'A:end', 'B:begin', 'B:end', 'C:begin', 'C:end']);
    });
  }
});
