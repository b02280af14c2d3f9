/**
 * Protocol tests: the real server on loopback, a fake Bot Connector, real Bot Framework activities.
 * A teacher installs the bot, starts a concern, answers the cards and gets a recommendation.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeConnector, type FakeConnector } from '../support/connector.js';
import { storeTargets, startTestBot, type StoreTarget, LogCapture } from '../support/bot.js';
import { TeamsUser, actionByVerb, cardOf, inputIdsOf, invokeCard, textOf, type CardJson, type TurnResult } from '../support/teams.js';
import type { Bot } from '../../src/main.js';
import { continueActionOf } from '../support/intake-cards.js';

/** The example directory's tenant (config/directory.example.yaml): the only one the bot serves. */
const TENANT = '4a7c2e91-0b3d-4f6e-8a15-c9d2e7f03b64';
const OTHER_TENANT = '0b7d6e55-2c0f-4d2a-8f6f-1e2d3c4b5a69';
const TEACHER = 'a1b2c3d4-0000-4000-8000-000000000001';
const COLLEAGUE = 'a1b2c3d4-0000-4000-8000-000000000002';

/** The worked examples kept in the repository (test/fixtures/scenarios/README.md). */
const scenarios = JSON.parse(readFileSync(new URL('../fixtures/scenarios/ladder.json', import.meta.url), 'utf8')) as {
  name: string;
  intake: Record<string, unknown>;
  expect: { kind: string; step?: string; field?: string };
}[];
const recommendationScenarios = scenarios.filter((s) => s.expect.kind === 'recommendation');

/** The triage command's answer for each scenario intake: the reference the conversation must match. */
const triaged = JSON.parse(
  execFileSync('npx', ['tsx', 'src/cli/triage.ts', '-'], {
    input: JSON.stringify(recommendationScenarios.map((s) => s.intake)),
    encoding: 'utf8',
  }),
) as { kind: string; recommendation: { step: string; title: string; levelTitle: string } }[];

const cardValue = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));
const lastCard = (r: TurnResult) => {
  const last = r.sent.at(-1);
  return { card: cardOf(last), id: last?.id ?? '' };
};
const isQuestion = (card: CardJson) => inputIdsOf(card).length > 0;

/**
 * Answers every card from the intake until a card without inputs (the recommendation) arrives,
 * pressing Fortsæt nu on the safety pause. A multi choice's folded part (`triedMore`) goes with its field.
 */
async function answerAll(user: TeamsUser, start: { card: CardJson | null; id: string }, intake: Record<string, unknown>) {
  let { card, id } = start;
  const seen: string[] = [];
  for (let i = 0; i < 25 && card && (isQuestion(card) || continueActionOf(card)); i++) {
    const resume = isQuestion(card) ? null : continueActionOf(card);
    if (resume) {
      seen.push('pause');
      ({ card, id } = lastCard(await user.execute(id, resume)));
      continue;
    }
    const inputs: Record<string, string> = {};
    for (const field of inputIdsOf(card).filter((f) => !f.endsWith('More'))) {
      if (field in intake) inputs[field] = cardValue(intake[field]);
      else if (field !== 'description' && field !== 'pseudonym') throw new Error(`asked ${field}, which the scenario does not answer`);
    }
    seen.push(
      inputIdsOf(card)
        .filter((f) => !f.endsWith('More'))
        .join('+'),
    );
    const result = await user.execute(id, actionByVerb(card, 'intake.answer'), inputs);
    expect(result.status).toBe(200);
    expect(textOf(invokeCard(result.body))).not.toBe('');
    ({ card, id } = lastCard(result));
  }
  return { card, id, seen };
}

describe.each(storeTargets())('intake over the Bot Framework protocol on $name', ({ make }) => {
  let connector: FakeConnector;
  let store: StoreTarget;
  let bot: Bot;
  let url: string;
  let log: LogCapture;

  beforeAll(async () => {
    connector = await startFakeConnector();
    store = make();
    ({ bot, url, log } = await startTestBot(store));
  });
  afterAll(async () => {
    await bot?.stop();
    await connector?.close();
    await store?.cleanup();
  });

  const teacher = (aad = TEACHER, tenant = TENANT) => new TeamsUser(url, connector, { aadObjectId: aad, tenantId: tenant });

  it('welcomes a user who installs the bot, with buttons to start', async () => {
    const user = teacher();
    const result = await user.install();
    expect(result.status).toBe(200);
    expect(result.sent).toHaveLength(1);
    const card = cardOf(result.sent[0])!;
    expect(textOf(card)).toContain('Indsatsguiden');
    expect(actionByVerb(card, 'intake.start').title).toBe('Ny bekymring');
    expect(actionByVerb(card, 'help.show')).toBeTruthy();
  });

  it('understands the commands case-insensitively, with an @mention', async () => {
    const user = teacher(COLLEAGUE);
    const help = await user.say('  HJÆLP ');
    expect(textOf(cardOf(help.sent[0]))).toContain('ny bekymring');
    const start = await user.say('<at>Indsatsguiden</at> Ny Bekymring');
    expect(inputIdsOf(cardOf(start.sent[0])!)).toEqual(expect.arrayContaining(['pseudonym', 'scope', 'areas', 'description']));
    // "annuller" asks first; "Ja, annullér" cancels.
    const cancel = await user.say('annuller');
    expect(textOf(cardOf(cancel.sent[0]))).toContain('Vil du annullere bekymringen');
    const confirmed = await user.execute(cancel.sent[0]!.id, actionByVerb(cardOf(cancel.sent[0])!, 'intake.cancel.confirm'));
    expect(textOf(invokeCard(confirmed.body))).toContain('annulleret');
    const resume = await user.say('fortsæt');
    expect(textOf(cardOf(resume.sent[0]))).toContain('Ingen igangværende bekymring');
    const again = await user.say('Annullér');
    expect(textOf(cardOf(again.sent[0]))).toContain('Intet at annullere');
  });

  it.each(recommendationScenarios.map((s, i) => ({ name: s.name, intake: s.intake, expected: triaged[i]! })))(
    'scenario "$name" reaches the same step as the triage command',
    async ({ intake, expected }) => {
      const user = teacher(crypto.randomUUID());
      const start = await user.say('ny bekymring');
      const { card } = await answerAll(user, lastCard(start), intake);
      expect(card).not.toBeNull();
      expect(expected.kind).toBe('recommendation');
      expect(textOf(card)).toContain(expected.recommendation.title);
      expect(textOf(card)).toContain(expected.recommendation.levelTitle.split(' ')[0]);
    },
  );

  it('replaces an answered card by a read-only summary and asks the next question', async () => {
    const user = teacher(crypto.randomUUID());
    const start = lastCard(await user.say('ny bekymring'));
    const result = await user.execute(start.id, actionByVerb(start.card!, 'intake.answer'), {
      scope: 'barn',
      areas: 'trivsel,fravaer',
    });
    const summary = invokeCard(result.body)!;
    expect(inputIdsOf(summary)).toEqual([]);
    expect(textOf(summary)).toMatch(/Et barn/i);
    // The safety question comes next, on its own card.
    const next = lastCard(result).card!;
    expect(inputIdsOf(next)).toEqual(['safety']);
    expect(textOf(next)).toContain('Spørgsmål 2');
  });

  it('goes back and lets the user change an answer, with the old answer prefilled', async () => {
    const user = teacher(crypto.randomUUID());
    let step = lastCard(await user.say('ny bekymring'));
    step = lastCard(await user.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { scope: 'barn', areas: 'faglig' }));
    step = lastCard(await user.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { safety: '' }));
    step = lastCard(await user.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { data: 'test,observationer' }));
    expect(inputIdsOf(step.card!)).toEqual(['childPerspective']);
    const back = await user.execute(step.id, actionByVerb(step.card!, 'intake.back'));
    const again = lastCard(back).card!;
    expect(inputIdsOf(again)).toEqual(['data']);
    expect(JSON.stringify(again)).toContain('test,observationer');
    // The card the user went back from is stale now.
    const stale = await user.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { childPerspective: 'true' });
    expect(stale.sent).toHaveLength(0);
  });

  it('goes back from the recommendation to the last question, and cancels from a card', async () => {
    const user = teacher(crypto.randomUUID());
    let step = lastCard(await user.say('ny bekymring'));
    step = lastCard(await user.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { scope: 'faellesskab', areas: 'socialt' }));
    step = lastCard(await user.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { safety: '' }));
    const rec = lastCard(await user.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { data: '' }));
    expect(textOf(rec.card)).toContain('Indsaml data');
    const back = lastCard(await user.execute(rec.id, actionByVerb(rec.card!, 'intake.back')));
    expect(inputIdsOf(back.card!)).toEqual(['data']);
    // Annullér asks first (a card naming the case); "Ja, annullér" cancels.
    const confirm = lastCard(await user.execute(back.id, actionByVerb(back.card!, 'intake.cancel')));
    const cancelled = await user.execute(confirm.id, actionByVerb(confirm.card!, 'intake.cancel.confirm'));
    expect(textOf(invokeCard(cancelled.body))).toContain('annulleret');
    // The cancelled case's cards are dead, and nothing is left to resume.
    const late = await user.execute(back.id, actionByVerb(back.card!, 'intake.answer'), { data: 'klasselog' });
    expect(late.sent).toHaveLength(0);
    expect(textOf(invokeCard(late.body))).toMatch(/allerede brugt/);
    expect(textOf(cardOf((await user.say('fortsæt')).sent[0]))).toContain('Ingen igangværende bekymring');
  });

  it('survives a restart in the middle of an intake and resumes at the same question', async () => {
    const user = teacher(crypto.randomUUID());
    let step = lastCard(await user.say('ny bekymring'));
    step = lastCard(await user.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { scope: 'faellesskab', areas: 'socialt' }));
    step = lastCard(await user.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { safety: '' }));
    step = lastCard(await user.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { data: 'klasselog' }));
    expect(inputIdsOf(step.card!)).toEqual(['teamDiscussed']);
    await bot.stop();
    ({ bot, url } = await startTestBot(store, {}, log));
    const resumed = new TeamsUser(url, connector, user.user, user.conversationId);
    const again = lastCard(await resumed.say('fortsæt'));
    expect(inputIdsOf(again.card!)).toEqual(['teamDiscussed']);
    expect(textOf(again.card)).toContain('Spørgsmål 4');
    // The card drawn before the restart is still valid: it carries the same case version.
    const answered = await resumed.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { teamDiscussed: 'false' });
    expect(textOf(lastCard(answered).card)).toContain('Drøft bekymringen i teamet');
  });

  it('a double click and an old card change nothing and get a friendly note', async () => {
    const user = teacher(crypto.randomUUID());
    const start = lastCard(await user.say('ny bekymring'));
    const action = actionByVerb(start.card!, 'intake.answer');
    const inputs = { scope: 'barn', areas: 'adfaerd' };
    const [a, b] = await Promise.all([user.execute(start.id, action, inputs), user.execute(start.id, action, inputs)]);
    const moved = [a, b].filter((r) => r.sent.length > 0);
    expect(moved).toHaveLength(1);
    expect(moved[0]!.sent).toHaveLength(1);
    const other = [a, b].find((r) => r.sent.length === 0)!;
    expect(textOf(invokeCard(other.body))).toMatch(/Allerede besvaret|allerede brugt/);
    // The same card once more, with another answer: still nothing changes.
    const late = await user.execute(start.id, action, { scope: 'faellesskab', areas: 'faglig' });
    expect(late.sent).toHaveLength(0);
    const resumed = lastCard(await user.say('fortsæt'));
    expect(inputIdsOf(resumed.card!)).toEqual(['safety']);
    expect(textOf(resumed.card)).toContain('Spørgsmål 2');
  });

  it('works through the Action.Submit fallback, updating the clicked card in place', async () => {
    const user = teacher(crypto.randomUUID());
    const start = lastCard(await user.say('ny bekymring'));
    const result = await user.submit(start.id, actionByVerb(start.card!, 'intake.answer'), {
      scope: 'faellesskab',
      areas: 'trivsel',
    });
    expect(result.status).toBe(200);
    const update = result.sent.find((s) => s.method === 'PUT');
    expect(update?.activityId).toBe(start.id);
    expect(inputIdsOf(cardOf(update)!)).toEqual([]);
    expect(inputIdsOf(lastCard(result).card!)).toEqual(['safety']);
  });

  it('refuses a description with a CPR number, stores nothing and logs nothing of it', async () => {
    const user = teacher(crypto.randomUUID());
    const start = lastCard(await user.say('ny bekymring'));
    const cpr = '150312-4321';
    const result = await user.execute(start.id, actionByVerb(start.card!, 'intake.answer'), {
      description: `A.B. (${cpr}) er ked af det`,
      scope: 'barn',
      areas: 'trivsel',
      safety: '',
    });
    const card = invokeCard(result.body)!;
    expect(textOf(card)).toContain('CPR');
    expect(JSON.stringify(card)).not.toContain(cpr);
    expect(inputIdsOf(card)).toContain('scope');
    expect(result.sent).toHaveLength(0);
    const inPseudonym = await user.execute(start.id, actionByVerb(start.card!, 'intake.answer'), {
      pseudonym: cpr,
      scope: 'barn',
      areas: 'trivsel',
      safety: '',
    });
    expect(textOf(invokeCard(inPseudonym.body))).toContain('CPR');
    expect(JSON.stringify(invokeCard(inPseudonym.body))).not.toContain(cpr);
    expect(inPseudonym.sent).toHaveLength(0);
    const typed = await user.say(`Barnet har cpr ${cpr.replace('-', '')}`);
    expect(textOf(cardOf(typed.sent[0]))).toContain('CPR');
    expect(log.text).not.toContain(cpr);
    expect(log.text).not.toContain(cpr.replace('-', ''));
    expect(log.text).not.toContain('ked af det');
    // One structured line per turn, with timing and outcome, and no user text.
    const turns = log.lines
      .map((l) => JSON.parse(l) as { msg: string; ms?: number; turn?: { outcome?: string; user?: string } })
      .filter((l) => l.msg === 'turn');
    expect(turns.length).toBeGreaterThanOrEqual(3);
    expect(turns.every((l) => typeof l.ms === 'number')).toBe(true);
    expect(turns.some((l) => l.turn?.outcome === 'cpr-refused')).toBe(true);
    expect(log.text).not.toContain(user.user.aadObjectId);
    // Still at question 1, nothing stored.
    const resumed = lastCard(await user.say('fortsæt'));
    expect(JSON.stringify(resumed.card)).not.toContain(cpr);
    expect(textOf(resumed.card)).toContain('Spørgsmål 1');
  });

  it('shows errors in the card, keeping the values, when a required answer is missing', async () => {
    const user = teacher(crypto.randomUUID());
    const start = lastCard(await user.say('ny bekymring'));
    const result = await user.execute(start.id, actionByVerb(start.card!, 'intake.answer'), { scope: 'barn', description: 'A.B., 4.B' });
    const card = invokeCard(result.body)!;
    expect(textOf(card)).toMatch(/Vælg mindst én/);
    expect(JSON.stringify(card)).toContain('A.B., 4.B');
    expect(result.sent).toHaveLength(0);
  });

  it('pauses after the acute answer: 112 first, then the duty to notify, then the alerted card; Fortsæt nu goes on', async () => {
    const user = teacher(crypto.randomUUID());
    let step = lastCard(await user.say('ny bekymring'));
    step = lastCard(await user.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { scope: 'barn', areas: 'familie' }));
    step = lastCard(await user.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { safety: 'omsorgssvigt,vold' }));
    expect(inputIdsOf(step.card!)).toEqual(['acuteDanger']);
    const result = await user.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { acuteDanger: 'true' });
    expect(result.sent).toHaveLength(3);
    expect(textOf(cardOf(result.sent[0]))).toContain('Ring 112 nu');
    expect(textOf(cardOf(result.sent[1]))).toMatch(/underretning/i);
    const pause = cardOf(result.sent[2])!;
    expect(inputIdsOf(pause)).toEqual([]);
    const data = lastCard(await user.execute(result.sent[2]!.id, continueActionOf(pause)!));
    expect(inputIdsOf(data.card!)).toEqual(['data']);
    const child = lastCard(await user.execute(data.id, actionByVerb(data.card!, 'intake.answer'), { data: '' }));
    expect(inputIdsOf(child.card!)).toEqual(['childPerspective']);
    const rec = await user.execute(child.id, actionByVerb(child.card!, 'intake.answer'), { childPerspective: 'false' });
    expect(rec.sent).toHaveLength(2);
    expect(textOf(cardOf(rec.sent[1]))).toContain('barnets perspektiv');
    expect(textOf(cardOf(rec.sent[0]))).toContain('112');
    expect(textOf(cardOf(rec.sent[1]))).toContain('Indsaml data');
  });

  it('asks whether violence concerns the home after the pause, and then shows the safeguarding card holding the parents back', async () => {
    const user = teacher(crypto.randomUUID());
    let step = lastCard(await user.say('ny bekymring'));
    step = lastCard(await user.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { scope: 'barn', areas: 'adfaerd' }));
    step = lastCard(await user.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { safety: 'vold' }));
    expect(inputIdsOf(step.card!)).toEqual(['acuteDanger']);
    const paused = await user.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { acuteDanger: 'false' });
    expect(paused.sent).toHaveLength(2);
    step = lastCard(await user.execute(paused.sent[1]!.id, continueActionOf(cardOf(paused.sent[1])!)!));
    expect(inputIdsOf(step.card!)).toEqual(['homeConcern']);
    expect(textOf(step.card)).toContain('Peger tegnene på forhold i barnets hjem');
    const result = await user.execute(step.id, actionByVerb(step.card!, 'intake.answer'), { homeConcern: 'true' });
    expect(result.sent).toHaveLength(2);
    expect(textOf(cardOf(result.sent[0]))).toContain('Mistanken retter sig mod barnets hjem');
    expect(inputIdsOf(cardOf(result.sent[1])!)).toEqual(['data']);
  });

  it("refuses another user's case, whatever the card data says", async () => {
    const owner = teacher(crypto.randomUUID());
    const start = lastCard(await owner.say('ny bekymring'));
    const intruder = teacher(crypto.randomUUID());
    const result = await intruder.execute(start.id, actionByVerb(start.card!, 'intake.answer'), {
      scope: 'barn',
      areas: 'faglig',
      safety: '',
    });
    expect(textOf(invokeCard(result.body))).toContain('ikke adgang');
    expect(result.sent).toHaveLength(0);
    const ownerView = lastCard(await owner.say('fortsæt'));
    expect(textOf(ownerView.card)).toContain('Spørgsmål 1');
  });

  it('answers malformed requests with 4xx or a friendly card and keeps running', async () => {
    const raw = (body: string) => fetch(`${url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect((await raw('{not json')).status).toBeGreaterThanOrEqual(400);
    expect((await raw('{not json')).status).toBeLessThan(500);
    expect((await raw(JSON.stringify({ hello: 'world' }))).status).toBeGreaterThanOrEqual(400);
    const user = teacher(crypto.randomUUID());
    const bad = await user.execute('x', { type: 'Action.Execute', verb: 'intake.answer', data: { caseId: 'not-a-uuid', seq: 'x' } });
    expect(bad.status).toBe(200);
    expect(textOf(invokeCard(bad.body))).toContain('kunne ikke læses');
    const unknownVerb = await user.post({ ...(await bodyOf(user)), value: { verb: 'drop.tables' } });
    expect(unknownVerb.status).toBe(200);
    expect(textOf(cardOf(unknownVerb.sent[0]))).toContain('Ukendt handling');
    const wrongType = await user.execute('x', {
      type: 'Action.Execute',
      verb: 'intake.answer',
      data: { caseId: crypto.randomUUID(), seq: 1, scope: ['barn'] },
    });
    expect(wrongType.status).toBe(200);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });
});

/** A plain message activity body from this user, for hand-made malformed variants. */
async function bodyOf(user: TeamsUser): Promise<Record<string, unknown>> {
  return {
    type: 'message',
    id: crypto.randomUUID(),
    serviceUrl: (user as unknown as { connector: FakeConnector }).connector.url,
    channelId: 'msteams',
    from: { id: `29:${user.user.aadObjectId}`, aadObjectId: user.user.aadObjectId },
    recipient: { id: '28:indsatsguiden-bot' },
    conversation: { id: user.conversationId, conversationType: 'personal', tenantId: user.user.tenantId },
  };
}

describe('health routes', () => {
  it('/healthz says the process is up; /readyz says whether the database answers', async () => {
    const [target] = storeTargets();
    const store = target!.make();
    const database = await store.open();
    const { bot, url } = await startTestBot({ ...store, open: async () => database });
    try {
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${url}/readyz`)).json()).toEqual({ status: 'ok', database: 'ok' });
      await database.close();
      const down = await fetch(`${url}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ database: 'unreachable' });
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await bot.stop();
      await store.cleanup();
    }
  });
});

describe('tenant restriction', () => {
  it('refuses activities from tenants outside the organisation directory', async () => {
    const [target] = storeTargets();
    const store = target!.make();
    const connector = await startFakeConnector();
    const { bot, url } = await startTestBot(store);
    try {
      const outsider = new TeamsUser(url, connector, { aadObjectId: TEACHER, tenantId: OTHER_TENANT });
      const result = await outsider.say('ny bekymring');
      expect(textOf(cardOf(result.sent[0]))).toContain('ikke sat op til din organisation');
      const insider = new TeamsUser(url, connector, { aadObjectId: TEACHER, tenantId: TENANT });
      expect(inputIdsOf(cardOf((await insider.say('ny bekymring')).sent[0])!)).toContain('scope');
    } finally {
      await bot.stop();
      await connector.close();
      await store.cleanup();
    }
  });
});
