/**
 * Recording PKU's decision on both databases: who may, only at the referral, a stale card, the
 * form's checks, and what each decision does to the case (its answers, its next recommendation and
 * its ladder history, all in one transaction).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseAccess } from '../../../src/access/case-access.js';
import { CaseRepository, type CaseRecord } from '../../../src/cases/case.repository.js';
import { PkuDecisionRepository } from '../../../src/cases/pku-decision.repository.js';
import { PKU_MESSAGES, PkuDecisionService, type PkuDecisionCommand } from '../../../src/cases/pku-decision.service.js';
import type { Database } from '../../../src/db/database.js';
import { DirectoryLookup } from '../../../src/directory/lookup.js';
import { EXAMPLE_DIRECTORY_FILE, loadDirectory } from '../../../src/directory/load.js';
import type { Intake } from '../../../src/domain/intake.js';
import { IDENTIFIER_REFUSAL } from '../../../src/domain/identifiers.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';
import { CHILD_READY } from '../../support/intakes.js';
import { databaseTargets } from '../../support/db.js';
import { PlanRepository } from '../../../src/plans/plan.repository.js';
import { PlanService } from '../../../src/plans/plan.service.js';
import { planToCardValues, type PlanContent } from '../../../src/domain/plans/index.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const METTE = { tenantId: TENANT, userId: '1153f4b6-99f1-4c0d-94fd-862b111a2ad1' }; // teacher of 4.B, owner
const ANDERS = { tenantId: TENANT, userId: '9f8692bc-8bea-48d9-9a5c-9c7fc320ce73' }; // also in 4.B's team
const HANNE = { tenantId: TENANT, userId: '236cee5c-70dc-43b6-beab-6914a28f3172' }; // leader of Fjordbakkeskolen
const KAREN = { tenantId: TENANT, userId: '77107fff-989a-4c47-90ee-7aeac992bca0' }; // leader of another school
const NOW = new Date('2027-03-10T10:00:00Z');

const READY: Intake = CHILD_READY;

describe.each(databaseTargets())('PkuDecisionService on $name', (target) => {
  let database: Database;
  let cases: CaseRepository;
  let decisions: PkuDecisionRepository;
  let service: PkuDecisionService;

  beforeAll(async () => {
    database = await target.open();
    cases = new CaseRepository(database);
    decisions = new PkuDecisionRepository(database);
    const access = new CaseAccess(() => new DirectoryLookup(loadDirectory(EXAMPLE_DIRECTORY_FILE)));
    service = new PkuDecisionService(cases, decisions, access, defaultPlaybook(), () => NOW);
  });
  afterAll(() => target.cleanup());

  async function referredCase(intake: Intake = READY): Promise<CaseRecord> {
    const c = await cases.create({ tenantId: TENANT, ownerAadId: METTE.userId, schoolId: 'fjordbakke', teamId: '4b' });
    return (await cases.withLockedCase(c.id, (_c, tx) => tx.update(c.id, { intake, pendingField: null, pseudonym: 'A.B., 4.B' })))!;
  }
  const command = (c: CaseRecord, over: Partial<PkuDecisionCommand> = {}): PkuDecisionCommand => ({
    caseId: c.id,
    seq: c.seq,
    decision: 'afslag',
    decidedOn: '2027-03-01',
    remarks: '',
    ...over,
  });

  it('returneret sends the case back to foregribende with the remarks as the first todo, in its history', async () => {
    const c = await referredCase();
    const outcome = await service.record(
      HANNE,
      command(c, { decision: 'returneret', remarks: '  Beskriv barnets perspektiv  ' }),
      'Hanne Lykke',
    );
    expect(outcome.kind).toBe('recorded');
    if (outcome.kind !== 'recorded') return;
    expect(outcome.decision).toMatchObject({
      decision: 'returneret',
      decidedOn: '2027-03-01',
      remarks: 'Beskriv barnets perspektiv',
      recordedBy: 'Hanne Lykke',
    });
    expect([outcome.recommendation?.level, outcome.recommendation?.step]).toEqual(['foregribende', 'evaluer-plan']);
    expect(outcome.recommendation?.todo[0]).toBe("Følg op på PKU's bemærkninger: Beskriv barnets perspektiv");
    expect(outcome.case.intake).toMatchObject({ adviserEffect: 'ikke-endnu' });
    expect(outcome.case.seq).toBe(c.seq + 1);
    const history = await cases.ladderHistory(c.id);
    expect(history.at(-1)).toMatchObject({
      reason: 'pku-decision',
      level: 'foregribende',
      step: 'evaluer-plan',
      pkuDecisionId: outcome.decision.id,
    });
    expect(await decisions.latest(c.id)).toEqual(outcome.decision);
  });

  it('enkeltintegreret continues like bistand-paa-skolen; the owning teacher may record it', async () => {
    const c = await referredCase();
    const outcome = await service.record(METTE, command(c, { decision: 'enkeltintegreret' }), 'Mette Kjær');
    expect(outcome.kind === 'recorded' && outcome.recommendation?.step).toBe('bistand-paa-skolen');
  });

  it('specialtilbud keeps the case at the referral and makes it a placement to revisit', async () => {
    const c = await referredCase();
    const outcome = await service.record(HANNE, command(c, { decision: 'specialtilbud', decidedOn: '2027-02-15' }), 'Hanne Lykke');
    expect(outcome.kind === 'recorded' && [outcome.recommendation?.level, outcome.recommendation?.step]).toEqual([
      'indgribende',
      'henvisning-pku',
    ]);
    const placements = await decisions.placements(TENANT);
    expect(placements.filter((p) => p.caseId === c.id)).toEqual([
      {
        caseId: c.id,
        ownerAadId: METTE.userId,
        schoolId: 'fjordbakke',
        pseudonym: 'A.B., 4.B',
        decisionId: expect.any(String),
        decidedOn: '2027-02-15',
      },
    ]);
    // A later decision (the placement ended, the case returned) replaces it.
    const again = (await cases.get(c.id))!;
    await service.record(HANNE, command(again, { decision: 'enkeltintegreret', decidedOn: '2027-03-09' }), 'Hanne Lykke');
    expect((await decisions.placements(TENANT)).filter((p) => p.caseId === c.id)).toEqual([]);
  });

  it('refuses a team member who does not own the case, and a leader of another school, as not found', async () => {
    const c = await referredCase();
    expect((await service.record(ANDERS, command(c), 'Anders')).kind).toBe('not-found');
    expect((await service.record(KAREN, command(c), 'Karen')).kind).toBe('not-found');
    expect(await decisions.listForCase(c.id)).toEqual([]);
  });

  it('records nothing on a case that is not at the referral, or from a stale card', async () => {
    const early = await referredCase({ ...READY, psychologistAgrees: false });
    expect((await service.record(HANNE, command(early), 'Hanne')).kind).toBe('not-at-referral');
    const c = await referredCase();
    expect((await service.record(HANNE, command(c, { seq: c.seq - 1 }), 'Hanne')).kind).toBe('stale');
    const first = await service.record(HANNE, command(c, { decision: 'specialtilbud' }), 'Hanne');
    expect(first.kind).toBe('recorded');
    // The same card clicked twice: already recorded, nothing new.
    expect((await service.record(HANNE, command(c, { decision: 'specialtilbud' }), 'Hanne')).kind).toBe('already-recorded');
    expect(await decisions.listForCase(c.id)).toHaveLength(1);
  });

  it("lets a leader who also teaches on the case's team record it", async () => {
    const directory = loadDirectory(EXAMPLE_DIRECTORY_FILE);
    const team = directory.schools.find((school) => school.id === 'fjordbakke')!.teams.find((t) => t.id === '4b')!;
    team.members.push(HANNE.userId);
    const both = new PkuDecisionService(
      cases,
      decisions,
      new CaseAccess(() => new DirectoryLookup(directory)),
      defaultPlaybook(),
      () => NOW,
    );
    const c = await referredCase();
    expect(new CaseAccess(() => new DirectoryLookup(directory)).reasonFor(HANNE, c)).toBe('team');
    expect(both.mayRecord(HANNE, c)).toBe(true);
    expect(both.mayRecord(ANDERS, c)).toBe(false);
    expect((await both.record(HANNE, command(c), 'Hanne')).kind).toBe('recorded');
  });

  it('records nothing on a cancelled case, and says a form sent twice is already recorded', async () => {
    const cancelled = await referredCase();
    const closed = (await cases.withLockedCase(cancelled.id, (_c, tx) => tx.update(cancelled.id, { status: 'annulleret' })))!;
    expect(service.atReferral(closed)).toBe(false);
    expect((await service.record(HANNE, command(closed), 'Hanne')).kind).toBe('not-at-referral');
    const c = await referredCase();
    const first = await service.record(HANNE, command(c, { decision: 'specialtilbud', decidedOn: '2027-02-01' }), 'Hanne');
    expect(first.kind).toBe('recorded');
    const twice = await service.record(HANNE, command(c, { decision: 'specialtilbud', decidedOn: '2027-02-01' }), 'Hanne');
    expect(twice.kind === 'already-recorded' && twice.decision.id).toBe(first.kind === 'recorded' && first.decision.id);
    // Another decision from the same old card is not the same form: stale.
    expect((await service.record(HANNE, command(c, { decision: 'afslag' }), 'Hanne')).kind).toBe('stale');
    expect(await decisions.listForCase(c.id)).toHaveLength(1);
  });

  it('keeps long remarks whole on the decision and within a todo line on the recommendation', async () => {
    const c = await referredCase();
    const remarks = `${'PKU beder skolen beskrive forældrenes perspektiv og evaluere mellemformen grundigt. '.repeat(12)}Slut.`.slice(
      0,
      1000,
    );
    const outcome = await service.record(HANNE, command(c, { decision: 'returneret', remarks }), 'Hanne');
    expect(outcome.kind).toBe('recorded');
    if (outcome.kind !== 'recorded') return;
    expect(outcome.decision.remarks).toBe(remarks.trim());
    const todo = outcome.recommendation!.todo[0]!;
    expect(Array.from(todo).length).toBeLessThanOrEqual(300);
    expect(todo).toMatch(/^Følg op på PKU's bemærkninger: PKU beder skolen/);
    expect(todo.endsWith(' … (se sagen)')).toBe(true);
  });

  it("ends the exported referral with PKU's decision on it, not with a decision on an earlier referral", async () => {
    const plansRepo = new PlanRepository(database);
    const access = new CaseAccess(() => new DirectoryLookup(loadDirectory(EXAMPLE_DIRECTORY_FILE)));
    const plans = new PlanService(
      cases,
      plansRepo,
      defaultPlaybook(),
      access,
      () => NOW,
      () => null,
      (caseId) => decisions.latest(caseId),
    );
    const c = await referredCase();
    const saveReferral = async () => {
      const outcome = await plans.draftForCase(METTE, c.id, 'Mette Kjær', 'henvisning-pku');
      const draft = outcome?.kind === 'drafted' ? outcome.view : null;
      const values = {
        ...planToCardValues('henvisning-pku', draft!.content as PlanContent<'henvisning-pku'>),
        ppvRecommendations: 'Et mindre læringsfællesskab.',
        childVoice: 'A.B. vil have ro.',
        parentsVoice: 'Forældrene er enige.',
      };
      const saved = await plans.save(METTE, { caseId: c.id, planId: draft!.plan.id, seq: 0, values });
      if (saved.kind !== 'saved') throw new Error(JSON.stringify(saved.kind === 'invalid' ? saved.errors : saved.kind));
      return draft!.plan.id;
    };
    const referral = await saveReferral();
    expect(await plans.export(METTE, referral)).not.toContain("## PKU's afgørelse");
    await service.record(HANNE, command((await cases.get(c.id))!, { decision: 'specialtilbud', decidedOn: '2027-02-15' }), 'Hanne');
    const exported = (await plans.export(METTE, referral))!;
    expect(exported).toContain("## PKU's afgørelse");
    expect(exported).toContain('Specialiseret skoletilbud, 15. februar 2027.');
    expect(exported).toContain('Revisitation: 15. januar 2028 og 15. januar 2029');
    // A new referral made after that decision does not end with it.
    const content = (await plansRepo.version(referral, 1))!.content;
    const second = await plansRepo.createDraft(database.db, {
      caseId: c.id,
      templateId: 'henvisning-pku',
      title: 'Henvisning til PKU',
      createdBy: METTE.userId,
    });
    await plansRepo.withLockedPlan(second.id, (_p, tx) =>
      tx.saveVersion(second.id, { content, savedBy: METTE.userId, expectedVersion: 0 }),
    );
    expect(await plans.export(METTE, second.id)).not.toContain("## PKU's afgørelse");
  });

  it('checks the form: no date in the future, remarks for a returned referral, no CPR number', async () => {
    const c = await referredCase();
    const invalid = async (over: Partial<PkuDecisionCommand>) => {
      const outcome = await service.record(HANNE, command(c, over), 'Hanne');
      return outcome.kind === 'invalid' ? outcome.errors : outcome.kind;
    };
    expect(await invalid({ decidedOn: '2027-03-11' })).toEqual([{ field: 'decidedOn', message: PKU_MESSAGES.future }]);
    expect(await invalid({ decidedOn: '2020-01-01' })).toEqual([{ field: 'decidedOn', message: PKU_MESSAGES.beforeCase }]);
    expect(await invalid({ decision: 'returneret', remarks: '   ' })).toEqual([
      { field: 'remarks', message: PKU_MESSAGES.remarksRequired },
    ]);
    expect(await invalid({ decision: 'returneret', remarks: 'Barnet 120512–1234 skal …' })).toEqual([
      { field: 'remarks', message: IDENTIFIER_REFUSAL },
    ]);
    expect(await decisions.listForCase(c.id)).toEqual([]);
  });
});
