/**
 * The plan service on every database target: from a recommendation to drafts, saved versions, a
 * double click, validation errors, another user's plan id, the evaluation that moves the case on
 * the ladder, and the Markdown export.
 */
import { CaseAccess } from '../../../src/access/case-access.js';
import { DirectoryLookup } from '../../../src/directory/lookup.js';
import { EXAMPLE_DIRECTORY_FILE, loadDirectory } from '../../../src/directory/load.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/database.js';
import { CaseRepository } from '../../../src/cases/case.repository.js';
import type { Actor } from '../../../src/domain/actor.js';
import { IntakeService, type Screen } from '../../../src/cases/intake.service.js';
import { intakeCardOf } from '../../../src/bot/intake.input.js';
import { planCardOf } from '../../../src/bot/plans.input.js';
import type { Parsed } from '../../../src/bot/input.js';
import { PlanRepository } from '../../../src/plans/plan.repository.js';
import { PlanService } from '../../../src/plans/plan.service.js';
import { copenhagenDate } from '../../../src/domain/calendar.js';
import { planToCardValues, type PlanContent, type PlanTemplateId } from '../../../src/domain/plans/index.js';
import { defaultPlaybook } from '../../../src/playbook/load.js';
import { databaseTargets } from '../../support/db.js';

const playbook = defaultPlaybook();

/** Card data read as the bot's edge reads it (src/bot/*.input.ts); these cards always parse. */
function read<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.value;
}
const NOW = new Date('2026-11-23T09:00:00Z');

/** Answers the intake card by card until the recommendation. */
async function intakeTo(
  intake: IntakeService,
  actor: Actor,
  answers: Record<string, string>,
): Promise<Extract<Screen, { kind: 'recommendation' }>> {
  let screen = await intake.start(actor);
  for (let i = 0; i < 25 && screen.kind === 'question'; i++) {
    const data: Record<string, unknown> = { caseId: screen.caseId, seq: screen.seq };
    for (const f of screen.fields) if (f in answers) data[f] = answers[f];
    const outcome = await intake.answer(actor, read(intakeCardOf(data)));
    if (outcome.kind !== 'moved') throw new Error(`intake stopped: ${outcome.kind}`);
    screen = outcome.screen;
  }
  if (screen.kind !== 'recommendation') throw new Error('no recommendation');
  return screen;
}

describe.each(databaseTargets())('PlanService on $name', (target) => {
  let database: Database;
  let cases: CaseRepository;
  let intake: IntakeService;
  let plans: PlanService;
  const teacher: Actor = { tenantId: 'tenant-a', userId: randomUUID() };

  beforeAll(async () => {
    database = await target.open();
    cases = new CaseRepository(database);
    intake = new IntakeService(cases, playbook);
    plans = new PlanService(
      cases,
      new PlanRepository(database),
      playbook,
      new CaseAccess(() => new DirectoryLookup(loadDirectory(EXAMPLE_DIRECTORY_FILE))),
      () => NOW,
    );
  });
  afterAll(() => target.cleanup());

  /** "Lav udkast" that drafts (one plan: the template asked for, or the step's first). */
  async function drafted(actor: Actor, caseId: string, templateId?: PlanTemplateId) {
    const outcome = await plans.draftForCase(actor, caseId, 'Mette Lund', templateId);
    if (outcome?.kind !== 'drafted') throw new Error(`expected a draft, got ${outcome?.kind ?? 'null'}`);
    return outcome;
  }

  const childConcern = {
    scope: 'barn',
    areas: 'trivsel',
    safety: '',
    data: 'observationer,elevsamtale',
    childPerspective: 'true',
    teamDiscussed: 'true',
    plan: 'ingen',
    parents: 'inddraget',
  };

  it('drafts, saves versions, refuses a double click, evaluates and moves the case on', async () => {
    const rec = await intakeTo(intake, teacher, childConcern);
    expect(rec.recommendation.step).toBe('udarbejd-plan');

    // One plan at a time: the step's first template, the next offered.
    const community = await drafted(teacher, rec.caseId);
    expect(community.view.plan.templateId).toBe('plan-faellesskab');
    expect(community.next).toEqual({ id: 'plan-barn', title: 'Mål- og indsatsplan for barnet' });
    const child = await drafted(teacher, rec.caseId, community.next!.id);
    expect(child.view.plan.templateId).toBe('plan-barn');
    expect(child.next).toBeNull();
    const barn = child.view;
    expect(barn.version).toBe(0);
    const draft = barn.content as PlanContent<'plan-barn'>;
    expect(draft.tovholder).toBe('Mette Lund');
    expect(draft.evaluationDate).toBe('2027-01-04'); // six weeks after 2026-11-23
    // At most two prefilled actions ("Hellere få indsatser end mange").
    expect(draft.actions.length).toBeGreaterThan(0);
    expect(draft.actions.length).toBeLessThanOrEqual(2);
    // Drafting twice reuses the same draft rows.
    expect((await drafted(teacher, rec.caseId)).view.plan.id).toBe(community.view.plan.id);
    expect((await drafted(teacher, rec.caseId, 'plan-barn')).view.plan.id).toBe(barn.plan.id);

    const values = {
      ...planToCardValues('plan-barn', draft),
      childVoice: 'A.B. siger, at frikvartererne er svære.',
      parentsVoice: 'ikke indhentet endnu',
    };
    const card = { caseId: rec.caseId, planId: barn.plan.id, seq: 0, ...values };
    const [first, second] = await Promise.all([plans.save(teacher, read(planCardOf(card))), plans.save(teacher, read(planCardOf(card)))]);
    const outcomes = [first.kind, second.kind].sort();
    expect(outcomes).toEqual(['already-saved', 'saved']);
    const saved = first.kind === 'saved' ? first : second;
    if (saved.kind !== 'saved') throw new Error('unreachable');
    expect(saved.view.version).toBe(1);
    expect(saved.notes.join(' ')).toContain('forældrenes perspektiv');

    // The case now has a plan for the child: the intake follows it up instead of asking for one.
    const afterSave = (await cases.get(rec.caseId))!;
    expect(afterSave.intake.plan).toBe('barn');
    // "Lav udkast" on a case with a saved plan: its plans (and the step's templates without one), no dead end.
    const listed = await plans.draftForCase(teacher, rec.caseId, 'Mette Lund');
    if (listed?.kind !== 'plans') throw new Error(`expected the plans, got ${listed?.kind}`);
    expect(listed.plans.map((p) => [p.templateId, p.currentVersion])).toEqual([['plan-barn', 1]]);
    expect(listed.undrafted.map((t) => t.id)).not.toContain('plan-barn');

    const v2 = await plans.save(
      teacher,
      read(
        planCardOf({ ...card, seq: 1, goal2: 'A.B. deltager i fælles lege', goal2Signs: 'A.B. leger med mindst to andre i frikvarteret' }),
      ),
    );
    expect(v2.kind).toBe('saved');
    expect((await plans.open(teacher, barn.plan.id, 1))!.content).toMatchObject({ goals: [expect.anything()] });
    expect(((await plans.open(teacher, barn.plan.id))!.content as PlanContent<'plan-barn'>).goals).toHaveLength(2);

    const evaluation = (await plans.evaluationDraft(teacher, barn.plan.id))!;
    expect(evaluation.content.goals).toHaveLength(2);
    const evalValues = planToCardValues('evaluering', {
      ...evaluation.content,
      goals: evaluation.content.goals.map((g) => ({ ...g, result: 'delvist' as const, observed: 'Lidt bedre i frikvartererne.' })),
      decision: 'naeste-skridt',
      decisionNote: 'Vi søger sparring hos PLC.',
    });
    const evaluated = await plans.evaluate(teacher, read(planCardOf({ caseId: rec.caseId, planId: barn.plan.id, seq: 2, ...evalValues })));
    expect(evaluated.kind).toBe('evaluated');
    const again = await plans.evaluate(teacher, read(planCardOf({ caseId: rec.caseId, planId: barn.plan.id, seq: 2, ...evalValues })));
    expect(again.kind).toBe('already-evaluated');
    const c = (await cases.get(rec.caseId))!;
    expect(c.intake.planEvaluated).toBe('delvist');
    // The plan's catalogue actions count as tried now.
    const planned = draft.actions.map((a) => playbook.actions.find((x) => x.title === a.title)?.id).filter(Boolean);
    expect(planned.length).toBeGreaterThan(0);
    expect([...(c.intake.tried as string[])].sort()).toEqual([...planned].sort());
    // The intake asks what the next rule still needs (who gave sparring), then gives the next step.
    expect(evaluated.kind === 'evaluated' && evaluated.recommendation).toBe(null);
    expect(c.pendingField).toBe('advisers');
    let screen = (await intake.resume(teacher))!;
    const asked: string[] = [];
    const more: Record<string, string> = { tried: 'co-teaching', advisers: '' };
    while (screen.kind === 'question') {
      asked.push(...screen.fields);
      const data: Record<string, unknown> = { caseId: rec.caseId, seq: screen.seq };
      for (const f of screen.fields) data[f] = more[f];
      const moved = await intake.answer(teacher, read(intakeCardOf(data)));
      if (moved.kind !== 'moved') throw new Error(moved.kind);
      screen = moved.screen;
    }
    expect(asked).toEqual(['advisers']);
    expect(screen.recommendation.step).toBe('sparring-plc');
    expect(screen.recommendation.level).toBe('foregribende');
    const history = await cases.ladderHistory(rec.caseId);
    expect(history.map((h) => h.step)).toEqual(['udarbejd-plan', 'sparring-plc']);
  });

  it('shows errors next to the fields and stores nothing when the plan is incomplete', async () => {
    const rec = await intakeTo(intake, teacher, childConcern);
    const barn = (await drafted(teacher, rec.caseId, 'plan-barn')).view;
    const values = {
      ...planToCardValues('plan-barn', barn!.content as PlanContent<'plan-barn'>),
      goal1: '',
      goal1Signs: '',
      tovholder: '',
      childVoice: 'ok',
      parentsVoice: 'ok',
    };
    const outcome = await plans.save(teacher, read(planCardOf({ caseId: rec.caseId, planId: barn!.plan.id, seq: 0, ...values })));
    expect(outcome.kind).toBe('invalid');
    if (outcome.kind !== 'invalid') return;
    expect(outcome.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['tovholder']));
    expect(outcome.values.childVoice).toBe('ok');
    expect(await plans.open(teacher, barn!.plan.id)).toBeNull(); // still a draft: nothing saved
  });

  it("drafts the sagsfremstilling at the leader's decision, with the leader's decision left open", async () => {
    const rec = await intakeTo(intake, teacher, {
      ...childConcern,
      plan: 'begge',
      tried: '',
      planEvaluated: 'delvist',
      advisers: 'plc,raadgivende-team',
      adviserEffect: 'virker-ikke',
      networkMeetingHeld: 'true',
      ppv: 'foreligger',
      leaderDecision: 'ikke-truffet',
    });
    expect(rec.recommendation.step).toBe('afgoerelse');
    const outcome = await drafted(teacher, rec.caseId);
    expect(outcome.unavailable).toEqual([]);
    expect(outcome.view.plan.templateId).toBe('sagsfremstilling');
    expect(outcome.next).toBeNull();
    expect(outcome.view.content).toMatchObject({ decision: null, hearingDate: null, ppvRecommendations: '' });
    expect((await new PlanRepository(database).listForCase(rec.caseId)).map((p) => p.templateId)).toEqual(['sagsfremstilling']);
  });

  it('saves nothing once the case is closed, also when the close came after the card was drawn (checked under the lock)', async () => {
    const rec = await intakeTo(intake, teacher, childConcern);
    const community = (await drafted(teacher, rec.caseId)).view;
    const card = {
      caseId: rec.caseId,
      planId: community!.plan.id,
      seq: 0,
      ...planToCardValues('plan-faellesskab', community!.content as PlanContent<'plan-faellesskab'>),
    };
    // The close wins the race: it is committed between the bot's closed-case guard and this save.
    await cases.withLockedCase(rec.caseId, (c, tx) =>
      tx.update(c.id, { status: 'afsluttet', closed: { at: NOW, by: teacher.userId, reason: 'flyttet', note: null } }),
    );
    const outcome = await plans.save(teacher, read(planCardOf(card)));
    expect(outcome).toEqual({ kind: 'closed', closed: { at: NOW, by: teacher.userId, reason: 'flyttet', note: null } });
    expect(await plans.open(teacher, community!.plan.id)).toBeNull(); // still a draft: nothing saved
    expect((await plans.evaluate(teacher, read(planCardOf(card)))).kind).toBe('closed');
  });

  it("refuses another user's plan, whatever ids the card carries", async () => {
    const rec = await intakeTo(intake, teacher, childConcern);
    const community = (await drafted(teacher, rec.caseId)).view;
    const intruder: Actor = { tenantId: 'tenant-a', userId: randomUUID() };
    expect(await plans.draftForCase(intruder, rec.caseId, 'X')).toBeNull();
    expect(await plans.draftForCase(intruder, rec.caseId, 'X', 'plan-barn')).toBeNull();
    const card = {
      caseId: rec.caseId,
      planId: community!.plan.id,
      seq: 0,
      ...planToCardValues('plan-faellesskab', community!.content as PlanContent<'plan-faellesskab'>),
    };
    expect((await plans.save(intruder, read(planCardOf(card)))).kind).toBe('not-found');
    expect(await plans.open(intruder, community!.plan.id)).toBeNull();
    expect(await plans.export(intruder, community!.plan.id)).toBeNull();
    // A plan id paired with another case id is not found either.
    const other = await intakeTo(intake, teacher, childConcern);
    expect((await plans.save(teacher, read(planCardOf({ ...card, caseId: other.caseId })))).kind).toBe('not-found');
  });

  it('exports a saved plan as Markdown without CPR numbers and refuses CPR in the card', async () => {
    const rec = await intakeTo(intake, teacher, childConcern);
    const community = (await drafted(teacher, rec.caseId)).view;
    const values = planToCardValues('plan-faellesskab', community!.content as PlanContent<'plan-faellesskab'>);
    const withCpr = await plans.save(
      teacher,
      read(planCardOf({ caseId: rec.caseId, planId: community!.plan.id, seq: 0, ...values, concern: 'A.B. 150312-4321 er ked af det' })),
    );
    expect(withCpr.kind).toBe('invalid');
    expect(JSON.stringify(withCpr)).not.toContain('150312-4321');
    expect((await plans.save(teacher, read(planCardOf({ caseId: rec.caseId, planId: community!.plan.id, seq: 0, ...values })))).kind).toBe(
      'saved',
    );
    const markdown = (await plans.export(teacher, community!.plan.id))!;
    expect(markdown).toContain('# Mål- og indsatsplan for læringsfællesskabet');
    expect(markdown).toContain('Version 1');
  });

  it('knows the date in Copenhagen', () => {
    expect(copenhagenDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(copenhagenDate(new Date('2026-07-01T21:59:00Z'))).toBe('2026-07-01');
  });
});
