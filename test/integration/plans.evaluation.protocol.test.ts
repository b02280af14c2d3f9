/**
 * One evaluation card, one evaluation (issue 9), over the Bot Framework protocol on both
 * databases: an evaluation that continues the plan keeps its version and gives it a new date, so
 * the card's second click, twenty clicks at once, and the same card sent again with another date
 * must all find the plan evaluated, record nothing and move no date. A new evaluation card, drawn
 * after the evaluation, records the next one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import { storeTargets, startTestBot, LogCapture, type StoreTarget } from '../support/bot.js';
import {
  TeamsUser,
  actionByVerb,
  cardOf,
  inputIdsOf,
  inputValuesOf,
  invokeCard,
  textOf,
  type CardJson,
  type TurnResult,
} from '../support/teams.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { PlanRepository } from '../../src/plans/plan.repository.js';
import { draftUntil } from './plans/drafts.js';

/** The example directory's tenant (config/directory.example.yaml): the only one the bot serves. */
const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const lastCard = (r: TurnResult) => ({ card: cardOf(r.sent.at(-1)), id: r.sent.at(-1)?.id ?? '' });

const CHILD_NO_PLAN: Record<string, string> = {
  pseudonym: 'E.V., 5.A',
  scope: 'barn',
  areas: 'trivsel',
  safety: '',
  data: 'observationer,elevsamtale',
  childPerspective: 'true',
  teamDiscussed: 'true',
  plan: 'ingen',
  parents: 'inddraget',
};

/** 'YYYY-MM-DD', `days` from today (the evaluation card warns outside 4–12 weeks, it does not refuse). */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.each(storeTargets())('one evaluation card, one evaluation, on $name', ({ make }) => {
  let connector: FakeConnector;
  let store: StoreTarget;
  let database: Database;
  let bot: Bot;
  let url: string;

  beforeAll(async () => {
    connector = await startFakeConnector();
    store = make();
    database = await store.open();
    ({ bot, url } = await startTestBot(store, {}, new LogCapture(), { database }));
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  const teacher = () => new TeamsUser(url, connector, { aadObjectId: crypto.randomUUID(), tenantId: TENANT, name: 'Mette Lund' });

  /** A new case with a saved plan for the child; returns its evaluation card and the plan's id. */
  async function evaluationCard(user: TeamsUser): Promise<{ card: CardJson; id: string; planId: string }> {
    let step = lastCard(await user.say('ny bekymring'));
    while (step.card && inputIdsOf(step.card).length > 0) {
      const inputs = Object.fromEntries(
        inputIdsOf(step.card)
          .filter((f) => f in CHILD_NO_PLAN)
          .map((f) => [f, CHILD_NO_PLAN[f]!]),
      );
      step = lastCard(await user.execute(step.id, actionByVerb(step.card, 'intake.answer'), inputs));
    }
    const child = (await draftUntil(user, { card: step.card!, id: step.id }, 'Mål- og indsatsplan for barnet')).at(-1)!;
    const saved = invokeCard(
      (
        await user.execute(child.id, actionByVerb(child.card, 'plan.save'), {
          ...inputValuesOf(child.card),
          childVoice: 'E.V. siger, at pauserne er svære.',
          parentsVoice: 'ikke indhentet endnu',
        })
      ).body,
    )!;
    expect(textOf(saved)).toContain('Version 1');
    return { ...(await openEvaluation(user, saved, child.id)), planId: String(actionByVerb(saved, 'plan.save').data!.planId) };
  }

  async function openEvaluation(user: TeamsUser, planCard: CardJson, id: string): Promise<{ card: CardJson; id: string }> {
    const evaluation = lastCard(await user.execute(id, actionByVerb(planCard, 'plan.evaluate')));
    expect(textOf(evaluation.card)).toContain('Evaluering af planen');
    return evaluation as { card: CardJson; id: string };
  }

  /** The evaluation card's Gem with "fortsæt" (the plan keeps running until `date`). */
  const continueUntil = (card: CardJson, date: string) => ({
    ...inputValuesOf(card),
    goal1Result: 'delvist',
    goal1Observed: 'Lidt bedre.',
    decision: 'fortsaet',
    evaluationDate: date,
  });

  it('records one evaluation for two clicks of the same card, and the card sent again with another date moves nothing', async () => {
    const user = teacher();
    const evaluation = await evaluationCard(user);
    const plans = new PlanRepository(database);
    const save = actionByVerb(evaluation.card, 'plan.evaluation.save');
    const first = inDays(42);
    const due = (await plans.get(evaluation.planId))!.evaluationDate;

    const done = await user.execute(evaluation.id, save, continueUntil(evaluation.card, first));
    expect(textOf(invokeCard(done.body))).toContain('Evalueringen er gemt');
    expect(await plans.get(evaluation.planId)).toMatchObject({ status: 'gemt', evaluationDate: first, currentVersion: 1 });

    const again = await user.execute(evaluation.id, save, continueUntil(evaluation.card, first));
    expect(textOf(invokeCard(again.body))).toContain('Allerede evalueret');
    const otherDate = await user.execute(evaluation.id, save, continueUntil(evaluation.card, inDays(70)));
    expect(textOf(invokeCard(otherDate.body))).toContain('Allerede evalueret');

    expect(await plans.evaluations(evaluation.planId)).toHaveLength(1);
    expect(await plans.get(evaluation.planId)).toMatchObject({ status: 'gemt', evaluationDate: first });

    // The next evaluation, from a card drawn after the first one, is recorded.
    const planCard = cardOf(
      (
        await user.execute('case', {
          type: 'Action.Execute',
          verb: 'plan.open',
          data: { caseId: save.data!.caseId, planId: evaluation.planId },
        })
      ).sent[0],
    )!;
    const next = await openEvaluation(user, planCard, 'plan');
    const second = inDays(84);
    const recorded = await user.execute(next.id, actionByVerb(next.card, 'plan.evaluation.save'), continueUntil(next.card, second));
    expect(textOf(invokeCard(recorded.body))).toContain('Evalueringen er gemt');
    // Each evaluation records the date that was due: the plan's first, then the one the first evaluation set.
    expect((await plans.evaluations(evaluation.planId)).map((e) => e.evaluationDate)).toEqual([due, first]);
    expect(await plans.get(evaluation.planId)).toMatchObject({ status: 'gemt', evaluationDate: second });
  });

  it('records one evaluation for twenty clicks of the same card at once', async () => {
    const user = teacher();
    const evaluation = await evaluationCard(user);
    const save = actionByVerb(evaluation.card, 'plan.evaluation.save');
    const date = inDays(42);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => user.execute(evaluation.id, save, continueUntil(evaluation.card, date))),
    );
    const texts = answers.map((a) => textOf(invokeCard(a.body)));
    expect(texts.filter((t) => t.includes('Evalueringen er gemt'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Allerede evalueret'))).toHaveLength(19);
    const plans = new PlanRepository(database);
    expect(await plans.evaluations(evaluation.planId)).toHaveLength(1);
    expect(await plans.get(evaluation.planId)).toMatchObject({ status: 'gemt', evaluationDate: date });
  });
});
