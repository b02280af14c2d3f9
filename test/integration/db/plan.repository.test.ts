import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseRepository, type CaseRecord } from '../../../src/cases/case.repository.js';
import type { Database } from '../../../src/db/database.js';
import { isDateOnly, PlanRepository, type PlanRecord } from '../../../src/plans/plan.repository.js';
import { databaseTargets } from '../../support/db.js';

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('isDateOnly', () => {
  it('accepts real calendar dates written YYYY-MM-DD only', () => {
    for (const ok of ['2024-02-29', '2025-12-31', '2026-01-01']) expect(isDateOnly(ok)).toBe(true);
    for (const bad of ['2025-02-29', '2025-13-01', '2025-1-01', '01-02-2025', '2025-01-01T00:00:00Z', '', 20250101, null]) {
      expect(isDateOnly(bad)).toBe(false);
    }
  });
});

describe.each(databaseTargets())('PlanRepository on $name', (target) => {
  let database: Database;
  let cases: CaseRepository;
  let plans: PlanRepository;

  beforeAll(async () => {
    database = await target.open();
    cases = new CaseRepository(database);
    plans = new PlanRepository(database);
  });
  afterAll(() => target.cleanup());

  /** A case of its own tenant, so tests sharing the database never see each other's plans. */
  async function newCase(schoolId = 'skole-1'): Promise<CaseRecord> {
    return cases.create({ tenantId: `tenant-${randomUUID()}`, ownerAadId: randomUUID(), schoolId, teamId: 'team-4b' });
  }

  /** A plan saved once with the given evaluation date. */
  async function savedPlan(c: CaseRecord, evaluationDate: string | null): Promise<PlanRecord> {
    const draft = await plans.createDraft(database.db, {
      caseId: c.id,
      templateId: 'plan-faellesskab',
      title: 'Plan',
      createdBy: c.ownerAadId,
    });
    const result = await plans.withLockedPlan(draft.id, (p, tx) =>
      tx.saveVersion(p.id, { content: { goals: [] }, savedBy: c.ownerAadId, expectedVersion: 0, evaluationDate }),
    );
    if (!result?.ok) throw new Error('save failed');
    return result.plan;
  }

  it("creates a draft, reads it back, and lists a case's plans newest first", async () => {
    const c = await newCase();
    const teacher = c.ownerAadId;
    const first = await plans.createDraft(database.db, {
      caseId: c.id,
      templateId: 'plan-faellesskab',
      title: '  Mål- og indsatsplan for læringsfællesskabet  ',
      createdBy: teacher,
    });
    expect(first).toMatchObject({
      caseId: c.id,
      templateId: 'plan-faellesskab',
      title: 'Mål- og indsatsplan for læringsfællesskabet',
      status: 'kladde',
      currentVersion: 0,
      evaluationDate: null,
      tovholderAadId: null,
      tovholderName: null,
      createdBy: teacher,
    });
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.createdAt).toBeInstanceOf(Date);
    expect(first.updatedAt).toBeInstanceOf(Date);
    expect(await plans.get(first.id)).toEqual(first);

    // Drafted under the case's lock, in the case's transaction.
    const second = await cases.withLockedCase(c.id, (record, tx) =>
      plans.createDraft(tx.trx, {
        caseId: record.id,
        templateId: 'plan-barn',
        title: 'Mål- og indsatsplan for barnet',
        createdBy: teacher,
      }),
    );
    const other = await newCase();
    await plans.createDraft(database.db, {
      caseId: other.id,
      templateId: 'dataplan',
      title: 'Plan for dataindsamling',
      createdBy: teacher,
    });

    expect((await plans.listForCase(c.id)).map((p) => p.id)).toEqual([second!.id, first.id]);
    expect(await plans.listForCase(randomUUID())).toEqual([]);
    expect(await plans.versions(first.id)).toEqual([]);
  });

  it('refuses unknown templates, empty titles and missing cases; answers null for malformed ids', async () => {
    const c = await newCase();
    const base = { caseId: c.id, templateId: 'plan-barn' as const, title: 'Plan', createdBy: 'aad' };
    await expect(plans.createDraft(database.db, { ...base, templateId: 'hemmelig-plan' as never })).rejects.toThrow(
      /Unknown plan template/,
    );
    await expect(plans.createDraft(database.db, { ...base, title: '   ' })).rejects.toThrow(/title/);
    await expect(plans.createDraft(database.db, { ...base, title: 'x'.repeat(201) })).rejects.toThrow(/title/);
    await expect(plans.createDraft(database.db, { ...base, caseId: randomUUID() })).rejects.toThrow();
    // The database refuses a template outside the twelve even when the repository is bypassed.
    await expect(
      database.db.insertInto('plans').values({ case_id: c.id, template_id: 'ukendt', title: 'x', created_by: 'a' }).execute(),
    ).rejects.toThrow();
    expect(await plans.listForCase(c.id)).toEqual([]);

    for (const bad of ['not-a-uuid', "'; drop table plans; --", randomUUID()]) {
      expect(await plans.get(bad)).toBeNull();
      expect(await plans.withLockedPlan(bad, async () => 'ran')).toBeNull();
      expect(await plans.versions(bad)).toEqual([]);
      expect(await plans.version(bad, 1)).toBeNull();
    }
  });

  it('saves versions 1..3 with who and when; earlier versions stay as they were', async () => {
    const c = await newCase();
    const draft = await plans.createDraft(database.db, {
      caseId: c.id,
      templateId: 'plan-barn',
      title: 'Plan for A.B., 4.B',
      createdBy: 'teacher-1',
    });
    const savers = ['teacher-1', 'teacher-2', 'teacher-1'];
    const contents = [1, 2, 3].map((n) => ({
      goals: [{ goal: `Mål ${n}: æ ø å`, signs: [`Tegn ${n}`] }],
      actions: Array.from({ length: n }, (_, i) => `Indsats ${i + 1}`),
      childPerspective: n === 1 ? 'ikke indhentet endnu' : 'Barnet siger …',
    }));
    const before = Date.now();
    for (const [i, content] of contents.entries()) {
      const result = await plans.withLockedPlan(draft.id, (plan, tx) =>
        tx.saveVersion(plan.id, {
          content,
          savedBy: savers[i]!,
          expectedVersion: plan.currentVersion,
          evaluationDate: `2031-0${i + 3}-15`,
          tovholderAadId: savers[i]!,
          tovholderName: i === 1 ? 'Lærer To' : 'Lærer Et',
        }),
      );
      expect(result).toMatchObject({
        ok: true,
        plan: { currentVersion: i + 1, status: 'gemt' },
        version: { version: i + 1, savedBy: savers[i] },
      });
    }

    const plan = await plans.get(draft.id);
    expect(plan).toMatchObject({
      status: 'gemt',
      currentVersion: 3,
      evaluationDate: '2031-05-15',
      tovholderAadId: 'teacher-1',
      tovholderName: 'Lærer Et',
      title: 'Plan for A.B., 4.B',
    });
    expect(plan!.updatedAt.getTime()).toBeGreaterThanOrEqual(draft.updatedAt.getTime());

    const versions = await plans.versions(draft.id);
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(versions.map((v) => v.savedBy)).toEqual(savers);
    expect(versions.map((v) => v.content)).toEqual(contents);
    for (const [i, v] of versions.entries()) {
      expect(v.planId).toBe(draft.id);
      expect(typeof v.id).toBe('number');
      expect(v.savedAt).toBeInstanceOf(Date);
      expect(v.savedAt.getTime()).toBeGreaterThanOrEqual(before - 60_000);
      if (i > 0) expect(v.savedAt.getTime()).toBeGreaterThanOrEqual(versions[i - 1]!.savedAt.getTime());
    }
    expect(await plans.version(draft.id, 1)).toEqual(versions[0]);
    expect(await plans.version(draft.id, 3)).toEqual(versions[2]);
    expect(await plans.version(draft.id, 4)).toBeNull();
    expect(await plans.version(draft.id, 0)).toBeNull();
    expect(await plans.version(draft.id, 1.5)).toBeNull();

    // The title can change with a save; evaluation date and tovholder stay when not given.
    const renamed = await plans.withLockedPlan(draft.id, (p, tx) =>
      tx.saveVersion(p.id, { content: { goals: [] }, savedBy: 'teacher-2', expectedVersion: 3, title: 'Ny titel' }),
    );
    expect(renamed).toMatchObject({
      ok: true,
      plan: { title: 'Ny titel', evaluationDate: '2031-05-15', tovholderName: 'Lærer Et', currentVersion: 4 },
    });
    expect((await plans.version(draft.id, 1))?.content).toEqual(contents[0]);
  });

  it('a stale expectedVersion saves nothing and says so', async () => {
    const c = await newCase();
    const plan = await savedPlan(c, '2031-01-10');
    for (const expectedVersion of [0, 2, -1]) {
      const result = await plans.withLockedPlan(plan.id, (p, tx) =>
        tx.saveVersion(p.id, { content: { late: true }, savedBy: 'x', expectedVersion, evaluationDate: '2040-01-01' }),
      );
      expect(result).toMatchObject({ ok: false, reason: 'stale', plan: { currentVersion: 1, evaluationDate: '2031-01-10' } });
    }
    expect(await plans.versions(plan.id)).toHaveLength(1);
  });

  it('ten concurrent saves with the same expectedVersion (a double click) make exactly one new version', async () => {
    const c = await newCase();
    const plan = await savedPlan(c, '2031-01-10');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        plans.withLockedPlan(plan.id, async (p, tx) => {
          await pause(2); // a real turn yields between reading and writing
          return tx.saveVersion(p.id, { content: { click: i }, savedBy: c.ownerAadId, expectedVersion: 1, evaluationDate: '2031-02-01' });
        }),
      ),
    );
    const saved = results.filter((r) => r?.ok);
    const refused = results.filter((r) => r && !r.ok);
    expect(saved).toHaveLength(1);
    expect(refused).toHaveLength(9);
    for (const r of refused) expect(r).toMatchObject({ ok: false, reason: 'stale', plan: { currentVersion: 2 } });
    const versions = await plans.versions(plan.id);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect(saved[0]!.ok && saved[0]!.version).toEqual(versions[1]);
    expect((await plans.get(plan.id))?.currentVersion).toBe(2);
  });

  it('refuses a second row with the same version number even when the lock is bypassed', async () => {
    const c = await newCase();
    const plan = await savedPlan(c, null);
    await expect(
      database.db.insertInto('plan_versions').values({ plan_id: plan.id, version: 1, content: '{}', saved_by: 'x' }).execute(),
    ).rejects.toThrow();
    await expect(
      database.db.insertInto('plan_versions').values({ plan_id: plan.id, version: 2, content: '[1]', saved_by: 'x' }).execute(),
    ).rejects.toThrow();
  });

  it('an operation on a plan that is not the one locked is a programming error', async () => {
    const c = await newCase();
    const [a, b] = [await savedPlan(c, null), await savedPlan(c, null)];
    await expect(
      plans.withLockedPlan(a.id, (_p, tx) => tx.saveVersion(b.id, { content: {}, savedBy: 'x', expectedVersion: 1 })),
    ).rejects.toThrow(/not the plan locked/);
    expect((await plans.get(b.id))?.currentVersion).toBe(1);
  });

  it('returns evaluation dates as YYYY-MM-DD strings, whatever the process time zone', async () => {
    const c = await newCase();
    const dates = ['2024-02-29', '2025-03-30', '2025-10-26', '2025-12-31', '2026-01-01'];
    const saved: string[] = [];
    const originalTz = process.env.TZ;
    try {
      // Far from UTC on both sides: a driver turning dates into local-midnight Dates would shift them.
      for (const [i, tz] of ['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/Copenhagen', 'UTC', 'America/St_Johns'].entries()) {
        process.env.TZ = tz;
        const plan = await savedPlan(c, dates[i]!);
        expect(plan.evaluationDate).toBe(dates[i]);
        expect((await plans.get(plan.id))?.evaluationDate).toBe(dates[i]);
        saved.push(plan.id);
      }
      process.env.TZ = 'Pacific/Kiritimati';
      const listed = await plans.listForCase(c.id);
      expect(new Map(listed.map((p) => [p.id, p.evaluationDate]))).toEqual(new Map(saved.map((id, i) => [id, dates[i]])));
      const due = await plans.dueForEvaluation('2026-01-01', { tenantId: c.tenantId });
      expect(due.map((p) => p.evaluationDate)).toEqual([...dates].sort());
    } finally {
      if (originalTz === undefined) delete process.env.TZ;
      else process.env.TZ = originalTz;
    }
  });

  it('refuses dates that are not YYYY-MM-DD calendar dates', async () => {
    const c = await newCase();
    const plan = await savedPlan(c, '2031-01-10');
    for (const bad of ['2031-02-30', '10-01-2031', '2031-01-10T00:00:00Z', 'i morgen']) {
      await expect(
        plans.withLockedPlan(plan.id, (p, tx) =>
          tx.saveVersion(p.id, { content: {}, savedBy: 'x', expectedVersion: 1, evaluationDate: bad }),
        ),
      ).rejects.toThrow(/Not a date/);
    }
    await expect(plans.dueForEvaluation('snart')).rejects.toThrow(/Not a date/);
    expect((await plans.get(plan.id))?.currentVersion).toBe(1);
  });

  it('dueForEvaluation lists saved plans of open cases due on or before a date, earliest first', async () => {
    const tenantId = `tenant-${randomUUID()}`;
    const mk = (schoolId: string) => cases.create({ tenantId, ownerAadId: randomUUID(), schoolId, teamId: '4b' });
    const [c1, c2, closed] = [await mk('skole-a'), await mk('skole-b'), await mk('skole-a')];
    await cases.withLockedCase(c1.id, (r, tx) => tx.update(r.id, { pseudonym: 'A.B., 4.B' }));

    const early = await savedPlan(c1, '2031-03-01');
    const onTheDay = await savedPlan(c2, '2031-03-10');
    const later = await savedPlan(c1, '2031-03-11');
    await savedPlan(c1, null); // no date: never due
    await plans.createDraft(database.db, { caseId: c1.id, templateId: 'plan-barn', title: 'Kladde', createdBy: 'x' }); // draft: never due
    const evaluated = await savedPlan(c2, '2031-02-01');
    await plans.withLockedPlan(evaluated.id, (p, tx) => tx.markEvaluated(p.id, { evaluatedBy: 'x' }));
    const archived = await savedPlan(c2, '2031-02-01');
    await plans.withLockedPlan(archived.id, (p, tx) => tx.archive(p.id));
    await savedPlan(closed, '2031-02-01');
    await cases.withLockedCase(closed.id, (r, tx) => tx.update(r.id, { status: 'afsluttet' }));

    const due = await plans.dueForEvaluation('2031-03-10', { tenantId });
    expect(due.map((p) => p.id)).toEqual([early.id, onTheDay.id]);
    expect(due[0]).toEqual({
      ...(await plans.get(early.id)),
      case: { tenantId, ownerAadId: c1.ownerAadId, schoolId: 'skole-a', teamId: '4b', pseudonym: 'A.B., 4.B' },
    });
    expect((await plans.dueForEvaluation('2031-03-11', { tenantId })).map((p) => p.id)).toEqual([early.id, onTheDay.id, later.id]);
    expect((await plans.dueForEvaluation('2031-12-31', { tenantId, schoolId: 'skole-b' })).map((p) => p.id)).toEqual([onTheDay.id]);
    expect((await plans.dueForEvaluation('2031-12-31', { tenantId, onOrAfter: '2031-03-02' })).map((p) => p.id)).toEqual([
      onTheDay.id,
      later.id,
    ]);
    expect((await plans.dueForEvaluation('2031-12-31', { tenantId, limit: 1 })).map((p) => p.id)).toEqual([early.id]);
    expect(await plans.dueForEvaluation('2031-02-28', { tenantId })).toEqual([]);
  });

  it('markEvaluated records the evaluation; continuing keeps the plan saved with a new date; a double click does nothing', async () => {
    const c = await newCase();
    const plan = await savedPlan(c, '2031-04-01');
    const evaluation = { goals: [{ status: 'delvist', signs: 'Mere ro i timerne' }], decision: 'fortsaet' };

    const continued = await plans.withLockedPlan(plan.id, (p, tx) =>
      tx.markEvaluated(p.id, {
        evaluatedBy: 'teacher',
        content: evaluation,
        expectedEvaluationDate: '2031-04-01',
        nextEvaluationDate: '2031-05-13',
      }),
    );
    expect(continued).toMatchObject({
      ok: true,
      plan: { status: 'gemt', evaluationDate: '2031-05-13', currentVersion: 1 },
      evaluation: { planId: plan.id, planVersion: 1, evaluationDate: '2031-04-01', content: evaluation, evaluatedBy: 'teacher' },
    });
    // The second click of the same card finds the date moved on.
    const again = await plans.withLockedPlan(plan.id, (p, tx) =>
      tx.markEvaluated(p.id, {
        evaluatedBy: 'teacher',
        content: evaluation,
        expectedEvaluationDate: '2031-04-01',
        nextEvaluationDate: '2031-05-13',
      }),
    );
    expect(again).toMatchObject({ ok: false, reason: 'stale', plan: { evaluationDate: '2031-05-13' } });

    const ended = await plans.withLockedPlan(plan.id, (p, tx) =>
      tx.markEvaluated(p.id, { evaluatedBy: 'leader', content: { decision: 'naeste-skridt' }, expectedEvaluationDate: '2031-05-13' }),
    );
    expect(ended).toMatchObject({ ok: true, plan: { status: 'evalueret', evaluationDate: '2031-05-13' } });
    const twice = await plans.withLockedPlan(plan.id, (p, tx) => tx.markEvaluated(p.id));
    expect(twice).toMatchObject({ ok: false, reason: 'already-evaluated' });

    const evaluations = await plans.evaluations(plan.id);
    expect(evaluations.map((e) => [e.evaluationDate, e.evaluatedBy, e.content])).toEqual([
      ['2031-04-01', 'teacher', evaluation],
      ['2031-05-13', 'leader', { decision: 'naeste-skridt' }],
    ]);
    for (const e of evaluations) expect(e.evaluatedAt).toBeInstanceOf(Date);

    // Adjusting after an evaluation: a new version makes the plan saved (and due) again.
    const adjusted = await plans.withLockedPlan(plan.id, (p, tx) =>
      tx.saveVersion(p.id, { content: { goals: ['justeret'] }, savedBy: 'teacher', expectedVersion: 1, evaluationDate: '2031-06-20' }),
    );
    expect(adjusted).toMatchObject({ ok: true, plan: { status: 'gemt', currentVersion: 2, evaluationDate: '2031-06-20' } });

    // A draft cannot be evaluated.
    const draft = await plans.createDraft(database.db, { caseId: c.id, templateId: 'smtte', title: 'SMTTE', createdBy: 'x' });
    expect(await plans.withLockedPlan(draft.id, (p, tx) => tx.markEvaluated(p.id))).toMatchObject({ ok: false, reason: 'not-saved' });
    expect(await plans.evaluations(draft.id)).toEqual([]);
  });

  it('an evaluation card evaluates once by its revision, also when the evaluation continues the plan and keeps its version', async () => {
    const c = await newCase();
    const plan = await savedPlan(c, '2031-04-01');
    expect(plan).toMatchObject({ currentVersion: 1, revision: 1 });
    const card = (nextEvaluationDate: string) => (p: PlanRecord, tx: Parameters<Parameters<PlanRepository['withLockedPlan']>[1]>[1]) =>
      tx.markEvaluated(p.id, { evaluatedBy: 'teacher', content: { decision: 'fortsaet' }, expectedRevision: 1, nextEvaluationDate });

    const continued = await plans.withLockedPlan(plan.id, card('2031-05-13'));
    expect(continued).toMatchObject({
      ok: true,
      plan: { status: 'gemt', currentVersion: 1, revision: 2, evaluationDate: '2031-05-13' },
      evaluation: { planVersion: 1, planRevision: 1, evaluationDate: '2031-04-01' },
    });
    // The same card again, with another date: nothing recorded, the date stays.
    expect(await plans.withLockedPlan(plan.id, card('2031-06-24'))).toMatchObject({
      ok: false,
      reason: 'stale',
      plan: { evaluationDate: '2031-05-13', revision: 2 },
    });
    expect(await plans.evaluations(plan.id)).toHaveLength(1);

    // The database holds one evaluation per revision, whatever a caller checks.
    await expect(
      database.db.insertInto('plan_evaluations').values({ plan_id: plan.id, plan_version: 1, plan_revision: 1, content: '{}' }).execute(),
    ).rejects.toThrow();

    // A new version moves the revision on too: an evaluation card drawn before it is stale.
    const saved = await plans.withLockedPlan(plan.id, (p, tx) =>
      tx.saveVersion(p.id, { content: { goals: [] }, savedBy: 'teacher', expectedVersion: 1 }),
    );
    expect(saved).toMatchObject({ ok: true, plan: { currentVersion: 2, revision: 3 } });
    expect(
      await plans.withLockedPlan(plan.id, (p, tx) =>
        tx.markEvaluated(p.id, { content: {}, expectedRevision: 2, nextEvaluationDate: '2031-07-01' }),
      ),
    ).toMatchObject({ ok: false, reason: 'stale' });
    const next = await plans.withLockedPlan(plan.id, (p, tx) => tx.markEvaluated(p.id, { content: {}, expectedRevision: 3 }));
    expect(next).toMatchObject({ ok: true, plan: { status: 'evalueret', revision: 4 }, evaluation: { planVersion: 2, planRevision: 3 } });
  });

  it('reschedule moves the evaluation date once per card; archive ends saves and reminders', async () => {
    const c = await newCase();
    const plan = await savedPlan(c, '2031-09-01');
    const snooze = () =>
      plans.withLockedPlan(plan.id, (p, tx) => tx.reschedule(p.id, { evaluationDate: '2031-09-08', expectedEvaluationDate: '2031-09-01' }));
    const [first, second] = await Promise.all([snooze(), snooze()]);
    expect([first?.ok, second?.ok].sort()).toEqual([false, true]);
    expect((await plans.get(plan.id))?.evaluationDate).toBe('2031-09-08');

    const archived = await plans.withLockedPlan(plan.id, (p, tx) => tx.archive(p.id));
    expect(archived?.status).toBe('arkiveret');
    expect(await plans.withLockedPlan(plan.id, (p, tx) => tx.archive(p.id))).toEqual(archived);
    expect(
      await plans.withLockedPlan(plan.id, (p, tx) => tx.saveVersion(p.id, { content: {}, savedBy: 'x', expectedVersion: 1 })),
    ).toMatchObject({ ok: false, reason: 'archived' });
    expect(await plans.withLockedPlan(plan.id, (p, tx) => tx.reschedule(p.id, { evaluationDate: '2031-10-01' }))).toMatchObject({
      ok: false,
      reason: 'archived',
    });
    expect(await plans.dueForEvaluation('2032-01-01', { tenantId: c.tenantId })).toEqual([]);
  });

  it('keeps nothing from a withLockedPlan callback that throws', async () => {
    const c = await newCase();
    const plan = await savedPlan(c, '2031-01-10');
    await expect(
      plans.withLockedPlan(plan.id, async (p, tx) => {
        await tx.saveVersion(p.id, { content: { lost: true }, savedBy: 'x', expectedVersion: 1, evaluationDate: '2040-01-01' });
        await tx.markEvaluated(p.id);
        throw new Error('rendering failed after saving');
      }),
    ).rejects.toThrow('rendering failed after saving');
    expect(await plans.get(plan.id)).toEqual(plan);
    expect(await plans.versions(plan.id)).toHaveLength(1);
    expect(await plans.evaluations(plan.id)).toEqual([]);
    await database.ping();
  });

  it('saves a plan and changes the case in one transaction, case locked first', async () => {
    const c = await newCase();
    const plan = await savedPlan(c, '2031-04-01');
    const result = await plans.withLockedCaseAndPlan(c.id, plan.id, async (caseRecord, p, tx) => {
      expect(caseRecord.id).toBe(c.id);
      expect(p.id).toBe(plan.id);
      const evaluated = await tx.plan.markEvaluated(p.id, { evaluatedBy: 'teacher', content: { decision: 'naeste-skridt' } });
      const updated = await tx.case.update(caseRecord.id, { intake: { planEvaluated: 'delvist' } });
      const recommendation = await tx.case.addRecommendation(caseRecord.id, {
        level: 'foregribende',
        step: 'sparring-plc',
        recommendation: { step: 'sparring-plc' },
        intake: { planEvaluated: 'delvist' },
        reason: 'evaluation',
        planId: p.id,
      });
      // Reads inside the transaction go through its trx.
      expect((await plans.get(p.id, tx.trx))?.status).toBe('evalueret');
      return { evaluated, updated, recommendation };
    });
    expect(result?.evaluated.ok).toBe(true);
    expect(result?.updated.intake).toEqual({ planEvaluated: 'delvist' });
    expect(result?.recommendation).toMatchObject({ reason: 'evaluation', planId: plan.id, step: 'sparring-plc' });
    expect((await plans.get(plan.id))?.status).toBe('evalueret');
    expect((await cases.get(c.id))?.intake).toEqual({ planEvaluated: 'delvist' });
    expect(await cases.latestRecommendation(c.id)).toEqual(result?.recommendation);
  });

  it('the combined transaction keeps nothing when it throws, and refuses a plan of another case', async () => {
    const c = await newCase();
    const plan = await savedPlan(c, '2031-04-01');
    await expect(
      plans.withLockedCaseAndPlan(c.id, plan.id, async (caseRecord, p, tx) => {
        await tx.plan.saveVersion(p.id, { content: { x: 1 }, savedBy: 'x', expectedVersion: 1 });
        await tx.case.update(caseRecord.id, { intake: { changed: true } });
        throw new Error('failed after both writes');
      }),
    ).rejects.toThrow('failed after both writes');
    expect(await plans.get(plan.id)).toEqual(plan);
    expect((await cases.get(c.id))?.intake).toEqual({});

    // A plan id from card data that belongs to another teacher's case: nothing runs.
    const otherCase = await newCase();
    const foreign = await savedPlan(otherCase, '2031-04-01');
    expect(await plans.withLockedCaseAndPlan(c.id, foreign.id, async () => 'ran')).toBeNull();
    expect(await plans.withLockedCaseAndPlan(randomUUID(), plan.id, async () => 'ran')).toBeNull();
    expect(await plans.withLockedCaseAndPlan(c.id, randomUUID(), async () => 'ran')).toBeNull();
    expect(await plans.withLockedCaseAndPlan('garbage', plan.id, async () => 'ran')).toBeNull();
    expect((await cases.get(c.id))?.seq).toBe(c.seq);
  });

  it('combined and plan-only transactions on the same case and plan, concurrently, neither deadlock nor lose a save', async () => {
    const c = await newCase();
    const plan = await savedPlan(c, '2031-04-01');
    const turns = Array.from({ length: 12 }, (_, i) =>
      i % 2 === 0
        ? plans.withLockedCaseAndPlan(c.id, plan.id, async (caseRecord, p, tx) => {
            await pause(1);
            const saved = await tx.plan.saveVersion(p.id, { content: { turn: i }, savedBy: 'x', expectedVersion: p.currentVersion });
            await tx.case.update(caseRecord.id, { seq: caseRecord.seq + 1 });
            return saved.ok;
          })
        : plans.withLockedPlan(plan.id, async (p, tx) => {
            await pause(1);
            return (await tx.saveVersion(p.id, { content: { turn: i }, savedBy: 'x', expectedVersion: p.currentVersion })).ok;
          }),
    );
    expect(await Promise.all(turns)).toEqual(Array.from({ length: 12 }, () => true));
    expect((await plans.versions(plan.id)).map((v) => v.version)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect((await cases.get(c.id))?.seq).toBe(c.seq + 6);
  });

  it('deleting a case deletes its plans, versions and evaluations; deleting a plan keeps the history row', async () => {
    const c = await newCase();
    const plan = await savedPlan(c, '2031-04-01');
    await plans.withLockedPlan(plan.id, (p, tx) => tx.markEvaluated(p.id, { content: { d: 1 } }));
    const keep = await newCase();
    const kept = await savedPlan(keep, '2031-04-01');
    const rec = await cases.withLockedCase(keep.id, (r, tx) =>
      tx.addRecommendation(r.id, {
        level: 'forebyggende',
        step: 'evaluer-plan',
        recommendation: {},
        intake: {},
        reason: 'evaluation',
        planId: kept.id,
      }),
    );

    await database.db.deleteFrom('cases').where('id', '=', c.id).execute();
    expect(await plans.get(plan.id)).toBeNull();
    const { rows } = await sql<{ versions: number; evaluations: number }>`
      select (select count(*) from plan_versions where plan_id = ${plan.id}) as versions,
             (select count(*) from plan_evaluations where plan_id = ${plan.id}) as evaluations`.execute(database.db);
    expect(rows[0]).toEqual({ versions: 0, evaluations: 0 });

    await database.db.deleteFrom('plans').where('id', '=', kept.id).execute();
    expect(await cases.latestRecommendation(keep.id)).toEqual({ ...rec, planId: null });
  });

  it('the case keeps its ladder history: level and step over time, why, and after which plan', async () => {
    const c = await newCase();
    const plan = await savedPlan(c, '2031-04-01');
    const steps: Array<[string, string, 'intake' | 'evaluation', string | null]> = [
      ['forebyggende', 'indsaml-data', 'intake', null],
      ['forebyggende', 'indsaml-data', 'intake', null], // an answer changed, same step: not a move
      ['forebyggende', 'udarbejd-plan', 'intake', null],
      ['forebyggende', 'evaluer-plan', 'intake', null],
      ['forebyggende', 'evaluer-plan', 'evaluation', plan.id], // evaluated, stays: part of the history
      ['foregribende', 'sparring-plc', 'evaluation', plan.id],
    ];
    for (const [level, step, reason, planId] of steps) {
      await cases.withLockedCase(c.id, (r, tx) =>
        tx.addRecommendation(r.id, {
          level,
          step,
          recommendation: { step },
          intake: {},
          ...(reason === 'evaluation' && { reason, planId }),
        }),
      );
    }
    const all = await cases.listRecommendations(c.id);
    expect(all.map((r) => r.reason)).toEqual(steps.map((s) => s[2]));
    expect(all[0]?.planId).toBeNull();

    const history = await cases.ladderHistory(c.id);
    expect(history.map((h) => [h.level, h.step, h.reason, h.planId])).toEqual([steps[0], steps[2], steps[3], steps[4], steps[5]]);
    expect(history.map((h) => h.recommendationId)).toEqual([all[0]!.id, all[2]!.id, all[3]!.id, all[4]!.id, all[5]!.id]);
    for (const h of history) expect(h.at).toBeInstanceOf(Date);
    expect(await cases.ladderHistory('garbage')).toEqual([]);
    expect(await cases.ladderHistory(randomUUID())).toEqual([]);

    // The database refuses a reason outside intake/evaluation.
    await expect(
      sql`insert into case_recommendations (case_id, level, step, recommendation, intake, reason)
          values (${c.id}, 'x', 'y', '{}', '{}', 'andet')`.execute(database.db),
    ).rejects.toThrow();
  });
});
