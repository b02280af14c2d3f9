/**
 * Safeguarding as the notifying teacher and the school leader see it (issue 12, "Safety first,
 * really"), over the Bot Framework protocol on both databases. Mette Kjær (teacher, 4.B,
 * Fjordbakkeskolen) flags signs that a child is not safe; the safeguarding card says how to notify
 * the municipality (the playbook's contact) and offers "Jeg har underrettet". The school's leaders
 * (Hanne Lykke, Per Damgaard) are alerted, open the case from "sager på skolen" or the alert, see
 * the signs, the acute answer, who flagged it and when, the alert and the notification, and get a
 * leader's buttons. Only the owner and the school's leaders may record the notification; a second
 * press, or a card drawn before the signs were taken back, records nothing new. The bot runs on its
 * own clock (Saturday night: alerts do not wait for working hours); the dispatcher is driven by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector, type RecordedActivity } from '../support/connector.js';
import {
  TeamsUser,
  actionsOf,
  actionByVerb,
  cardOf,
  inputIdsOf,
  invokeCard,
  textOf,
  type CardAction,
  type CardJson,
} from '../support/teams.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import { lastCardOf } from '../support/intake-cards.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { CaseRepository } from '../../src/cases/case.repository.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const person = (aadObjectId: string, name: string) => ({ aadObjectId, name });
const HANNE = person('236cee5c-70dc-43b6-beab-6914a28f3172', 'Hanne Lykke'); // leader, Fjordbakkeskolen
const PER = person('fdc3ec0d-7713-4dba-99d8-5d90c0da4a86', 'Per Damgaard'); // leader, Fjordbakkeskolen
const METTE = person('1153f4b6-99f1-4c0d-94fd-862b111a2ad1', 'Mette Kjær'); // teacher 4.B and 5.A (mkj@fjordby.dk)
const ANDERS = person('9f8692bc-8bea-48d9-9a5c-9c7fc320ce73', 'Anders Skov'); // teacher 4.B (team member, not owner)
const KAREN = person('77107fff-989a-4c47-90ee-7aeac992bca0', 'Karen Winther'); // leader of Nørre Strand Skole

const SAFEGUARDING_TITLE = 'Sådan underretter du kommunen';
const titles = (card: CardJson | null) => (card ? actionsOf(card).map((a) => a.title) : []);
function buttonTitled(card: CardJson, title: string): CardAction {
  const action = actionsOf(card).find((a) => a.title === title);
  if (!action) throw new Error(`no button "${title}" on the card: ${titles(card).join(', ')}`);
  return action;
}
/** The facts of a card, title → value. */
function factsOf(card: CardJson): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'FactSet' && Array.isArray(n.facts))
      for (const f of n.facts as { title: string; value: string }[]) found[f.title] = f.value;
    Object.values(n).forEach(walk);
  };
  walk(card);
  return found;
}
const cardsOf = (sent: RecordedActivity[]) => sent.flatMap((a) => (cardOf(a) ? [{ id: a.id, card: cardOf(a)! }] : []));

describe.each(storeTargets())('safeguarding for the teacher and the leader on $name', ({ make }) => {
  let store: StoreTarget;
  let database: Database;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  const now = new Date('2027-03-13T22:00:00Z'); // Saturday 13 March 2027, 23.00 in Copenhagen
  const user = (who: { aadObjectId: string; name: string }) =>
    new TeamsUser(url, connector, { ...who, tenantId: TENANT }, `a:personal-${who.aadObjectId}`);
  const to = (who: { aadObjectId: string }, list: RecordedActivity[]) =>
    list.filter((a) => a.conversationId === `a:personal-${who.aadObjectId}`);

  beforeAll(async () => {
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, {}, new LogCapture(), { database, clock: () => now, startJobs: false }));
    // Hanne has the app; Per has not written to the bot yet (his alerts wait for him).
    await user(HANNE).install();
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  /**
   * Mette starts a concern and answers its cards (the signs, the acute answer) until the
   * safeguarding card comes; returns it with the other cards of that turn.
   */
  async function flag(pseudonym: string, answers: Record<string, string>) {
    const all: Record<string, string> = {
      team: 'fjordbakke/4b',
      pseudonym,
      description: 'Barnet har blå mærker på armene',
      scope: 'barn',
      areas: 'trivsel',
      homeConcern: 'false',
      ...answers,
    };
    let step = lastCardOf((await user(METTE).say('ny bekymring')).sent);
    // With a concern of hers still open, the bot asks first: she starts a new one.
    const anew = step.card && actionsOf(step.card).find((a) => a.verb === 'intake.start' && a.title === 'Start en ny bekymring');
    if (anew) step = lastCardOf((await user(METTE).execute(step.id, anew)).sent);
    for (let i = 0; i < 8 && step.card; i++) {
      const fields = inputIdsOf(step.card).filter((f) => !f.endsWith('More'));
      if (fields.length === 0) throw new Error(`no safeguarding card before a card without questions: ${textOf(step.card).slice(0, 200)}`);
      const inputs = Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]!]));
      const turn = await user(METTE).execute(step.id, actionByVerb(step.card, 'intake.answer'), inputs);
      const cards = cardsOf(turn.sent);
      const safeguarding = cards.find((c) => textOf(c.card).includes(SAFEGUARDING_TITLE));
      if (safeguarding) return { safeguarding, cards };
      step = lastCardOf(turn.sent);
    }
    throw new Error('the safeguarding card never came');
  }

  /** Opens a case as a card's "Åbn" would (access is decided from the stored case). */
  const openCase = async (who: typeof METTE, caseId: string) =>
    lastCardOf((await user(who).execute('card', { type: 'Action.Execute', verb: 'case.open', data: { caseId } })).sent).card!;
  const caseIdOf = (card: CardJson) => actionByVerb(card, 'safeguarding.notified').data!.caseId as string;

  /** Hanne's "sager på skolen", and the case of `pseudonym` opened from it. */
  async function leaderOpens(leader: typeof HANNE, pseudonym: string) {
    const list = lastCardOf((await user(leader).say('sager på skolen')).sent);
    const open = actionsOf(list.card!).filter((a) => a.verb === 'case.open');
    const body = (list.card!.body ?? []) as unknown[];
    // The list's case containers hold a title and the Åbn button: find the one of this pseudonym.
    const index = body.filter((b) => JSON.stringify(b).includes('case.open')).findIndex((b) => JSON.stringify(b).includes(pseudonym));
    expect(index).toBeGreaterThanOrEqual(0);
    const container = body.filter((b) => JSON.stringify(b).includes('case.open'))[index];
    const card = lastCardOf((await user(leader).execute(list.id, open[index]!)).sent).card!;
    return { list: list.card!, container: container as CardJson, card, caseId: open[index]!.data!.caseId as string };
  }

  it('the teacher records the notification on the safeguarding card; others cannot; a second press says it is recorded', async () => {
    const { safeguarding, cards } = await flag('S.A., 4.B', { safety: 'vold', acuteDanger: 'true' });
    const text = textOf(safeguarding.card);
    // The card names the case, says how to notify this municipality (the playbook's contact) and offers the button.
    expect(text).toContain('Sag: S.A., 4.B · 4.B – Fjordbakkeskolen');
    expect(text).toContain('Underret Børn og Familie, Haderslev Kommune.');
    expect(text).toContain('Ring 74 34 34 34');
    expect(text).toContain('114');
    const link = actionsOf(safeguarding.card).find((a) => a.type === 'Action.OpenUrl') as CardAction & { url?: string };
    expect(link).toMatchObject({ title: 'Underret via borger.dk', url: expect.stringMatching(/^https:\/\/www\.borger\.dk\//) });
    const notified = buttonTitled(safeguarding.card, 'Jeg har underrettet');
    expect(cards.some((c) => textOf(c.card).includes('Ring 112 nu'))).toBe(true);

    // Neither a teacher of the team who does not own the case, nor another school's leader, may record it.
    for (const other of [ANDERS, KAREN]) {
      const refused = await user(other).execute(safeguarding.id, notified);
      expect(textOf(invokeCard(refused.body))).toContain('Sagen blev ikke fundet');
    }

    const recorded = invokeCard((await user(METTE).execute(safeguarding.id, notified)).body)!;
    expect(textOf(recorded)).toContain('Underretningen er registreret');
    expect(textOf(recorded)).toContain('Underrettet 13. marts 2027 · registreret af Mette Kjær');
    expect(textOf(recorded)).toContain('Sag: S.A., 4.B · 4.B – Fjordbakkeskolen');
    expect(titles(recorded)).toEqual(['Åbn sagen']);

    // The same card pressed again (a double click): recorded once, and the card says when.
    const again = invokeCard((await user(METTE).execute(safeguarding.id, notified)).body)!;
    expect(textOf(again)).toContain('Underretningen var allerede registreret');
    expect(textOf(again)).toContain('Underrettet 13. marts 2027 · registreret af Mette Kjær');
    const rows = await database.db.selectFrom('safeguarding_notifications').selectAll().execute();
    expect(rows.filter((r) => r.recorded_by === METTE.aadObjectId)).toHaveLength(1);
  });

  it("the leader's list marks the safety case; its card shows the signs, the alert and the notification, with a leader's buttons", async () => {
    await bot.jobs.dispatcher.runOnce();
    const { list, container, card, caseId } = await leaderOpens(HANNE, 'S.A., 4.B');
    expect(textOf(container)).toContain('Sikkerhed · akut fare · underrettet 13. marts 2027');
    expect(container).toMatchObject({ style: 'attention' });
    expect(textOf(list)).not.toContain('skriv "fortsæt"');

    const text = textOf(card);
    expect(text).toContain('Sag: S.A., 4.B · 4.B – Fjordbakkeskolen');
    expect(text).toContain('Mette Kjær har markeret tegn på, at barnet ikke er i sikkerhed.');
    expect(text).not.toContain('Spørgsmålene er ikke besvaret endnu');
    const facts = factsOf(card);
    expect(facts).toMatchObject({
      'Tegn på': 'Vold',
      'Akut fare': 'Ja – barnet kan være i fare nu',
      'Markeret af': 'Mette Kjær, 13. marts 2027 kl. 23.00',
      Underretning: 'Underrettet 13. marts 2027 · registreret af Mette Kjær',
    });
    // Hanne's alert went out (the outbox stamps the send with the database's clock); Per's waits for him.
    expect(facts['Ledelsen varslet']).toMatch(/Hanne Lykke \(sendt \d{1,2}\. \p{L}+ \d{4} kl\. \d{2}\.\d{2}\)/u);
    expect(facts['Ledelsen varslet']).toContain('Per Damgaard (venter, til vedkommende åbner Indsatsguiden)');
    expect(to(PER, connector.activities)).toEqual([]); // Per has not opened the bot: nothing reached him
    // The notification stands in the case's history.
    expect(text).toContain('Underretning til kommunen 13. marts 2027 · registreret af Mette Kjær');

    // A leader's buttons: a chat with the teacher and the school's cases; not the owner's Fortsæt.
    const buttons = titles(card);
    expect(buttons).toContain('Chat med Mette Kjær');
    expect(buttons).toContain('Sager på skolen');
    for (const owners of ['Fortsæt', 'Mine sager', 'Anmod om sparring', 'Registrér underretning', 'Jeg har underrettet'])
      expect(buttons).not.toContain(owners);
    const chat = actionsOf(card).find((a) => a.title === 'Chat med Mette Kjær') as CardAction & { url?: string };
    expect(chat.url).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/chat\/0\/0\?users=mkj@fjordby\.dk&message=/);
    expect(decodeURIComponent(chat.url!)).toContain('S.A., 4.B');

    // A teacher of the team sees the case, but not its safety details, and cannot continue Mette's intake.
    const colleague = await openCase(ANDERS, caseId);
    expect(textOf(colleague)).toContain('S.A., 4.B');
    expect(textOf(colleague)).not.toContain('Sikkerhed først');
    expect(titles(colleague)).not.toContain('Fortsæt');
    // Another school's leader does not see it at all.
    expect(textOf(await openCase(KAREN, caseId))).toContain('Sagen blev ikke fundet');
  });

  it("a leader records the notification from the alert's case; the teacher's card then says who did", async () => {
    const { safeguarding } = await flag('O.S., 4.B', { safety: 'omsorgssvigt', acuteDanger: 'false' });
    // Mette then starts another concern: the newest case on the school is not a safety case, but the
    // safety case that waits for its notification comes first in the leader's list.
    const prompt = lastCardOf((await user(METTE).say('ny bekymring')).sent);
    const anew = actionsOf(prompt.card!).find((a) => a.verb === 'intake.start' && a.title === 'Start en ny bekymring');
    if (anew) await user(METTE).execute(prompt.id, anew);
    const list = lastCardOf((await user(HANNE).say('sager på skolen')).sent).card!;
    const first = ((list.body ?? []) as unknown[]).find((b) => JSON.stringify(b).includes('case.open')) as CardJson;
    expect(textOf(first)).toContain('O.S., 4.B');
    expect(textOf(first)).toContain('Sikkerhed · underretning ikke registreret');
    const before = connector.activities.length;
    await bot.jobs.dispatcher.runOnce();
    const alert = to(HANNE, connector.activities.slice(before)).find((a) => textOf(cardOf(a)).includes('O.S., 4.B'))!;
    expect(textOf(cardOf(alert))).toContain('Sag: O.S., 4.B · 4.B – Fjordbakkeskolen');
    const open = buttonTitled(cardOf(alert)!, 'Åbn sagen');
    expect(open.verb).toBe('case.open');

    const caseCard = lastCardOf((await user(HANNE).execute(alert.id, open)).sent).card!;
    const text = textOf(caseCard);
    expect(text).toContain('Der er ikke registreret en underretning til kommunen endnu.');
    expect(factsOf(caseCard)).toMatchObject({ 'Tegn på': 'Omsorgssvigt', 'Akut fare': 'Nej', Underretning: 'Ikke registreret' });
    expect(factsOf(caseCard).Forældrene).toBe('Afventer kommunen – inddrages ikke endnu');
    expect(titles(caseCard)).not.toContain('Fortsæt');

    // Another school's leader cannot record it from Hanne's card.
    const record = buttonTitled(caseCard, 'Registrér underretning');
    expect(textOf(invokeCard((await user(KAREN).execute('case', record)).body))).toContain('Sagen blev ikke fundet');
    const recorded = invokeCard((await user(HANNE).execute('case', record)).body)!;
    expect(textOf(recorded)).toContain('Underretningen er registreret');
    expect(textOf(recorded)).toContain('Underrettet 13. marts 2027 · registreret af Hanne Lykke');

    // Mette's own card, drawn before: it is recorded already, by Hanne, on that date.
    const stale = invokeCard((await user(METTE).execute(safeguarding.id, buttonTitled(safeguarding.card, 'Jeg har underrettet'))).body)!;
    expect(textOf(stale)).toContain('Underretningen var allerede registreret');
    expect(textOf(stale)).toContain('registreret af Hanne Lykke');

    // The owner's view: her list marks it, her card shows it with the owner's buttons and no chat with herself.
    const mine = lastCardOf((await user(METTE).say('mine sager')).sent).card!;
    expect(textOf(mine)).toContain('Sikkerhed · underrettet 13. marts 2027');
    const own = await openCase(METTE, caseIdOf(safeguarding.card));
    expect(textOf(own)).toContain('Du har markeret tegn på, at barnet ikke er i sikkerhed.');
    expect(factsOf(own).Underretning).toBe('Underrettet 13. marts 2027 · registreret af Hanne Lykke');
    expect(textOf(own)).toContain('Underretning til kommunen 13. marts 2027 · registreret af Hanne Lykke (skoleledelsen)');
    expect(titles(own)).toContain('Mine sager');
    expect(titles(own).some((t) => t?.startsWith('Chat med'))).toBe(false);
  });

  it('a card drawn before the signs were taken back records nothing; the owner may record from her case card', async () => {
    const { safeguarding } = await flag('T.B., 4.B', { safety: 'vold', acuteDanger: 'false' });
    const caseId = caseIdOf(safeguarding.card);

    // The owner's case card offers "Jeg har underrettet" while nothing is recorded.
    const own = await openCase(METTE, caseId);
    expect(factsOf(own).Underretning).toBe('Ikke registreret');
    const fromCase = buttonTitled(own, 'Jeg har underrettet');

    // The teacher takes the signs back (as going back and answering again would): both cards are stale now.
    const cases = new CaseRepository(database);
    await cases.withLockedCase(caseId, (c, tx) => tx.update(c.id, { intake: { ...c.intake, safety: [], acuteDanger: false } }));
    for (const press of [
      { id: safeguarding.id, action: buttonTitled(safeguarding.card, 'Jeg har underrettet') },
      { id: 'case', action: fromCase },
    ]) {
      const answer = invokeCard((await user(METTE).execute(press.id, press.action)).body)!;
      expect(textOf(answer)).toContain('Sagen har ikke længere tegn på fare');
    }
    expect(await database.db.selectFrom('safeguarding_notifications').selectAll().where('case_id', '=', caseId).execute()).toEqual([]);

    // Signs again: the case card's button records it.
    await cases.withLockedCase(caseId, (c, tx) => tx.update(c.id, { intake: { ...c.intake, safety: ['vold'] } }));
    const recorded = invokeCard((await user(METTE).execute('case', fromCase)).body)!;
    expect(textOf(recorded)).toContain('Underrettet 13. marts 2027 · registreret af Mette Kjær');
  });

  it("a safety case the teacher cancels stays first in the leader's list until its notification is recorded", async () => {
    const { safeguarding } = await flag('C.A., 4.B', { safety: 'seksuelle-overgreb', acuteDanger: 'false' });
    const caseId = caseIdOf(safeguarding.card);
    // Mette cancels the concern ("annullér" asks first; she confirms).
    const ask = lastCardOf((await user(METTE).say('annullér')).sent);
    expect(textOf(ask.card!)).toContain('C.A., 4.B');
    await user(METTE).execute(ask.id, buttonTitled(ask.card!, 'Ja, annullér'));
    expect((await new CaseRepository(database).get(caseId))?.status).toBe('annulleret');

    // The duty to notify does not end with the cancellation: the leader still sees it first, marked.
    const list = lastCardOf((await user(HANNE).say('sager på skolen')).sent).card!;
    const first = ((list.body ?? []) as unknown[]).find((b) => JSON.stringify(b).includes('case.open')) as CardJson;
    expect(textOf(first)).toContain('C.A., 4.B');
    expect(textOf(first)).toContain('underretning ikke registreret');
    // And the notification can still be recorded on it; then it is no longer pinned.
    const recorded = invokeCard((await user(METTE).execute(safeguarding.id, buttonTitled(safeguarding.card, 'Jeg har underrettet'))).body)!;
    expect(textOf(recorded)).toContain('Underretningen er registreret');
    const after = lastCardOf((await user(HANNE).say('sager på skolen')).sent).card!;
    const firstAfter = ((after.body ?? []) as unknown[]).find((b) => JSON.stringify(b).includes('case.open')) as CardJson;
    expect(textOf(firstAfter)).not.toContain('C.A., 4.B');
  });
});
