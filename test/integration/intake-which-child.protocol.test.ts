/**
 * Protocol tests for "always know which child" (issue 12): starting, resuming and cancelling
 * concerns over the real server, on PGlite and PostgreSQL. "ny bekymring" asks first while another
 * concern has answers, and may carry the pseudonym; "fortsæt" chooses among several; "annullér" asks
 * first and can be undone within the window (src/domain/undo.ts) on the bot's clock; a greeting and
 * unknown text get their cards, a school leader's welcome card the leader's buttons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import { storeTargets, startTestBot, type StoreTarget, LogCapture } from '../support/bot.js';
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
import { lastCardOf, type CardStep } from '../support/intake-cards.js';
import { UNDO_CANCEL_WINDOW_MS } from '../../src/domain/undo.js';
import type { Bot } from '../../src/main.js';

/** The example directory (config/directory.example.yaml): its tenant, a leader and a teacher of 3.A at Sydhavnsskolen. */
const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const HANNE = '236cee5c-70dc-43b6-beab-6914a28f3172';
const LOUISE = '8b0c1f57-ccf1-457f-a8e1-378cd631d5b5';

const caseIdOf = (card: CardJson | null) => actionByVerb(card!, 'intake.answer').data?.caseId as string;
const buttonTitled = (card: CardJson | null, title: string): CardAction => {
  const found = actionsOf(card!).find((a) => a.title === title);
  if (!found) throw new Error(`no button "${title}" in ${textOf(card)}`);
  return found;
};

describe.each(storeTargets())('which child: starting, resuming and cancelling concerns on $name', ({ make }) => {
  let connector: FakeConnector;
  let store: StoreTarget;
  let bot: Bot;
  let url: string;
  let log: LogCapture;
  /** The bot's clock: the undo window is counted on it. */
  let now = new Date();

  beforeAll(async () => {
    connector = await startFakeConnector();
    store = make();
    ({ bot, url, log } = await startTestBot(store, {}, new LogCapture(), { clock: () => now, startJobs: false }));
  });
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  const user = (aad: string = crypto.randomUUID()) => new TeamsUser(url, connector, { aadObjectId: aad, tenantId: TENANT });

  /** Starts a concern (another one, when asked) and answers its first card with the pseudonym: the concern is at question 2. */
  async function concernAtQuestion2(who: TeamsUser, pseudonym: string): Promise<CardStep> {
    let first = lastCardOf((await who.say('ny bekymring')).sent);
    if (inputIdsOf(first.card!).length === 0)
      first = lastCardOf((await who.execute(first.id, buttonTitled(first.card, 'Start en ny bekymring'))).sent);
    const onCard = new Set(inputIdsOf(first.card!));
    const answers = { pseudonym, scope: 'barn', areas: 'trivsel', safety: '' };
    const inputs = Object.fromEntries(Object.entries(answers).filter(([k]) => onCard.has(k)));
    const second = lastCardOf((await who.execute(first.id, actionByVerb(first.card!, 'intake.answer'), inputs)).sent);
    expect(textOf(second.card)).toContain('Spørgsmål 2');
    return second;
  }

  it('"ny bekymring" while a concern is in progress asks first: continue A.B. or start a new one', async () => {
    const teacher = user();
    const ab = await concernAtQuestion2(teacher, 'A.B., 4.B');
    const asked = await teacher.say('ny bekymring');
    expect(asked.sent).toHaveLength(1);
    const prompt = cardOf(asked.sent[0]);
    expect(inputIdsOf(prompt!)).toEqual([]);
    expect(textOf(prompt)).toContain('Sag: A.B., 4.B');
    expect(textOf(prompt)).toMatch(/Du har en bekymring i gang for A\.B\., 4\.B \(spørgsmål 2, startet \d+\. \w+ \d{4}\)/);

    // Fortsæt med A.B.: that case's pending question, the same case.
    const resumed = await teacher.execute(asked.sent[0]!.id, buttonTitled(prompt, 'Fortsæt med A.B., 4.B'));
    const again = lastCardOf(resumed.sent);
    expect(caseIdOf(again.card)).toBe(caseIdOf(ab.card));
    expect(inputIdsOf(again.card!)).toEqual(inputIdsOf(ab.card!));
    expect(textOf(again.card)).toContain('Spørgsmål 2');

    // Start en ny bekymring: a new case at its first card, and A.B. stays in progress.
    const fresh = lastCardOf((await teacher.execute(asked.sent[0]!.id, buttonTitled(prompt, 'Start en ny bekymring'))).sent);
    expect(inputIdsOf(fresh.card!)).toEqual(expect.arrayContaining(['pseudonym', 'scope', 'areas']));
    expect(caseIdOf(fresh.card)).not.toBe(caseIdOf(ab.card));
    // The new concern is untouched: another "ny bekymring" still asks about A.B., and "Start en ny" reuses the untouched one.
    const second = await teacher.say('ny bekymring');
    expect(textOf(cardOf(second.sent[0]))).toContain('A.B., 4.B');
    const reused = lastCardOf(
      (await teacher.execute(second.sent[0]!.id, buttonTitled(cardOf(second.sent[0]), 'Start en ny bekymring'))).sent,
    );
    expect(caseIdOf(reused.card)).toBe(caseIdOf(fresh.card));
  });

  it('an untouched empty concern is reused without asking', async () => {
    const teacher = user();
    const first = lastCardOf((await teacher.say('ny bekymring')).sent);
    const second = lastCardOf((await teacher.say('ny bekymring')).sent);
    expect(inputIdsOf(second.card!)).toContain('scope');
    expect(caseIdOf(second.card)).toBe(caseIdOf(first.card));
  });

  it('"fortsæt" with several concerns in progress lets the user choose, and each button resumes that case', async () => {
    const teacher = user();
    const ab = await concernAtQuestion2(teacher, 'A.B., 4.B');
    // Only one in progress: "fortsæt" resumes it at once.
    expect(caseIdOf(lastCardOf((await teacher.say('fortsæt')).sent).card)).toBe(caseIdOf(ab.card));
    const cd = await concernAtQuestion2(teacher, 'C.D., 2.A');

    const chooser = await teacher.say('fortsæt');
    expect(chooser.sent).toHaveLength(1);
    const card = cardOf(chooser.sent[0]);
    const text = textOf(card);
    expect(text).toContain('Hvilken bekymring vil du fortsætte med?');
    expect(text).toContain('Sag: A.B., 4.B');
    expect(text).toContain('Sag: C.D., 2.A');
    expect(text).toMatch(/sidst ændret/);
    // The most recently changed first.
    expect(text.indexOf('C.D., 2.A')).toBeLessThan(text.indexOf('A.B., 4.B'));
    for (const [title, step] of [
      ['Fortsæt med A.B., 4.B', ab],
      ['Fortsæt med C.D., 2.A', cd],
    ] as const) {
      const button = buttonTitled(card, title);
      expect(button.verb).toBe('intake.resume');
      const resumed = lastCardOf((await teacher.execute(chooser.sent[0]!.id, button)).sent);
      expect(caseIdOf(resumed.card)).toBe(caseIdOf(step.card));
      expect(textOf(resumed.card)).toContain('Spørgsmål 2');
    }
    // The Action.Submit fallback carries the case too.
    const submitted = lastCardOf((await teacher.submit(chooser.sent[0]!.id, buttonTitled(card, 'Fortsæt med A.B., 4.B'))).sent);
    expect(caseIdOf(submitted.card)).toBe(caseIdOf(ab.card));
  });

  it("resumes only the user's own open case: someone else's caseId is not found", async () => {
    const owner = user();
    const ab = await concernAtQuestion2(owner, 'A.B., 4.B');
    const intruder = user();
    const forged: CardAction = { type: 'Action.Execute', verb: 'intake.resume', data: { caseId: caseIdOf(ab.card) } };
    const result = await intruder.execute('forged', forged);
    expect(textOf(invokeCard(result.body))).toContain('Sagen blev ikke fundet');
    expect(result.sent).toHaveLength(0);
    expect(JSON.stringify(result.body)).not.toContain('A.B.');
    const bad = await intruder.execute('forged', { ...forged, data: { caseId: 'not-a-case' } });
    expect(textOf(invokeCard(bad.body))).toContain('Kortets data kunne ikke læses');
  });

  it('"annullér" asks first, names the case, and "Nej" leaves it as it was', async () => {
    const teacher = user();
    const ab = await concernAtQuestion2(teacher, 'A.B., 4.B');
    const asked = await teacher.say('annullér');
    const confirm = cardOf(asked.sent[0]);
    expect(textOf(confirm)).toContain('Sag: A.B., 4.B');
    expect(textOf(confirm)).toContain('Vil du annullere bekymringen for A.B., 4.B? Svarene gemmes ikke videre');
    const no = await teacher.execute(asked.sent[0]!.id, buttonTitled(confirm, 'Nej, fortsæt'));
    expect(caseIdOf(lastCardOf(no.sent).card)).toBe(caseIdOf(ab.card));
    // The question card's own Annullér button asks too (nothing is cancelled yet).
    const fromCard = await teacher.execute(ab.id, actionByVerb(ab.card!, 'intake.cancel'));
    expect(textOf(cardOf(fromCard.sent[0]))).toContain('Vil du annullere bekymringen for A.B., 4.B?');
    expect(caseIdOf(lastCardOf((await teacher.say('fortsæt')).sent).card)).toBe(caseIdOf(ab.card));
  });

  it('cancels on "Ja", and "Fortryd" restores the concern exactly as it was; a second click is stale', async () => {
    const teacher = user();
    const ab = await concernAtQuestion2(teacher, 'A.B., 4.B');
    const before = lastCardOf((await teacher.say('fortsæt')).sent);
    const asked = await teacher.say('annuller');
    const yes = await teacher.execute(asked.sent[0]!.id, buttonTitled(cardOf(asked.sent[0]), 'Ja, annullér'));
    const cancelled = invokeCard(yes.body);
    expect(textOf(cancelled)).toContain('Sag: A.B., 4.B');
    expect(textOf(cancelled)).toContain('Bekymringen er annulleret');
    expect(textOf(cancelled)).toMatch(/Kan fortrydes indtil/);
    // Closed: nothing to resume, and the old question card is dead.
    expect(textOf(cardOf((await teacher.say('fortsæt')).sent[0]))).toContain('Ingen igangværende bekymring');
    const late = await teacher.execute(ab.id, actionByVerb(ab.card!, 'intake.answer'), { safety: '' });
    expect(late.sent).toHaveLength(0);
    // "Ja" again: stale, nothing changes.
    const again = await teacher.execute(asked.sent[0]!.id, buttonTitled(cardOf(asked.sent[0]), 'Ja, annullér'));
    expect(textOf(invokeCard(again.body))).toMatch(/allerede brugt/);

    const fortryd = buttonTitled(cancelled, 'Fortryd');
    const [a, b] = await Promise.all([teacher.execute('cancelled-card', fortryd), teacher.execute('cancelled-card', fortryd)]);
    const restored = [a, b].filter((r) => r.sent.length > 0);
    expect(restored).toHaveLength(1);
    expect(textOf(invokeCard(restored[0]!.body))).toContain('Bekymringen er åbnet igen');
    expect(textOf(invokeCard([a, b].find((r) => r.sent.length === 0)!.body))).toMatch(/allerede brugt/);
    const back = lastCardOf(restored[0]!.sent);
    expect(caseIdOf(back.card)).toBe(caseIdOf(ab.card));
    expect(inputIdsOf(back.card!)).toEqual(inputIdsOf(before.card!));
    expect(inputValuesOf(back.card!)).toEqual(inputValuesOf(before.card!));
    expect(textOf(back.card)).toContain('Spørgsmål 2');
    // Open again: "fortsæt" finds it, and the card drawn after the undo answers.
    expect(caseIdOf(lastCardOf((await teacher.say('fortsæt')).sent).card)).toBe(caseIdOf(ab.card));
  });

  it('typed "fortryd" restores the latest cancelled concern; with nothing cancelled it says so', async () => {
    const teacher = user();
    expect(textOf(cardOf((await teacher.say('fortryd')).sent[0]))).toContain('Intet at fortryde');
    const ab = await concernAtQuestion2(teacher, 'A.B., 4.B');
    const asked = await teacher.say('annullér');
    await teacher.execute(asked.sent[0]!.id, buttonTitled(cardOf(asked.sent[0]), 'Ja, annullér'));
    const undone = await teacher.say('Fortryd!');
    expect(textOf(cardOf(undone.sent[0]))).toContain('Bekymringen er åbnet igen');
    expect(caseIdOf(lastCardOf(undone.sent).card)).toBe(caseIdOf(ab.card));
    expect(textOf(cardOf((await teacher.say('fortryd')).sent[0]))).toContain('Intet at fortryde');
  });

  it('a confirmation drawn before the case changed is stale: the concern is not cancelled', async () => {
    const teacher = user();
    const ab = await concernAtQuestion2(teacher, 'A.B., 4.B');
    const asked = await teacher.say('annullér');
    // The teacher answers the question after all.
    const fields = inputIdsOf(ab.card!);
    const answer: Record<string, string> = fields.includes('safety') ? { safety: '' } : { data: '' };
    const moved = await teacher.execute(ab.id, actionByVerb(ab.card!, 'intake.answer'), answer);
    expect(textOf(lastCardOf(moved.sent).card)).toContain('Spørgsmål 3');
    const yes = await teacher.execute(asked.sent[0]!.id, buttonTitled(cardOf(asked.sent[0]), 'Ja, annullér'));
    expect(textOf(invokeCard(yes.body))).toMatch(/allerede brugt/);
    expect(yes.sent).toHaveLength(0);
    expect(textOf(lastCardOf((await teacher.say('fortsæt')).sent).card)).toContain('Spørgsmål 3');
  });

  it("refuses to cancel or undo someone else's case, whatever the card data says", async () => {
    const owner = user();
    const ab = await concernAtQuestion2(owner, 'A.B., 4.B');
    const intruder = user();
    const caseId = caseIdOf(ab.card);
    const seq = actionByVerb(ab.card!, 'intake.answer').data?.seq as number;
    const cancel = await intruder.execute('forged', { type: 'Action.Execute', verb: 'intake.cancel.confirm', data: { caseId, seq } });
    expect(textOf(invokeCard(cancel.body))).toContain('Sagen blev ikke fundet');
    const asked = await owner.say('annullér');
    const yes = await owner.execute(asked.sent[0]!.id, buttonTitled(cardOf(asked.sent[0]), 'Ja, annullér'));
    const fortryd = buttonTitled(invokeCard(yes.body), 'Fortryd');
    const undo = await intruder.execute('forged', fortryd);
    expect(textOf(invokeCard(undo.body))).toContain('Sagen blev ikke fundet');
    expect(undo.sent).toHaveLength(0);
    // The intruder's own typed "fortryd" does not find it either; the owner's still works.
    expect(textOf(cardOf((await intruder.say('fortryd')).sent[0]))).toContain('Intet at fortryde');
    expect(textOf(cardOf((await owner.execute('cancelled', fortryd)).sent[0]))).toContain('Spørgsmål 2');
  });

  it('"ny bekymring for A.B. i 4.B" fills in the pseudonym on the first card; an invalid one is shown with its error', async () => {
    for (const [typed, expected] of [
      ['ny bekymring for A.B. i 4.B', 'A.B., 4.B'],
      ['Ny bekymring for A.B., 4.B', 'A.B., 4.B'],
      ['ny for C.D. 2.A', 'C.D., 2.A'],
      ['<at>Indsatsguiden</at> ny bekymring for E.F.', 'E.F.'],
    ] as const) {
      const teacher = user();
      const first = lastCardOf((await teacher.say(typed)).sent);
      expect(inputIdsOf(first.card!)).toContain('scope');
      expect(inputValuesOf(first.card!).pseudonym).toBe(expected);
      expect(textOf(first.card)).not.toMatch(/Initialer og klasse:/);
    }
    const teacher = user();
    const tooLong = `ny bekymring for ${'X'.repeat(40)} i 4.B`;
    const first = lastCardOf((await teacher.say(tooLong)).sent);
    expect(inputIdsOf(first.card!)).toContain('scope');
    expect(textOf(first.card)).toMatch(/Initialer og klasse: Højst 30 tegn/);
    // Nothing stored: answering the card without it gives a case without a pseudonym.
    const inputs = Object.fromEntries(
      Object.entries({ scope: 'barn', areas: 'trivsel', safety: '', pseudonym: '' }).filter(([k]) => inputIdsOf(first.card!).includes(k)),
    );
    const next = lastCardOf((await teacher.execute(first.id, actionByVerb(first.card!, 'intake.answer'), inputs)).sent);
    expect(textOf(next.card)).toContain('Spørgsmål 2');
    expect(textOf(next.card)).not.toContain('XXXX');
  });

  it('refuses a CPR number in "ny bekymring for …" without storing, echoing or logging it', async () => {
    const teacher = user();
    const cpr = '150312-4321';
    const result = await teacher.say(`ny bekymring for ${cpr}`);
    expect(textOf(cardOf(result.sent[0]))).toContain('CPR');
    expect(JSON.stringify(result.sent)).not.toContain(cpr);
    expect(log.text).not.toContain(cpr);
    // No concern was started.
    expect(textOf(cardOf((await teacher.say('fortsæt')).sent[0]))).toContain('Ingen igangværende bekymring');
  });

  it('"hej" gets the welcome card naming the concern in progress; unknown text points to it and the commands', async () => {
    const teacher = user();
    const hello = await teacher.say('Hej');
    expect(textOf(cardOf(hello.sent[0]))).toContain('Indsatsguiden');
    expect(actionsOf(cardOf(hello.sent[0])!).map((a) => a.verb)).not.toContain('intake.resume');
    await concernAtQuestion2(teacher, 'A.B., 4.B');
    const welcome = cardOf((await teacher.say('hej indsatsguiden')).sent[0]);
    expect(textOf(welcome)).toContain('Du har en bekymring i gang for A.B., 4.B');
    expect(textOf(welcome)).toContain('spørgsmål 2');
    expect(actionsOf(welcome!).map((a) => a.verb)).toEqual(['intake.start', 'intake.resume', 'cases.list', 'help.show']);
    const unknown = cardOf((await teacher.say('hvad med frikvarteret')).sent[0]);
    expect(textOf(unknown)).toContain('Det forstod jeg ikke');
    expect(textOf(unknown)).toContain('Du har en bekymring i gang');
    expect(textOf(unknown)).not.toContain('In English');
    expect(actionsOf(unknown!).map((a) => a.verb)).toEqual(['intake.resume', 'help.show']);
    const english = cardOf((await teacher.say('How do I continue my case?')).sent[0]);
    expect(textOf(english)).toContain('In English: I understand Danish commands');
  });

  it("a school leader's welcome card shows the leader's buttons (from the directory); a teacher's does not", async () => {
    const leader = user(HANNE);
    const card = cardOf((await leader.say('hej')).sent[0])!;
    const school = actionsOf(card).find((a) => a.verb === 'cases.school');
    expect(school?.title).toBe('Sager på skolen');
    const list = await leader.execute('welcome', school!);
    expect(textOf(cardOf(list.sent[0]))).toContain('Sager på Fjordbakkeskolen');
    const teacher = cardOf((await user(LOUISE).say('hej')).sent[0])!;
    expect(actionsOf(teacher).map((a) => a.verb)).not.toContain('cases.school');
    // The first contact (install) gets the same card.
    const installed = await user(HANNE).install();
    expect(actionsOf(cardOf(installed.sent[0])!).map((a) => a.verb)).toContain('cases.school');
  });

  it('names the team with the case: "Sag: A.B., 3.A · 3.A – Sydhavnsskolen"', async () => {
    const teacher = user(LOUISE);
    await concernAtQuestion2(teacher, 'A.B., 3.A');
    const asked = await teacher.say('annullér');
    expect(textOf(cardOf(asked.sent[0]))).toContain('Sag: A.B., 3.A · 3.A – Sydhavnsskolen');
    await teacher.execute(asked.sent[0]!.id, buttonTitled(cardOf(asked.sent[0]), 'Nej, fortsæt'));
  });

  it('refuses "Fortryd" after the window with a clear Danish message; the concern stays cancelled', async () => {
    const teacher = user();
    await concernAtQuestion2(teacher, 'A.B., 4.B');
    const asked = await teacher.say('annullér');
    const yes = await teacher.execute(asked.sent[0]!.id, buttonTitled(cardOf(asked.sent[0]), 'Ja, annullér'));
    const fortryd = buttonTitled(invokeCard(yes.body), 'Fortryd');
    const cancelledAt = now;
    try {
      now = new Date(cancelledAt.getTime() + UNDO_CANCEL_WINDOW_MS + 60_000);
      const late = await teacher.execute('cancelled', fortryd);
      const card = invokeCard(late.body);
      expect(textOf(card)).toContain('Kan ikke fortrydes længere');
      expect(textOf(card)).toContain('Sag: A.B., 4.B');
      expect(textOf(card)).toMatch(/for mere end et døgn siden/);
      expect(late.sent).toHaveLength(0);
      expect(textOf(cardOf((await teacher.say('fortryd')).sent[0]))).toContain('Kan ikke fortrydes længere');
      expect(textOf(cardOf((await teacher.say('fortsæt')).sent[0]))).toContain('Ingen igangværende bekymring');
      // Just inside the window it works.
      now = new Date(cancelledAt.getTime() + UNDO_CANCEL_WINDOW_MS - 60_000);
      expect(textOf(cardOf((await teacher.say('fortryd')).sent[0]))).toContain('Bekymringen er åbnet igen');
    } finally {
      now = new Date();
    }
  });
});
