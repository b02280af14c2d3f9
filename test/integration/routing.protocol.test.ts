/**
 * The bot's routing over the Bot Framework protocol (issue 9): a sparring card (which carries a
 * Universal Actions `refresh`) must not change how later clicks are answered — a plan card and an
 * intake card keep their own answers, for the person who clicked, with or without a `replyToId`,
 * through Action.Execute and the Action.Submit fallback; a message whose `text` is not a string,
 * and every invoke the bot has no handler for, are answered 200 with a friendly card or the body
 * their kind expects; one person cannot open new concerns in bulk. The real bot, the fake Bot
 * Connector, people from the example directory.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector, type RecordedActivity } from '../support/connector.js';
import {
  actionByVerb,
  actionsOf,
  BOT_ID,
  cardOf,
  inputIdsOf,
  inputValuesOf,
  invokeCard,
  textOf,
  TeamsUser,
  type CardAction,
  type CardJson,
  type TurnResult,
} from '../support/teams.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import { raiseSafety, startConcern } from '../support/intake-cards.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { openAny } from '../../src/db/sealing.js';
import { CaseRepository } from '../../src/cases/case.repository.js';
import { NEW_CONCERN_LIMITS } from '../../src/domain/limits.js';
import { draftUntil } from './plans/drafts.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const person = (aadObjectId: string, name: string) => ({ aadObjectId, name });
const METTE = person('1153f4b6-99f1-4c0d-94fd-862b111a2ad1', 'Mette Kjær'); // teacher 4.B, Fjordbakkeskolen
const ANDERS = person('9f8692bc-8bea-48d9-9a5c-9c7fc320ce73', 'Anders Skov'); // teacher 4.B, Fjordbakkeskolen
const CAMILLA = person('5a916c4e-0494-4af0-a9dc-8e5ffd33ec7a', 'Camilla Friis'); // teacher 2.A and 7.C, Nørre Strand Skole
const NIELS = person('37800acf-e69f-4223-aec6-86408370bebf', 'Niels Thorsen'); // rådgivende team, Nord
const SIGNE = person('e7471253-169b-4358-9af4-aa130470b115', 'Signe Mortensen'); // rådgivende team, Nord
const CHANNEL = '19:nord-raadgivende-team@thread.tacv2';
const TEAM = '19:fjordby-nord-raadgivning@thread.tacv2';

const CHILD_NO_PLAN: Record<string, string> = {
  pseudonym: 'A.B., 4.B',
  scope: 'barn',
  areas: 'trivsel',
  safety: '',
  data: 'observationer,elevsamtale',
  childPerspective: 'true',
  teamDiscussed: 'true',
  plan: 'ingen',
  parents: 'inddraget',
};

const lastCard = (r: TurnResult) => ({ card: cardOf(r.sent.at(-1)), id: r.sent.at(-1)?.id ?? '' });
const puts = (r: TurnResult | RecordedActivity[]) => ('sent' in r ? r.sent : r).filter((a) => a.method === 'PUT');

/** Every Action.Execute on a card, also inside ShowCards. */
function execute(card: CardJson | null, verb: string): CardAction {
  const found = actionsOf(card ?? {}).find((a) => a.type === 'Action.Execute' && a.verb === verb);
  if (!found) throw new Error(`no ${verb} on the card`);
  return found;
}

/** A Teams activity from `who` in `conversationId`, as TeamsUser builds them, for the variants it does not send (no replyToId, odd text, other invokes). */
function activityFrom(
  connector: FakeConnector,
  who: { aadObjectId: string; name: string },
  conversationId: string,
  type: string,
  channel: { teamId: string } | null = null,
): Record<string, unknown> {
  return {
    type,
    id: `in-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    serviceUrl: connector.url,
    channelId: 'msteams',
    from: { id: `29:${who.aadObjectId}`, aadObjectId: who.aadObjectId, name: who.name },
    recipient: { id: BOT_ID, name: 'Indsatsguiden' },
    conversation: channel
      ? { id: conversationId, conversationType: 'channel', isGroup: true, tenantId: TENANT }
      : { id: conversationId, conversationType: 'personal', tenantId: TENANT },
    channelData: channel
      ? { tenant: { id: TENANT }, team: { id: channel.teamId }, channel: { id: conversationId } }
      : { tenant: { id: TENANT } },
    locale: 'da-DK',
  };
}

describe.each(storeTargets())('routing on $name', ({ make }) => {
  let store: StoreTarget;
  let database: Database;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  const personal = (who: { aadObjectId: string }) => `a:personal-${who.aadObjectId}`;
  const dm = (who: { aadObjectId: string; name: string }) => new TeamsUser(url, connector, { ...who, tenantId: TENANT }, personal(who));
  const inChannel = (who: { aadObjectId: string; name: string }) =>
    new TeamsUser(url, connector, { ...who, tenantId: TENANT }, CHANNEL, { teamId: TEAM });
  /** Posts an activity built by `activityFrom`, through the user whose turn it is. */
  const post = (who: { aadObjectId: string; name: string }, activity: Record<string, unknown>) => dm(who).post(activity);
  const executeWithoutReplyTo = (
    who: { aadObjectId: string; name: string },
    action: CardAction,
    inputs: Record<string, string> = {},
    conversationId = personal(who),
    channel: { teamId: string } | null = null,
  ) =>
    post(who, {
      ...activityFrom(connector, who, conversationId, 'invoke', channel),
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: action.verb, data: { ...(action.data ?? {}), ...inputs } }, trigger: 'manual' },
    });
  const submitWithoutReplyTo = (
    who: { aadObjectId: string; name: string },
    action: CardAction,
    inputs: Record<string, string> = {},
    conversationId = personal(who),
    channel: { teamId: string } | null = null,
  ) => {
    const submit = action.type === 'Action.Submit' ? action : action.fallback;
    if (!submit || submit.type !== 'Action.Submit') throw new Error('the action has no Action.Submit fallback');
    return post(who, { ...activityFrom(connector, who, conversationId, 'message', channel), value: { ...(submit.data ?? {}), ...inputs } });
  };

  /** Sends what the outbox holds (as the instance's dispatcher would) and returns what went out. */
  async function dispatch(): Promise<RecordedActivity[]> {
    const before = connector.activities.length;
    await bot.jobs.dispatcher.runOnce();
    return connector.activities.slice(before);
  }

  /** Answers the intake with `answers` up to the recommendation; every click answered by its own card, nothing updated in place. */
  async function toRecommendation(user: TeamsUser, answers: Record<string, string>) {
    let step = await startConcern(user);
    while (step.card && inputIdsOf(step.card).length > 0) {
      const inputs = Object.fromEntries(
        inputIdsOf(step.card)
          .filter((f) => f in answers)
          .map((f) => [f, answers[f]!]),
      );
      const clicked = await user.execute(step.id, actionByVerb(step.card, 'intake.answer'), inputs);
      expect(clicked.status).toBe(200);
      expect(inputIdsOf(invokeCard(clicked.body)!)).toEqual([]); // the read-only summary of what was answered
      expect(puts(clicked)).toEqual([]);
      step = lastCard(clicked);
    }
    return step as { card: CardJson; id: string };
  }

  let requestCard: RecordedActivity;

  beforeAll(async () => {
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, {}, new LogCapture(), { database, startJobs: false }));
    for (const who of [METTE, ANDERS, CAMILLA, NIELS, SIGNE]) await dm(who).install();
    // Mette asks the advisory team for sparring about a child in 4.B; it is posted in their channel.
    const start = await startConcern(dm(METTE));
    const answer = actionByVerb(start.card!, 'intake.answer');
    const caseId = (answer.data as { caseId: string }).caseId;
    await dm(METTE).execute(start.id, answer, {
      pseudonym: 'M.N., 4.B',
      scope: 'barn',
      areas: 'trivsel',
      safety: '',
      team: 'fjordbakke/4b',
    });
    const drafted = await dm(METTE).execute('case-card', { type: 'Action.Execute', verb: 'sparring.draft', data: { caseId } });
    const sent = await dm(METTE).execute(drafted.sent[0]!.id, execute(cardOf(drafted.sent[0]), 'sparring.send'), {
      pool: 'raadgivende-team',
      helpKinds: 'observation',
      wishedTime: 'uge 50',
      summary: 'M.N., 4.B trækker sig i frikvartererne.',
      parentsConsent: 'true',
    });
    expect(textOf(invokeCard(sent.body))).toContain('sendt');
    requestCard = (await dispatch()).find((a) => a.conversationId === CHANNEL)!;
    expect(cardOf(requestCard)?.refresh).toBeDefined();
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  /** The drafted plan card and what was saved from it (a second save of the same card changes nothing). */
  let planCard: { card: CardJson; values: Record<string, string> };

  it('answers a plan card and an intake card clicked after a sparring card each with its own card, for the clicker only', async () => {
    // The sparring click: the clicker's own view (with refresh), not written over the group's shared card.
    const claimed = await inChannel(NIELS).execute(requestCard.id, execute(cardOf(requestCard), 'sparring.claim'));
    expect(claimed.status).toBe(200);
    const claimedCard = invokeCard(claimed.body)!;
    expect(claimedCard.refresh).toBeDefined();
    expect(textOf(claimedCard)).toContain('Du har taget anmodningen');
    expect(puts(claimed)).toEqual([]);
    // Nor afterwards: the clicker's own view (with the clicker's buttons) is never written over the group's card.
    const later = puts(await dispatch()).filter((a) => a.activityId === requestCard.id);
    for (const update of later) expect(textOf(cardOf(update))).not.toContain('Du har taget anmodningen');

    // Then a plan card: the saved plan is the answer, and the clicked message is left alone.
    const rec = await toRecommendation(dm(METTE), CHILD_NO_PLAN);
    const drafted = await dm(METTE).execute(rec.id, actionByVerb(rec.card, 'plan.draft'));
    expect(drafted.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(puts(drafted)).toEqual([]);
    const child = (await draftUntil(dm(METTE), rec, 'Mål- og indsatsplan for barnet')).at(-1)!;
    const values = {
      ...inputValuesOf(child.card),
      childVoice: 'A.B. siger, at frikvartererne er svære.',
      parentsVoice: 'ikke indhentet endnu',
    };
    const saved = await dm(METTE).execute(child.id, actionByVerb(child.card, 'plan.save'), values);
    expect(saved.status).toBe(200);
    const savedCard = invokeCard(saved.body)!;
    expect(textOf(savedCard)).toContain('Mål- og indsatsplan for barnet');
    expect(textOf(savedCard)).toContain('Gemt – version 1.');
    expect(savedCard.refresh).toBeUndefined();
    expect(puts(saved)).toEqual([]);
    planCard = { card: child.card, values };

    // And an intake card: the read-only summary is the answer, the next question comes as a new message.
    const start = await startConcern(dm(METTE));
    const answered = await dm(METTE).execute(start.id, actionByVerb(start.card!, 'intake.answer'), {
      scope: 'faellesskab',
      areas: 'socialt',
      safety: '',
    });
    expect(answered.status).toBe(200);
    expect(inputIdsOf(invokeCard(answered.body)!)).toEqual([]);
    expect(textOf(invokeCard(answered.body))).toMatch(/fællesskab/i);
    expect(puts(answered)).toEqual([]);
    expect(answered.sent.map((a) => a.method)).toEqual(['POST']);
    expect(textOf(lastCard(answered).card)).toContain('Spørgsmål 2');
  });

  it('answers the same clicks without a replyToId, through Action.Execute and through the Action.Submit fallback', async () => {
    const first = connector.activities.length;
    // Action.Execute without replyToId: a sparring refresh, then a plan, then an intake card.
    const requestId = (execute(cardOf(requestCard), 'sparring.claim').data as { requestId: string }).requestId;
    const refreshed = await executeWithoutReplyTo(
      SIGNE,
      { type: 'Action.Execute', verb: 'sparring.refresh', data: { requestId } },
      {},
      CHANNEL,
      { teamId: TEAM },
    );
    expect(refreshed.status).toBe(200);
    expect(invokeCard(refreshed.body)?.refresh).toBeDefined();
    expect(textOf(invokeCard(refreshed.body))).toContain(`Taget af ${NIELS.name}`);

    const again = await executeWithoutReplyTo(METTE, actionByVerb(planCard.card, 'plan.save'), planCard.values);
    expect(again.status).toBe(200);
    expect(textOf(invokeCard(again.body))).toContain('Mål- og indsatsplan for barnet');
    expect(textOf(invokeCard(again.body))).toContain('Allerede gemt');

    const start = await startConcern(dm(METTE));
    const answered = await executeWithoutReplyTo(METTE, actionByVerb(start.card!, 'intake.answer'), {
      scope: 'barn',
      areas: 'faglig',
      safety: '',
    });
    expect(answered.status).toBe(200);
    expect(inputIdsOf(invokeCard(answered.body)!)).toEqual([]);
    expect(textOf(lastCard(answered).card)).toContain('Spørgsmål 2');

    // The Action.Submit fallback without replyToId: each answer comes as a new message in its own conversation.
    const claim = await submitWithoutReplyTo(SIGNE, execute(cardOf(requestCard), 'sparring.claim'), {}, CHANNEL, { teamId: TEAM });
    expect(claim.status).toBe(200);
    expect(claim.sent.map((a) => [a.method, a.conversationId])).toEqual([['POST', CHANNEL]]);
    expect(textOf(cardOf(claim.sent[0]))).toContain(`${NIELS.name} nåede at tage anmodningen først`);

    const plan = await submitWithoutReplyTo(METTE, actionByVerb(planCard.card, 'plan.save'), planCard.values);
    expect(plan.status).toBe(200);
    expect(plan.sent.map((a) => a.method)).toEqual(['POST']);
    expect(textOf(cardOf(plan.sent[0]))).toContain('Allerede gemt');

    const next = await startConcern(dm(METTE));
    const intake = await submitWithoutReplyTo(METTE, actionByVerb(next.card!, 'intake.answer'), {
      scope: 'barn',
      areas: 'familie',
      safety: '',
    });
    expect(intake.status).toBe(200);
    expect(intake.sent.map((a) => a.method)).toEqual(['POST']);
    expect(textOf(cardOf(intake.sent[0]))).toContain('Spørgsmål 2');
    expect(connector.activities.slice(first).filter((a) => a.method === 'PUT')).toEqual([]);
  });

  it('greets back with the welcome card, and adds a line in English to what it did not understand when written in English', async () => {
    const hello = await post(CAMILLA, { ...activityFrom(connector, CAMILLA, personal(CAMILLA), 'message'), text: 'Hej!' });
    expect(hello.status).toBe(200);
    expect(textOf(cardOf(hello.sent[0]))).not.toContain('Det forstod jeg ikke');
    expect(actionsOf(cardOf(hello.sent[0])!).map((a) => a.verb)).toContain('intake.start');
    const english = await post(CAMILLA, {
      ...activityFrom(connector, CAMILLA, personal(CAMILLA), 'message'),
      text: 'How can I start a new concern?',
    });
    expect(textOf(cardOf(english.sent[0]))).toContain('Det forstod jeg ikke');
    expect(textOf(cardOf(english.sent[0]))).toContain('In English: I understand Danish commands');
    const danish = await post(CAMILLA, {
      ...activityFrom(connector, CAMILLA, personal(CAMILLA), 'message'),
      text: 'Hvordan kommer jeg i gang?',
    });
    expect(textOf(cardOf(danish.sent[0]))).toContain('Det forstod jeg ikke');
    expect(textOf(cardOf(danish.sent[0]))).not.toContain('In English');
  });

  it('answers a message whose text is a number, an object or an array with a friendly card', async () => {
    for (const text of [42, { text: 'hjælp' }, ['ny bekymring'], true]) {
      const result = await post(CAMILLA, { ...activityFrom(connector, CAMILLA, personal(CAMILLA), 'message'), text });
      expect(result.status, JSON.stringify(text)).toBe(200);
      expect(result.sent).toHaveLength(1);
      expect(textOf(cardOf(result.sent[0]))).toContain('Det forstod jeg ikke');
    }
    // With an @mention of the bot, too (Teams AI's own mention removal would assume a string).
    const mention = { type: 'mention', mentioned: { id: BOT_ID, name: 'Indsatsguiden' }, text: '<at>Indsatsguiden</at>' };
    const odd = await post(CAMILLA, { ...activityFrom(connector, CAMILLA, personal(CAMILLA), 'message'), text: 7, entities: [mention] });
    expect(odd.status).toBe(200);
    expect(textOf(cardOf(odd.sent[0]))).toContain('Det forstod jeg ikke');
    const help = await post(CAMILLA, {
      ...activityFrom(connector, CAMILLA, personal(CAMILLA), 'message'),
      text: '<at>Indsatsguiden</at> hjælp',
      entities: [mention],
    });
    expect(textOf(cardOf(help.sent[0]))).toContain('ny bekymring');
  });

  it('answers every invoke it has no handler for with 200: a card where Teams shows one, the expected body, or nothing', async () => {
    const invoke = (name: string | undefined, value: unknown = {}) => {
      const activity: Record<string, unknown> = { ...activityFrom(connector, CAMILLA, personal(CAMILLA), 'invoke'), value };
      if (name !== undefined) activity.name = name;
      return post(CAMILLA, activity);
    };
    const unknownVerb = await invoke('adaptiveCard/action', {
      action: { type: 'Action.Execute', verb: 'drop.tables', data: {} },
      trigger: 'manual',
    });
    expect(unknownVerb.status).toBe(200);
    expect(textOf(invokeCard(unknownVerb.body))).toContain('Ukendt handling i kortet');
    const submitType = await invoke('adaptiveCard/action', { action: { type: 'Action.Submit', verb: 'help.show', data: {} } });
    expect(submitType.status).toBe(200);
    expect(invokeCard(submitType.body)).not.toBeNull();

    const dialog = await invoke('task/fetch', { data: {} });
    expect(dialog.status).toBe(200);
    const task = (dialog.body as { task: { type: string; value: { card: { contentType: string; content: CardJson } } } }).task;
    expect(task.type).toBe('continue');
    expect(task.value.card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(textOf(task.value.card.content)).toContain('Det kan Indsatsguiden ikke');
    expect((await invoke('composeExtension/fetchTask')).body).toMatchObject({ task: { type: 'continue' } });
    expect((await invoke('task/submit')).body).toMatchObject({ task: { type: 'message' } });
    for (const name of [
      'composeExtension/query',
      'composeExtension/queryLink',
      'composeExtension/selectItem',
      'composeExtension/submitAction',
    ]) {
      const r = await invoke(name, { commandId: 'x', parameters: [] });
      expect(r.status, name).toBe(200);
      expect(r.body, name).toMatchObject({ composeExtension: { type: 'message', text: expect.stringContaining('Indsatsguiden') } });
    }
    const tab = await invoke('tab/fetch');
    expect(tab.status).toBe(200);
    expect(textOf((tab.body as { tab: { value: { cards: { card: CardJson }[] } } }).tab.value.cards[0]!.card)).toContain(
      'Det kan Indsatsguiden ikke',
    );
    expect((await invoke('config/fetch')).body).toMatchObject({ responseType: 'config', config: { type: 'message' } });
    expect((await invoke('application/search', { queryText: 'a', dataset: 'x' })).body).toMatchObject({
      statusCode: 200,
      value: { results: [] },
    });
    for (const name of [
      'signin/verifyState',
      'signin/tokenExchange',
      'fileConsent/invoke',
      'actionableMessage/executeAction',
      'composeExtension/setting',
      'message/submitAction',
      'handoff/action',
      'made/up',
      undefined,
    ]) {
      const r = await invoke(name);
      expect(r.status, String(name)).toBe(200);
      expect(r.sent, String(name)).toEqual([]);
    }
  });

  it("passes the sender's Teams name on with CPR numbers masked and control characters removed", async () => {
    const named = { ...CAMILLA, name: 'Camilla\u0007 Friis\n 010203\u200b-1234\u202e' };
    const start = lastCard(await dm(named).say('ny bekymring'));
    const answer = actionByVerb(start.card!, 'intake.answer');
    const caseId = (answer.data as { caseId: string }).caseId;
    // The leaders are alerted once the acute answer is known (after the safety card).
    const first = { pseudonym: 'C.D., 2.A', scope: 'barn', areas: 'familie', team: 'noerre-strand/2a' };
    await raiseSafety(dm(named), start, first, 'vold');
    const alerts = await database.db.selectFrom('outbox').select('payload').where('kind', '=', 'safeguarding-alert').execute();
    const reported = alerts
      .map((a) => openAny(database.keys, a.payload) as { caseId?: string; reportedBy?: string })
      .filter((p) => p.caseId === caseId);
    expect(reported.length).toBeGreaterThan(0);
    for (const p of reported) expect(p.reportedBy).toBe('Camilla Friis [CPR fjernet]');
  });

  it('refuses new concerns beyond the bound for one person with a friendly card, queues no more alerts, and leaves others alone', async () => {
    const perHour = Math.min(...NEW_CONCERN_LIMITS.map((r) => r.max));
    const alerts = async () =>
      Number(
        (
          await database.db
            .selectFrom('outbox')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('kind', '=', 'safeguarding-alert')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const cases = new CaseRepository(database);
    const countOf = () => cases.countForOwner(TENANT, ANDERS.aadObjectId);
    // A script opening concerns one after another, each naming a safeguarding concern (which alerts the school's leaders).
    for (let i = 0; i < perHour; i++) {
      const start = await startConcern(dm(ANDERS));
      expect(inputIdsOf(start.card!), `concern ${i + 1}`).toContain('scope');
      const first = { pseudonym: `X.${i}, 4.B`, scope: 'barn', areas: 'familie', team: 'fjordbakke/4b' };
      await raiseSafety(dm(ANDERS), start, first, 'omsorgssvigt');
    }
    expect(await countOf()).toBe(perHour);
    const alertsBefore = await alerts();
    expect(alertsBefore).toBeGreaterThanOrEqual(perHour);

    // Typed, and clicked: a friendly card saying when, no new case, no alert.
    const typed = await dm(ANDERS).say('ny bekymring');
    expect(typed.status).toBe(200);
    const refusal = textOf(cardOf(typed.sent.at(-1)));
    expect(refusal).toContain('Du har startet mange nye bekymringer');
    expect(refusal).toMatch(/Du kan starte en ny bekymring igen (i morgen )?kl\. \d\d[.:]\d\d/);
    expect(inputIdsOf(cardOf(typed.sent.at(-1))!)).toEqual([]);
    const clicked = await dm(ANDERS).execute('help-card', { type: 'Action.Execute', verb: 'intake.start', data: {} });
    expect(clicked.status).toBe(200);
    expect(textOf(cardOf(clicked.sent.at(-1)))).toContain('Du har startet mange nye bekymringer');
    const submitted = await dm(ANDERS).submit('help-card', { type: 'Action.Submit', data: { verb: 'intake.start' } });
    expect(textOf(cardOf(submitted.sent.at(-1)))).toContain('Du har startet mange nye bekymringer');
    expect(await countOf()).toBe(perHour);
    expect(await alerts()).toBe(alertsBefore);
    // He may still carry on with the concerns he has (he has several in progress: he chooses).
    expect(textOf(lastCard(await dm(ANDERS).say('fortsæt')).card)).toContain('Hvilken bekymring vil du fortsætte med?');

    // Another teacher at the same school is not affected.
    const other = await startConcern(dm(METTE));
    expect(inputIdsOf(other.card!)).toContain('scope');
  });
});
