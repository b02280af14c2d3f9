/**
 * A case whose stored intake no longer parses (a value an older version wrote, a field that is
 * gone) does not crash a turn: the intake service resumes it, asks the dropped question again and
 * takes the answer, and "Mine sager" lists it, on every database target.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseAccess } from '../../../src/access/case-access.js';
import { CaseOverviewService } from '../../../src/cases/case-overview.service.js';
import { CaseRepository } from '../../../src/cases/case.repository.js';
import { IntakeService } from '../../../src/cases/intake.service.js';
import type { Database } from '../../../src/db/database.js';
import { toJsonb } from '../../../src/db/json.js';
import { EXAMPLE_DIRECTORY_FILE, loadDirectory } from '../../../src/directory/load.js';
import { DirectoryLookup } from '../../../src/directory/lookup.js';
import { PlanRepository } from '../../../src/plans/plan.repository.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';
import { databaseTargets } from '../../support/db.js';

const START = { description: 'Uro i timerne', scope: 'barn', areas: ['trivsel'], safety: [] };

describe.each(databaseTargets())('a stored intake that no longer parses on $name', (target) => {
  let database: Database;
  let cases: CaseRepository;
  const tenantId = `tenant-${randomUUID()}`;

  beforeAll(async () => {
    database = await target.open();
    cases = new CaseRepository(database);
  });
  afterAll(() => target.cleanup());

  /** A case waiting for childPerspective whose stored data source and an old key no longer parse. */
  async function storeBroken(userId: string): Promise<string> {
    const { id } = await database.db
      .insertInto('cases')
      .values({
        tenant_id: tenantId,
        owner_aad_id: userId,
        seq: 5,
        pending_field: 'childPerspective',
        intake: toJsonb({ ...START, data: ['en-kilde-der-ikke-findes-mere'], retired: true }),
        answer_order: toJsonb(['description', 'scope', 'areas', 'safety', 'data']),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  }

  it('is resumed with the dropped question asked again, and the answer is taken', async () => {
    const userId = randomUUID();
    const id = await storeBroken(userId);
    const intake = new IntakeService(cases, defaultPlaybook());
    const actor = { tenantId, userId };

    // The question on screen is still asked; answering it brings the dropped one back.
    expect(await intake.resume(actor)).toMatchObject({ kind: 'question', caseId: id, fields: ['childPerspective'], seq: 5 });
    const answered = await intake.answer(actor, { caseId: id, seq: 5, values: { childPerspective: 'true' } });
    expect(answered).toMatchObject({ kind: 'moved', screen: { kind: 'question', fields: ['data'], seq: 6 } });
    expect((await cases.get(id))!.intake).toEqual({ ...START, childPerspective: true });
    const again = await intake.answer(actor, { caseId: id, seq: 6, values: { data: 'observationer' } });
    expect(again.kind).toBe('moved');
    expect((await cases.get(id))!.intake).toEqual({ ...START, childPerspective: true, data: ['observationer'] });
  });

  it("is listed among the teacher's cases, placed by what is left", async () => {
    const userId = randomUUID();
    const id = await storeBroken(userId);
    const access = new CaseAccess(() => new DirectoryLookup(loadDirectory(EXAMPLE_DIRECTORY_FILE)));
    const overview = new CaseOverviewService(cases, new PlanRepository(database), defaultPlaybook(), access);
    const mine = await overview.listMine({ tenantId, userId });
    expect(mine.cases.map((s) => [s.case.id, s.level, s.step])).toEqual([[id, null, null]]);
  });
});
