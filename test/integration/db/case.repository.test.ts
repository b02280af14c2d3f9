import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseRepository } from '../../../src/cases/case.repository.js';
import type { Database } from '../../../src/db/database.js';
import { databaseTargets } from '../../support/db.js';

/** Distinct ids per test, so tests sharing one database never see each other's cases. */
function owner() {
  return { tenantId: `tenant-${randomUUID()}`, ownerAadId: randomUUID() };
}

describe.each(databaseTargets())('CaseRepository on $name', (target) => {
  let database: Database;
  let cases: CaseRepository;

  beforeAll(async () => {
    database = await target.open();
    cases = new CaseRepository(database);
  });
  afterAll(() => target.cleanup());

  it('creates a case with defaults and reads it back with the same values and types', async () => {
    const who = owner();
    const created = await cases.create({ ...who, schoolId: 'skole-1', teamId: 'team-7a' });
    expect(created).toMatchObject({
      ...who,
      status: 'aaben',
      intake: {},
      answerOrder: [],
      pendingField: null,
      seq: 0,
      schoolId: 'skole-1',
      teamId: 'team-7a',
      pseudonym: null,
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(created.updatedAt).toBeInstanceOf(Date);
    expect(Math.abs(created.createdAt.getTime() - Date.now())).toBeLessThan(60_000);

    const read = await cases.get(created.id);
    expect(read).toEqual(created);
  });

  it('answers null, not an SQL error, for unknown or malformed ids', async () => {
    expect(await cases.get(randomUUID())).toBeNull();
    expect(await cases.get('not-a-uuid')).toBeNull();
    expect(await cases.get("'; drop table cases; --")).toBeNull();
    expect(await cases.withLockedCase(randomUUID(), async () => 'ran')).toBeNull();
    expect(await cases.withLockedCase('garbage', async () => 'ran')).toBeNull();
    expect(await cases.listRecommendations('garbage')).toEqual([]);
    expect(await cases.latestRecommendation(randomUUID())).toBeNull();
  });

  it('updates inside withLockedCase: patch fields, updated_at, and seq bumped unless given', async () => {
    const who = owner();
    const created = await cases.create(who);
    const intake = { scope: 'barn', areas: ['trivsel', 'fravaer'], description: 'Æble, ø og å' };

    const first = await cases.withLockedCase(created.id, async (record, tx) => {
      expect(record).toEqual(created);
      return tx.update(record.id, { intake, answerOrder: ['scope', 'areas'], pendingField: 'description' });
    });
    expect(first).toMatchObject({ intake, answerOrder: ['scope', 'areas'], pendingField: 'description', seq: 1, status: 'aaben' });
    expect(first!.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
    expect(first!.createdAt).toEqual(created.createdAt);

    const second = await cases.withLockedCase(created.id, (record, tx) =>
      tx.update(record.id, { pendingField: null, seq: 10, pseudonym: 'Elev A', schoolId: 's', teamId: 't' }),
    );
    expect(second).toMatchObject({ intake, pendingField: null, seq: 10, pseudonym: 'Elev A', schoolId: 's', teamId: 't' });
    expect(await cases.get(created.id)).toEqual(second);
  });

  it('keeps nothing from a withLockedCase callback that throws', async () => {
    const created = await cases.create(owner());
    await expect(
      cases.withLockedCase(created.id, async (record, tx) => {
        await tx.update(record.id, { status: 'afsluttet', intake: { scope: 'barn' } });
        await tx.addRecommendation(record.id, { level: 'forebyggende', step: 'indsaml-data', recommendation: {}, intake: {} });
        throw new Error('service failed after writing');
      }),
    ).rejects.toThrow('service failed after writing');
    expect(await cases.get(created.id)).toEqual(created);
    expect(await cases.listRecommendations(created.id)).toEqual([]);
    // The connection was released: the database still answers.
    await database.ping();
  });

  it('rejects a status outside aaben/annulleret/afsluttet', async () => {
    const created = await cases.create(owner());
    await expect(cases.withLockedCase(created.id, (record, tx) => tx.update(record.id, { status: 'slettet' as never }))).rejects.toThrow();
    expect((await cases.get(created.id))?.status).toBe('aaben');
  });

  it('findLatestOpen returns the open case changed most recently, only for that owner and tenant', async () => {
    const who = owner();
    expect(await cases.findLatestOpen(who.tenantId, who.ownerAadId)).toBeNull();
    const a = await cases.create(who);
    await new Promise((resolve) => setTimeout(resolve, 3)); // PGlite's clock counts milliseconds
    const b = await cases.create(who);
    await cases.create({ tenantId: who.tenantId, ownerAadId: randomUUID() }); // another teacher
    await cases.create({ tenantId: `other-${who.tenantId}`, ownerAadId: who.ownerAadId }); // another tenant
    expect((await cases.findLatestOpen(who.tenantId, who.ownerAadId))?.id).toBe(b.id);

    // Touching a makes it the latest; closing it hands the place back to b.
    await new Promise((resolve) => setTimeout(resolve, 3));
    await cases.withLockedCase(a.id, (r, tx) => tx.update(r.id, { pendingField: 'areas' }));
    expect((await cases.findLatestOpen(who.tenantId, who.ownerAadId))?.id).toBe(a.id);
    await cases.withLockedCase(a.id, (r, tx) => tx.update(r.id, { status: 'annulleret' }));
    expect((await cases.findLatestOpen(who.tenantId, who.ownerAadId))?.id).toBe(b.id);
    await cases.withLockedCase(b.id, (r, tx) => tx.update(r.id, { status: 'afsluttet' }));
    expect(await cases.findLatestOpen(who.tenantId, who.ownerAadId)).toBeNull();
  });

  it('listOpenForOwner lists the open cases, most recently changed first; findLatestCancelled goes by cancelled_at', async () => {
    const who = owner();
    expect(await cases.listOpenForOwner(who.tenantId, who.ownerAadId)).toEqual([]);
    expect(await cases.findLatestCancelled(who.tenantId, who.ownerAadId)).toBeNull();
    const a = await cases.create(who);
    await new Promise((resolve) => setTimeout(resolve, 3));
    const b = await cases.create(who);
    const c = await cases.create(who);
    await cases.create({ tenantId: who.tenantId, ownerAadId: randomUUID() }); // another teacher
    await new Promise((resolve) => setTimeout(resolve, 3));
    await cases.withLockedCase(a.id, (r, tx) => tx.update(r.id, { pendingField: 'areas' }));
    await cases.withLockedCase(c.id, (r, tx) => tx.update(r.id, { status: 'afsluttet' }));
    expect((await cases.listOpenForOwner(who.tenantId, who.ownerAadId)).map((r) => r.id)).toEqual([a.id, b.id]);
    expect((await cases.listOpenForOwner(who.tenantId, who.ownerAadId, 1)).map((r) => r.id)).toEqual([a.id]);

    // Cancelled with a moment: the latest moment wins, whatever updated_at says; a cancellation without one is not found.
    const early = new Date('2026-12-01T10:00:00Z');
    const late = new Date('2026-12-02T10:00:00Z');
    await cases.withLockedCase(b.id, (r, tx) => tx.update(r.id, { status: 'annulleret', cancelledAt: late }));
    await cases.withLockedCase(a.id, (r, tx) => tx.update(r.id, { status: 'annulleret', cancelledAt: early }));
    const latest = await cases.findLatestCancelled(who.tenantId, who.ownerAadId);
    expect(latest?.id).toBe(b.id);
    expect(latest?.cancelledAt?.toISOString()).toBe(late.toISOString());
    expect(latest?.pendingField).toBeNull();
    expect((await cases.get(a.id))?.pendingField).toBe('areas');
    await cases.withLockedCase(b.id, (r, tx) => tx.update(r.id, { status: 'aaben', cancelledAt: null }));
    expect((await cases.get(b.id))?.cancelledAt).toBeNull();
    expect((await cases.findLatestCancelled(who.tenantId, who.ownerAadId))?.id).toBe(a.id);
    expect(await cases.findLatestCancelled(`other-${who.tenantId}`, who.ownerAadId)).toBeNull();
  });

  it('listForOwner lists every status, newest first, honouring the limit', async () => {
    const who = owner();
    const ids: string[] = [];
    // PGlite's clock counts milliseconds: cases made within one have no defined order, so a pause between.
    for (let i = 0; i < 5; i++) {
      ids.push((await cases.create(who)).id);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await cases.create({ tenantId: who.tenantId, ownerAadId: randomUUID() });
    await cases.withLockedCase(ids[0]!, (r, tx) => tx.update(r.id, { status: 'afsluttet' }));

    const all = await cases.listForOwner(who.tenantId, who.ownerAadId);
    expect(all.map((c) => c.id)).toEqual([...ids].reverse());
    expect(all.at(-1)?.status).toBe('afsluttet');
    const two = await cases.listForOwner(who.tenantId, who.ownerAadId, 2);
    expect(two.map((c) => c.id)).toEqual([ids[4], ids[3]]);
    expect(await cases.listForOwner(who.tenantId, randomUUID())).toEqual([]);
  });

  it('keeps the recommendation history: oldest first, latest last, with the answers it rests on', async () => {
    const created = await cases.create(owner());
    expect(await cases.listRecommendations(created.id)).toEqual([]);
    const steps = ['indsaml-data', 'droeft-i-teamet', 'udarbejd-plan'];
    for (const [i, step] of steps.entries()) {
      await cases.withLockedCase(created.id, async (record, tx) => {
        await tx.update(record.id, { intake: { round: i } });
        return tx.addRecommendation(record.id, {
          level: 'forebyggende',
          step,
          recommendation: { step, why: ['Fordi §3'], nested: { list: [1, 2, 3] } },
          intake: { round: i },
        });
      });
    }
    const history = await cases.listRecommendations(created.id);
    expect(history.map((r) => r.step)).toEqual(steps);
    expect(history.map((r) => r.intake)).toEqual([{ round: 0 }, { round: 1 }, { round: 2 }]);
    for (const r of history) {
      expect(typeof r.id).toBe('number');
      expect(r.caseId).toBe(created.id);
      expect(r.createdAt).toBeInstanceOf(Date);
      expect(r.level).toBe('forebyggende');
    }
    expect(history[0]!.recommendation).toEqual({ step: 'indsaml-data', why: ['Fordi §3'], nested: { list: [1, 2, 3] } });
    expect(await cases.latestRecommendation(created.id)).toEqual(history[2]);
  });

  it('returns counts and bigints as numbers', async () => {
    const who = owner();
    const a = await cases.create(who);
    await cases.create(who);
    await cases.withLockedCase(a.id, (r, tx) => tx.update(r.id, { status: 'afsluttet' }));
    expect(await cases.countForOwner(who.tenantId, who.ownerAadId)).toBe(2);
    expect(await cases.countForOwner(who.tenantId, who.ownerAadId, 'aaben')).toBe(1);
    expect(await cases.countForOwner(who.tenantId, randomUUID())).toBe(0);

    // Straight from the driver too: count(*) and bigint are JS numbers on both engines.
    const { rows } = await sql<{ n: unknown; big: unknown; ts: unknown }>`
      select count(*) as n, 9007199254740991::bigint as big, now() as ts from cases where tenant_id = ${who.tenantId}`.execute(database.db);
    expect(rows[0]).toEqual({ n: 2, big: Number.MAX_SAFE_INTEGER, ts: expect.any(Date) });
  });

  it('stores the intake and answer order exactly, including text that jsonb would otherwise reject', async () => {
    const created = await cases.create(owner());
    const intake = { description: 'før\u0000efter \ud800 slut 😀', areas: [], flag: false, n: 0, none: null };
    const updated = await cases.withLockedCase(created.id, (r, tx) => tx.update(r.id, { intake, answerOrder: ['description'] }));
    const expected = { ...intake, description: 'førefter \ufffd slut 😀' };
    expect(updated?.intake).toEqual(expected);
    expect((await cases.get(created.id))?.intake).toEqual(expected);
    expect((await cases.get(created.id))?.answerOrder).toEqual(['description']);
  });

  it('seals the intake but for the safety answers, and the closing note (src/db/sealed-columns.ts)', async () => {
    const created = await cases.create(owner());
    const intake = { description: 'Drengen kommer sulten i skole', areas: ['trivsel'], safety: ['omsorgssvigt'], acuteDanger: false };
    await cases.withLockedCase(created.id, (r, tx) =>
      tx.update(r.id, {
        intake,
        status: 'afsluttet',
        closed: { at: new Date(), by: 'leader-1', reason: 'andet', note: 'Flyttet til Vejle' },
      }),
    );
    const raw = await sql<{
      intake: Record<string, unknown>;
      closed_note: string;
    }>`select intake, closed_note from cases where id = ${created.id}`.execute(database.db);
    const row = raw.rows[0]!;
    expect(Object.keys(row.intake).sort()).toEqual(['$sealed', 'acuteDanger', 'safety']);
    expect(row.intake.safety).toEqual(['omsorgssvigt']);
    expect(JSON.stringify(row)).not.toMatch(/sulten|trivsel|Vejle/);
    expect(row.closed_note).toMatch(/^enc:v1:udvikling:/);
    const read = await cases.get(created.id);
    expect(read?.intake).toEqual(intake);
    expect(read?.closed?.note).toBe('Flyttet til Vejle');
    // The database sees only the sealed note: its bound (the domain's, 300 characters) is the repository's to keep.
    const closing = (note: string) => ({
      status: 'afsluttet' as const,
      closed: { at: new Date(), by: 'l', reason: 'andet' as const, note },
    });
    await expect(cases.withLockedCase(created.id, (r, tx) => tx.update(r.id, closing('x'.repeat(301))))).rejects.toThrow(RangeError);
    await expect(cases.withLockedCase(created.id, (r, tx) => tx.update(r.id, closing('')))).rejects.toThrow(RangeError);
    expect((await cases.withLockedCase(created.id, (r, tx) => tx.update(r.id, closing('😀'.repeat(300)))))?.closed?.note).toBe(
      '😀'.repeat(300),
    );
  });
});
