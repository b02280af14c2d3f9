/**
 * The plans' free text at rest (issue #13), on every database target: the tovholder's name is a
 * sealed string, and every version's and evaluation's content is sealed whole (`$sealedValue`);
 * the repository reads them back in clear (one plan, a case's plans, the plans due, the locked
 * transaction's answers), cleans what jsonb would refuse before sealing, and still reads values
 * written before encryption.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseRepository, type CaseRecord } from '../../../src/cases/case.repository.js';
import type { Database } from '../../../src/db/database.js';
import { isSealed, openAny } from '../../../src/db/sealing.js';
import { PlanRepository, type PlanRecord } from '../../../src/plans/plan.repository.js';
import { databaseTargets } from '../../support/db.js';

const TOVHOLDER = 'Mette Kirkegaard Hansen';
const GOAL = 'Anton deltager roligt i morgensamlingen';
const SIGNS = 'Sidder på sin plads under oplæsning';
const EVALUATION = 'Målet er delvist nået; fortsætter med makkerordning';

/** A raw value holds nothing of the clear text: not the sentence, not one longer word of it. */
function expectNoClearText(raw: unknown, ...clear: string[]) {
  const stored = JSON.stringify(raw);
  for (const text of clear) {
    expect(stored).not.toContain(text);
    for (const word of text.split(/[\s,.;]+/).filter((w) => w.length >= 5)) expect(stored).not.toContain(word);
  }
}

describe.each(databaseTargets())('Sealed plan free text on $name', (target) => {
  let database: Database;
  let cases: CaseRepository;
  let plans: PlanRepository;

  beforeAll(async () => {
    database = await target.open();
    cases = new CaseRepository(database);
    plans = new PlanRepository(database);
  });
  afterAll(() => target.cleanup());

  async function newCase(): Promise<CaseRecord> {
    return cases.create({ tenantId: `tenant-${randomUUID()}`, ownerAadId: randomUUID(), schoolId: 'skole-1', teamId: 'team-4b' });
  }

  async function draft(c: CaseRecord): Promise<PlanRecord> {
    return plans.createDraft(database.db, { caseId: c.id, templateId: 'plan-faellesskab', title: 'Plan', createdBy: c.ownerAadId });
  }

  const rawPlan = (id: string) => database.db.selectFrom('plans').select('tovholder_name').where('id', '=', id).executeTakeFirstOrThrow();
  const rawVersions = async (id: string) =>
    (await database.db.selectFrom('plan_versions').select('content').where('plan_id', '=', id).orderBy('version').execute()).map(
      (r) => r.content as unknown,
    );
  const rawEvaluations = async (id: string) =>
    (await database.db.selectFrom('plan_evaluations').select('content').where('plan_id', '=', id).orderBy('id').execute()).map(
      (r) => r.content as unknown,
    );

  it('stores the tovholder and every version and evaluation sealed, and reads them in clear everywhere', async () => {
    const c = await newCase();
    const plan = await draft(c);
    const content = { goals: [{ goal: GOAL, signs: SIGNS }], tovholder: TOVHOLDER, evaluationDate: '2030-03-06' };
    const saved = await plans.withLockedPlan(plan.id, (p, tx) =>
      tx.saveVersion(p.id, { content, savedBy: c.ownerAadId, expectedVersion: 0, evaluationDate: '2030-03-06', tovholderName: TOVHOLDER }),
    );
    if (!saved?.ok) throw new Error('save failed');
    // What the transaction answers is clear.
    expect(saved.plan.tovholderName).toBe(TOVHOLDER);
    expect(saved.version.content).toEqual(content);

    const evaluated = await plans.withLockedPlan(plan.id, (p, tx) =>
      tx.markEvaluated(p.id, { evaluatedBy: c.ownerAadId, content: { summary: EVALUATION }, nextEvaluationDate: '2030-06-01' }),
    );
    if (!evaluated?.ok) throw new Error('evaluation failed');
    expect(evaluated.evaluation.content).toEqual({ summary: EVALUATION });
    expect(evaluated.plan.tovholderName).toBe(TOVHOLDER);

    // At rest: an enc:v1 string, and JSON sealed whole; no word of the clear text.
    const { tovholder_name } = await rawPlan(plan.id);
    expect(tovholder_name).toMatch(/^enc:v1:/);
    expect(isSealed(tovholder_name)).toBe(true);
    const [version] = await rawVersions(plan.id);
    const [evaluation] = await rawEvaluations(plan.id);
    for (const raw of [version, evaluation]) {
      expect(Object.keys(raw as object)).toEqual(['$sealedValue']);
      expect((raw as { $sealedValue: string }).$sealedValue).toMatch(/^enc:v1:/);
    }
    expectNoClearText([tovholder_name, version, evaluation], TOVHOLDER, GOAL, SIGNS, EVALUATION);
    expect(openAny(database.keys, version)).toEqual(content);

    // Every read opens them.
    expect((await plans.get(plan.id))?.tovholderName).toBe(TOVHOLDER);
    expect((await plans.listForCase(c.id)).map((p) => p.tovholderName)).toEqual([TOVHOLDER]);
    expect((await plans.version(plan.id, 1))?.content).toEqual(content);
    expect((await plans.versions(plan.id)).map((v) => v.content)).toEqual([content]);
    expect((await plans.evaluations(plan.id)).map((e) => e.content)).toEqual([{ summary: EVALUATION }]);
    const due = await plans.dueForEvaluation('2030-06-01', { tenantId: c.tenantId });
    expect(due.map((p) => [p.id, p.tovholderName])).toEqual([[plan.id, TOVHOLDER]]);
    // A tovholder cleared on a later save is null, not a sealed empty value.
    const cleared = await plans.withLockedPlan(plan.id, (p, tx) =>
      tx.saveVersion(p.id, { content, savedBy: c.ownerAadId, expectedVersion: 1, tovholderName: null }),
    );
    expect(cleared?.ok && cleared.plan.tovholderName).toBeNull();
    expect((await rawPlan(plan.id)).tovholder_name).toBeNull();
  });

  it('cleans a NUL and a lone surrogate before sealing, as the clear column did', async () => {
    const c = await newCase();
    const plan = await draft(c);
    const saved = await plans.withLockedPlan(plan.id, (p, tx) =>
      tx.saveVersion(p.id, { content: { note: 'før\u0000efter \ud800 slut 😀' }, savedBy: c.ownerAadId, expectedVersion: 0 }),
    );
    const expected = { note: 'førefter \ufffd slut 😀' };
    expect(saved?.ok && saved.version.content).toEqual(expected);
    expect((await plans.version(plan.id, 1))?.content).toEqual(expected);
  });

  it('still reads a tovholder and contents written in clear before encryption', async () => {
    const c = await newCase();
    const plan = await draft(c);
    const legacy = { goals: [{ goal: GOAL }] };
    await sql`update plans set tovholder_name = ${TOVHOLDER}, status = 'gemt', current_version = 1, revision = 1,
      evaluation_date = '2030-03-06' where id = ${plan.id}`.execute(database.db);
    await sql`insert into plan_versions (plan_id, version, content, saved_by)
      values (${plan.id}, 1, ${JSON.stringify(legacy)}::jsonb, ${c.ownerAadId})`.execute(database.db);
    await sql`insert into plan_evaluations (plan_id, plan_version, plan_revision, content)
      values (${plan.id}, 1, 0, ${JSON.stringify({ summary: EVALUATION })}::jsonb)`.execute(database.db);
    expect((await rawPlan(plan.id)).tovholder_name).toBe(TOVHOLDER);

    expect((await plans.get(plan.id))?.tovholderName).toBe(TOVHOLDER);
    expect((await plans.version(plan.id, 1))?.content).toEqual(legacy);
    expect((await plans.evaluations(plan.id)).map((e) => e.content)).toEqual([{ summary: EVALUATION }]);
    // The next save writes sealed again, and the legacy version stays readable beside it.
    const saved = await plans.withLockedPlan(plan.id, (p, tx) =>
      tx.saveVersion(p.id, { content: legacy, savedBy: c.ownerAadId, expectedVersion: 1, tovholderName: TOVHOLDER }),
    );
    expect(saved?.ok).toBe(true);
    expect(isSealed((await rawPlan(plan.id)).tovholder_name)).toBe(true);
    expect((await plans.versions(plan.id)).map((v) => v.content)).toEqual([legacy, legacy]);
  });
});
