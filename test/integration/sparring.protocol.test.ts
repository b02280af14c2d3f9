/**
 * Protocol tests of sparring requests (issue 5) across the teacher, an adviser group's Teams
 * channel and two advisers: the real bot, the fake Bot Connector, people from the example
 * directory. Fjordbakkeskolen is in Distrikt Nord, whose advisory team (Niels Thorsen, Signe
 * Mortensen) has a channel; its practice adviser (Ulla Mikkelsen) has none.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_DIRECTORY_FILE } from '../../src/directory/load.js';
import { localDate, schoolDayOnOrAfter, zonedTime } from '../../src/domain/calendar.js';
import { schoolCalendar } from '../../src/directory/lookup.js';
import { startFakeConnector, type FakeConnector, type RecordedActivity } from '../support/connector.js';
import { actionByVerb, cardOf, invokeCard, textOf, TeamsUser, type CardAction, type CardJson } from '../support/teams.js';
import { LogCapture, startTestBot, storeTargets, type StoreTarget } from '../support/bot.js';
import type { Bot } from '../../src/main.js';
import type { Database } from '../../src/db/database.js';
import { SparringRepository } from '../../src/sparring/sparring.repository.js';

const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const person = (aadObjectId: string, name: string) => ({ aadObjectId, name });
const METTE = person('1153f4b6-99f1-4c0d-94fd-862b111a2ad1', 'Mette Kjær'); // teacher 4.B, Fjordbakkeskolen
const NIELS = person('37800acf-e69f-4223-aec6-86408370bebf', 'Niels Thorsen'); // rådgivende team, Nord
const SIGNE = person('e7471253-169b-4358-9af4-aa130470b115', 'Signe Mortensen'); // rådgivende team, Nord
const ULLA = person('76aac303-7c7d-45e2-8b89-e911488b9d0a', 'Ulla Mikkelsen'); // praksisvejleder, Nord
const LISE = person('1a6d41a7-3b1d-4a39-a706-e2cb56e6da4d', 'Lise Bruun'); // PLC, Fjordbakkeskolen
const HANNE = person('236cee5c-70dc-43b6-beab-6914a28f3172', 'Hanne Lykke'); // leader, Fjordbakkeskolen
const KAREN = person('77107fff-989a-4c47-90ee-7aeac992bca0', 'Karen Winther'); // leader of another school
const CHANNEL = '19:nord-raadgivende-team@thread.tacv2';
const TEAM = '19:fjordby-nord-raadgivning@thread.tacv2';

/** Every Action.Execute on a card, also inside ShowCards (Send videre, Afvis, Afslut). */
function executes(card: CardJson | null): CardAction[] {
  const found: CardAction[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Execute') found.push(o as unknown as CardAction);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return found;
}
const verbsOf = (card: CardJson | null) => [...new Set(executes(card).map((a) => a.verb))];
const execute = (card: CardJson | null, verb: string) => {
  const a = executes(card).find((x) => x.verb === verb);
  if (!a) throw new Error(`no ${verb} on the card: ${verbsOf(card).join(', ')}`);
  return a;
};

describe.each(storeTargets())('sparring requests on $name', ({ make }) => {
  let store: StoreTarget;
  let database: Database;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  const log = new LogCapture();
  const dm = (who: { aadObjectId: string; name: string }) =>
    new TeamsUser(url, connector, { ...who, tenantId: TENANT }, `a:personal-${who.aadObjectId}`);
  const inChannel = (who: { aadObjectId: string; name: string }) =>
    new TeamsUser(url, connector, { ...who, tenantId: TENANT }, CHANNEL, { teamId: TEAM });
  const to = (conversationId: string, list: RecordedActivity[]) => list.filter((a) => a.conversationId === conversationId);
  let caseId = '';

  /** Sends what the outbox holds (as the instance's dispatcher would) and returns what went out. */
  async function dispatch(): Promise<RecordedActivity[]> {
    const before = connector.activities.length;
    await bot.jobs.dispatcher.runOnce();
    return connector.activities.slice(before);
  }

  beforeAll(async () => {
    store = make();
    database = await store.open();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, {}, log, { database, startJobs: false }));
    for (const who of [METTE, NIELS, SIGNE, ULLA, LISE]) await dm(who).install();
    // Mette starts a concern about one child in 4.B.
    const start = (await dm(METTE).say('ny bekymring')).sent
      .map((a) => ({ id: a.id, card: cardOf(a) }))
      .reverse()
      .find((c) => c.card)!;
    const answer = actionByVerb(start.card!, 'intake.answer');
    caseId = (answer.data as { caseId: string }).caseId;
    await dm(METTE).execute(start.id, answer, {
      pseudonym: 'M.N., 4.B',
      scope: 'barn',
      areas: 'trivsel',
      safety: '',
      team: 'fjordbakke/4b',
    });
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  let requestCard: RecordedActivity | undefined;
  let teacherCopy: RecordedActivity | undefined;

  it("drafts the request from the case and refuses to send a child's case outside the school without the parents' consent", async () => {
    const drafted = await dm(METTE).execute('case-card', { type: 'Action.Execute', verb: 'sparring.draft', data: { caseId } });
    const form = cardOf(drafted.sent[0]);
    expect(textOf(form)).toContain('Det rådgivende team – Distrikt Nord');
    expect(textOf(form)).toContain('PLC – Fjordbakkeskolen');
    // Mette is the AKT group's only member: the form tells her so before she sends a request to herself.
    expect(textOf(form)).toContain('AKT – Fjordbakkeskolen (kun dig selv)');
    expect(textOf(form)).toContain('Du er selv den eneste i AKT – Fjordbakkeskolen.');
    expect(JSON.stringify(form)).toContain('parentsConsent');
    const send = execute(form, 'sparring.send');
    const inputs = {
      pool: 'raadgivende-team',
      helpKinds: 'observation,teammoede',
      wishedTime: 'uge 50',
      summary: 'M.N., 4.B trækker sig fra fællesskabet i frikvartererne.',
    };

    const refused = await dm(METTE).execute(drafted.sent[0]!.id, send, { ...inputs, parentsConsent: 'false' });
    expect(textOf(invokeCard(refused.body))).toContain('Forældrene skal have givet samtykke');
    expect(await new SparringRepository(database).listForCase(caseId)).toEqual([]);

    const cpr = await dm(METTE).execute(drafted.sent[0]!.id, send, {
      ...inputs,
      summary: 'Barnet 010203-1234 er ked af det',
      parentsConsent: 'true',
    });
    expect(JSON.stringify(invokeCard(cpr.body))).not.toContain('010203-1234');
    expect(await new SparringRepository(database).listForCase(caseId)).toEqual([]);

    const sent = await dm(METTE).execute(drafted.sent[0]!.id, send, { ...inputs, parentsConsent: 'true' });
    expect(textOf(invokeCard(sent.body))).toContain('sendt');
    // A double click on the same form sends nothing more.
    await dm(METTE).execute(drafted.sent[0]!.id, send, { ...inputs, parentsConsent: 'true' });
    expect(await new SparringRepository(database).listForCase(caseId)).toHaveLength(1);

    const delivered = await dispatch();
    const posted = to(CHANNEL, delivered);
    expect(posted).toHaveLength(1);
    requestCard = posted[0];
    // The teacher gets her own copy, which follows the request from now on.
    const copies = to(`a:personal-${METTE.aadObjectId}`, delivered);
    expect(copies).toHaveLength(1);
    teacherCopy = copies[0];
    expect(textOf(cardOf(teacherCopy))).toContain('M.N., 4.B');
    expect(verbsOf(cardOf(teacherCopy))).not.toContain('sparring.claim');
    const card = cardOf(requestCard);
    expect(textOf(card)).toContain('M.N., 4.B');
    expect(verbsOf(card)).toContain('sparring.claim');
    const refresh = (card as { refresh?: { userIds?: string[]; action?: { verb?: string } } }).refresh;
    expect(refresh?.action?.verb).toBe('sparring.refresh');
    expect(refresh?.userIds).toEqual(expect.arrayContaining([NIELS.aadObjectId, SIGNE.aadObjectId, METTE.aadObjectId]));
  });

  it('lets exactly one of two advisers pressing "Jeg tager den" at once take it; the other sees who did', async () => {
    const claim = execute(cardOf(requestCard), 'sparring.claim');
    const [a, b] = await Promise.all([inChannel(NIELS).execute(requestCard!.id, claim), inChannel(SIGNE).execute(requestCard!.id, claim)]);
    const texts = [textOf(invokeCard(a.body)), textOf(invokeCard(b.body))];
    const winners = texts.filter((t) => t.includes('Du har taget anmodningen'));
    expect(winners).toHaveLength(1);
    const winnerIsNiels = texts[0]!.includes('Du har taget anmodningen');
    const loserText = winnerIsNiels ? texts[1]! : texts[0]!;
    expect(loserText).toContain(`${winnerIsNiels ? NIELS.name : SIGNE.name} nåede at tage anmodningen først`);
    const winnerCard = invokeCard((winnerIsNiels ? a : b).body);
    expect(verbsOf(winnerCard)).toEqual(expect.arrayContaining(['sparring.close', 'sparring.release']));
    expect(verbsOf(invokeCard((winnerIsNiels ? b : a).body))).not.toContain('sparring.claim');

    // A repeated click by the winner changes nothing.
    const again = await inChannel(winnerIsNiels ? NIELS : SIGNE).execute(requestCard!.id, claim);
    expect(textOf(invokeCard(again.body))).toContain('allerede taget');

    // The teacher is told who took it, with a chat and a meeting one click away.
    const toTeacher = to(`a:personal-${METTE.aadObjectId}`, await dispatch());
    const told = toTeacher.filter((a) => a.method === 'POST');
    expect(told).toHaveLength(1);
    // ...and her copy of the request is updated in place (the same activity id).
    const updated = toTeacher.filter((a) => a.method === 'PUT');
    expect(updated.map((a) => a.activityId)).toEqual([teacherCopy!.id]);
    expect(textOf(cardOf(updated[0]))).toContain('Taget af');
    const teacherCard = cardOf(told[0]);
    expect(textOf(teacherCard)).toContain(`Taget af ${winnerIsNiels ? NIELS.name : SIGNE.name}`);
    const links = JSON.stringify(teacherCard);
    expect(links).toContain('https://teams.microsoft.com/l/chat/0/0?users=');
    expect(links).toContain('https://teams.microsoft.com/l/meeting/new?subject=');

    // Each viewer's own buttons (Universal Actions refresh): the loser sees "taget af", Lise (not in the group) nothing.
    const loserView = await inChannel(winnerIsNiels ? SIGNE : NIELS).execute(requestCard!.id, {
      type: 'Action.Execute',
      verb: 'sparring.refresh',
      data: { requestId: actionIdOf(claim) },
    });
    expect(textOf(invokeCard(loserView.body))).toContain('Taget af');
    expect(verbsOf(invokeCard(loserView.body))).not.toContain('sparring.close');
    const outsider = await inChannel(LISE).execute(requestCard!.id, {
      type: 'Action.Execute',
      verb: 'sparring.refresh',
      data: { requestId: actionIdOf(claim) },
    });
    expect(textOf(invokeCard(outsider.body))).toContain('ikke adgang');

    // The adviser who took it may open the case; the other may not; another school's leader may not act.
    const winner = winnerIsNiels ? NIELS : SIGNE;
    expect(
      textOf(cardOf((await dm(winner).execute('x', { type: 'Action.Execute', verb: 'case.open', data: { caseId } })).sent[0])),
    ).toContain('M.N., 4.B');
    expect(
      textOf(
        cardOf(
          (await dm(winnerIsNiels ? SIGNE : NIELS).execute('x', { type: 'Action.Execute', verb: 'case.open', data: { caseId } })).sent[0],
        ),
      ),
    ).toContain('ikke adgang');
    const close = execute(winnerCard, 'sparring.close');
    const karen = await dm(KAREN).execute('x', close, { note: 'Lukket af en uvedkommende' });
    expect(textOf(invokeCard(karen.body))).toContain('ikke adgang');
    const stored = (await new SparringRepository(database).listForCase(caseId))[0]!;
    expect(stored).toMatchObject({ state: 'taget', claimedBy: winner.aadObjectId });
  });

  it('passes a request on to the practice adviser, who takes it, closes it with a note, and the case card shows it', async () => {
    const repo = new SparringRepository(database);
    const request = (await repo.listForCase(caseId))[0]!;
    const winner = request.claimedBy === NIELS.aadObjectId ? NIELS : SIGNE;
    const view = invokeCard(
      (
        await inChannel(winner).execute(requestCard!.id, {
          type: 'Action.Execute',
          verb: 'sparring.refresh',
          data: { requestId: request.id },
        })
      ).body,
    );
    const forwarded = await inChannel(winner).execute(requestCard!.id, execute(view, 'sparring.forward'), { forwardTo: 'praksisvejleder' });
    expect(textOf(invokeCard(forwarded.body))).toContain('Praksisvejledere – Distrikt Nord');

    // Ulla's group has no channel: the request comes to her chat with the bot.
    const sent = await dispatch();
    const toUlla = to(`a:personal-${ULLA.aadObjectId}`, sent);
    expect(toUlla).toHaveLength(1);
    const ullaCard = cardOf(toUlla[0]);
    const taken = await dm(ULLA).execute(toUlla[0]!.id, execute(ullaCard, 'sparring.claim'));
    expect(textOf(invokeCard(taken.body))).toContain('Du har taget anmodningen');
    expect(textOf(lastCardOf((await dm(ULLA).say('mine anmodninger')).sent))).toContain('M.N., 4.B');

    const closed = await dm(ULLA).execute(toUlla[0]!.id, execute(invokeCard(taken.body), 'sparring.close'), {
      note: 'Observation aftalt til tirsdag i uge 50.',
    });
    expect(textOf(invokeCard(closed.body))).toContain('afsluttet');
    expect(textOf(lastCardOf((await dm(ULLA).say('mine anmodninger')).sent))).not.toContain('M.N., 4.B');

    const events = (await repo.events(request.id)).map((e) => e.action);
    expect(events).toEqual(['oprettet', 'taget', 'videresendt', 'taget', 'afsluttet']);
    const caseCard = cardOf((await dm(METTE).execute('x', { type: 'Action.Execute', verb: 'case.open', data: { caseId } })).sent[0]);
    expect(textOf(caseCard)).toContain('Praksisvejledere – Distrikt Nord');
    expect(textOf(caseCard)).toMatch(/Afsluttet/i);
  });
});

describe.each(storeTargets())('a group without a channel on $name', ({ make }) => {
  let store: StoreTarget;
  let connector: FakeConnector;
  let bot: Bot;
  let url: string;
  const dm = (who: { aadObjectId: string; name: string }) =>
    new TeamsUser(url, connector, { ...who, tenantId: TENANT }, `a:personal-${who.aadObjectId}`);
  let now = new Date();

  /** Mette sends the advisory team a request about her class; returns the case id. */
  async function request(pseudonym: string): Promise<string> {
    let start = (await dm(METTE).say('ny bekymring')).sent
      .map((a) => ({ id: a.id, card: cardOf(a) }))
      .reverse()
      .find((c) => c.card)!;
    // With a concern already in progress the bot asks first: start a new one.
    if (!executes(start.card).some((a) => a.verb === 'intake.answer')) {
      const anew = await dm(METTE).execute(start.id, execute(start.card, 'intake.start'));
      const first = [...anew.sent].reverse().find((a) => cardOf(a) && executes(cardOf(a)).some((x) => x.verb === 'intake.answer'));
      start = first ? { id: first.id, card: cardOf(first) } : { id: start.id, card: invokeCard(anew.body) };
    }
    const answer = actionByVerb(start.card!, 'intake.answer');
    const caseId = (answer.data as { caseId: string }).caseId;
    await dm(METTE).execute(start.id, answer, { pseudonym, scope: 'faellesskab', areas: 'socialt', safety: '', team: 'fjordbakke/4b' });
    const drafted = await dm(METTE).execute('x', { type: 'Action.Execute', verb: 'sparring.draft', data: { caseId } });
    const sent = await dm(METTE).execute(drafted.sent[0]!.id, execute(cardOf(drafted.sent[0]), 'sparring.send'), {
      pool: 'raadgivende-team',
      helpKinds: 'kvalificering',
      wishedTime: 'snarest',
      summary: 'Klassen 4.B har svært ved at arbejde sammen.',
    });
    expect(textOf(invokeCard(sent.body))).toContain('sendt');
    return caseId;
  }

  beforeAll(async () => {
    // The example directory with the advisory team's channel taken out: requests go to each member's chat.
    const dir = mkdtempSync(path.join(tmpdir(), 'directory-'));
    const file = path.join(dir, 'kommune.yaml');
    const text = readFileSync(EXAMPLE_DIRECTORY_FILE, 'utf8');
    const withoutChannel = text.replace(/\n\s+channel: \{ teamId: "19:fjordby-nord-raadgivning@thread\.tacv2"[^\n]*/, '');
    expect(withoutChannel).not.toBe(text);
    writeFileSync(file, withoutChannel);
    store = make();
    connector = await startFakeConnector();
    ({ bot, url } = await startTestBot(store, { DIRECTORY_FILE: file }, new LogCapture(), { startJobs: false, clock: () => now }));
    for (const who of [METTE, NIELS, SIGNE, HANNE]) await dm(who).install();
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  it('sends each member a copy, and updates the other copies in place when one member takes it', async () => {
    await request('O.P., 4.B');
    await bot.jobs.dispatcher.runOnce();
    const copy = (who: { aadObjectId: string }) =>
      connector.activities.find(
        (a) => a.method === 'POST' && a.conversationId === `a:personal-${who.aadObjectId}` && textOf(cardOf(a)).includes('O.P., 4.B'),
      )!;
    const niels = copy(NIELS);
    const signe = copy(SIGNE);
    expect(verbsOf(cardOf(niels))).toContain('sparring.claim');
    expect(verbsOf(cardOf(signe))).toContain('sparring.claim');

    const claimed = await dm(NIELS).execute(niels.id, execute(cardOf(niels), 'sparring.claim'));
    expect(textOf(invokeCard(claimed.body))).toContain('Du har taget anmodningen');
    const before = connector.activities.length;
    await bot.jobs.dispatcher.runOnce();
    const puts = connector.activities.slice(before).filter((a) => a.method === 'PUT');
    const signeUpdate = puts.find((a) => a.conversationId === `a:personal-${SIGNE.aadObjectId}`);
    expect(signeUpdate?.activityId).toBe(signe.id);
    expect(textOf(cardOf(signeUpdate))).toContain(`Taget af ${NIELS.name}`);
    expect(verbsOf(cardOf(signeUpdate))).not.toContain('sparring.claim');
    // Niels's own card was answered by the click; it is not overwritten with someone else's view.
    expect(puts.some((a) => a.activityId === niels.id)).toBe(false);
  });

  it("reminds the group and the school's leaders of a request nobody has taken in two school days", async () => {
    await request('Q.R., 4.B');
    await bot.jobs.dispatcher.runOnce();
    const reminded = async () => {
      const before = connector.activities.length;
      await bot.jobs.sparring.remindUnclaimed(now);
      await bot.jobs.dispatcher.runOnce();
      return connector.activities.slice(before).filter((a) => textOf(cardOf(a)).includes('Q.R., 4.B'));
    };
    expect(await reminded()).toEqual([]); // just sent
    // Well past two school days (60 days clears any holiday), 10:00 on a school day.
    const cal = schoolCalendar(bot.directory.lookup(), 'fjordbakke');
    const day = schoolDayOnOrAfter(localDate(new Date(Date.now() + 60 * 86_400_000), cal.timeZone), cal);
    now = zonedTime(day, '10:00', cal.timeZone);
    const sent = await reminded();
    const who = new Set(sent.map((a) => a.conversationId));
    for (const person of [NIELS, SIGNE, HANNE]) expect(who).toContain(`a:personal-${person.aadObjectId}`);
    for (const a of sent) expect(textOf(cardOf(a))).toContain('Ingen har taget denne anmodning i to skoledage');
    expect(await reminded()).toEqual([]); // once per state
  });
});

function actionIdOf(action: CardAction): string {
  return (action.data as { requestId: string }).requestId;
}

function lastCardOf(sent: RecordedActivity[]): CardJson | null {
  return (
    [...sent]
      .reverse()
      .map((a) => cardOf(a))
      .find((c) => c) ?? null
  );
}
