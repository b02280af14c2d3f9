/**
 * Protocol tests of the proactive messages (issue 4): the real bot (HTTP server, CloudAdapter,
 * Teams AI app, database) with a simulated clock, the planner and the dispatcher driven by hand,
 * and the fake Bot Connector on loopback receiving what the bot sends. People come from the
 * example directory (Fjordbakkeskolen: leaders Hanne Lykke and Per Damgaard, teacher Mette Kjær).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector, type RecordedActivity } from '../support/connector.js';
import { actionByVerb, cardOf, invokeCard, textOf, TeamsUser, type CardJson } from '../support/teams.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { CaseRepository } from '../../src/cases/case.repository.js';
import { PlanRepository } from '../../src/plans/plan.repository.js';
import { draftPlan } from '../../src/domain/plans/index.js';
import { defaultPlaybook } from '../../src/playbook/load.js';
import { OutboxRepository } from '../../src/dispatch/outbox.repository.js';
import { ConversationRefRepository, personalRefKey } from '../../src/conversations/conversation-ref.repository.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const HANNE = { aadObjectId: '236cee5c-70dc-43b6-beab-6914a28f3172', name: 'Hanne Lykke' }; // leader, Fjordbakkeskolen
const PER = { aadObjectId: 'fdc3ec0d-7713-4dba-99d8-5d90c0da4a86', name: 'Per Damgaard' }; // leader, Fjordbakkeskolen
const METTE = { aadObjectId: '1153f4b6-99f1-4c0d-94fd-862b111a2ad1', name: 'Mette Kjær' }; // teacher 4.B and 5.A
const KAREN = { aadObjectId: '77107fff-989a-4c47-90ee-7aeac992bca0', name: 'Karen Winther' }; // leader of another school

/** 07:30 in Copenhagen in March (UTC+1) is 06:30 UTC. */
const at = (iso: string) => new Date(iso);

describe.each(storeTargets())('reminders on $name', ({ make }) => {
  let store: StoreTarget;
  let database: Database;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  let now = at('2027-03-01T06:00:00Z');
  const log = new LogCapture();
  const user = (who: { aadObjectId: string; name: string }) =>
    new TeamsUser(url, connector, { ...who, tenantId: TENANT }, `a:personal-${who.aadObjectId}`);
  const to = (who: { aadObjectId: string }, list: RecordedActivity[]) =>
    list.filter((a) => a.conversationId === `a:personal-${who.aadObjectId}`);
  const about = (planId: string, list: RecordedActivity[]) =>
    list.filter((a) => JSON.stringify(a.activity).includes(planId) && !textOf(cardOf(a)).includes('Ugeoversigt'));

  /** Plans and sends what is due at `now` (as the instance's timers would). */
  async function runJobs(): Promise<RecordedActivity[]> {
    const before = connector.activities.length;
    await bot.jobs.planner.tick(now);
    await bot.jobs.dispatcher.runOnce();
    return connector.activities.slice(before);
  }

  /** A saved plan of a case of Mette's at Fjordbakkeskolen, team 4.B, evaluated on `date`. */
  async function savedPlan(date: string): Promise<{ caseId: string; planId: string }> {
    const cases = new CaseRepository(database);
    const plans = new PlanRepository(database);
    const c = await cases.create({ tenantId: TENANT, ownerAadId: METTE.aadObjectId, schoolId: 'fjordbakke', teamId: '4b' });
    await cases.withLockedCase(c.id, (_c, tx) => tx.update(c.id, { pseudonym: 'A.B., 4.B' }));
    const draft = await plans.createDraft(database.db, {
      caseId: c.id,
      templateId: 'plan-barn',
      title: 'Mål- og indsatsplan for barnet',
      createdBy: METTE.aadObjectId,
    });
    await plans.withLockedPlan(draft.id, (_p, tx) =>
      tx.saveVersion(draft.id, {
        content: draftPlan('plan-barn', { scope: 'barn', areas: ['trivsel'], safety: [] }, defaultPlaybook(), {
          pseudonym: 'A.B., 4.B',
          tovholder: METTE.name,
          today: '2027-02-01',
        }) as Record<string, unknown>,
        savedBy: METTE.aadObjectId,
        expectedVersion: 0,
        evaluationDate: date,
        tovholderAadId: METTE.aadObjectId,
        tovholderName: METTE.name,
      }),
    );
    return { caseId: c.id, planId: draft.id };
  }

  /** Ends a test's plan (archived: no more reminders), so the next test's reminders come one plan to a card. */
  const archive = (planId: string) => new PlanRepository(database).withLockedPlan(planId, (p, tx) => tx.archive(p.id));

  beforeAll(async () => {
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, {}, log, { database, clock: () => now, startJobs: false }));
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  it('sends the evaluation reminders at the right time to the school leaders and the tovholder, and waits for whoever has not installed', async () => {
    await user(HANNE).install();
    await user(METTE).say('hjælp');
    await user(KAREN).install();
    const { planId } = await savedPlan('2027-03-10');

    expect(await runJobs()).toEqual([]); // a week before: nothing yet

    now = at('2027-03-07T12:00:00Z'); // Sunday: planned for Monday 07:30, not sent
    expect(await runJobs()).toEqual([]);

    now = at('2027-03-08T06:31:00Z'); // Monday 07:31, two school days before Wednesday
    const all = await runJobs();
    const sent = about(planId, all);
    expect(sent).toHaveLength(2);
    // Monday 07:30 is also the weekly digest's time: the leaders get it, with this week's plan in it.
    const digest = textOf(cardOf(to(HANNE, all).find((a) => textOf(cardOf(a)).includes('Ugeoversigt'))));
    expect(digest).toContain('Uge 10');
    expect(digest).toContain('A.B., 4.B');
    expect(digest).toContain('Venter på en vejleder: 0');
    for (const who of [HANNE, METTE]) {
      const [reminder] = to(who, sent);
      expect(textOf(cardOf(reminder))).toContain('Evaluering om to skoledage');
      expect(textOf(cardOf(reminder))).toContain('A.B., 4.B');
    }
    expect(to(KAREN, sent)).toEqual([]); // leads another school

    // Per has not installed the app: his reminder waits, and the admin sees him as unreachable.
    const outbox = new OutboxRepository(database);
    const waiting = await outbox.findByKey(`eval:${planId}:2027-03-10:due-soon:${PER.aadObjectId}`);
    expect(waiting?.state).toBe('waiting');
    const installed = await user(PER).install();
    expect(installed.status).toBe(200);
    const released = about(planId, await runJobs());
    expect(to(PER, released)).toHaveLength(1);
    expect(textOf(cardOf(to(PER, released)[0]))).toContain('Evaluering om to skoledage');
    await archive(planId);
  });

  it('"Udskyd en uge" moves the evaluation a week, says the new date on the card in place, and the reminders follow it', async () => {
    const { planId } = await savedPlan('2027-03-12');
    now = at('2027-03-10T06:31:00Z'); // Wednesday: due soon for Friday
    const sent = about(planId, await runJobs());
    const [hanneCard] = to(HANNE, sent);
    expect(hanneCard).toBeDefined();
    const card = cardOf(hanneCard)!;
    const clicked = await user(HANNE).execute(hanneCard!.id, actionByVerb(card, 'reminder.snooze'));
    const updated = invokeCard(clicked.body)!;
    expect(textOf(updated)).toContain('Ny evalueringsdato: fredag 19. marts 2027');
    expect(JSON.stringify(updated)).not.toContain('reminder.snooze');
    expect((await new PlanRepository(database).get(planId))?.evaluationDate).toBe('2027-03-19');

    // Per clicks the same button on his copy: the date has moved already, so nothing moves again.
    const [perCard] = to(PER, sent);
    const stale = await user(PER).execute(perCard!.id, actionByVerb(cardOf(perCard)!, 'reminder.snooze'));
    expect(textOf(invokeCard(stale.body))).toContain('Ny evalueringsdato: fredag 19. marts 2027');
    expect((await new PlanRepository(database).get(planId))?.evaluationDate).toBe('2027-03-19');

    now = at('2027-03-12T06:31:00Z'); // Friday, the old date: nobody is reminded of it
    expect(about(planId, await runJobs())).toEqual([]);

    now = at('2027-03-17T06:45:00Z'); // two school days before the new date: everyone, of the new date
    const again = about(planId, await runJobs());
    for (const who of [HANNE, PER, METTE]) {
      const [reminder] = to(who, again);
      expect(textOf(cardOf(reminder))).toContain('Evaluering om to skoledage');
      expect(textOf(cardOf(reminder))).toContain('19. marts 2027');
    }
    await archive(planId);
  });

  it('"Evaluér nu" opens the evaluation card for a leader; "Markér som evalueret" stops every reminder', async () => {
    const { planId } = await savedPlan('2027-04-07');
    now = at('2027-04-05T05:31:00Z'); // Monday 07:31 (summer time, UTC+2)
    const sent = about(planId, await runJobs());
    const perCard = to(PER, sent)[0]!;
    const evaluate = await user(PER).execute(perCard.id, actionByVerb(cardOf(perCard)!, 'plan.evaluate'));
    const form = cardOf(evaluate.sent[0]);
    expect(textOf(form)).toContain('Evaluering');
    expect(JSON.stringify(form)).toContain('plan.evaluation.save');

    const metteCard = to(METTE, sent)[0]!;
    const done = await user(METTE).execute(metteCard.id, actionByVerb(cardOf(metteCard)!, 'reminder.done'));
    expect(textOf(invokeCard(done.body))).toContain('Markeret som evalueret af Mette Kjær');
    const again = await user(METTE).execute(metteCard.id, actionByVerb(cardOf(metteCard)!, 'reminder.done'));
    expect(textOf(invokeCard(again.body))).toContain('allerede evalueret');

    now = at('2027-04-07T05:31:00Z');
    expect(about(planId, await runJobs())).toEqual([]);
    now = at('2027-04-12T05:31:00Z');
    expect(about(planId, await runJobs())).toEqual([]);
  });

  it('refuses reminder actions to someone who may not see the case, whatever the card says', async () => {
    const { planId } = await savedPlan('2027-04-21');
    const outsider = user(KAREN);
    const result = await outsider.execute('x', {
      type: 'Action.Execute',
      verb: 'reminder.done',
      data: { planId, evaluationDate: '2027-04-21' },
    });
    expect(textOf(invokeCard(result.body))).toContain('ikke adgang');
    const plans = new PlanRepository(database);
    expect((await plans.get(planId))?.status).toBe('gemt');
  });

  it('retries after 429 with Retry-After and after 500, and marks the reference unusable on 403', async () => {
    const outbox = new OutboxRepository(database);
    const send = async (key: string, who: { aadObjectId: string }) =>
      outbox.enqueue({
        kind: 'message',
        tenantId: TENANT,
        recipientKey: personalRefKey(TENANT, who.aadObjectId),
        recipientAadId: who.aadObjectId,
        payload: { text: `Besked ${key}` },
        idempotencyKey: key,
        dueAt: now,
      });

    await send('retry-429', HANNE);
    connector.failNext(1, 429, 30);
    expect(await runJobs()).toEqual([]);
    const after429 = (await outbox.findByKey('retry-429'))!;
    expect(after429).toMatchObject({ state: 'pending', attempts: 1 });
    expect(after429.nextAttemptAt.getTime() - now.getTime()).toBeGreaterThanOrEqual(30_000);
    now = new Date(now.getTime() + 31_000);
    expect((await runJobs()).map((a) => a.activity.text)).toContain('Besked retry-429');
    expect((await outbox.findByKey('retry-429'))?.state).toBe('sent');

    await send('retry-500', HANNE);
    connector.failNext(1, 500);
    expect(await runJobs()).toEqual([]);
    expect(await outbox.findByKey('retry-500')).toMatchObject({ state: 'pending', attempts: 1 });
    now = new Date(now.getTime() + 20 * 60_000);
    expect((await runJobs()).map((a) => a.activity.text)).toContain('Besked retry-500');

    await send('gone-403', PER);
    connector.failNext(1, 403);
    expect(await runJobs()).toEqual([]);
    const refs = new ConversationRefRepository(database);
    expect((await refs.get(personalRefKey(TENANT, PER.aadObjectId)))?.usable).toBe(false);
    expect((await outbox.findByKey('gone-403'))?.state).toBe('waiting');
    // Per writes to the bot again: the reference is usable again and the message goes out.
    await user(PER).say('hjælp');
    expect((await runJobs()).map((a) => a.activity.text)).toContain('Besked gone-403');
  });

  it("alerts the school leaders at once when a teacher's answers raise a safeguarding concern", async () => {
    now = at('2027-03-13T22:00:00Z'); // Saturday night: alerts do not wait for working hours
    const teacher = user(METTE);
    const start = await teacher.say('ny bekymring');
    const first = start.sent
      .map((a) => ({ id: a.id, card: cardOf(a) }))
      .reverse()
      .find((c) => c.card)!;
    const lastCardOf = (sent: RecordedActivity[]) =>
      sent
        .map((a) => ({ id: a.id, card: cardOf(a) }))
        .reverse()
        .find((c) => c.card)!;
    const answered = await teacher.execute(first.id, actionByVerb(first.card as CardJson, 'intake.answer'), {
      pseudonym: 'C.D., 4.B',
      description: 'Barnet fortæller om slag derhjemme',
      scope: 'barn',
      areas: 'trivsel',
      team: 'fjordbakke/4b',
    });
    expect(answered.status).toBe(200);
    // The safety question on its own card, then whether the danger is acute: the leaders are alerted once that is known.
    const safety = lastCardOf(answered.sent);
    const signs = await teacher.execute(safety.id, actionByVerb(safety.card as CardJson, 'intake.answer'), { safety: 'vold' });
    const next = lastCardOf(signs.sent);
    expect(JSON.stringify(next.card)).toContain('acuteDanger');
    const acute = await teacher.execute(next.id, actionByVerb(next.card as CardJson, 'intake.answer'), { acuteDanger: 'false' });
    await bot.jobs.dispatcher.runOnce();
    const alerts = connector.activities.filter((a) => JSON.stringify(a.activity).includes('Bekymring for et barns sikkerhed'));
    expect(to(HANNE, alerts)).toHaveLength(1);
    expect(to(PER, alerts)).toHaveLength(1);
    expect(to(KAREN, alerts)).toEqual([]);
    const alert = textOf(cardOf(to(HANNE, alerts)[0]));
    expect(alert).toContain('Sag: C.D., 4.B · 4.B – Fjordbakkeskolen'); // the case is named at the top, as on every card of a case
    expect(alert).toContain('Mette Kjær');
    expect(alert).toContain('Vold');
    expect(log.text).not.toContain('slag derhjemme');
    expect(alert).not.toContain('Afventer kommunen');
    // The intake pauses on a card naming the leaders who were alerted.
    const pause = lastCardOf(acute.sent);
    expect(textOf(pause.card)).toContain('Hanne Lykke og Per Damgaard');

    // The teacher continues and says the violence concerns the home: the leaders are told again, now that the parents are on hold.
    const resumed = await teacher.execute(pause.id, actionByVerb(pause.card as CardJson, 'intake.resume'));
    const home = lastCardOf(resumed.sent);
    expect(JSON.stringify(home.card)).toContain('homeConcern');
    await teacher.execute(home.id, actionByVerb(home.card as CardJson, 'intake.answer'), { homeConcern: 'true' });
    await bot.jobs.dispatcher.runOnce();
    const again = connector.activities.filter((a) => JSON.stringify(a.activity).includes('Bekymring for et barns sikkerhed'));
    expect(to(HANNE, again)).toHaveLength(2);
    const onHold = textOf(cardOf(to(HANNE, again)[1]));
    expect(onHold).toContain(
      'Mistanken retter sig mod barnets hjem: forældrene må ikke inddrages, før kommunen har vurderet underretningen.',
    );
    expect(onHold).toContain('Afventer kommunen');
    expect(onHold).toContain('inddrag dem ikke i møder eller planer');
  });
});
