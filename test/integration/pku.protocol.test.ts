/**
 * PKU's decision over the Bot Framework protocol, on both databases (issue 11, "After the
 * referral"): a teacher's case reaches the referral; the school's leader opens it from "sager på
 * skolen", records PKU's decision on the card's form, and the case moves as the decision says. A
 * returned referral brings the case back to foregribende with PKU's remarks; a specialised offer
 * plans the yearly revisitation 11 and 23 months after PKU's decision date, on school days of the
 * school's calendar. The bot runs on its own clock; the planner and the dispatcher are driven by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector, type RecordedActivity } from '../support/connector.js';
import {
  TeamsUser,
  actionByVerb,
  actionsOf,
  cardOf,
  inputIdsOf,
  invokeCard,
  textOf,
  type CardAction,
  type CardJson,
} from '../support/teams.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import type { Bot } from '../../src/main.js';
import { concernToRecommendation, REFERRAL_CARD_ANSWERS } from '../support/intake-cards.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const person = (aadObjectId: string, name: string) => ({ aadObjectId, name });
const HANNE = person('236cee5c-70dc-43b6-beab-6914a28f3172', 'Hanne Lykke'); // leader, Fjordbakkeskolen
const PER = person('fdc3ec0d-7713-4dba-99d8-5d90c0da4a86', 'Per Damgaard'); // leader, Fjordbakkeskolen
const METTE = person('1153f4b6-99f1-4c0d-94fd-862b111a2ad1', 'Mette Kjær'); // teacher 4.B and 5.A
const ANDERS = person('9f8692bc-8bea-48d9-9a5c-9c7fc320ce73', 'Anders Skov'); // teacher 4.B (team member, not owner)

/** Everything a referral needs (ladder.md §5), as the cards' inputs. */
const READY = REFERRAL_CARD_ANSWERS;

const lastCard = (sent: RecordedActivity[]) => {
  const activity = [...sent].reverse().find((a) => cardOf(a));
  return { id: activity?.id ?? '', card: cardOf(activity) as CardJson };
};
function buttonTitled(card: CardJson, title: string): CardAction {
  const action = actionsOf(card).find((a) => a.title === title);
  if (!action)
    throw new Error(
      `no button "${title}" on the card: ${actionsOf(card)
        .map((a) => a.title)
        .join(', ')}`,
    );
  return action;
}

describe.each(storeTargets())("PKU's decision over the protocol on $name", ({ make }) => {
  let store: StoreTarget;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  let now = new Date('2027-03-01T09:00:00Z');
  const user = (who: { aadObjectId: string; name: string }) =>
    new TeamsUser(url, connector, { ...who, tenantId: TENANT }, `a:personal-${who.aadObjectId}`);

  beforeAll(async () => {
    store = make();
    const database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, {}, new LogCapture(), { database, clock: () => now, startJobs: false }));
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  /** Mette answers every card until the recommendation; returns it and the case's pseudonym. */
  async function referral(pseudonym: string): Promise<CardJson> {
    const step = await concernToRecommendation(user(METTE), { ...READY, pseudonym });
    expect(textOf(step.card)).toContain('Henvis til Pædagogisk Koordinationsudvalg');
    return step.card;
  }

  /** Hanne opens the case from "sager på skolen" (the list is newest first: the case just made is the first). */
  async function leaderOpens(pseudonym: string): Promise<CardJson> {
    const list = lastCard((await user(HANNE).say('sager på skolen')).sent).card;
    expect(textOf(list)).toContain(pseudonym);
    const card = lastCard(
      (
        await user(HANNE).execute(
          'list',
          actionsOf(list).find((a) => a.verb === 'case.open')!,
        )
      ).sent,
    ).card;
    expect(textOf(card)).toContain(pseudonym);
    return card;
  }

  it("a returned referral brings the case back to foregribende with PKU's remarks, and the case card shows the decision", async () => {
    await referral('R.T., 4.B');
    const caseCard = await leaderOpens('R.T., 4.B');
    const record = buttonTitled(caseCard, "Registrér PKU's afgørelse");

    // A teacher of the team who does not own the case cannot record it.
    const refused = await user(ANDERS).execute('case', record);
    expect(textOf(invokeCard(refused.body))).toContain('Sagen blev ikke fundet');

    const form = lastCard((await user(HANNE).execute('case', record)).sent);
    expect(inputIdsOf(form.card)).toEqual(['decision', 'decidedOn', 'remarks']);
    // The form names its case at the top, with the team from the directory.
    expect(textOf(form.card)).toContain('Sag: R.T., 4.B · 4.B – Fjordbakkeskolen');
    const save = actionByVerb(form.card, 'pku.record');

    // A CPR number in the remarks is refused and not shown again, with or without a decision chosen.
    for (const decision of ['returneret', '']) {
      const refusedCpr = invokeCard(
        (await user(HANNE).execute(form.id, save, { decision, decidedOn: '2027-02-26', remarks: 'Barnet 120512-1234 skal vurderes' })).body,
      )!;
      expect(textOf(refusedCpr)).toContain('CPR-nummer');
      expect(JSON.stringify(refusedCpr)).not.toContain('120512-1234');
      expect(JSON.stringify(refusedCpr)).not.toMatch(/1205\D?12\D?1234/);
    }

    // Returned without remarks: the form comes back with the line under the field, nothing recorded.
    const missing = invokeCard(
      (await user(HANNE).execute(form.id, save, { decision: 'returneret', decidedOn: '2027-02-26', remarks: '' })).body,
    )!;
    expect(textOf(missing)).toContain("Skriv PKU's bemærkninger");
    const recorded = await user(HANNE).execute(form.id, save, {
      decision: 'returneret',
      decidedOn: '2027-02-26',
      remarks: 'Beskriv forældrenes perspektiv og evaluér mellemformen.',
    });
    expect(textOf(invokeCard(recorded.body))).toContain("PKU's afgørelse er registreret");
    const next = textOf(lastCard(recorded.sent).card);
    expect(next).toContain('Foregribende');
    expect(next).toContain('Følg op og evaluér planen');
    expect(next).toContain("Følg op på PKU's bemærkninger: Beskriv forældrenes perspektiv og evaluér mellemformen.");

    // The same form clicked again changes nothing.
    const again = await user(HANNE).execute(form.id, save, { decision: 'afslag', decidedOn: '2027-02-26', remarks: '' });
    expect(textOf(invokeCard(again.body))).toContain('Sagen er ændret');

    // The case card from before the decision opens no new form: the case has moved on.
    expect(textOf(invokeCard((await user(HANNE).execute('case', record)).body))).toContain('Sagen er ændret');

    const reopened = await leaderOpens('R.T., 4.B');
    const text = textOf(reopened);
    expect(text).toContain("PKU's afgørelse: Henvisningen er returneret, 26. februar 2027");
    expect(text).toContain('(PKU: henvisningen er returneret 26. februar 2027)');
    expect(actionsOf(reopened).map((a) => a.title)).not.toContain("Registrér PKU's afgørelse");
  });

  it('a specialised offer plans the revisitation 11 and 23 months after the decision, on school days, to the leaders', async () => {
    await user(HANNE).install();
    await user(PER).install();
    await referral('S.P., 4.B');
    const caseCard = await leaderOpens('S.P., 4.B');
    const form = lastCard((await user(HANNE).execute('case', buttonTitled(caseCard, "Registrér PKU's afgørelse"))).sent);
    // PKU decided on Sunday 31 January 2027 (any past date after the case was made).
    const recorded = await user(HANNE).execute(form.id, actionByVerb(form.card, 'pku.record'), {
      decision: 'specialtilbud',
      decidedOn: '2027-01-31',
      remarks: '',
    });
    expect(textOf(invokeCard(recorded.body))).toContain("PKU's afgørelse er registreret");
    expect(textOf(lastCard(recorded.sent).card)).toContain('Henvis til Pædagogisk Koordinationsudvalg');

    const reminders = async () => {
      const before = connector.activities.length;
      await bot.jobs.planner.tick(now);
      await bot.jobs.dispatcher.runOnce();
      return connector.activities
        .slice(before)
        .filter((a) => textOf(cardOf(a)).includes('S.P., 4.B') && textOf(cardOf(a)).includes('Tid til revisitation'));
    };
    // Nothing before the eleventh month.
    now = new Date('2027-12-01T09:00:00Z');
    expect(await reminders()).toEqual([]);
    // 31 January + 11 months = 31 December 2027, nytårsaftensdag: no school, nor on the weekend after,
    // so Monday 3 January 2028 at working-hours start, to both leaders.
    now = new Date('2027-12-31T09:00:00Z');
    expect(await reminders()).toEqual([]);
    now = new Date('2028-01-03T06:31:00Z');
    const first = await reminders();
    expect(first.map((a) => a.conversationId).sort()).toEqual([`a:personal-${HANNE.aadObjectId}`, `a:personal-${PER.aadObjectId}`].sort());
    const card = cardOf(first[0])!;
    expect(textOf(card)).toContain('Placeringens første år slutter snart');
    expect(textOf(card)).toContain('3. januar 2028');
    expect(textOf(card)).toContain('31. januar 2027');
    expect(textOf(card)).toContain('vende tilbage til almenskolen');
    expect(await reminders()).toEqual([]); // planned once
    // 23 months = Sunday 31 December 2028; 1 January is a holiday: Tuesday 2 January 2029, and not a day before.
    now = new Date('2029-01-01T09:00:00Z');
    expect(await reminders()).toEqual([]);
    now = new Date('2029-01-02T06:31:00Z');
    const second = await reminders();
    expect(second).toHaveLength(2);
    expect(textOf(cardOf(second[0]))).toContain('Placeringens 2. år slutter snart');
    expect(textOf(cardOf(second[0]))).toContain('2. januar 2029');
  });
});
