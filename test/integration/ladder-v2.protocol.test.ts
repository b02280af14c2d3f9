/**
 * Ladder version 2 over the Bot Framework protocol, on both databases: consent is given per purpose,
 * violence at home holds back every step that involves the parents, and the leader's decision after
 * the PPV keeps the support at the school without a referral. The teacher answers the cards as in
 * Teams; the bot's answers are read from the cards it sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import { storeTargets, startTestBot, type StoreTarget } from '../support/bot.js';
import { TeamsUser, actionByVerb, actionsOf, inputIdsOf, textOf } from '../support/teams.js';
import { answerUntilRecommendation, concernToRecommendation, lastCardOf } from '../support/intake-cards.js';
import type { Bot } from '../../src/main.js';

/** Every question asked must be one the test answers: the questions are part of what these tests check. */
const STRICT = { strict: true };
const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';

/** A child whose preventive and anticipatory work did not help enough, after a network meeting. */
const AFTER_NETWORK_MEETING: Record<string, string> = {
  pseudonym: 'A.B., 4.B',
  scope: 'barn',
  areas: 'trivsel',
  safety: '',
  data: 'observationer,elevsamtale',
  teamDiscussed: 'true',
  plan: 'begge',
  parents: 'inddraget',
  tried: 'co-teaching',
  planEvaluated: 'delvist',
  advisers: 'plc,raadgivende-team',
  adviserEffect: 'virker-ikke',
  networkMeetingHeld: 'true',
};

describe.each(storeTargets())('ladder version 2 over the protocol on $name', ({ make }) => {
  let connector: FakeConnector;
  let store: StoreTarget;
  let bot: Bot;
  let url: string;

  beforeAll(async () => {
    connector = await startFakeConnector();
    store = make();
    ({ bot, url } = await startTestBot(store));
  });
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  const teacher = () => new TeamsUser(url, connector, { aadObjectId: crypto.randomUUID(), tenantId: TENANT, name: 'Mette Lund' });

  it('a consent given for a work meeting does not let a referral through: the parents are asked at a network meeting', async () => {
    const user = teacher();
    const rec = await concernToRecommendation(
      user,
      {
        ...AFTER_NETWORK_MEETING,
        ppv: 'foreligger',
        leaderDecision: 'vidtgaaende',
        districtCouncil: 'true',
        consents: 'arbejdsmoede',
      },
      STRICT,
    );
    const text = textOf(rec.card);
    expect(text).toContain('Indkald til netværksmøde');
    expect(text).not.toContain('Henvis til Pædagogisk Koordinationsudvalg');
    expect(text).toContain('forældrene'); // consent required: the card says the parents must agree
    expect(rec.asked).toContain('consents');
    // The referral is in view, so what it still lacks is listed: the parents' agreement among it.
    expect(text).toContain('Forældrene er enige i en henvisning til PKU');
  });

  it('violence at home shows afvent-kommunen, and nothing drafted for the case invites the parents', async () => {
    const user = teacher();
    const answers = { ...AFTER_NETWORK_MEETING, networkMeetingHeld: 'false', safety: 'vold', acuteDanger: 'false', homeConcern: 'true' };
    const rec = await concernToRecommendation(user, answers, STRICT);
    const text = textOf(rec.card);
    expect(text).toContain('Underret kommunen, og vent med at inddrage forældrene');
    expect(text).toContain('Indkald til netværksmøde'); // the step that waits, named
    expect(text).not.toContain('Dagsorden: netværksmøde');
    expect(text).toContain('Vent med at inddrage forældrene, til kommunen har vurderet underretningen');
    // The held step has no templates: there is nothing to draft, so no agenda for a meeting with the parents.
    expect(actionsOf(rec.card).map((a) => a.verb)).not.toContain('plan.draft');
    expect(text).not.toMatch(/Inddrag forældrene aktivt|Orientér forældrene/);
  });

  it('PPV received → the leader decides to keep the support at the school → no referral, no prerequisites', async () => {
    const user = teacher();
    const atDecision = await concernToRecommendation(
      user,
      {
        ...AFTER_NETWORK_MEETING,
        ppv: 'foreligger',
        leaderDecision: 'ikke-truffet',
      },
      STRICT,
    );
    expect(textOf(atDecision.card)).toContain('Udarbejd sagsfremstilling med partshøring, og træf afgørelse');
    // The leader decided: the teacher goes back to the question and answers it.
    const back = await user.execute(atDecision.id, actionByVerb(atDecision.card, 'intake.back'));
    const question = lastCardOf(back.sent);
    expect(question.card && inputIdsOf(question.card)).toEqual(['leaderDecision']);
    const decided = await answerUntilRecommendation(user, question, { leaderDecision: 'paa-skolen' }, STRICT);
    const text = textOf(decided.card);
    expect(text).toContain('Giv den specialpædagogiske bistand på skolen');
    expect(text).not.toContain('Henvis til Pædagogisk Koordinationsudvalg');
    expect(text).not.toContain('Forudsætninger for en henvisning');
  });
});
