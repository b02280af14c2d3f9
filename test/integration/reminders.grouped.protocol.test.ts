/**
 * Protocol tests of issue 12's reminder points, through the real bot (HTTP server, CloudAdapter,
 * Teams AI app, database) with a simulated clock and the fake Bot Connector:
 * - several plans due for one person at the same time come as ONE card, each plan with its case
 *   heading and its own buttons; a plan added later joins it; planning again sends nothing twice;
 * - "Udskyd en uge" moves the evaluation a week, to a school day of the school's calendar, and the
 *   card says the new date plainly; a stale button moves nothing;
 * - the weekly digest shows the requests for sparring waiting for an adviser apart from those in
 *   progress, and is red only where there is something to act on.
 * People come from the example directory (Fjordbakkeskolen: leaders Hanne Lykke and Per Damgaard,
 * Mette Kjær teaches 4.B and 5.A, Lise Bruun is its PLC adviser).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector, type RecordedActivity } from '../support/connector.js';
import { cardOf, invokeCard, textOf, TeamsUser, type CardAction, type CardJson } from '../support/teams.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { CaseRepository } from '../../src/cases/case.repository.js';
import { PlanRepository } from '../../src/plans/plan.repository.js';
import { draftPlan } from '../../src/domain/plans/index.js';
import { defaultPlaybook } from '../../src/playbook/load.js';
import { OutboxRepository } from '../../src/dispatch/outbox.repository.js';
import { SparringRepository } from '../../src/sparring/sparring.repository.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const HANNE = { aadObjectId: '236cee5c-70dc-43b6-beab-6914a28f3172', name: 'Hanne Lykke' }; // leader, Fjordbakkeskolen
const PER = { aadObjectId: 'fdc3ec0d-7713-4dba-99d8-5d90c0da4a86', name: 'Per Damgaard' }; // leader, Fjordbakkeskolen
const METTE = { aadObjectId: '1153f4b6-99f1-4c0d-94fd-862b111a2ad1', name: 'Mette Kjær' }; // teacher 4.B and 5.A
const LISE = { aadId: '1a6d41a7-3b1d-4a39-a706-e2cb56e6da4d', name: 'Lise Bruun' }; // PLC adviser, Fjordbakkeskolen

/** Copenhagen is UTC+1 in winter: 07:30 there is 06:30 UTC. */
const at = (iso: string) => new Date(iso);

/** Every Action.Execute in a card, body (ActionSets) and actions alike. */
function executes(card: CardJson | null | undefined): CardAction[] {
  const out: CardAction[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'Action.Execute') out.push(n as unknown as CardAction);
    for (const [key, value] of Object.entries(n)) if (key !== 'fallback') walk(value);
  };
  walk(card);
  return out;
}

/** The button `verb` of one plan on a (grouped) reminder card. */
function button(card: CardJson | null | undefined, verb: string, planId: string): CardAction | undefined {
  return executes(card).find((a) => a.verb === verb && (a.data as Record<string, unknown> | undefined)?.planId === planId);
}

/** The plans' titles by id (savedPlan gives each plan a title of its own). */
const titles = new Map<string, string>();

/** The texts of the card's line for `planId`: the container in the body with the plan's title. */
function planLine(card: CardJson | null | undefined, planId: string): string {
  const containers = ((card?.body ?? []) as CardJson[]).filter((n) => n.type === 'Container');
  const line = containers.find((c) => JSON.stringify(c).includes(`"text":"${titles.get(planId)}"`));
  return line ? textOf({ type: 'AdaptiveCard', body: [line] }) : '';
}

describe.each(storeTargets())('grouped reminders, "Udskyd en uge" and the digest on $name', ({ make }) => {
  let store: StoreTarget;
  let database: Database;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  let now = at('2027-01-13T12:00:00Z');
  const log = new LogCapture();
  const user = (who: { aadObjectId: string; name: string }) =>
    new TeamsUser(url, connector, { ...who, tenantId: TENANT }, `a:personal-${who.aadObjectId}`);
  const to = (who: { aadObjectId: string }, list: RecordedActivity[]) =>
    list.filter((a) => a.conversationId === `a:personal-${who.aadObjectId}`);
  const reminders = (list: RecordedActivity[]) => list.filter((a) => textOf(cardOf(a)).includes('Påmindelse'));
  const digests = (list: RecordedActivity[]) => list.filter((a) => textOf(cardOf(a)).includes('Ugeoversigt'));

  /** Plans and sends what is due at `now` (as the instance's timers would). */
  async function runJobs(): Promise<RecordedActivity[]> {
    const before = connector.activities.length;
    await bot.jobs.planner.tick(now);
    await bot.jobs.dispatcher.runOnce();
    return connector.activities.slice(before);
  }

  /** A saved plan of a new case of Mette's at Fjordbakkeskolen, evaluated on `date`; Mette is its tovholder. */
  async function savedPlan(date: string, pseudonym: string, teamId: '4b' | '5a'): Promise<{ caseId: string; planId: string }> {
    const cases = new CaseRepository(database);
    const plans = new PlanRepository(database);
    const c = await cases.create({ tenantId: TENANT, ownerAadId: METTE.aadObjectId, schoolId: 'fjordbakke', teamId });
    await cases.withLockedCase(c.id, (_c, tx) => tx.update(c.id, { pseudonym }));
    const draft = await plans.createDraft(database.db, {
      caseId: c.id,
      templateId: 'plan-barn',
      title: `Mål- og indsatsplan for ${pseudonym}`,
      createdBy: METTE.aadObjectId,
    });
    await plans.withLockedPlan(draft.id, (_p, tx) =>
      tx.saveVersion(draft.id, {
        content: draftPlan('plan-barn', { scope: 'barn', areas: ['trivsel'], safety: [] }, defaultPlaybook(), {
          pseudonym,
          tovholder: METTE.name,
          today: '2026-12-07',
        }) as Record<string, unknown>,
        savedBy: METTE.aadObjectId,
        expectedVersion: 0,
        evaluationDate: date,
        tovholderAadId: METTE.aadObjectId,
        tovholderName: METTE.name,
      }),
    );
    titles.set(draft.id, draft.title);
    return { caseId: c.id, planId: draft.id };
  }

  const planOf = async (planId: string) => (await new PlanRepository(database).get(planId))!;

  beforeAll(async () => {
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, {}, log, { database, clock: () => now, startJobs: false }));
    for (const who of [HANNE, PER, METTE]) await user(who).install();
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  let p1: { caseId: string; planId: string };
  let p2: { caseId: string; planId: string };
  let p3: { caseId: string; planId: string };

  it('sends the plans due for one person at the same time as ONE card, each with its case and its own buttons; a plan added later joins it', async () => {
    p1 = await savedPlan('2027-01-18', 'A.B., 4.B', '4b');
    p2 = await savedPlan('2027-01-18', 'C.D., 5.A', '5a');
    expect(await runJobs()).toEqual([]); // Wednesday noon: the "due soon" reminders wait for Thursday 07:30

    // Each plan's own reminder is planned under its own key, then merged into one row per person.
    const outbox = new OutboxRepository(database);
    const own = await outbox.findByKey(`eval:${p1.planId}:2027-01-18:due-soon:${METTE.aadObjectId}`);
    expect(own).toMatchObject({ state: 'cancelled', lastError: 'samlet på ét kort' });

    now = at('2027-01-13T20:00:00Z'); // a third plan, saved in the evening, due the same Monday
    p3 = await savedPlan('2027-01-18', 'E.F., 4.B', '4b');
    expect(await runJobs()).toEqual([]);

    now = at('2027-01-14T06:25:00Z'); // Thursday 07:25: not yet
    expect(await runJobs()).toEqual([]);
    now = at('2027-01-14T06:31:00Z'); // Thursday 07:31: two school days before Monday 18 January
    const sent = reminders(await runJobs());
    for (const who of [HANNE, PER, METTE]) {
      const mine = to(who, sent);
      expect(mine).toHaveLength(1);
      const card = cardOf(mine[0]);
      expect(textOf(card)).toContain('3 planer skal evalueres');
      for (const [plan, heading] of [
        [p1, 'Sag: A.B., 4.B · 4.B'],
        [p2, 'Sag: C.D., 5.A · 5.A'],
        [p3, 'Sag: E.F., 4.B · 4.B'],
      ] as const) {
        expect(planLine(card, plan.planId)).toContain(heading);
        expect(planLine(card, plan.planId)).toContain('Evalueres mandag 18. januar 2027 (om to skoledage)');
        for (const verb of ['plan.evaluate', 'reminder.snooze', 'reminder.done'])
          expect(button(card, verb, plan.planId), verb).toBeDefined();
      }
    }
    expect(textOf(cardOf(to(METTE, sent)[0]))).toContain('fordi du er tovholder på planerne');
    expect(textOf(cardOf(to(HANNE, sent)[0]))).toContain('fordi du er leder på skolen');

    // Planning again at the same moment plans nothing and sends nothing twice.
    expect(await bot.jobs.planner.tick(now)).toEqual({ planned: 0 });
    expect(await runJobs()).toEqual([]);
  });

  it('"Udskyd en uge" on one plan of the card moves its evaluation to Monday 25 January and draws the whole card again; a stale button moves nothing', async () => {
    const [metteCard] = to(METTE, reminders(connector.activities));
    const card = cardOf(metteCard);
    const snoozed = await user(METTE).execute(metteCard!.id, button(card, 'reminder.snooze', p1.planId)!);
    const updated = invokeCard(snoozed.body);
    expect(planLine(updated, p1.planId)).toContain('Ny evalueringsdato: mandag 25. januar 2027');
    expect(button(updated, 'reminder.snooze', p1.planId)).toBeUndefined();
    expect(button(updated, 'plan.evaluate', p1.planId)).toBeDefined();
    // The other plans are untouched, with their buttons.
    for (const plan of [p2, p3]) {
      expect(planLine(updated, plan.planId)).not.toContain('Ny evalueringsdato');
      expect(button(updated, 'reminder.snooze', plan.planId)).toBeDefined();
    }
    expect((await planOf(p1.planId)).evaluationDate).toBe('2027-01-25');

    // Hanne marks the second plan evaluated from her copy: her card shows that, and Mette's move of the first.
    const [hanneCard] = to(HANNE, reminders(connector.activities));
    const done = await user(HANNE).execute(hanneCard!.id, button(cardOf(hanneCard), 'reminder.done', p2.planId)!);
    const hanneNow = invokeCard(done.body);
    expect(planLine(hanneNow, p2.planId)).toContain('Markeret som evalueret af Hanne Lykke 14. januar 2027');
    expect(planLine(hanneNow, p1.planId)).toContain('Ny evalueringsdato: mandag 25. januar 2027');
    expect(button(hanneNow, 'reminder.snooze', p3.planId)).toBeDefined();
    expect((await planOf(p2.planId)).status).toBe('evalueret');

    // Per presses "Udskyd en uge" for the first plan on his copy, drawn before the move: nothing moves again.
    const [perCard] = to(PER, reminders(connector.activities));
    const stale = await user(PER).execute(perCard!.id, button(cardOf(perCard), 'reminder.snooze', p1.planId)!);
    expect(planLine(invokeCard(stale.body), p1.planId)).toContain('Ny evalueringsdato: mandag 25. januar 2027');
    expect((await planOf(p1.planId)).evaluationDate).toBe('2027-01-25');
  });

  it('on Monday only the plan still due that day is reminded of, on a card of its own', async () => {
    now = at('2027-01-17T12:00:00Z'); // Sunday: the digest is planned for Monday 07:30
    expect(await runJobs()).toEqual([]);
    now = at('2027-01-18T06:31:00Z');
    const all = await runJobs();
    const sent = reminders(all);
    for (const who of [HANNE, PER, METTE]) {
      const mine = to(who, sent);
      expect(mine).toHaveLength(1);
      const text = textOf(cardOf(mine[0]));
      expect(text).toContain('Evaluering i dag');
      expect(text).toContain('Sag: E.F., 4.B · 4.B');
      expect(JSON.stringify(mine[0]!.activity)).not.toContain(p1.planId);
      expect(JSON.stringify(mine[0]!.activity)).not.toContain(p2.planId);
    }
    expect(digests(all).length).toBeGreaterThan(0);
  });

  it('the weekly digest shows requests waiting for an adviser apart from those in progress, red only when there is something to act on', async () => {
    const requests = new SparringRepository(database);
    const request = async (caseId: string, n: number) => {
      const created = await requests.create({
        caseId,
        tenantId: TENANT,
        schoolId: 'fjordbakke',
        pool: 'plc',
        poolOwner: 'fjordbakke',
        helpKinds: ['observation'],
        wishedTime: 'uge 4',
        summary: `Uro i timerne (${n}).`,
        childSpecific: false,
        parentsConsent: null,
        requestedBy: { aadId: METTE.aadObjectId, name: METTE.name },
      });
      if (created.kind !== 'created') throw new Error(created.kind);
      return created.request;
    };
    const plc = { tenantId: TENANT, pools: [{ pool: 'plc' as const, owner: 'fjordbakke' }] };
    for (const [i, plan] of [p1, p3].entries()) {
      const r = await request(plan.caseId, i);
      expect(await requests.claim(r.id, plc, LISE)).toMatchObject({ kind: 'won' });
    }
    for (const plan of [p1, p3]) await new PlanRepository(database).withLockedPlan(plan.planId, (p, tx) => tx.archive(p.id));

    // Monday 25 January: two taken requests and none waiting: nothing in the digest is red.
    now = at('2027-01-24T12:00:00Z');
    await runJobs();
    now = at('2027-01-25T06:31:00Z');
    const calm = to(HANNE, digests(await runJobs()));
    expect(calm).toHaveLength(1);
    const calmCard = cardOf(calm[0]);
    expect(textOf(calmCard)).toContain('Venter på en vejleder: 0');
    expect(textOf(calmCard)).toContain('I gang: 2');
    expect(textOf(calmCard)).not.toContain('Åbne anmodninger');
    expect(JSON.stringify(calmCard)).not.toContain('"color":"Attention"');

    // A new request nobody has taken: the next digest marks it red, and only it.
    await request(p2.caseId, 3);
    now = at('2027-01-31T12:00:00Z');
    await runJobs();
    now = at('2027-02-01T06:31:00Z');
    const next = cardOf(to(HANNE, digests(await runJobs()))[0]);
    const blocks = JSON.stringify(next);
    expect(textOf(next)).toContain('Venter på en vejleder: 1');
    expect(blocks).toContain('"text":"Venter på en vejleder: 1","color":"Attention"');
    expect(blocks).toContain('"text":"I gang: 2","color":"Default"');
  });

  it('"Udskyd en uge" into the winter holiday moves the evaluation to the first school day after it', async () => {
    const p4 = await savedPlan('2027-02-10', 'G.H., 5.A', '5a');
    now = at('2027-02-08T06:31:00Z'); // Monday: "due soon" for Wednesday 10 February
    const [card] = to(METTE, reminders(await runJobs()));
    expect(textOf(cardOf(card))).toContain('Evaluering om to skoledage');
    const clicked = await user(METTE).execute(card!.id, button(cardOf(card), 'reminder.snooze', p4.planId)!);
    // A week on is Wednesday 17 February, in the winter holiday (13–21 February): Monday 22 February.
    expect(textOf(invokeCard(clicked.body))).toContain('Ny evalueringsdato: mandag 22. februar 2027');
    expect((await planOf(p4.planId)).evaluationDate).toBe('2027-02-22');
  });
});
