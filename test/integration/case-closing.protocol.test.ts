/**
 * Closing a case over the Bot Framework protocol, on both databases (issue 13, "Retention and
 * closing"): the owner or a leader of the case's school presses "Afslut sag", names why, and the
 * case becomes read-only. Team members, other teachers and other schools' leaders are refused (from
 * the directory, whatever the card says); a second click is told the case is closed already; a card
 * drawn before a change is stale; and every verb that changes a case is then refused with one Danish
 * message, while the case and its plans can still be read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import {
  TeamsUser,
  actionByVerb,
  actionsOf,
  cardOf,
  inputIdsOf,
  inputValuesOf,
  invokeCard,
  textOf,
  type CardAction,
  type CardJson,
} from '../support/teams.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { concernToRecommendation } from '../support/intake-cards.js';
import { onlyCard } from './plans/drafts.js';
import { CHANGING_VERBS } from '../../src/bot/closing.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const person = (aadObjectId: string, name: string) => ({ aadObjectId, name });
const HANNE = person('236cee5c-70dc-43b6-beab-6914a28f3172', 'Hanne Lykke'); // leader, Fjordbakkeskolen
const METTE = person('1153f4b6-99f1-4c0d-94fd-862b111a2ad1', 'Mette Kjær'); // teacher 4.B and 5.A
const ANDERS = person('9f8692bc-8bea-48d9-9a5c-9c7fc320ce73', 'Anders Skov'); // teacher 4.B (team member, not owner)
const LISE = person('1a6d41a7-3b1d-4a39-a706-e2cb56e6da4d', 'Lise Bruun'); // teacher at Fjordbakkeskolen, not on 4.B
const KAREN = person('77107fff-989a-4c47-90ee-7aeac992bca0', 'Karen Winther'); // leader, Nørre Strand Skole

/** A concern at the preventive level with no plan yet: "Lav udkast" offers the plans. */
const CHILD: Record<string, string> = {
  team: 'fjordbakke/4b',
  scope: 'barn',
  areas: 'trivsel',
  safety: '',
  data: 'observationer,elevsamtale',
  childPerspective: 'true',
  teamDiscussed: 'true',
  plan: 'ingen',
  parents: 'inddraget',
};

const lastCard = (sent: { id?: string }[]) => {
  const activity = [...sent].reverse().find((a) => cardOf(a as never));
  return { id: activity?.id ?? '', card: cardOf(activity as never) as CardJson };
};
const answerOf = (turn: { body: unknown; sent: { id?: string }[] }): CardJson => invokeCard(turn.body) ?? lastCard(turn.sent).card;
const titled = (card: CardJson, title: string): CardAction | undefined => actionsOf(card).find((a) => a.title === title);

describe.each(storeTargets())('closing a case over the protocol on $name', ({ make }) => {
  let store: StoreTarget;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  let database: Database;
  const now = new Date('2027-03-01T09:00:00Z');
  const user = (who: { aadObjectId: string; name: string }) =>
    new TeamsUser(url, connector, { ...who, tenantId: TENANT }, `a:personal-${who.aadObjectId}`);

  beforeAll(async () => {
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, {}, new LogCapture(), { database, clock: () => now, startJobs: false }));
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  /** Mette's concern to its recommendation, with one saved plan; the recommendation, the saved plan's card and the case's id. */
  async function caseWithPlan(pseudonym: string) {
    const rec = await concernToRecommendation(user(METTE), { ...CHILD, pseudonym });
    const draft = onlyCard(await user(METTE).execute(rec.id, actionByVerb(rec.card, 'plan.draft')));
    const saved = invokeCard(
      (
        await user(METTE).execute(draft.id, actionByVerb(draft.card, 'plan.save'), {
          ...inputValuesOf(draft.card),
          goal1: 'Barnet er glad for at gå i skole',
        })
      ).body,
    )!;
    expect(textOf(saved)).toContain('Version 1');
    const caseId = String(actionByVerb(saved, 'plan.save').data!.caseId);
    return { rec, saved, caseId, planId: String(actionByVerb(saved, 'plan.save').data!.planId) };
  }

  /** The case card as `who` sees it, opened from their list ("mine sager", or "sager på skolen" for a leader). */
  async function openCase(who: { aadObjectId: string; name: string }, pseudonym: string, list = 'mine sager'): Promise<CardJson> {
    const cards = lastCard((await user(who).say(list)).sent).card;
    const open = actionsOf(cards).find((a) => a.verb === 'case.open')!;
    expect(textOf(cards)).toContain(pseudonym);
    const card = lastCard((await user(who).execute('list', open)).sent).card;
    expect(textOf(card)).toContain(pseudonym);
    return card;
  }

  const stored = (caseId: string) =>
    database.db
      .selectFrom('cases')
      .select(['status', 'closed_at', 'closed_by', 'closed_reason', 'closed_note', 'seq'])
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();

  it('the owner closes the case with a reason; others are refused; then the case is read-only', async () => {
    const { rec, saved, caseId, planId } = await caseWithPlan('C.L., 4.B');
    const caseCard = await openCase(METTE, 'C.L., 4.B');
    const closeButton = titled(caseCard, 'Afslut sag')!;
    expect(closeButton.verb).toBe('case.close.form');

    // A team member, another teacher and another school's leader: the form does not open, and
    // closing with the owner's card data does nothing (the directory decides, not the card).
    for (const other of [ANDERS, LISE, KAREN]) {
      expect(textOf(answerOf(await user(other).execute('case', closeButton)))).toContain('Sagen blev ikke fundet');
      const forged = { ...closeButton, verb: 'case.close' };
      expect(textOf(answerOf(await user(other).execute('case', forged, { reason: 'flyttet', note: '' })))).toContain(
        'Sagen blev ikke fundet',
      );
    }
    expect((await stored(caseId)).status).toBe('aaben');
    // The team member sees the case, but without the button.
    const teamView = lastCard(
      (await user(ANDERS).execute('case', { type: 'Action.Execute', verb: 'case.open', data: { caseId } })).sent,
    ).card;
    expect(textOf(teamView)).toContain('C.L., 4.B');
    expect(titled(teamView, 'Afslut sag')).toBeUndefined();

    const form = lastCard((await user(METTE).execute('case', closeButton)).sent);
    expect(inputIdsOf(form.card)).toEqual(['reason', 'note']);
    expect(textOf(form.card)).toContain('Overgået til andet tilbud');
    const close = actionByVerb(form.card, 'case.close');

    // No reason: the form comes back with the line under the choice; nothing closed.
    expect(textOf(answerOf(await user(METTE).execute(form.id, close, { reason: '', note: '' })))).toContain(
      'Vælg, hvorfor sagen afsluttes.',
    );
    // A CPR number in the note is refused and never shown again.
    const cpr = answerOf(await user(METTE).execute(form.id, close, { reason: 'flyttet', note: 'Barnet 120512-1234 er flyttet' }));
    expect(textOf(cpr)).toContain('CPR-nummer');
    expect(JSON.stringify(cpr)).not.toMatch(/1205\D?12\D?1234/);
    expect((await stored(caseId)).status).toBe('aaben');

    const done = answerOf(await user(METTE).execute(form.id, close, { reason: 'flyttet', note: 'Familien er flyttet til Aarhus' }));
    expect(textOf(done)).toContain('Sagen er afsluttet');
    expect(textOf(done)).toContain('Flyttet · Familien er flyttet til Aarhus');
    const row = await stored(caseId);
    expect(row).toMatchObject({ status: 'afsluttet', closed_by: METTE.aadObjectId, closed_reason: 'flyttet' });
    // The note is free text: sealed at rest (src/db/sealing.ts), the clear text only when opened.
    expect(row.closed_note).toMatch(/^enc:v1:/);
    expect(row.closed_note).not.toContain('Aarhus');
    expect(database.keys.open(row.closed_note!)).toBe('Familien er flyttet til Aarhus');
    expect(new Date(row.closed_at!).toISOString()).toBe(now.toISOString());

    // A double click: closed already, nothing changes.
    const again = answerOf(await user(METTE).execute(form.id, close, { reason: 'andet', note: '' }));
    expect(textOf(again)).toContain('Sagen er allerede afsluttet');
    expect(await stored(caseId)).toEqual(row);

    // The case card: "Afsluttet <dato> · <årsag>", no button that changes the case; the plan can still be opened.
    const closedCard = await openCase(METTE, 'C.L., 4.B');
    expect(textOf(closedCard)).toContain('Afsluttet 1. marts 2027 · Flyttet · Familien er flyttet til Aarhus');
    const verbs = actionsOf(closedCard).map((a) => a.verb);
    for (const verb of [...CHANGING_VERBS, 'case.close.form']) expect(verbs).not.toContain(verb);
    expect(verbs).toContain('plan.open');
    // The plan opened from the closed case can be read and exported, not revised or evaluated.
    const planCardNow = answerOf(await user(METTE).execute('case', actionByVerb(closedCard, 'plan.open')));
    expect(textOf(planCardNow)).toContain('Sagen er afsluttet: planen kan kun læses og eksporteres.');
    const planVerbs = actionsOf(planCardNow).map((a) => a.verb);
    expect(planVerbs).toContain('plan.export');
    for (const verb of ['plan.save', 'plan.evaluate']) expect(planVerbs).not.toContain(verb);
    expect(actionsOf(planCardNow).map((a) => a.title)).not.toContain('Ny version');

    const logBefore = Number(
      (
        await database.db
          .selectFrom('access_log')
          .select((eb) => eb.fn.max('id').as('max'))
          .executeTakeFirst()
      )?.max ?? 0,
    );
    // Every verb that changes a case is refused with the same message, from the old cards and from
    // cards naming the case, a plan of it, or both; nothing is written.
    const refused = async (action: CardAction, inputs: Record<string, string> = {}) => {
      const text = textOf(answerOf(await user(METTE).execute('old', action, inputs)));
      expect(text).toContain('Sagen er afsluttet');
      expect(text).toContain('kan kun læses');
    };
    await refused(actionByVerb(saved, 'plan.save'), { goal1: 'Ændret efter afslutningen' });
    await refused(actionByVerb(rec.card, 'plan.draft'));
    const seq = row.seq;
    for (const verb of CHANGING_VERBS) {
      await refused({
        type: 'Action.Execute',
        verb,
        data: { caseId, planId, seq, evaluationDate: '2027-04-01', kind: 'due', formId: 'x' },
      });
    }
    // A tampered card naming an open case beside the closed case's plan is refused too.
    const other = await caseWithPlan('D.M., 4.B');
    await refused({ type: 'Action.Execute', verb: 'plan.save', data: { caseId: other.caseId, planId, seq: 1 } });
    const versions = await database.db.selectFrom('plan_versions').select('version').where('plan_id', '=', planId).execute();
    expect(versions.map((v) => v.version)).toEqual([1]);
    // The access log notes each refused change as refused, never as an allowed change of the case.
    const changes = await database.db
      .selectFrom('access_log')
      .select(['outcome', 'verb'])
      .where('case_id', '=', caseId)
      .where('action', '=', 'change')
      .where('id', '>', logBefore)
      .execute();
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.filter((r) => r.outcome === 'allowed')).toEqual([]);
    expect(await stored(caseId)).toEqual(row);

    // Someone who may not see the case learns nothing from its id: "not found", not "closed".
    expect(
      textOf(answerOf(await user(KAREN).execute('x', { type: 'Action.Execute', verb: 'plan.draft', data: { caseId, seq } }))),
    ).not.toContain('afsluttet');
  }, 120_000);

  it("a leader of the case's school closes it; a stale card closes nothing", async () => {
    const { caseId } = await caseWithPlan('E.N., 4.B');
    const caseCard = await openCase(HANNE, 'E.N., 4.B', 'sager på skolen');
    const closeButton = titled(caseCard, 'Afslut sag')!;
    const form = lastCard((await user(HANNE).execute('case', closeButton)).sent);
    const close = actionByVerb(form.card, 'case.close');

    // A card drawn before the case changed (an older seq) is stale.
    const stale = { ...close, data: { ...close.data, seq: Number(close.data!.seq) - 1 } };
    expect(textOf(answerOf(await user(HANNE).execute(form.id, stale, { reason: 'andet', note: '' })))).toContain('Sagen er ændret');
    expect((await stored(caseId)).status).toBe('aaben');

    const done = answerOf(await user(HANNE).execute(form.id, close, { reason: 'andet-tilbud', note: '' }));
    expect(textOf(done)).toContain('Overgået til andet tilbud');
    expect(await stored(caseId)).toMatchObject({
      status: 'afsluttet',
      closed_by: HANNE.aadObjectId,
      closed_reason: 'andet-tilbud',
      closed_note: null,
    });

    // The owner's form, drawn before, now says the case is closed already.
    const owners = await openCase(METTE, 'E.N., 4.B');
    expect(titled(owners, 'Afslut sag')).toBeUndefined();
    expect(textOf(owners)).toContain('Afsluttet 1. marts 2027 · Overgået til andet tilbud');
    expect(textOf(answerOf(await user(METTE).execute('case', closeButton)))).toContain('Sagen er allerede afsluttet');
    // The leader's list still shows the closed case.
    expect(textOf(lastCard((await user(HANNE).say('sager på skolen')).sent).card)).toContain('E.N., 4.B');
  }, 120_000);
});
