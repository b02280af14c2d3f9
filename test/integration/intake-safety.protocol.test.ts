/**
 * Safety first, really (issue 12), over the Bot Framework protocol on both databases: the safety
 * question stands on its own card after the first one; signs of danger first ask whether the danger
 * is acute, without the long legal card; once that answer is known the school's leaders are alerted
 * and the intake pauses: "Ring 112 nu" first when acute, then the duty to notify, then a card naming
 * the leaders who were alerted, with Fortsæt nu and Fortsæt senere, and no next question. Also: the
 * tried-actions question with the fitting actions first and the rest behind "Vis flere", every intake
 * card naming its case at the top, and Tilbage turning the old card into a read-only line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import { LogCapture, storeTargets, startTestBot, type StoreTarget } from '../support/bot.js';
import {
  TeamsUser,
  actionByVerb,
  actionsOf,
  cardOf,
  inputIdsOf,
  inputValuesOf,
  invokeCard,
  textOf,
  type CardJson,
  type TurnResult,
} from '../support/teams.js';
import { continueActionOf, lastCardOf, type CardStep } from '../support/intake-cards.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { openAny } from '../../src/db/sealing.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
/** Teachers of the example directory (config/directory.example.yaml), each with one concern in these tests. */
const METTE = '1153f4b6-99f1-4c0d-94fd-862b111a2ad1'; // 4.B and 5.A, Fjordbakkeskolen (leaders Hanne Lykke, Per Damgaard)
const ANDERS = '9f8692bc-8bea-48d9-9a5c-9c7fc320ce73'; // 4.B and Indskoling, Fjordbakkeskolen
const CAMILLA = '5a916c4e-0494-4af0-a9dc-8e5ffd33ec7a'; // 2.A and 7.C, Nørre Strand Skole (leader Karen Winther)
const RASMUS = '1ecd2f29-4dc0-407f-897b-c25f2351c5c4'; // 7.C, Nørre Strand Skole
const LOUISE = '8b0c1f57-ccf1-457f-a8e1-378cd631d5b5'; // 3.A and 6.B, Sydhavnsskolen (leader Jesper Bach)
const MORTEN = 'b17efefb-a203-4c35-be94-dbf3effb368b'; // 6.B, Sydhavnsskolen

const sentCards = (r: TurnResult) => r.sent.filter((a) => a.method === 'POST' && cardOf(a)).map((a) => ({ id: a.id, card: cardOf(a)! }));
/** The first line of text on a card: where the case is named. */
const topLine = (card: CardJson | null | undefined) => textOf(card ? { body: card.body } : null).split('\n')[0];
const buttons = (card: CardJson) => actionsOf(card).map((a) => a.title);

describe.each(storeTargets())('the intake puts safety first on $name', ({ make }) => {
  let connector: FakeConnector;
  let store: StoreTarget;
  let database: Database;
  let bot: Bot;
  let url: string;

  beforeAll(async () => {
    connector = await startFakeConnector();
    store = make();
    database = await store.open();
    ({ bot, url } = await startTestBot(store, {}, new LogCapture(), { database, startJobs: false }));
  });
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  const teacher = (aad: string) => new TeamsUser(url, connector, { aadObjectId: aad, tenantId: TENANT, name: 'Lærer' });
  const answer = (who: TeamsUser, step: CardStep, inputs: Record<string, string>) =>
    who.execute(step.id, actionByVerb(step.card!, 'intake.answer'), inputs);
  /** The safeguarding alerts in the outbox for a case (one row per leader). */
  const alertsFor = async (caseId: string) =>
    (
      await database.db
        .selectFrom('outbox')
        .select(['kind', 'payload', 'recipient_aad_id'])
        .where('kind', '=', 'safeguarding-alert')
        .execute()
    )
      .map((r) => ({ ...r, payload: openAny(database.keys, r.payload) }))
      .filter((r) => (r.payload as { caseId?: string }).caseId === caseId);

  /** "ny bekymring" and the first card answered: the safety card is next. */
  async function toSafetyCard(who: TeamsUser, first: Record<string, string>): Promise<{ step: CardStep; caseId: string }> {
    const start = lastCardOf((await who.say('ny bekymring')).sent);
    const caseId = String(actionByVerb(start.card!, 'intake.answer').data?.caseId);
    return { step: lastCardOf((await answer(who, start, first)).sent), caseId };
  }

  it('asks safety alone on card 2, then acute danger without the legal card; on "Ja": 112, duty to notify, the leaders by name, and no next question', async () => {
    const mette = teacher(METTE);
    const { step: safety, caseId } = await toSafetyCard(mette, {
      pseudonym: 'C.D., 4.B',
      scope: 'barn',
      areas: 'trivsel',
      team: 'fjordbakke/4b',
    });
    // The safety question stands on its own card: nothing else to answer there.
    expect(inputIdsOf(safety.card!)).toEqual(['safety']);
    expect(textOf(safety.card)).toContain('Spørgsmål 2');
    expect(textOf(safety.card)).toContain('Er der tegn på, at barnet ikke er i sikkerhed?');

    // Signs of danger: only the acute question follows, and nobody is alerted yet.
    const signs = await answer(mette, safety, { safety: 'vold' });
    expect(sentCards(signs)).toHaveLength(1);
    const acute = lastCardOf(signs.sent);
    expect(inputIdsOf(acute.card!)).toEqual(['acuteDanger']);
    expect(textOf(acute.card)).not.toMatch(/underretningspligt/i);
    expect(await alertsFor(caseId)).toHaveLength(0);

    const paused = await answer(mette, acute, { acuteDanger: 'true' });
    const cards = sentCards(paused);
    expect(cards).toHaveLength(3);
    const [call112, duty, alerted] = cards.map((c) => c.card) as [CardJson, CardJson, CardJson];
    expect(textOf(call112)).toContain('Ring 112 nu');
    expect(textOf(duty)).toMatch(/underretningspligt/i);
    expect(textOf(alerted)).toContain('Skoleledelsen har fået besked');
    expect(textOf(alerted)).toContain('Hanne Lykke og Per Damgaard');
    expect(buttons(alerted)).toEqual(['Fortsæt nu', 'Fortsæt senere']);
    // No next question in this turn.
    for (const c of cards) expect(inputIdsOf(c.card)).toEqual([]);
    // The leaders were alerted once the acute answer was known.
    const alerts = await alertsFor(caseId);
    expect(alerts.map((a) => a.recipient_aad_id).sort()).toEqual([
      '236cee5c-70dc-43b6-beab-6914a28f3172',
      'fdc3ec0d-7713-4dba-99d8-5d90c0da4a86',
    ]);
    expect(alerts.every((a) => (a.payload as { acute?: boolean }).acute === true)).toBe(true);
    // Every card of the case names it at the top.
    for (const c of [safety.card, acute.card, call112, alerted]) expect(topLine(c)).toBe('Sag: C.D., 4.B · 4.B – Fjordbakkeskolen');
    expect(topLine(invokeCard(paused.body))).toBe('Sag: C.D., 4.B · 4.B – Fjordbakkeskolen');
  });

  it('on "Nej": the duty to notify and the alerted card, no 112 card; Fortsæt nu sends the next question of that case', async () => {
    const anders = teacher(ANDERS);
    const { step: safety, caseId } = await toSafetyCard(anders, {
      pseudonym: 'E.F., 4.B',
      scope: 'barn',
      areas: 'adfaerd',
      team: 'fjordbakke/4b',
    });
    const acute = lastCardOf((await answer(anders, safety, { safety: 'omsorgssvigt' })).sent);
    const paused = await answer(anders, acute, { acuteDanger: 'false' });
    const cards = sentCards(paused);
    expect(cards).toHaveLength(2);
    expect(textOf(cards[0]!.card)).toMatch(/underretningspligt/i);
    expect(textOf(cards[0]!.card)).not.toContain('Ring 112 nu');
    expect(textOf(cards[1]!.card)).toContain('Hanne Lykke og Per Damgaard');
    expect(await alertsFor(caseId)).toHaveLength(2);

    const now = await anders.execute(cards[1]!.id, continueActionOf(cards[1]!.card)!);
    const next = lastCardOf(now.sent);
    expect(inputIdsOf(next.card!)).toEqual(['data']);
    expect(actionByVerb(next.card!, 'intake.answer').data?.caseId).toBe(caseId);
    expect(topLine(next.card)).toBe('Sag: E.F., 4.B · 4.B – Fjordbakkeskolen');
    // Omsorgssvigt concerns the home by definition: no homeConcern question, and no second alert.
    expect(await alertsFor(caseId)).toHaveLength(2);
  });

  it('Fortsæt senere: the card says the case is saved and how to continue; "fortsæt" then asks the next question; nobody else can press it', async () => {
    const camilla = teacher(CAMILLA);
    const { step: safety, caseId } = await toSafetyCard(camilla, {
      pseudonym: 'G.H., 7.C',
      scope: 'barn',
      areas: 'trivsel',
      team: 'noerre-strand/7c',
    });
    const acute = lastCardOf((await answer(camilla, safety, { safety: 'selvskade' })).sent);
    const pause = sentCards(await answer(camilla, acute, { acuteDanger: 'false' })).at(-1)!;
    expect(textOf(pause.card)).toContain('Karen Winther');

    // Another teacher pressing the same button (card data never decides access) changes nothing.
    const other = await teacher(RASMUS).execute(pause.id, actionByVerb(pause.card, 'intake.later'));
    expect(textOf(invokeCard(other.body))).not.toContain('Sagen er gemt');

    const later = await camilla.execute(pause.id, actionByVerb(pause.card, 'intake.later'));
    const saved = invokeCard(later.body)!;
    expect(textOf(saved)).toContain('Sagen er gemt');
    expect(textOf(saved)).toContain('fortsæt');
    expect(textOf(saved)).toContain('Karen Winther');
    expect(topLine(saved)).toBe('Sag: G.H., 7.C · 7.C – Nørre Strand Skole');
    expect(buttons(saved)).toEqual(['Fortsæt nu']);
    expect(later.sent.filter((a) => a.method === 'POST')).toHaveLength(0);

    const resumed = lastCardOf((await camilla.say('fortsæt')).sent);
    expect(inputIdsOf(resumed.card!)).toEqual(['data']);
    expect(actionByVerb(resumed.card!, 'intake.answer').data?.caseId).toBe(caseId);
  });

  it('without a leader in the directory, the pause card tells the teacher to tell the leadership themselves', async () => {
    const stranger = teacher(crypto.randomUUID());
    const { step: safety } = await toSafetyCard(stranger, { scope: 'barn', areas: 'trivsel' });
    const acute = lastCardOf((await answer(stranger, safety, { safety: 'misbrug' })).sent);
    const pause = sentCards(await answer(stranger, acute, { acuteDanger: 'false' })).at(-1)!;
    expect(textOf(pause.card)).toContain('Fortæl det selv til skoleledelsen');
    expect(textOf(pause.card)).not.toContain('har fået besked');
    expect(topLine(pause.card)).toBe('Sag: (uden kaldenavn)');
  });

  it('no signs of danger: no pause, the next question follows at once', async () => {
    const morten = teacher(MORTEN);
    const { step: safety } = await toSafetyCard(morten, { pseudonym: 'I.J., 6.B', scope: 'faellesskab', areas: 'socialt' });
    const result = await answer(morten, safety, { safety: '' });
    expect(sentCards(result)).toHaveLength(1);
    expect(inputIdsOf(lastCardOf(result.sent).card!)).toEqual(['data']);
  });

  it('the tried question shows the fitting actions first and the rest behind "Vis flere"; both parts are read and stay selected', async () => {
    const louise = teacher(LOUISE);
    const first = lastCardOf((await louise.say('ny bekymring')).sent);
    // Before a pseudonym is known, the first card is a new concern.
    expect(topLine(first.card)).toBe('Ny bekymring');
    let step = lastCardOf(
      (await answer(louise, first, { pseudonym: 'K.L., 3.A', scope: 'faellesskab', areas: 'adfaerd', team: 'sydhavn/3a' })).sent,
    );
    const path: Record<string, string>[] = [{ safety: '' }, { data: 'observationer' }, { teamDiscussed: 'true' }, { plan: 'faellesskab' }];
    for (const inputs of path) {
      step = lastCardOf((await answer(louise, step, inputs)).sent);
    }
    expect(inputIdsOf(step.card!)).toEqual(['tried', 'triedMore']);
    const shown = inputValuesOf(step.card!);
    const choices = (id: string) => ((findById(step.card!, id)?.choices ?? []) as { value: string }[]).map((c) => c.value);
    const fitting = choices('tried');
    const more = choices('triedMore');
    expect(fitting).toContain('klasserumsledelse');
    expect(fitting).not.toContain('bombe-kursus'); // aimed at one child, not at a class
    expect(more).toContain('bombe-kursus');
    expect(shown).toEqual({ tried: '', triedMore: '' });
    const toggle = actionsOf(step.card!).find((a) => a.type === 'Action.ToggleVisibility');
    expect(toggle?.title).toBe('Vis flere');

    expect(fitting.length + more.length).toBe(new Set([...fitting, ...more]).size);
    // One from each part: both are stored.
    const answered = await answer(louise, step, { tried: 'klasserumsledelse', triedMore: 'bombe-kursus' });
    expect(textOf(invokeCard(answered.body))).toContain('Klasserumsledelse, Bombe-kursus');
    const next = lastCardOf(answered.sent);
    // Back again: both stay selected, each in its part, and the folded part is open.
    const back = await louise.execute(next.id, actionByVerb(next.card!, 'intake.back'));
    const again = lastCardOf(back.sent);
    expect(inputValuesOf(again.card!)).toEqual({ tried: 'klasserumsledelse', triedMore: 'bombe-kursus' });
    expect(findById(again.card!, 'more-choices')?.isVisible).toBe(true);
  });

  it('Tilbage turns the old card into a read-only line saying the user went back, and names the case', async () => {
    const louise = teacher(crypto.randomUUID());
    const { step: safety } = await toSafetyCard(louise, { pseudonym: 'M.N., 5.B', scope: 'barn', areas: 'faglig' });
    const data = lastCardOf((await answer(louise, safety, { safety: '' })).sent);
    const back = await louise.execute(data.id, actionByVerb(data.card!, 'intake.back'));
    const old = invokeCard(back.body)!;
    expect(inputIdsOf(old)).toEqual([]);
    expect(actionsOf(old)).toEqual([]);
    expect(textOf(old)).toContain('Du gik tilbage til spørgsmål 2');
    expect(textOf(old)).not.toContain('Gemt');
    expect(topLine(old)).toBe('Sag: M.N., 5.B');
    const again = lastCardOf(back.sent);
    expect(inputIdsOf(again.card!)).toEqual(['safety']);
    // Back to the first card: it names the case now that it has a pseudonym.
    const first = lastCardOf((await louise.execute(again.id, actionByVerb(again.card!, 'intake.back'))).sent);
    expect(inputIdsOf(first.card!)).toContain('scope');
    expect(topLine(first.card)).toBe('Sag: M.N., 5.B');
  });
});

/** The first element of a card with this id. */
function findById(card: CardJson, id: string): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const walk = (node: unknown) => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as Record<string, unknown>;
    if (n.id === id) found = n;
    else Object.values(n).forEach(walk);
  };
  walk(card);
  return found;
}
